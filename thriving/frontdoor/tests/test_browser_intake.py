"""A worker takes a request by phone, is offered the existing record and uses it; a hub worker finds
the person, records consent and merges a duplicate. Headless Chromium with axe on every page."""

import datetime

import pytest

from thriving.core.models import Organisation, Role
from thriving.frontdoor.models import HelpRequest, Person
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def branwen(cotmanhay, taxonomy):
    """Someone already known at the front door, in Cotmanhay."""
    existing = PersonFactory(given_name="Branwen", family_name="Testfield", postcode="DE7 8QA", locality=cotmanhay,
                             date_of_birth=datetime.date(1980, 3, 12), phone="07700 900123")
    HelpRequestFactory(person=existing, locality=cotmanhay, postcode="DE7 8QA")
    return existing


def test_a_worker_takes_a_request_and_uses_the_existing_record(page, axe, sign_in, branwen, user_with_role):
    organisation = Organisation.objects.create(name="Cotmanhay Community Larder", slug="larder")
    worker = user_with_role(Role.ORGANISATION_STAFF, organisation=organisation)
    sign_in(page, worker)
    page.goto("/intake/")
    born = page.get_by_role("group", name="Date of birth")
    axe(page, "intake form")

    # Mistakes first: every one reported at once, what was typed kept.
    page.get_by_label("Given name").fill("Branwyn")
    born.get_by_label("Day", exact=True).fill("31")
    born.get_by_label("Month", exact=True).fill("2")
    born.get_by_label("Year", exact=True).fill("1980")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    page.get_by_role("button", name="Save the request").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    for message in ["Date of birth must be a real date", "We do not know the postcode", "Enter what is going on",
                    "Choose how they asked", "Choose who asked", "Choose how they agreed"]:
        assert message in summary
    assert page.get_by_label("Given name").input_value() == "Branwyn"
    axe(page, "intake form with errors")

    page.get_by_label("Family name").fill("Testfeld")
    born.get_by_label("Day", exact=True).fill("12")
    born.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Postcode").fill("de7 8qa")
    page.get_by_role("textbox", name="Phone (optional)").fill("+44 7700 900123")
    page.get_by_label("What is going on").fill("Her boiler has broken and she cannot afford the repair.")
    page.get_by_role("group", name="How they asked").get_by_label("Phone").check()
    page.get_by_role("group", name="Who asked").get_by_label("The person themselves").check()
    page.get_by_role("group", name="How they agreed to share").get_by_label("Spoken, on the phone").check()
    page.get_by_role("button", name="Save the request").first.click()

    matches = page.get_by_test_id("matches")
    assert "Branwen Testfield" in matches.inner_text()
    assert "born 1980" in matches.inner_text()  # they cannot see her record: little is shown
    axe(page, "intake with likely matches")
    page.get_by_label("Use Branwen Testfield").check()
    page.get_by_role("button", name="Save the request").first.click()
    page.wait_for_url("**/requests/TH-*/")
    request = HelpRequest.objects.latest("created_at")
    assert request.person.given_name == "Branwen"
    assert Person.objects.count() == 1
    assert request.taken_by_organisation == organisation


def test_a_hub_worker_finds_a_person_records_consent_and_merges_a_duplicate(
    page, axe, sign_in, branwen, cotmanhay, user_with_role
):
    duplicate = PersonFactory(given_name="Branwyn", family_name="Testfield", postcode="DE7 8QA", locality=cotmanhay,
                              date_of_birth=datetime.date(1980, 3, 12), address="4 Canal Street")
    hub = user_with_role(Role.HUB_WORKER, locality=cotmanhay)
    sign_in(page, hub)
    page.goto("/people/")
    axe(page, "person search")
    page.get_by_label("Name, phone, email or postcode").fill("Branwen Testfeld")
    page.get_by_role("button", name="Search").click()
    assert "2 people found" in page.get_by_test_id("result-count").inner_text()
    axe(page, "person search results")
    page.get_by_role("link", name="Branwen Testfield").click()
    page.wait_for_url("**/people/*/")
    assert page.get_by_test_id("person-name").inner_text() == "Branwen Testfield"
    axe(page, "person page")

    page.get_by_role("link", name="Record consent").click()
    axe(page, "record consent")
    page.get_by_role("group", name="What they agreed to").get_by_label("Share my details").check()
    page.get_by_role("group", name="How they agreed").get_by_label("Spoken, in person").check()
    today = datetime.date.today()
    born = page.get_by_role("group", name="When they agreed")
    born.get_by_label("Day", exact=True).fill(str(today.day))
    born.get_by_label("Month", exact=True).fill(str(today.month))
    born.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_role("button", name="Record consent").click()
    page.wait_for_url("**/people/*/")
    assert "Active" in page.get_by_test_id("consents").inner_text()

    page.get_by_role("link", name="Find and merge a duplicate record").click()
    axe(page, "likely duplicates")
    page.get_by_role("link", name="Compare with Branwyn Testfield").click()
    axe(page, "merge comparison")
    page.get_by_label("Keep Branwen Testfield (this record)").check()
    page.get_by_role("button", name="Merge the records").click()
    page.wait_for_url("**/people/*/")
    assert "4 Canal Street" in page.get_by_test_id("details").inner_text()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is not None
    axe(page, "person page after merging")
