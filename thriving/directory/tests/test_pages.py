"""The public pages: a service, a place, platforms, and reporting a problem."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.core.public_forms import make_token
from thriving.directory.models import Location, ProblemReport, Service, TaxonomyTerm
from thriving.directory.services.needs import load_taxonomy
from thriving.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    PlatformFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from thriving.places.tests.factories import LocalityFactory


@pytest.fixture
def service(db):
    load_taxonomy()
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    service = ServiceFactory(
        name="Cotmanhay Food Larder",
        organisation=OrganisationFactory(name="Cotmanhay Community Larder"),
        description="Low-cost food for members.",
        access=[Service.Access.DROP_IN, Service.Access.PHONE],
        phone="0115 000 0000",
        email="larder@example.org",
        is_free=False,
        fees_description="£3.50 a visit",
        languages=["en", "pl"],
        accessibility="Step-free entrance",
        last_checked=datetime.date(2026, 3, 4),
    )
    service.needs.set(TaxonomyTerm.objects.filter(code__in=["food-pantries"]))
    service.localities.set([locality])
    hall = LocationFactory(
        name="Cotmanhay Community Centre",
        address_1="1 High Street",
        postcode="DE7 8QA",
        is_space_and_place=True,
        facilities=[Location.Facility.KITCHEN, Location.Facility.WIFI],
        what_happens="Community meals and groups",
        locality=locality,
    )
    ServiceAtLocationFactory(service=service, location=hall)
    ScheduleFactory(service=service, byday="TU,FR", opens_at=datetime.time(10), closes_at=datetime.time(13, 30))
    return service


def test_the_service_page_tells_people_everything_in_a_summary_list(client, service, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:service", args=[service.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Cotmanhay Food Larder",
        "Cotmanhay Community Larder",
        "Low-cost food for members.",
        "Drop in",
        "0115 000 0000",
        "larder@example.org",
        "£3.50 a visit",
        "English, Polish",
        "Step-free entrance",
        "Tuesdays and Fridays, 10am to 1:30pm",
        "Cotmanhay Community Centre</a>, 1 High Street, Ilkeston, DE7 8QA",
        "Food pantries and larders",
        "4 March 2026",
        'govuk-tag--green">Active',
        "Report a problem with this page",
        f"http://testserver/services/{service.uuid}/",
    ]:
        assert text in html, text
    assert "thriving-no-print" in html


@pytest.mark.parametrize(
    ("status", "tag"),
    [(Service.Status.TEMPORARILY_CLOSED, "Temporarily closed"), (Service.Status.CLOSED, "This service has closed")],
)
def test_a_closed_or_paused_service_says_so(client, service, status, tag):
    Service.objects.filter(pk=service.pk).update(status=status)
    response = client.get(reverse("directory:service", args=[service.uuid]))
    assert response.status_code == 200
    assert tag in response.content.decode()


@pytest.mark.parametrize(
    ("is_free", "fees", "said"),
    [(True, "", "Free"), (False, "", "There is a charge"), (False, "£2 a session", "£2 a session"),
     (None, "", "Not known: ask the service")],
)
def test_the_cost_says_what_is_known_and_never_invents_a_charge(client, service, is_free, fees, said):
    Service.objects.filter(pk=service.pk).update(is_free=is_free, fees_description=fees)
    body = client.get(reverse("directory:service", args=[service.uuid])).content.decode()
    cost = body.split(">Cost</dt>")[1].split("</dd>")[0]
    assert said in cost
    if is_free is None:
        assert "charge" not in cost


def test_an_unknown_service_or_place_is_a_404(client, db):
    missing = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    assert client.get(reverse("directory:service", args=[missing])).status_code == 404
    assert client.get(reverse("directory:location", args=[missing])).status_code == 404
    assert client.get(reverse("directory:report", args=[missing])).status_code == 404
    assert client.get("/services/not-a-uuid/").status_code == 404
    assert client.get(reverse("directory:platform", args=["nowhere"])).status_code == 404


def test_a_space_and_place_shows_its_facilities_times_and_services(client, service):
    hall = service.locations.get()
    ScheduleFactory(
        service=None, location=hall, byday="MO,TU,WE,TH,FR", opens_at=datetime.time(9), closes_at=datetime.time(17)
    )
    ServiceAtLocationFactory(location=hall, service=ServiceFactory(name="Gone", status=Service.Status.CLOSED))
    response = client.get(reverse("directory:location", args=[hall.uuid]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Spaces &amp; Places",
        "Kitchen",
        "Wi-Fi",
        "Community meals and groups",
        "Mondays, Tuesdays, Wednesdays, Thursdays and Fridays, 9am to 5pm",
        "Cotmanhay Food Larder",
    ]:
        assert text in html, text
    assert "Gone" not in html


def test_platform_pages_show_members_needs_and_their_services(client, service):
    member = service.organisation
    platform = PlatformFactory(name="Food network", slug="food-network", description="Nobody goes hungry")
    platform.members.set([member])
    platform.needs.set(TaxonomyTerm.objects.filter(code="food"))
    ServiceFactory(name="Unrelated Job Club", organisation=member)
    listing = client.get(reverse("directory:platform-list"))
    assert listing.status_code == 200
    assert "Food network" in listing.content.decode()
    response = client.get(reverse("directory:platform", args=["food-network"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cotmanhay Community Larder" in html
    assert "Nobody goes hungry" in html
    # Tagged with a child of Food, so a service of the network.
    assert "Cotmanhay Food Larder" in html
    assert "Unrelated Job Club" not in html


def shown_a_minute_ago() -> str:
    """The token of a report form shown a minute ago: sent at a person's pace (see public_forms)."""
    return make_token(shown_at=time.time() - 60)


