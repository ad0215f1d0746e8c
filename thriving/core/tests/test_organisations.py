"""Organisations: staff find them; administrators add and change them, without overwriting
each other's changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thriving.core import services
from thriving.core.models import AuditEvent, Organisation, Role
from thriving.core.tests.factories import MembershipFactory, OrganisationFactory
from thriving.places.tests.factories import LocalityFactory

NOT_ADMINISTRATORS = [role for role in Role.values if role != Role.ADMINISTRATOR]


def good_input(**overrides):
    data = {
        "name": "Cotmanhay Community Larder",
        "type": Organisation.Type.CHARITY,
        "description": "A food larder run by volunteers.",
        "charity_number": "1234567",
        "company_number": "",
        "website": "https://larder.example.org",
        "email": "hello@larder.example.org",
        "phone": "0115 932 0000",
    }
    data.update(overrides)
    return data


def edit_url(organisation):
    return reverse("core:organisation-edit", args=[organisation.slug])


# --- Who may do what ---


@pytest.mark.parametrize("role", Role.values)
def test_every_member_of_staff_can_find_organisations(client, user_with_role, role):
    organisation = OrganisationFactory(name="Shirebrook Food Bank")
    client.force_login(user_with_role(role))
    assert b"Shirebrook Food Bank" in client.get(reverse("core:organisation-list")).content
    assert client.get(reverse("core:organisation-detail", args=[organisation.slug])).status_code == 200


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_administrators_add_or_change_organisations(client, user_with_role, role):
    organisation = OrganisationFactory(name="Before")
    client.force_login(user_with_role(role))
    assert client.get(reverse("core:organisation-create")).status_code == 403
    assert client.post(reverse("core:organisation-create"), good_input()).status_code == 403
    assert client.get(edit_url(organisation)).status_code == 403
    response = client.post(edit_url(organisation), good_input(name="After", version=organisation.version))
    assert response.status_code == 403
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Before"]
    page = client.get(reverse("core:organisation-detail", args=[organisation.slug])).content.decode()
    assert "Change the details" not in page
    assert 'data-testid="member-count"' not in page


@pytest.mark.parametrize("name", ["core:organisation-list", "core:organisation-create"])
def test_anonymous_people_are_asked_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_an_unknown_organisation_is_not_found(admin_client):
    for url in (reverse("core:organisation-detail", args=["nobody"]), reverse("core:organisation-edit", args=["no"])):
        response = admin_client.get(url)
        assert response.status_code == 404
        assert b"Page not found" in response.content


# --- The list ---


def test_the_list_shows_type_sector_and_localities(client, user_with_role):
    cotmanhay = LocalityFactory(name="Cotmanhay")
    council = OrganisationFactory(name="Erewash Borough Council", type=Organisation.Type.COUNCIL)
    council.localities.add(cotmanhay)
    OrganisationFactory(name="Derbyshire Constabulary", type=Organisation.Type.POLICE)
    client.force_login(user_with_role(Role.HUB_WORKER))
    page = client.get(reverse("core:organisation-list")).content.decode()
    assert "Council</strong>" in page
    assert "Partner</strong>" in page
    assert "Police" in page
    assert "Cotmanhay" in page
    assert "2 organisations" in page


def test_the_list_filters_by_sector_type_locality_and_name(client, user_with_role):
    shirebrook = LocalityFactory(name="Shirebrook", slug="shirebrook")
    larder = OrganisationFactory(name="Shirebrook Larder", type=Organisation.Type.CHARITY)
    larder.localities.add(shirebrook)
    OrganisationFactory(name="Cotmanhay Scouts", type=Organisation.Type.VOLUNTEER_GROUP)
    OrganisationFactory(name="Derby Homes", type=Organisation.Type.HOUSING)
    client.force_login(user_with_role(Role.HUB_WORKER))

    def names(**query):
        response = client.get(reverse("core:organisation-list"), query)
        return [o.name for o in response.context["page_obj"]]

    assert names(sector="community") == ["Cotmanhay Scouts", "Shirebrook Larder"]
    assert names(sector="partner") == ["Derby Homes"]
    assert names(type="charity") == ["Shirebrook Larder"]
    assert names(locality="shirebrook") == ["Shirebrook Larder"]
    assert names(q="scouts") == ["Cotmanhay Scouts"]


def test_a_filter_that_is_not_in_the_list_shows_an_error(client, user_with_role):
    client.force_login(user_with_role(Role.HUB_WORKER))
    response = client.get(reverse("core:organisation-list"), {"sector": "nonsense", "locality": "nowhere"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_the_list_is_paginated_and_a_page_past_the_end_gives_the_last(client, user_with_role):
    OrganisationFactory.create_batch(30)
    client.force_login(user_with_role(Role.HUB_WORKER))
    url = reverse("core:organisation-list")
    first = client.get(url)
    assert len(first.context["page_obj"]) == 25
    assert b'class="govuk-pagination"' in first.content
    assert client.get(url, {"page": 2}).context["page_obj"].number == 2
    assert client.get(url, {"page": 99}).context["page_obj"].number == 2
    assert client.get(url, {"page": "abc"}).context["page_obj"].number == 1


def _list_queries(client, url):
    client.get(url)  # the first request of a session makes its settings row; count the next
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_number_of_queries_however_many_rows(
    client, user_with_role, django_assert_max_num_queries
):
    localities = LocalityFactory.create_batch(3)
    client.force_login(user_with_role(Role.HUB_WORKER))
    url = reverse("core:organisation-list")
    for organisation in OrganisationFactory.create_batch(2):
        organisation.localities.set(localities)
    few = _list_queries(client, url)
    for organisation in OrganisationFactory.create_batch(23):
        organisation.localities.set(localities)
    assert _list_queries(client, url) == few
    with django_assert_max_num_queries(10):
        client.get(url)


# --- The detail page ---


def test_administrators_see_how_many_people_have_a_role_there(admin_client):
    organisation = OrganisationFactory(name="Derby Homes", charity_number="", company_number="01234567")
    MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation, role=Role.COACH)
    page = admin_client.get(reverse("core:organisation-detail", args=[organisation.slug])).content.decode()
    assert '<dd class="govuk-summary-list__value" data-testid="member-count">2</dd>' in page
    assert "01234567" in page
    assert "Change the details" in page


# --- Adding ---


def test_an_administrator_adds_an_organisation(admin_client, administrator):
    cotmanhay, shirebrook = LocalityFactory(slug="cotmanhay"), LocalityFactory(slug="shirebrook")
    data = good_input(localities=[cotmanhay.pk, shirebrook.pk], company_number="sc 123456")
    response = admin_client.post(reverse("core:organisation-create"), data)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:organisation-detail", args=["cotmanhay-community-larder"])
    assert organisation.slug == "cotmanhay-community-larder"
    assert organisation.company_number == "SC123456"
    assert organisation.created_by == administrator
    assert set(organisation.localities.all()) == {cotmanhay, shirebrook}
    event = AuditEvent.objects.get(event="organisation.created")
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == administrator
    assert event.object_id == str(organisation.uuid)
    assert event.changes["name"] == ["", "Cotmanhay Community Larder"]
    assert event.changes["charity_number"] == ["", "1234567"]


def test_slugs_are_unique_and_never_a_page_name(admin_client):
    for name in ["Hope Centre", "Hope Centre", "New"]:
        admin_client.post(reverse("core:organisation-create"), good_input(name=name))
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == ["hope-centre", "hope-centre-2", "new-2"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the organisation&#x27;s name"),
        ("name", "x" * 201, "Name must be 200 characters or fewer"),
        ("type", "", "Choose the type of organisation"),
        ("type", "pirate_ship", "Choose a type from the list"),
        ("charity_number", "12", "Enter a charity number like 1234567"),
        ("charity_number", "1" * 40, "Enter a charity number like 1234567"),
        ("company_number", "ABC", "Enter a company number of 8 characters"),
        ("website", "not a web address", "Enter a web address in the correct format"),
        ("website", "https://example.org/" + "a" * 300, "Website must be 200 characters or fewer"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("phone", "call me maybe", "Enter a telephone number"),
        ("phone", "0" * 31, "Telephone number must be 30 characters or fewer"),
        ("description", "x" * 5001, "5,000 characters or fewer"),
        ("localities", "999999", "Choose localities from the list"),
        ("localities", "x", "Choose localities from the list"),
    ],
)
def test_wrong_input_shows_the_error_summary_and_saves_nothing(admin_client, field, value, message):
    response = admin_client.post(reverse("core:organisation-create"), good_input(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.filter(event="organisation.created").exists()


# --- Changing ---


def test_an_administrator_changes_an_organisation(admin_client, administrator):
    organisation = OrganisationFactory(name="Old Name", type=Organisation.Type.CHARITY)
    cotmanhay = LocalityFactory(name="Cotmanhay")
    page = admin_client.get(edit_url(organisation)).content.decode()
    assert 'name="version" value="1"' in page
    assert 'class="govuk-checkboxes__input" id="id_localities_0" name="localities" type="checkbox"' in page
    data = good_input(name="New Name", version=1, localities=[cotmanhay.pk])
    response = admin_client.post(edit_url(organisation), data)
    assert response.status_code == 302
    slug = organisation.slug
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version, organisation.slug) == ("New Name", 2, slug)  # links keep working
    event = AuditEvent.objects.get(event="organisation.changed")
    assert event.action == AuditEvent.Action.CHANGED
    assert event.changes["name"] == ["Old Name", "New Name"]
    assert event.changes["localities"] == ["", "Cotmanhay"]
    assert "type" not in event.changes


def test_wrong_input_when_changing_saves_nothing(admin_client):
    organisation = OrganisationFactory(name="Kept")
    response = admin_client.post(edit_url(organisation), good_input(name="", version=1))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Kept", 1)
    assert not AuditEvent.objects.filter(event="organisation.changed").exists()


def test_a_change_made_meanwhile_is_not_overwritten(admin_client, user_with_role):
    organisation = OrganisationFactory(name="Original", type=Organisation.Type.CHARITY)
    opened = admin_client.get(edit_url(organisation))
    assert opened.context["form"].initial["version"] == 1
    # Someone else saves first.
    services.update_organisation(
        acting_user=user_with_role(Role.ADMINISTRATOR),
        organisation=organisation,
        expected_version=1,
        **{**good_input(name="Theirs"), "type": Organisation.Type.CHARITY},
    )
    response = admin_client.post(edit_url(organisation), good_input(name="Mine", version=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Someone else changed this organisation" in page
    assert 'value="Mine"' in page  # what was typed is kept
    assert "Theirs" in page  # and what is saved now is shown
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Theirs", 2)
    assert AuditEvent.objects.filter(event="organisation.changed").count() == 1

    # Having seen the other change, saving again replaces it.
    assert 'name="version" value="2"' in page
    assert admin_client.post(edit_url(organisation), good_input(name="Mine", version=2)).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Mine", 3)


def test_a_missing_version_is_treated_as_a_conflict(admin_client):
    organisation = OrganisationFactory(name="Original")
    response = admin_client.post(edit_url(organisation), good_input(name="Mine"))
    assert b"Someone else changed this organisation" in response.content
    organisation.refresh_from_db()
    assert organisation.name == "Original"


def test_the_service_refuses_people_who_may_not_manage_organisations(user_with_role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_organisation(acting_user=user_with_role(Role.HUB_WORKER), **good_input())
    assert not Organisation.objects.exists()


# --- In a browser, checked with axe-core ---


@pytest.mark.browser
def test_the_organisation_pages_are_accessible(page, axe, administrator):
    from thriving.core.tests.test_users import sign_in

    cotmanhay = LocalityFactory(name="Cotmanhay")
    for n in range(30):
        OrganisationFactory(name=f"Group {n:02d}").localities.add(cotmanhay)
    sign_in(page, administrator)

    page.goto(reverse("core:organisation-list"))
    axe(page, "organisation list")
    page.get_by_role("link", name="Page 2", exact=True).click()
    page.wait_for_url("**page=2")
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_role("button", name="Save").click()
    assert "Enter the organisation's name" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "add an organisation, with errors")
    page.get_by_label("Name", exact=True).fill("Cotmanhay Larder")
    page.get_by_label("Type of organisation").select_option(label="Charity")
    page.get_by_label("Cotmanhay").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Cotmanhay Larder"
    axe(page, "organisation page")
    page.get_by_role("button", name="Change the details").click()
    axe(page, "change an organisation")
