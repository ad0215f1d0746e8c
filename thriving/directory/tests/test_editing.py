"""Keeping it true: organisation staff propose, directory editors approve or reject, history,
conflicts, checking, and problem reports. Roles allowed and refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.directory.models import ProblemReport, Service, ServiceChange, TaxonomyTerm
from thriving.directory.tests.factories import (
    OrganisationFactory,
    ProblemReportFactory,
    ServiceChangeFactory,
    ServiceFactory,
)
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

STAFF_PAGES = ["directory:my-services", "directory:service-create"]
EDITOR_PAGES = ["directory:change-list", "directory:problem-list"]


def form_data(**changes) -> dict:
    data = {
        "name": "Food Larder",
        "description": "Low-cost food",
        "access": ["drop_in"],
        "url": "",
        "email": "larder@example.org",
        "phone": "",
        "is_free": "on",
        "fees_description": "",
        "languages": "en, pl",
        "accessibility": "",
        "eligibility_description": "",
        "needs": [str(TaxonomyTerm.objects.get(code="food-pantries").uuid)],
        "localities": [],
        "status": "active",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", STAFF_PAGES + EDITOR_PAGES)
def test_who_may_open_the_directory_staff_pages(client, user_with_role, larder, role, page):
    organisation = larder.organisation if role == Role.ORGANISATION_STAFF else None
    client.force_login(user_with_role(role, organisation=organisation))
    allowed = {Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR}
    if page in STAFF_PAGES:
        allowed |= {Role.ORGANISATION_STAFF}
    assert client.get(reverse(page)).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("page", STAFF_PAGES + EDITOR_PAGES)
def test_anonymous_people_are_asked_to_sign_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in"))


def test_staff_see_only_their_organisations_services_flagged_when_unchecked(client, staff, larder):
    ServiceFactory(name="Someone Else's Service")
    client.force_login(staff)
    html = client.get(reverse("directory:my-services")).content.decode()
    assert "Food Larder" in html
    assert "Someone Else" not in html
    assert 'data-testid="needs-checking"' in html


@pytest.mark.parametrize("page", ["directory:service-edit", "directory:service-history"])
def test_another_organisations_service_is_not_found_by_its_staff(client, user_with_role, larder, page):
    other = user_with_role(Role.ORGANISATION_STAFF, organisation=OrganisationFactory())
    client.force_login(other)
    assert client.get(reverse(page, args=[larder.uuid])).status_code == 404
    assert client.post(reverse("directory:service-confirm", args=[larder.uuid])).status_code == 404
    assert (
        client.post(reverse("directory:service-edit", args=[larder.uuid]), form_data(name="Hijacked")).status_code
        == 404
    )
    assert not ServiceChange.objects.exists()
    larder.refresh_from_db()
    assert larder.last_checked == datetime.date(2020, 1, 1)


def test_the_whole_journey_propose_review_approve_and_history(client, staff, editor, larder):
    imported = datetime.datetime(2020, 3, 1, 9, 0, tzinfo=datetime.UTC)  # when its old source last changed it
    Service.objects.filter(pk=larder.pk).update(last_modified=imported)
    client.force_login(staff)
    form = client.get(reverse("directory:service-edit", args=[larder.uuid]))
    assert form.status_code == 200
    assert 'name="base_version" value="1"' in form.content.decode()
    response = client.post(
        reverse("directory:service-edit", args=[larder.uuid]),
        form_data(name="Cotmanhay Food Larder", base_version="1", locations=[str(larder.locations.get().uuid)]),
    )
    assert response.status_code == 302
    change = ServiceChange.objects.get()
    assert change.status == ServiceChange.Status.PENDING
    assert change.base_version == 1
    assert change.data["name"] == "Cotmanhay Food Larder"
    larder.refresh_from_db()
    assert larder.name == "Food Larder", "nothing is published before approval"

    client.force_login(editor)
    queue = client.get(reverse("directory:change-list")).content.decode()
    assert "Cotmanhay Food Larder" in queue
    assert "Needs checking" in queue
    review = client.get(reverse("directory:change-review", args=[change.uuid])).content.decode()
    assert "Food Larder" in review
    assert "Cotmanhay Food Larder" in review
    assert "Changed" in review
    assert client.post(reverse("directory:change-approve", args=[change.uuid])).status_code == 302

    larder.refresh_from_db()
    assert (larder.name, larder.version, larder.last_checked) == ("Cotmanhay Food Larder", 2, timezone.localdate())
    assert larder.last_modified is None  # changed here now: the API gives the time of this change
    served = client.get(f"/openreferral/services/{larder.uuid}").json()
    assert served["last_modified"].startswith(str(timezone.localdate().year))
    assert larder.languages == ["en", "pl"]
    assert list(larder.needs.values_list("code", flat=True)) == ["food-pantries"]
    assert larder.locations.get().name == "Old Hall"
    change.refresh_from_db()
    assert change.status == ServiceChange.Status.APPROVED
    assert change.decided_by == editor
    assert change.data["version"] == 2
    event = AuditEvent.objects.get(event="service.changed")
    assert event.changes["name"] == ["Food Larder", "Cotmanhay Food Larder"]

    client.force_login(staff)
    history = client.get(reverse("directory:service-history", args=[larder.uuid])).content.decode()
    assert editor.full_name in history
    assert staff.full_name in history
    assert "Cotmanhay Food Larder" in history


def test_a_new_service_with_a_new_place_is_created_on_approval(client, staff, editor, larder):
    locality = LocalityFactory(slug="cotmanhay", name="Cotmanhay")
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality), lat=52.99126, lng=-1.31964)
    client.force_login(staff)
    response = client.post(
        reverse("directory:service-create"),
        form_data(
            name="Warm Space",
            new_location_name="Church Hall",
            new_location_address="2 Church St",
            new_location_postcode="de78qa",
            localities=["cotmanhay"],
        ),
    )
    assert response.status_code == 302
    change = ServiceChange.objects.get(service=None)
    client.force_login(editor)
    assert client.post(reverse("directory:change-approve", args=[change.uuid])).status_code == 302
    service = Service.objects.get(name="Warm Space")
    assert service.organisation == larder.organisation
    assert service.created_by == staff
    place = service.locations.get()
    assert (place.name, place.postcode, place.latitude, place.locality) == (
        "Church Hall",
        "DE7 8QA",
        52.99126,
        locality,
    )
    assert list(service.localities.all()) == [locality]
    assert AuditEvent.objects.filter(event="service.created").exists()


def test_a_proposal_with_mistakes_shows_the_error_summary(client, staff, larder):
    client.force_login(staff)
    response = client.post(
        reverse("directory:service-create"),
        form_data(name="", languages="english!", new_location_name="Hall", new_location_postcode="nowhere"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    for message in ["Enter a name", "Enter language codes", "Enter a real postcode"]:
        assert message in html
    assert not ServiceChange.objects.exists()


def test_rejecting_needs_a_reason_and_leaves_the_service(client, staff, editor, larder):
    change = ServiceChangeFactory(service=larder, proposed_by=staff)
    client.force_login(editor)
    missing = client.post(reverse("directory:change-reject", args=[change.uuid]), {"reason": ""})
    assert missing.status_code == 400
    assert "Enter why you are rejecting this change" in missing.content.decode()
    assert (
        client.post(reverse("directory:change-reject", args=[change.uuid]), {"reason": "Not right"}).status_code == 302
    )
    change.refresh_from_db()
    assert (change.status, change.decision_note) == (ServiceChange.Status.REJECTED, "Not right")
    larder.refresh_from_db()
    assert (larder.name, larder.version) == ("Food Larder", 1)
    # A decided change cannot be approved afterwards.
    assert client.post(reverse("directory:change-approve", args=[change.uuid])).status_code == 409


def test_a_change_against_an_older_version_conflicts_and_cannot_be_approved(client, staff, editor, larder):
    first = ServiceChangeFactory(service=larder, proposed_by=staff, data={"name": "First"})
    second = ServiceChangeFactory(service=larder, proposed_by=staff, data={"name": "Second"})
    client.force_login(editor)
    assert client.post(reverse("directory:change-approve", args=[first.uuid])).status_code == 302
    queue = client.get(reverse("directory:change-list")).content.decode()
    assert 'data-testid="conflict"' in queue
    review = client.get(reverse("directory:change-review", args=[second.uuid])).content.decode()
    assert 'data-testid="conflict-warning"' in review
    assert "Approve and publish" not in review
    refused = client.post(reverse("directory:change-approve", args=[second.uuid]))
    assert refused.status_code == 409
    assert "The service has changed since this change was proposed" in refused.content.decode()
    larder.refresh_from_db()
    assert (larder.name, larder.version) == ("First", 2)
    second.refresh_from_db()
    assert second.status == ServiceChange.Status.PENDING


@pytest.mark.parametrize("role", [Role.ORGANISATION_STAFF, Role.HUB_WORKER])
def test_only_editors_approve(client, user_with_role, larder, role):
    change = ServiceChangeFactory(service=larder)
    client.force_login(user_with_role(role, organisation=larder.organisation))
    assert client.post(reverse("directory:change-approve", args=[change.uuid])).status_code == 403
    assert client.get(reverse("directory:change-review", args=[change.uuid])).status_code == 403
    change.refresh_from_db()
    assert change.status == ServiceChange.Status.PENDING


def test_confirming_it_is_still_right_sets_last_checked_and_is_audited(client, staff, larder):
    client.force_login(staff)
    assert client.post(reverse("directory:service-confirm", args=[larder.uuid])).status_code == 302
    larder.refresh_from_db()
    assert larder.last_checked == timezone.localdate()
    assert larder.last_checked_by == staff.email
    assert larder.version == 1
    assert AuditEvent.objects.filter(event="service.checked", actor=staff).exists()
    assert 'data-testid="needs-checking"' not in client.get(reverse("directory:my-services")).content.decode()
    assert client.get(reverse("directory:service-confirm", args=[larder.uuid])).status_code == 405


def test_editors_resolve_problem_reports(client, editor, larder):
    report = ProblemReportFactory(service=larder, description="Closed on Fridays now")
    client.force_login(editor)
    assert "Closed on Fridays now" in client.get(reverse("directory:problem-list")).content.decode()
    assert client.post(reverse("directory:problem-resolve", args=[report.uuid])).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.resolved_by) == (ProblemReport.Status.RESOLVED, editor)
    assert "Closed on Fridays now" not in client.get(reverse("directory:problem-list")).content.decode()


def test_the_needs_a_service_meets_are_grouped_under_their_top_level_need(client, staff, larder):
    chosen = TaxonomyTerm.objects.get(code="food-pantries")
    larder.needs.set([chosen])
    client.force_login(staff)
    page = client.get(reverse("directory:service-edit", args=[larder.uuid])).content.decode()
    groups = page.count('data-testid="checkbox-group"')
    roots = TaxonomyTerm.objects.filter(parent__isnull=True).count()
    assert groups == roots > 1
    assert f'value="{chosen.uuid}" checked' in page
    top = chosen.parent or chosen
    assert f"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{top.name}</legend>" in page
