"""Users and their roles, managed by administrators: every change and every view is audited."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core import policy, services
from thriving.core.models import AuditEvent, Membership, Role, User
from thriving.core.tests.factories import MembershipFactory, OrganisationFactory, TOTPDeviceFactory, UserFactory
from thriving.places.tests.factories import LocalityFactory

NOT_ADMINISTRATORS = [role for role in Role.values if role != Role.ADMINISTRATOR]


def detail_url(person):
    return reverse("core:user-detail", args=[person.uuid])


def new_user(**overrides):
    data = {"email": "Alex.Moss@Example.org", "full_name": "Alex Moss", "job_title": "Hub worker", "role": "hub_worker"}
    data.update(overrides)
    return data


# --- Who may do what ---


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_administrators_manage_users(client, user_with_role, role):
    person = user_with_role(Role.COACH)
    membership = person.memberships.get()
    client.force_login(user_with_role(role))
    for url in (reverse("core:user-list"), reverse("core:user-create"), detail_url(person)):
        assert client.get(url).status_code == 403, url
    posts = [
        (reverse("core:user-create"), new_user()),
        (reverse("core:user-edit", args=[person.uuid]), {"full_name": "X", "status": "deactivated"}),
        (reverse("core:user-add-role", args=[person.uuid]), {"role": Role.ADMINISTRATOR}),
        (reverse("core:user-remove-role", args=[person.uuid]), {"membership": str(membership.uuid)}),
        (reverse("core:user-reset-second-factor", args=[person.uuid]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    person.refresh_from_db()
    assert person.is_active
    assert person.full_name != "X"
    assert list(person.memberships.values_list("role", flat=True)) == [Role.COACH]
    assert not User.objects.filter(email__iexact="alex.moss@example.org").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED).exists()


@pytest.mark.parametrize("name", ["core:user-list", "core:user-create"])
def test_anonymous_people_are_asked_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_unknown_people_and_roles_are_not_found(admin_client):
    missing = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    assert admin_client.get(reverse("core:user-detail", args=[missing])).status_code == 404
    assert admin_client.get("/users/not-a-uuid/").status_code == 404
    person = UserFactory()
    other = MembershipFactory()
    url = reverse("core:user-remove-role", args=[person.uuid])
    assert admin_client.post(url, {"membership": str(other.uuid)}).status_code == 404
    assert admin_client.post(url, {"membership": "nonsense"}).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("name", ["core:user-add-role", "core:user-remove-role", "core:user-reset-second-factor"])
def test_actions_that_change_things_only_take_posts(admin_client, name):
    assert admin_client.get(reverse(name, args=[UserFactory().uuid])).status_code == 405


# --- The list ---


def test_the_list_finds_people_by_name_email_role_organisation_and_status(admin_client, administrator):
    larder = OrganisationFactory(name="Larder", slug="larder")
    ava = UserFactory(full_name="Ava Brook", email="ava@example.org")
    MembershipFactory(user=ava, role=Role.COACH, organisation=larder)
    ben = UserFactory(full_name="Ben Dale", email="ben@council.example.org", is_active=False)
    MembershipFactory(user=ben, role=Role.HUB_WORKER)

    def names(**query):
        response = admin_client.get(reverse("core:user-list"), query)
        assert response.status_code == 200
        return [person.full_name for person in response.context["page_obj"]]

    assert names(q="brook") == ["Ava Brook"]
    assert names(q="COUNCIL.example") == ["Ben Dale"]
    assert names(role="coach") == ["Ava Brook"]
    assert names(organisation="larder") == ["Ava Brook"]
    assert names(status="deactivated") == ["Ben Dale"]
    assert "Ben Dale" not in names(status="active")
    page = admin_client.get(reverse("core:user-list")).content.decode()
    assert "Deactivated</strong>" in page
    assert "Coach" in page


def test_the_list_is_paginated(admin_client):
    UserFactory.create_batch(30)
    url = reverse("core:user-list")
    assert len(admin_client.get(url).context["page_obj"]) == 25
    assert admin_client.get(url, {"page": 500}).context["page_obj"].number == 2


def test_the_list_makes_the_same_number_of_queries_however_many_rows(admin_client, django_assert_max_num_queries):
    url = reverse("core:user-list")
    organisation, locality = OrganisationFactory(), LocalityFactory()

    def count():
        admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url)
        return len(queries)

    for person in UserFactory.create_batch(2):
        MembershipFactory(user=person, organisation=organisation, locality=locality)
    few = count()
    for person in UserFactory.create_batch(20):
        MembershipFactory(user=person, organisation=organisation, locality=locality)
        MembershipFactory(user=person, role=Role.COACH)
    assert count() == few
    with django_assert_max_num_queries(12):
        admin_client.get(url)


# --- The person's page ---


def test_viewing_a_person_is_recorded(admin_client, administrator):
    person = UserFactory(full_name="Cara Lane", email="cara@example.org", job_title="Coach")
    MembershipFactory(user=person, role=Role.COACH)
    page = admin_client.get(detail_url(person)).content.decode()
    assert "Cara Lane" in page
    assert "cara@example.org" in page
    assert "Coach" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEWED)
    assert (event.actor, event.subject, event.purpose) == (administrator, "cara@example.org", "administration")
    assert event.object_id == str(person.uuid)


# --- Adding a person ---


def test_an_administrator_adds_a_person_who_is_emailed_a_link_to_set_a_password(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    organisation, locality = OrganisationFactory(slug="larder"), LocalityFactory(slug="cotmanhay")
    data = new_user(organisation="larder", locality="cotmanhay")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("core:user-create"), data)
    person = User.objects.get(email="alex.moss@example.org")
    assert response.status_code == 302
    assert response.url == detail_url(person)
    assert (person.full_name, person.job_title, person.is_staff) == ("Alex Moss", "Hub worker", False)
    membership = person.memberships.get()
    assert (membership.role, membership.organisation, membership.locality) == (Role.HUB_WORKER, organisation, locality)
    assert membership.created_by == administrator

    created = AuditEvent.objects.get(event="user.created")
    assert created.action == AuditEvent.Action.CREATED
    assert created.subject == person.email
    assert created.changes["full_name"] == ["", "Alex Moss"]
    granted = AuditEvent.objects.get(event="membership.created")
    assert granted.subject == person.email
    assert granted.changes["role"] == ["", "Hub worker"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alex.moss@example.org"]
    assert message.subject == "Your Thriving account is ready"
    link = re.search(r"https?://testserver(/password-reset/\S+/)", message.body).group(1)

    # The person follows the link in their own browser and chooses their own password.
    client = Client()
    set_password = client.get(link, follow=True)
    assert set_password.status_code == 200
    new_password = "a long and memorable passphrase"
    passwords = {"new_password1": new_password, "new_password2": new_password}
    done = client.post(set_password.redirect_chain[-1][0], passwords)
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)


def test_an_email_already_in_use_in_any_case_is_refused(admin_client):
    UserFactory(email="alex.moss@example.org")
    response = admin_client.post(reverse("core:user-create"), new_user(email="ALEX.MOSS@example.ORG"))
    assert response.status_code == 200
    assert b"There is already a user with this email address" in response.content
    assert User.objects.filter(email__iexact="alex.moss@example.org").count() == 1
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter their email address"),
        ("email", "not an email", "Enter an email address in the correct format"),
        ("email", "a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
        ("full_name", "", "Enter their full name"),
        ("full_name", "x" * 151, "Full name must be 150 characters or fewer"),
        ("job_title", "x" * 151, "Job title must be 150 characters or fewer"),
        ("role", "", "Choose a role"),
        ("role", "emperor", "Choose a role from the list"),
        ("organisation", "no-such-organisation", "Choose an organisation from the list"),
        ("locality", "atlantis", "Choose a locality from the list"),
    ],
)
def test_wrong_input_for_a_new_person_saves_nothing(admin_client, administrator, field, value, message):
    response = admin_client.post(reverse("core:user-create"), new_user(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert list(User.objects.all()) == [administrator]
    assert not mail.outbox


# --- Changing a person ---


def test_an_administrator_changes_a_persons_details(admin_client):
    person = UserFactory(full_name="Dan Fox", job_title="")
    response = admin_client.post(
        reverse("core:user-edit", args=[person.uuid]),
        {"full_name": "Daniel Fox", "job_title": "Community connector", "status": "active"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Daniel Fox", "Community connector")
    event = AuditEvent.objects.get(event="user.changed")
    assert event.changes == {"full_name": ["Dan Fox", "Daniel Fox"], "job_title": ["", "Community connector"]}
    assert event.subject == person.email


def test_deactivating_a_person_ends_their_access(admin_client, user_with_role):
    person = user_with_role(Role.HUB_WORKER)
    client = Client()  # the person's own browser, beside the administrator's
    client.force_login(person)
    assert client.get(reverse("core:home")).status_code == 200
    admin_client.post(
        reverse("core:user-edit", args=[person.uuid]),
        {"full_name": person.full_name, "job_title": "", "status": "deactivated"},
    )
    person.refresh_from_db()
    assert not person.is_active
    assert AuditEvent.objects.get(event="user.changed").changes == {"is_active": ["True", "False"]}
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_an_administrator_cannot_deactivate_themselves(admin_client, administrator):
    url = reverse("core:user-edit", args=[administrator.uuid])
    response = admin_client.post(url, {"full_name": "Me", "job_title": "", "status": "deactivated"})
    assert response.status_code == 200
    assert b"You cannot deactivate your own account" in response.content
    administrator.refresh_from_db()
    assert administrator.is_active
    assert administrator.full_name != "Me"


def test_wrong_input_when_changing_a_person_saves_nothing(admin_client):
    person = UserFactory(full_name="Kept")
    url = reverse("core:user-edit", args=[person.uuid])
    wrong = [{"full_name": "", "status": "active"}, {"full_name": "x" * 151, "status": "active"}, {"full_name": "A"}]
    for data in wrong:
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert b"There is a problem" in response.content
    person.refresh_from_db()
    assert person.full_name == "Kept"
    assert not AuditEvent.objects.filter(event="user.changed").exists()


# --- Roles ---


def test_adding_and_removing_the_administrator_role_keeps_is_staff_in_step(admin_client):
    person = UserFactory()
    response = admin_client.post(reverse("core:user-add-role", args=[person.uuid]), {"role": Role.ADMINISTRATOR})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    added = AuditEvent.objects.get(event="membership.created")
    assert added.changes["is_staff"] == ["False", "True"]
    assert added.changes["role"] == ["", "Administrator"]

    membership = person.memberships.get()
    response = admin_client.post(
        reverse("core:user-remove-role", args=[person.uuid]), {"membership": str(membership.uuid)}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.memberships.exists()
    removed = AuditEvent.objects.get(event="membership.deleted")
    assert removed.action == AuditEvent.Action.DELETED
    assert removed.subject == person.email
    assert removed.changes["role"] == ["Administrator", ""]
    assert removed.changes["is_staff"] == ["True", "False"]


def test_a_role_with_a_scope(admin_client):
    person = UserFactory()
    organisation, locality = OrganisationFactory(slug="larder"), LocalityFactory(slug="shirebrook")
    admin_client.post(
        reverse("core:user-add-role", args=[person.uuid]),
        {"role": Role.COACH, "organisation": "larder", "locality": "shirebrook"},
    )
    membership = person.memberships.get()
    assert (membership.role, membership.organisation, membership.locality) == (Role.COACH, organisation, locality)


def test_an_exact_duplicate_role_is_refused(admin_client):
    person = UserFactory(full_name="Eve Hart")
    organisation = OrganisationFactory(slug="larder")
    MembershipFactory(user=person, role=Role.COACH, organisation=organisation)
    url = reverse("core:user-add-role", args=[person.uuid])
    response = admin_client.post(url, {"role": Role.COACH, "organisation": "larder"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Eve Hart already has the role Coach" in page
    assert person.memberships.count() == 1
    # The same role with another scope is a different role.
    assert admin_client.post(url, {"role": Role.COACH}).status_code == 302
    assert person.memberships.count() == 2


def test_wrong_input_when_adding_a_role_shows_the_person_and_the_error(admin_client):
    person = UserFactory()
    response = admin_client.post(reverse("core:user-add-role", args=[person.uuid]), {"role": ""})
    assert response.status_code == 400
    assert b"Choose a role" in response.content
    assert b"There is a problem" in response.content
    assert not person.memberships.exists()


def test_an_administrator_cannot_remove_their_own_last_administrator_role(admin_client, administrator):
    membership = administrator.memberships.get()
    url = reverse("core:user-remove-role", args=[administrator.uuid])
    response = admin_client.post(url, {"membership": str(membership.uuid)}, follow=True)
    assert b"You cannot remove your own last administrator role" in response.content
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(event="membership.deleted").exists()

    second = MembershipFactory(user=administrator, role=Role.ADMINISTRATOR, organisation=OrganisationFactory())
    assert admin_client.post(url, {"membership": str(second.uuid)}).status_code == 302
    assert list(administrator.memberships.all()) == [membership]


def test_the_acting_persons_roles_are_read_afresh_after_they_change_their_own(administrator):
    assert policy.roles_of(administrator) == {Role.ADMINISTRATOR}
    services.add_membership(acting_user=administrator, user=administrator, role=Role.COACH)
    assert policy.roles_of(administrator) == {Role.ADMINISTRATOR, Role.COACH}


# --- The second factor ---


def test_resetting_the_second_factor_removes_the_persons_authenticator_apps(admin_client):
    person = UserFactory()
    TOTPDeviceFactory(user=person)
    assert b"Reset their second factor" in admin_client.get(detail_url(person)).content
    response = admin_client.post(reverse("core:user-reset-second-factor", args=[person.uuid]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    event = AuditEvent.objects.get(event="user.second_factor_reset")
    assert event.changes == {"authenticator_apps": ["1", "0"]}
    assert event.subject == person.email
    assert b"They have not set up an authenticator app" in admin_client.get(detail_url(person)).content


# --- In a browser, checked with axe-core ---

PASSWORD = "correct horse battery staple"  # the factories' password


def sign_in(page, person):
    page.goto(reverse("core:sign-in"))
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")


@pytest.mark.browser
def test_the_user_pages_are_accessible(page, axe, administrator):
    LocalityFactory(name="Cotmanhay")
    OrganisationFactory(name="Larder")
    person = UserFactory(full_name="Finn Gale")
    MembershipFactory(user=person, role=Role.COACH)
    TOTPDeviceFactory(user=person)
    sign_in(page, administrator)

    page.goto(reverse("core:user-list"))
    axe(page, "user list")
    page.get_by_role("button", name="Add a user").click()
    page.get_by_role("button", name="Add the user").click()
    assert "Enter their email address" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "add a user, with errors")
    page.get_by_label("Email address").fill("gina.hale@example.org")
    page.get_by_label("Full name").fill("Gina Hale")
    page.get_by_label("Role").select_option(label="Hub worker")
    page.get_by_role("button", name="Add the user").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gina Hale"

    page.goto(reverse("core:user-detail", args=[person.uuid]))
    axe(page, "a person's page")
    page.get_by_role("button", name="Add the role").click()
    assert "Choose a role" in page.locator(".govuk-error-summary").inner_text()
    axe(page, "a person's page, with errors")
    page.get_by_role("link", name="Change full name").click()
    axe(page, "change a person's details")
