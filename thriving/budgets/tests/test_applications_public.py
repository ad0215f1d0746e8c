"""The public application form, through the page: a resident applies to a public, open pot with
no account; messy amounts are read exactly or refused; items must add up; robots (the honeypot,
the time trap) and a double submit make nothing more; a closed round and a private pot say so."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Application, BudgetItem, Entry
from thriving.budgets.tests.factories import PotFactory, RoundFactory
from thriving.core.models import AuditEvent
from thriving.core.public_forms import TOO_FAST, make_token
from thriving.places.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    settings.FRONTDOOR_MIN_SECONDS = 3
    yield
    cache.clear()


@pytest.fixture
def pot():
    return PotFactory(name="Cotmanhay small grants", slug="cotmanhay-grants")


def shown_a_minute_ago() -> str:
    return make_token(shown_at=time.time() - 60)


def form(**changes) -> dict:
    data = {
        "token": shown_a_minute_ago(), "website": "",
        "applicant_name": "  Robin   Testmoor ", "applicant_email": "robin@example.org", "applicant_phone": "",
        "group_name": "", "title": "Knit and natter", "purpose": "Wool and tea for a weekly group.",
        "amount": "£1,200.50", "item_1_what": "Wool", "item_1_cost": "1,000", "item_2_what": "Tea and biscuits",
        "item_2_cost": "200.50", "beneficiaries": "Older neighbours who live alone", "beneficiary_count": "20",
        "where": "", "evidence": "A register of who came, and photos.",
    }
    data.update(changes)
    return data


def apply_url(pot, round_=None) -> str:
    if round_ is not None:
        return reverse("budgets:apply-round", kwargs={"slug": pot.slug, "round_slug": round_.slug})
    return reverse("budgets:apply", kwargs={"slug": pot.slug})


def nothing_written() -> bool:
    return not Application.objects.exists() and not BudgetItem.objects.exists() and not Entry.objects.exists()


def errors_of(response) -> str:
    return response.content.decode()


def test_the_form_shows_with_labelled_item_rows(client, pot):
    response = client.get(apply_url(pot))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Item 1: what it is" in page
    assert "Item 1: how much it costs, in pounds" in page
    assert 'name="website"' in page
    assert 'name="token"' in page


def test_a_resident_applies_and_gets_a_reference(client, pot):
    response = client.post(apply_url(pot), form(), follow=True)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.reference.startswith("LB-")
    assert len(application.reference) == 9
    assert application.reference in response.content.decode()
    assert application.amount_requested == Decimal("1200.50")
    assert application.applicant_name == "Robin Testmoor"
    assert application.source == Application.Source.RESIDENT
    assert application.status == Application.Status.SUBMITTED
    assert application.locality == pot.locality
    assert application.created_by is None
    assert [(i.description, i.amount) for i in application.items.all()] == [
        ("Wool", Decimal("1000.00")), ("Tea and biscuits", Decimal("200.50"))]
    event = AuditEvent.objects.get(event="budgets.application_submitted")
    assert event.subject == "Robin Testmoor"
    assert event.actor_label == "public form"
    assert not Entry.objects.exists()  # applying moves no money


def test_a_group_applies_for_a_ward_by_phone_with_spaces_in_the_email(client, pot):
    response = client.post(apply_url(pot), form(
        applicant_email="  Robin @Example.org ", applicant_phone="07700 900 982", group_name="Knit and Natter",
        where="ward:E05010606"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_email == "robin@example.org"
    assert application.source == Application.Source.GROUP
    assert application.group_name == "Knit and Natter"
    assert application.ward_code == "E05010606"
    assert application.area_code == ""


def test_an_lsoa_of_the_pot_s_locality_may_be_chosen(client, pot):
    area = AreaFactory(locality=pot.locality, code="E01019999")
    assert client.post(apply_url(pot), form(where=f"lsoa:{area.code}")).status_code == 302
    assert Application.objects.get().area_code == "E01019999"


@pytest.mark.parametrize(("changes", "message"), [
    ({"amount": "12.345", "item_1_cost": "12.345", "item_2_what": "", "item_2_cost": ""}, "whole pence"),
    ({"amount": "-5"}, "must be more than £0"),
    ({"amount": "0"}, "must be more than £0"),
    ({"amount": "twelve pounds"}, "in pounds and pence"),
    ({"amount": "NaN"}, "in pounds and pence"),
    ({"amount": ""}, "Enter how much you are asking for"),
    ({"amount": "1300"}, "The items add up to £1,200.50, not £1,300.00"),
    ({"item_1_what": "", "item_1_cost": "", "item_2_what": "", "item_2_cost": ""}, "at least one item"),
    ({"item_2_what": ""}, "Enter what item 2 is"),
    ({"item_2_cost": ""}, "Enter how much item 2 costs"),
    ({"item_2_cost": "-200.50"}, "must be more than £0"),
    ({"applicant_email": "", "applicant_phone": ""}, "Enter an email address or a phone number"),
    ({"applicant_email": "robin@"}, "Enter an email address in the correct format"),
    ({"applicant_phone": "12"}, "Enter a phone number"),
    ({"applicant_name": "   "}, "Enter your full name"),
    ({"where": "ward:E05999999"}, "Choose a place from the list"),
    ({"beneficiary_count": "lots"}, "whole number"),
    ({"evidence": ""}, "Enter how you will show what happened"),
])
def test_bad_input_is_answered_with_an_error_and_nothing_is_written(client, pot, changes, message):
    response = client.post(apply_url(pot), form(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert nothing_written()


def test_sending_the_same_form_twice_makes_one_application(client, pot):
    data = form()
    first = client.post(apply_url(pot), data)
    second = client.post(apply_url(pot), data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert BudgetItem.objects.count() == 2
    assert client.get(first.url).context["sent"]["reference"] == Application.objects.get().reference


def test_a_robot_filling_the_honeypot_sees_the_confirmation_and_nothing_is_saved(client, pot):
    response = client.post(apply_url(pot), form(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    assert nothing_written()
    assert not AuditEvent.objects.filter(event="budgets.application_submitted").exists()


def test_a_form_sent_too_fast_is_shown_again_with_what_was_typed(client, pot):
    response = client.post(apply_url(pot), form(token=make_token()))
    assert response.status_code == 400
    assert TOO_FAST in response.content.decode()
    assert "Knit and natter" in response.content.decode()
    assert nothing_written()


def test_a_forged_token_is_refused(client, pot):
    response = client.post(apply_url(pot), form(token="forged"))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert nothing_written()


def test_past_the_rate_limit_the_form_comes_back_with_429(client, pot, settings):
    settings.FRONTDOOR_ASK_RATE = "1/h"
    assert client.post(apply_url(pot), form()).status_code == 302
    response = client.post(apply_url(pot), form(title="Another"))
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_round_open_today_takes_applications_up_to_its_maximum(client, pot):
    round_ = RoundFactory(pot=pot, maximum_per_application=Decimal("1000.00"))
    response = client.post(apply_url(pot, round_), form())
    assert response.status_code == 400
    assert "must be £1,000.00 or less" in response.content.decode()
    assert nothing_written()
    good = form(amount="1000", item_2_what="", item_2_cost="")
    assert client.post(apply_url(pot, round_), good).status_code == 302
    assert Application.objects.get().round == round_


def test_the_pot_s_one_open_round_is_the_one_applied_to(client, pot):
    round_ = RoundFactory(pot=pot, maximum_per_application=Decimal("2000.00"))
    assert client.post(apply_url(pot), form()).status_code == 302
    assert Application.objects.get().round == round_


def test_a_round_named_by_query_string_is_used(client, pot):
    RoundFactory(pot=pot)
    round_ = RoundFactory(pot=pot, maximum_per_application=Decimal("5000.00"))
    url = apply_url(pot) + f"?round={round_.slug}"
    assert client.post(url, form()).status_code == 302
    assert Application.objects.get().round == round_


@pytest.mark.parametrize("days", [-30, 30])
def test_a_round_that_is_not_open_says_so(client, pot, days):
    today = timezone.localdate()
    round_ = RoundFactory(pot=pot, opens_on=today + datetime.timedelta(days=days),
                          closes_on=today + datetime.timedelta(days=days + 5))
    for response in (client.get(apply_url(pot, round_)), client.post(apply_url(pot, round_), form())):
        assert response.status_code == 200
        assert "is not open for applications" in response.content.decode()
    assert nothing_written()


def test_an_unknown_round_is_not_found(client, pot):
    assert client.get(apply_url(pot) + "?round=no-such-round").status_code == 404


def test_a_private_or_closed_pot_is_not_found(client):
    private = PotFactory(is_public=False)
    closed = PotFactory(closed_at=timezone.now())
    for pot in (private, closed):
        assert client.get(apply_url(pot)).status_code == 404
        assert client.post(apply_url(pot), form()).status_code == 404
    assert client.get(reverse("budgets:apply", kwargs={"slug": "no-such-pot"})).status_code == 404
    assert nothing_written()


def test_the_confirmation_with_nothing_sent_goes_back_to_the_form(client, pot):
    response = client.get(reverse("budgets:applied", kwargs={"slug": pot.slug}))
    assert response.status_code == 302
    assert response.url == apply_url(pot)


def test_a_resident_applies_for_their_community_idea_and_its_stage_and_facilitator_carry_over(client, pot):
    from thriving.community.tests.factories import IdeaFactory
    from thriving.core.tests.factories import UserFactory

    facilitator = UserFactory(full_name="Fen Idealow")
    idea = IdeaFactory(title="Repair café at the library", locality=pot.locality, stage="exploring",
                       facilitator=facilitator)
    elsewhere = IdeaFactory(title="Repair café somewhere else", stage="exploring")

    page = client.get(apply_url(pot) + f"?idea={idea.uuid.hex}").content.decode()
    assert "Repair café at the library" in page
    assert "Repair café somewhere else" not in page
    assert f'value="{idea.uuid.hex}" selected' in page

    response = client.post(apply_url(pot), form(idea=idea.uuid.hex), follow=True)

    assert response.status_code == 200
    application = Application.objects.get()
    assert application.source == Application.Source.IDEA
    assert (application.idea, application.idea_stage, application.facilitator) == (idea, "exploring", facilitator)

    refused = client.post(apply_url(pot), form(idea=elsewhere.uuid.hex, token=shown_a_minute_ago()))
    assert refused.status_code == 400
    assert "Choose a community idea from the list, or none" in refused.content.decode()
    assert Application.objects.count() == 1


def test_with_no_public_idea_in_the_locality_the_form_asks_no_idea(client, pot):
    assert 'name="idea"' not in client.get(apply_url(pot)).content.decode()
