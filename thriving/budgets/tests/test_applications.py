"""The team's applications pages, through the page: applying from a community idea (its title,
stage and facilitator carry over), a pot's applications with their totals and filters, one
application (each look at the applicant's details recorded), and withdrawing one."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from thriving.budgets.models import Application, BudgetItem, Entry
from thriving.budgets.services import applications as services
from thriving.budgets.services.applications import Item, Proposal
from thriving.budgets.services.common import BudgetRefused
from thriving.budgets.tests.factories import ApplicationFactory, DecisionFactory, PotFactory, RoundFactory
from thriving.community.tests.factories import IdeaFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import MembershipFactory, UserFactory
from thriving.teams.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pot():
    return PotFactory(name="Cotmanhay small grants", slug="cotmanhay-grants")


@pytest.fixture
def member(pot):
    user = UserFactory(full_name="Terry Member")
    MembershipFactory(user=user, role=Role.TEAM_MEMBER, locality=pot.locality)
    TeamMemberFactory(team=pot.team, user=user)
    return user


@pytest.fixture
def outsider(pot):
    user = UserFactory(full_name="Olive Outsider")
    MembershipFactory(user=user, role=Role.TEAM_MEMBER)
    return user


@pytest.fixture
def facilitator():
    return UserFactory(full_name="Fran Facilitator")


@pytest.fixture
def idea(pot, facilitator):
    return IdeaFactory(title="Repair café", description="Fixing things together, monthly.", locality=pot.locality,
                       stage="exploring", facilitator=facilitator, proposer_name="Rita Resident",
                       proposer_email="rita@example.org")


def idea_form(chosen, **changes) -> dict:
    data = {"idea": chosen.uuid.hex, "amount": "300", "item_1_what": "Tools", "item_1_cost": "250.00",
            "item_2_what": "Tea", "item_2_cost": "£50", "beneficiaries": "Neighbours", "beneficiary_count": "",
            "where": "", "evidence": "Photos and a count of things fixed."}
    data.update(changes)
    return data


def from_idea_url(pot) -> str:
    return reverse("budgets:apply-from-idea", kwargs={"slug": pot.slug})


def test_a_team_member_applies_from_an_idea_and_its_stage_and_facilitator_carry_over(client, pot, member, idea,
                                                                                      facilitator):
    client.force_login(member)
    assert idea.title in client.get(from_idea_url(pot)).content.decode()
    response = client.post(from_idea_url(pot), idea_form(idea))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("budgets:application", kwargs={"reference": application.reference})
    assert (application.source, application.idea, application.idea_stage) == ("idea", idea, "exploring")
    assert application.facilitator == facilitator
    assert application.created_by == member
    assert (application.title, application.purpose) == ("Repair café", "Fixing things together, monthly.")
    assert application.locality == pot.locality
    assert application.applicant_name == "Rita Resident"
    assert application.amount_requested == Decimal("300.00")
    assert application.items.count() == 2
    assert AuditEvent.objects.filter(event="budgets.application_from_idea", actor=member).exists()


def test_applying_from_an_idea_for_an_open_round_within_its_maximum(client, pot, member, idea):
    round_ = RoundFactory(pot=pot, maximum_per_application=Decimal("200.00"))
    client.force_login(member)
    response = client.post(from_idea_url(pot), idea_form(idea, round=round_.slug))
    assert response.status_code == 400
    assert "must be £200.00 or less" in response.content.decode()
    assert not Application.objects.exists()
    ok = idea_form(idea, round=round_.slug, amount="200", item_1_cost="150")
    assert client.post(from_idea_url(pot), ok).status_code == 302
    assert Application.objects.get().round == round_


@pytest.mark.parametrize(("changes", "message"), [
    ({"amount": "299.99"}, "The items add up to £300.00, not £299.99"),
    ({"amount": "3.001"}, "whole pence"),
    ({"idea": "not-an-idea"}, "Choose a community idea from the list"),
    ({"item_1_what": "", "item_1_cost": "", "item_2_what": "", "item_2_cost": ""}, "at least one item"),
])
def test_bad_input_from_an_idea_is_refused_and_nothing_written(client, pot, member, idea, changes, message):
    client.force_login(member)
    response = client.post(from_idea_url(pot), idea_form(idea, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert not BudgetItem.objects.exists()
    assert not Entry.objects.exists()


def test_a_second_application_from_the_same_idea_is_refused(client, pot, member, idea):
    client.force_login(member)
    assert client.post(from_idea_url(pot), idea_form(idea)).status_code == 302
    response = client.post(from_idea_url(pot), idea_form(idea))
    assert response.status_code == 400
    assert "already an application" in response.content.decode()
    assert Application.objects.count() == 1


def test_ideas_of_another_locality_are_not_offered(client, pot, member):
    elsewhere = IdeaFactory(title="Somewhere else's idea")
    client.force_login(member)
    assert "Somewhere else" not in client.get(from_idea_url(pot)).content.decode()
    assert client.post(from_idea_url(pot), idea_form(elsewhere)).status_code == 400
    assert not Application.objects.exists()


def test_someone_outside_the_team_cannot_apply_from_an_idea_or_see_the_applications(client, pot, outsider, idea):
    application = ApplicationFactory(pot=pot)
    client.force_login(outsider)
    assert client.get(from_idea_url(pot)).status_code == 404
    assert client.post(from_idea_url(pot), idea_form(idea)).status_code == 404
    assert client.get(reverse("budgets:applications", kwargs={"slug": pot.slug})).status_code == 404
    assert client.get(reverse("budgets:application", kwargs={"reference": application.reference})).status_code == 404
    withdraw = reverse("budgets:application-withdraw", kwargs={"reference": application.reference})
    assert client.post(withdraw, {"reason": "No"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert Application.objects.count() == 1


def test_the_pot_s_applications_are_listed_with_their_total_and_filtered(client, pot, member,
                                                                         django_assert_max_num_queries):
    spring = RoundFactory(pot=pot, title="Spring round", slug="spring")
    ApplicationFactory(pot=pot, title="Wool", amount_requested=Decimal("250.00"), round=spring)
    ApplicationFactory(pot=pot, title="Chairs", amount_requested=Decimal("1000.50"))
    ApplicationFactory(pot=pot, title="Gone", amount_requested=Decimal("5.00"), status=Application.Status.WITHDRAWN)
    ApplicationFactory(title="Another pot's")
    client.force_login(member)
    url = reverse("budgets:applications", kwargs={"slug": pot.slug})
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "Wool" in page
    assert "Chairs" in page
    assert "Another pot" not in page
    assert "£1,255.50" in page
    filtered = client.get(url, {"status": "submitted", "round": "spring"})
    assert filtered.context["listed"].count == 1
    assert filtered.context["total"] == "£250.00"
    assert client.get(url, {"status": "withdrawn"}).context["total"] == "£5.00"
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_an_application_shows_all_of_it_and_records_who_saw_the_applicant(client, pot, member):
    application = ApplicationFactory(pot=pot, applicant_phone="07700 900 982", ward_code="E05010606")
    BudgetItem.objects.create(application=application, position=0, description="Wool", amount=Decimal("250.00"))
    DecisionFactory(application=application, reason="Lovely idea")
    client.force_login(member)
    response = client.get(reverse("budgets:application", kwargs={"reference": application.reference.lower()}))
    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("Robin Testmoor", "robin@example.org", "07700 900 982", "Wool", "£250.00", "Cotmanhay ward",
                  "Lovely idea", "Consent decision at a huddle", "A register of who came"):
        assert shown in page
    event = AuditEvent.objects.get(event="budgets.application_viewed")
    assert (event.actor, event.subject, event.action) == (member, "Robin Testmoor", AuditEvent.Action.VIEWED)


def test_a_team_member_withdraws_an_application_waiting_for_a_decision(client, pot, member):
    application = ApplicationFactory(pot=pot)
    client.force_login(member)
    url = reverse("budgets:application-withdraw", kwargs={"reference": application.reference})
    response = client.post(url, {"reason": "", "version": application.version})
    assert response.status_code == 400
    assert "Enter why the application is withdrawn" in response.content.decode()
    response = client.post(url, {"reason": "They found the money elsewhere", "version": application.version})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    event = AuditEvent.objects.get(event="budgets.application_withdrawn")
    assert event.changes["reason"] == "They found the money elsewhere"
    again = client.post(url, {"reason": "Again", "version": application.version})
    assert again.status_code == 400
    assert "Only an application waiting for a decision" in again.content.decode()


def test_withdrawing_with_a_stale_version_is_a_conflict(client, pot, member):
    application = ApplicationFactory(pot=pot)
    client.force_login(member)
    url = reverse("budgets:application-withdraw", kwargs={"reference": application.reference})
    response = client.post(url, {"reason": "Changed our minds", "version": application.version + 1})
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


# --- The services refuse what the forms refuse, so nothing reaches the database unchecked ------

def _proposal(**changes):
    fields = {"title": "Wool", "purpose": "For a group", "amount": Decimal("10.00"),
              "items": [Item("Wool", Decimal("10.00"))], "beneficiaries": "Neighbours", "evidence": "Photos"}
    fields.update(changes)
    return Proposal(**fields)


@pytest.mark.parametrize(("changes", "message"), [
    ({"amount": 10.0}, "exact amount"),
    ({"amount": Decimal("10.001")}, "whole pence"),
    ({"amount": Decimal("11.00")}, "The items add up to £10.00, not the £11.00"),
    ({"items": []}, "at least one item"),
    ({"ward_code": "E05999999"}, "Choose a place in"),
    ({"title": "   "}, "Enter what it is"),
])
def test_the_public_service_refuses_bad_proposals_and_writes_nothing(pot, changes, message):
    with pytest.raises(BudgetRefused, match=message):
        services.submit_public(pot=pot, round_=None, proposal=_proposal(**changes), applicant_name="Ada",
                               applicant_email="ada@example.org", submission_key=uuid.uuid4())
    assert not Application.objects.exists()
    assert not BudgetItem.objects.exists()
    assert not AuditEvent.objects.filter(event__startswith="budgets.application").exists()


def test_the_public_service_refuses_a_closed_round_a_private_pot_and_no_contact(pot):
    closed = RoundFactory(pot=pot, opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 2, 1))
    private = PotFactory(is_public=False)
    for kwargs, message in (
        ({"pot": pot, "round_": closed, "applicant_email": "ada@example.org"}, "not open"),
        ({"pot": private, "round_": None, "applicant_email": "ada@example.org"}, "not open"),
        ({"pot": pot, "round_": None}, "email address or a phone number"),
    ):
        with pytest.raises(BudgetRefused, match=message):
            services.submit_public(proposal=_proposal(), applicant_name="Ada", submission_key=uuid.uuid4(), **kwargs)
    assert not Application.objects.exists()


def test_only_who_works_on_the_pot_may_apply_from_an_idea_or_withdraw(pot, outsider, idea):
    with pytest.raises(PermissionDenied):
        services.apply_from_idea(acting_user=outsider, pot=pot, idea=idea, proposal=_proposal())
    application = ApplicationFactory(pot=pot)
    with pytest.raises(PermissionDenied):
        services.withdraw(acting_user=outsider, application=application, reason="No")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert Application.objects.count() == 1
