"""Votes on a round, through their pages: team members' dots and scores, the tally and deciding
from it while the money lasts; a resident's public vote (one per person, from someone who lives
there, only while voting is open), its results once published. Each refusal: a clear error,
nothing written, the ledger unchanged."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Application, Award, Decision, Entry, Movement, PublicVote, Round, TeamVote
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import votes as services
from thriving.budgets.tests.factories import ApplicationFactory, RoundFactory, deciding_team
from thriving.core.public_forms import make_token
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _ledger():
    return Movement.objects.count(), Entry.objects.count()


@pytest.fixture
def dot_round(administrator):
    pot, member, enabler, huddle = deciding_team(administrator, amount="700.00")
    round_ = RoundFactory(pot=pot, method=Round.Method.DOT_VOTE, dots_per_member=3,
                          maximum_per_application=Decimal("600.00"))
    applications = [ApplicationFactory(pot=pot, round=round_, amount_requested=Decimal(amount))
                    for amount in ("300.00", "200.00", "550.00")]
    return round_, member, enabler, applications


def _vote_url(round_, results=False):
    name = "budgets:team-vote-results" if results else "budgets:team-vote"
    return reverse(name, kwargs={"slug": round_.pot.slug, "round_slug": round_.slug})


def test_a_member_gives_dots_changes_them_and_the_tally_shows_them(client, dot_round):
    round_, member, enabler, (first, second, third) = dot_round
    client.force_login(member)
    assert client.get(_vote_url(round_)).status_code == 200
    given = {f"app-{first.reference}": 2, f"app-{second.reference}": 1}
    assert client.post(_vote_url(round_), given).status_code == 302
    assert client.post(_vote_url(round_), {f"app-{second.reference}": 3}).status_code == 302
    assert dict(TeamVote.objects.values_list("application_id", "points")) == {second.pk: 3}
    tally = client.get(_vote_url(round_, results=True))
    assert tally.status_code == 200
    assert second.reference in tally.content.decode()


def test_more_dots_than_a_member_has_are_refused(client, dot_round):
    round_, member, enabler, (first, second, third) = dot_round
    client.force_login(member)
    response = client.post(_vote_url(round_), {f"app-{first.reference}": 2, f"app-{second.reference}": 2})
    assert response.status_code == 400
    assert "You have 3 dots to give in all: you gave 4" in response.content.decode()
    assert not TeamVote.objects.exists()


def test_deciding_from_the_vote_funds_in_order_while_the_money_lasts(client, dot_round):
    round_, member, enabler, (first, second, third) = dot_round
    client.force_login(member)
    client.post(_vote_url(round_), {f"app-{third.reference}": 2, f"app-{first.reference}": 1})
    client.force_login(enabler)
    client.post(_vote_url(round_), {f"app-{first.reference}": 2, f"app-{second.reference}": 1})
    # first: 3 dots (£300), third: 2 (£550, above the £500 limit), second: 1 (£200); £700 available.
    assert client.post(_vote_url(round_, results=True)).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == Application.Status.AWARDED
    assert third.status == Application.Status.SUBMITTED  # £550 did not fit in the £400 left
    assert second.status == Application.Status.AWARDED
    decision = Decision.objects.get(application=first)
    assert decision.method == Decision.Method.DOT_VOTE
    assert (decision.vote_summary["points"], decision.vote_summary["rank"]) == (3, 1)
    assert pot_balance(round_.pot).available == Decimal("200.00")
    # Votes no longer change, and it is not decided twice.
    client.force_login(member)
    response = client.post(_vote_url(round_), {f"app-{third.reference}": 1})
    assert response.status_code == 400
    assert "votes can no longer change" in response.content.decode()
    before = _ledger()
    assert client.post(_vote_url(round_, results=True)).status_code == 400
    assert _ledger() == before


def test_a_score_above_five_is_refused(client, administrator):
    pot, member, enabler, huddle = deciding_team(administrator)
    round_ = RoundFactory(pot=pot, method=Round.Method.SCORE_VOTE)
    application = ApplicationFactory(pot=pot, round=round_)
    client.force_login(member)
    response = client.post(_vote_url(round_), {f"app-{application.reference}": 6})
    assert response.status_code == 400
    assert "Give 5 or fewer" in response.content.decode()
    assert not TeamVote.objects.exists()
    assert client.post(_vote_url(round_), {f"app-{application.reference}": 4}).status_code == 302
    assert TeamVote.objects.get().points == 4


# --- The public vote ----------------------------------------------------------------------------


@pytest.fixture
def public_round(administrator):
    pot, member, enabler, huddle = deciding_team(administrator)
    round_ = RoundFactory(pot=pot, method=Round.Method.PUBLIC_VOTE,
                          voting_opens_on=TODAY - datetime.timedelta(days=3),
                          voting_closes_on=TODAY + datetime.timedelta(days=3))
    applications = [ApplicationFactory(pot=pot, round=round_) for _ in range(4)]
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(locality=pot.locality, code="E01019999"))
    PostcodeFactory(postcode="S40 1AA", area=AreaFactory(locality=LocalityFactory()))
    return round_, applications


def _public_url(round_, what="public-vote"):
    return reverse(f"budgets:{what}", kwargs={"slug": round_.pot.slug, "round_slug": round_.slug})


def _ballot(applications, email="Sam.Resident@Example.org ", postcode="de74aa"):
    return {"choices": [a.reference for a in applications], "email": email, "postcode": postcode,
            "token": make_token(shown_at=time.time() - 60), "website": ""}


def test_a_resident_votes_once_and_their_email_is_not_kept(client, public_round):
    round_, applications = public_round
    assert client.get(_public_url(round_)).status_code == 200
    response = client.post(_public_url(round_), _ballot(applications[:3]))
    assert response.status_code == 200
    assert "Thank you for voting" in response.content.decode()
    votes = list(PublicVote.objects.order_by("voter_key"))
    assert [vote.application for vote in votes] == applications[:3]
    assert all("example" not in vote.voter_key.lower() for vote in votes)
    assert (votes[0].postcode, votes[0].area_code) == ("DE7 4AA", "E01019999")
    second = client.post(_public_url(round_), _ballot(applications[3:], email="sam.resident@example.org"))
    assert second.status_code == 400
    assert "has already voted in this round" in second.content.decode()
    assert PublicVote.objects.count() == 3


def test_the_database_refuses_a_second_vote_by_the_same_person(public_round):
    from django.db import IntegrityError, transaction

    round_, applications = public_round
    services.cast_public_vote(round_=round_, applications=applications[:1], email="a@example.org", postcode="DE7 4AA")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicVote.objects.create(round=round_, application=applications[1], postcode="DE7 4AA",
                                  voter_key=f"{services.voter_key('A@example.org')}:1", created_at=timezone.now())


def test_a_vote_after_the_round_closes_is_refused(client, public_round):
    round_, applications = public_round
    Round.objects.filter(pk=round_.pk).update(voting_closes_on=TODAY - datetime.timedelta(days=1))
    before = _ledger()
    response = client.post(_public_url(round_), _ballot(applications[:1]))
    assert response.status_code == 400
    assert "Voting in this round is not open" in response.content.decode()
    assert not PublicVote.objects.exists()
    assert _ledger() == before


@pytest.mark.parametrize(("postcode", "message"), [
    ("S40 1AA", "is not in"), ("ZZ9 9ZZ", "We do not know the postcode"), ("banana", "Enter a real postcode"),
])
def test_a_voter_must_live_in_the_place(client, public_round, postcode, message):
    round_, applications = public_round
    response = client.post(_public_url(round_), _ballot(applications[:1], postcode=postcode))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublicVote.objects.exists()


def test_more_than_three_choices_are_refused(client, public_round):
    round_, applications = public_round
    response = client.post(_public_url(round_), _ballot(applications))
    assert response.status_code == 400
    assert "Choose up to 3 projects" in response.content.decode()
    assert not PublicVote.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_saved(client, public_round):
    round_, applications = public_round
    response = client.post(_public_url(round_), {**_ballot(applications[:1]), "website": "spam"})
    assert response.status_code == 200
    assert not PublicVote.objects.exists()


def test_results_are_public_once_a_manager_publishes_them(client, public_round, administrator):
    round_, applications = public_round
    services.cast_public_vote(round_=round_, applications=applications[1:3], email="a@example.org",
                              postcode="DE7 4AA")
    assert client.get(_public_url(round_, "public-vote-results")).status_code == 404
    client.force_login(administrator)
    assert client.post(_public_url(round_, "public-vote-publish")).status_code == 302
    client.logout()
    results = client.get(_public_url(round_, "public-vote-results"))
    assert results.status_code == 200
    assert "1 person voted" in results.content.decode()
    assert applications[1].title in results.content.decode()
    assert not Award.objects.exists()


def test_a_manager_decides_from_the_public_vote_once_it_has_closed(client, public_round, administrator):
    round_, applications = public_round
    first, second = applications[0], applications[1]
    for email, chosen in (("a@example.org", [first, second]), ("b@example.org", [first])):
        services.cast_public_vote(round_=round_, applications=chosen, email=email, postcode="DE7 4AA")
    services.publish_results(acting_user=administrator, round_=round_)
    client.force_login(administrator)
    url = _public_url(round_, "public-vote-decide")
    before = _ledger()
    client.post(url)  # voting is still open
    assert not Decision.objects.exists()
    assert _ledger() == before
    Round.objects.filter(pk=round_.pk).update(voting_closes_on=TODAY - datetime.timedelta(days=1))
    assert client.post(url).status_code == 302
    decided = {d.application_id: d for d in Decision.objects.all()}
    assert set(decided) == {first.pk, second.pk}
    assert decided[first.pk].method == Decision.Method.PUBLIC_VOTE
    assert decided[first.pk].vote_summary["points"] == 2
    assert pot_balance(round_.pot).available == Decimal("500.00")
    assert client.post(url).status_code == 302  # refused: decided already
    assert Decision.objects.count() == 2