def test_reporting_a_problem_saves_it_and_emails_the_editors(
    client, service, user_with_role, django_capture_on_commit_callbacks
):
    editor = user_with_role(Role.DIRECTORY_EDITOR)
    user_with_role(Role.HUB_WORKER)
    url = reverse("directory:report", args=[service.uuid])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"description": "The phone number is wrong", "email": "me@example.org",
                                     "token": shown_a_minute_ago()})
    assert response.status_code == 302
    assert response.url == reverse("directory:report-sent", args=[service.uuid])
    assert "Report sent" in client.get(response.url).content.decode()
    report = ProblemReport.objects.get()
    assert (report.service, report.description, report.reporter_email) == (
        service,
        "The phone number is wrong",
        "me@example.org",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [editor.email]
    assert "The phone number is wrong" in mail.outbox[0].body
    assert AuditEvent.objects.filter(event="problem_report.created").exists()


def test_the_editors_are_emailed_only_once_the_report_is_saved(
    client, service, user_with_role, django_capture_on_commit_callbacks
):
    user_with_role(Role.DIRECTORY_EDITOR)
    url = reverse("directory:report", args=[service.uuid])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"description": "Closed on Fridays now", "token": shown_a_minute_ago()})
        assert response.status_code == 302
        assert mail.outbox == [], "nothing is sent before the report is committed"
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert "Closed on Fridays now" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": ""}, "Enter what is wrong with this page"),
        ({"description": "x" * 2001}, "What is wrong must be 2,000 characters or fewer"),
        ({"description": "Wrong", "email": "not-an-email"}, "Enter an email address in the correct format"),
    ],
)
def test_a_problem_report_needs_a_description(client, service, data, message):
    response = client.post(reverse("directory:report", args=[service.uuid]), {**data, "token": shown_a_minute_ago()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not ProblemReport.objects.exists()


def test_the_honeypot_catches_robots_quietly(client, service, user_with_role, django_capture_on_commit_callbacks):
    user_with_role(Role.DIRECTORY_EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:report", args=[service.uuid]),
            {"description": "Buy now", "website": "http://spam", "token": shown_a_minute_ago()},
        )
    assert response.status_code == 302
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []
