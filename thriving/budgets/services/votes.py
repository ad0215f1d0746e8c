"""Votes on a round's applications: team members' dots or scores (a dot or score vote), deciding
from the team's vote, a resident's public vote, and publishing its results.

    cast_team_vote(acting_user=member, round_=r, points={application: 2, ...})
    decide_from_team_vote(acting_user=member, round_=r)
    cast_public_vote(round_=r, applications=[a, b], email="sam@example.org", postcode="DE7 4AA")
    publish_results(acting_user=enabler, round_=r)
    decide_from_public_vote(acting_user=enabler, round_=r)

A team member's vote replaces the one they gave before, until the round is decided from the vote.
Dots: at most the round's `dots_per_member` in all; scores: 0 to 5 for each application.

A public vote is one per person per round: the person is known by a keyed hash of their email
address (`voter_key`, HMAC-SHA256 with the site's secret key; the address itself is never
stored), and their postcode must be in the pot's locality. A resident may choose up to
`PUBLIC_CHOICES` applications: one `PublicVote` row each, keyed `<hash>:1`, `<hash>:2`…, so the
database's one-vote-per-round constraint refuses a second vote on its first row however many were
chosen. Refused outside the round's voting dates.
"""

import datetime
import hashlib
import hmac
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.budgets.models import Application, Decision, PublicVote, Round, TeamVote
from thriving.budgets.queries import votes as queries
from thriving.budgets.queries.ledger import pot_balance
from thriving.budgets.services import decisions
from thriving.budgets.services.common import BudgetRefused
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.policy import require
from thriving.places import queries as places

TEAM_VOTES = (Round.Method.DOT_VOTE, Round.Method.SCORE_VOTE)
TOP_SCORE = 5
PUBLIC_CHOICES = 3
SECOND_VOTE = ("Someone with this email address has already voted in this round: each person votes once. "
               "Your first vote stands; nothing was changed.")


def _ballot_ids(round_: Round) -> set[int]:
    return set(queries.ballot(round_).values_list("pk", flat=True))


@transaction.atomic
def cast_team_vote(*, acting_user: Any, round_: Round, points: dict[Application, int]) -> list[TeamVote]:
    """Replace the member's dots or scores for the round's applications waiting for a decision."""
    require(acting_user, "budgets.work", round_.pot)
    if round_.method not in TEAM_VOTES:
        raise BudgetRefused("This round is not decided by a vote of the team.")
    if queries.round_decided(round_):
        raise BudgetRefused("This round has been decided from the vote, so votes can no longer change.")
    ballot = _ballot_ids(round_)
    if any(application.pk not in ballot for application in points):
        raise BudgetRefused("You can only vote for the round's applications waiting for a decision.")
    if any(value < 0 for value in points.values()):
        raise BudgetRefused("A vote cannot be less than 0.")
    if round_.method == Round.Method.DOT_VOTE:
        if sum(points.values()) > round_.dots_per_member:
            raise BudgetRefused(f"You have {round_.dots_per_member} dots to give in all: "
                                f"you gave {sum(points.values())}. Nothing was changed.")
    elif any(value > TOP_SCORE for value in points.values()):
        raise BudgetRefused(f"Score each application from 0 to {TOP_SCORE}.")
    TeamVote.objects.filter(round=round_, voter=acting_user).delete()
    now = timezone.now()
    votes = TeamVote.objects.bulk_create(
        TeamVote(round=round_, application=application, voter=acting_user, points=value, created_at=now)
        for application, value in points.items() if value > 0 or round_.method == Round.Method.SCORE_VOTE
    )
    audit.record(acting_user, "budgets.team_voted", round_, action=AuditEvent.Action.CHANGED,
                 changes={"round": round_.slug, "points": sum(points.values())})
    return votes


@transaction.atomic
def decide_from_team_vote(*, acting_user: Any, round_: Round) -> list[Decision]:
    """Fund the round's applications in the order of the team's votes while the money lasts: each
    one that fits in what is left (and in the round's maximum) is decided to fund with what it asked
    for, the vote's result recorded with the decision. Those above the delegated limit wait for
    sign-off, and what they would take is kept back from the ones after them."""
    require(acting_user, "budgets.work", round_.pot)
    if round_.method not in TEAM_VOTES:
        raise BudgetRefused("This round is not decided by a vote of the team.")
    if queries.round_decided(round_):
        raise BudgetRefused("This round has already been decided from the vote.")
    rows = [row for row in queries.team_tally(round_) if row.points > 0
            and row.application.status == Application.Status.SUBMITTED]
    if not rows:
        raise BudgetRefused("Nobody has voted for an application waiting for a decision yet.")
    method = Decision.Method.DOT_VOTE if round_.method == Round.Method.DOT_VOTE else Decision.Method.SCORE_VOTE
    return _fund_in_order(acting_user, round_, rows, method, "the team's vote")


def _fund_in_order(acting_user: Any, round_: Round, rows: list[queries.TallyRow], method: str,
                   vote: str) -> list[Decision]:
    held_back = Decimal("0.00")
    made = []
    for rank, row in enumerate(rows, start=1):
        application = row.application
        asked = application.amount_requested
        if asked > round_.maximum_per_application or asked > pot_balance(round_.pot).available - held_back:
            continue
        summary = {"method": method, "points": row.points, "voters": row.voters, "rank": rank, "of": len(rows)}
        decision = decisions.decide(
            acting_user=acting_user, application=application, method=method, outcome=Decision.Outcome.FUND,
            amount=asked, reason=f"Ranked {rank} of {len(rows)} in {vote}, with {row.points}.",
            vote_summary=summary,
        )
        if decision.signoff == Decision.Signoff.AWAITING:
            held_back += asked
        made.append(decision)
    if not made:
        raise BudgetRefused("The pot does not have enough available for any of the applications voted for. "
                            "Nothing was changed.")
    return made


@transaction.atomic
def decide_from_public_vote(*, acting_user: Any, round_: Round, today: datetime.date | None = None) -> list[Decision]:
    """Once voting has closed and the results are published, fund the round's applications in the
    order of the public's votes while the money lasts (as `decide_from_team_vote`)."""
    require(acting_user, "budgets.manage", round_.pot)
    if round_.method != Round.Method.PUBLIC_VOTE:
        raise BudgetRefused("This round is not decided by a public vote.")
    today = today or timezone.localdate()
    if round_.voting_closes_on is None or today <= round_.voting_closes_on:
        raise BudgetRefused("Voting is still open: decide from the vote once it has closed.")
    if round_.results_published_at is None:
        raise BudgetRefused("Publish the results before deciding from them.")
    if Decision.objects.filter(application__round=round_, method=Decision.Method.PUBLIC_VOTE).exists():
        raise BudgetRefused("This round has already been decided from the public vote.")
    rows = [row for row in queries.public_tally(round_) if row.points > 0
            and row.application.status == Application.Status.SUBMITTED]
    if not rows:
        raise BudgetRefused("Nobody voted for an application waiting for a decision.")
    return _fund_in_order(acting_user, round_, rows, Decision.Method.PUBLIC_VOTE, "the public vote")


def voter_key(email: str) -> str:
    """A keyed hash of the normalised email address: the same person gives the same key, and the
    address cannot be read back from it."""
    normalised = email.strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def voting_open(round_: Round, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (round_.voting_opens_on is not None and round_.voting_closes_on is not None
            and round_.voting_opens_on <= today <= round_.voting_closes_on)


def voting_closed(round_: Round, today: datetime.date | None = None) -> bool:
    return round_.voting_closes_on is not None and (today or timezone.localdate()) > round_.voting_closes_on


def _check_postcode(round_: Round, postcode: str) -> Any:
    try:
        found = places.lookup_postcode(postcode)
    except places.PostcodeError as error:
        raise BudgetRefused(str(error)) from None
    if found.locality is None or found.locality.pk != round_.pot.locality_id:
        raise BudgetRefused(f"{found.postcode} is not in {round_.pot.locality.name}: this vote is for people who "
                            "live there. Nothing was changed.")
    return found


@transaction.atomic
def cast_public_vote(*, round_: Round, applications: list[Application], email: str, postcode: str,
                     today: datetime.date | None = None) -> list[PublicVote]:
    """A resident's one vote in the round (see the module's docstring)."""
    if round_.method != Round.Method.PUBLIC_VOTE:
        raise BudgetRefused("This round is not decided by a public vote.")
    if not voting_open(round_, today):
        when = (f" Voting was open from {round_.voting_opens_on:%-d %B %Y} to {round_.voting_closes_on:%-d %B %Y}."
                if round_.voting_opens_on and round_.voting_closes_on else "")
        raise BudgetRefused(f"Voting in this round is not open.{when} Nothing was changed.")
    if not applications:
        raise BudgetRefused("Choose at least one project to vote for.")
    if len(applications) > PUBLIC_CHOICES:
        raise BudgetRefused(f"Choose up to {PUBLIC_CHOICES} projects.")
    ballot = _ballot_ids(round_)
    if any(application.pk not in ballot for application in applications) or len(set(applications)) != len(applications):
        raise BudgetRefused("Choose from the projects in this vote.")
    if not email.strip():
        raise BudgetRefused("Enter your email address.")
    found = _check_postcode(round_, postcode)
    key = voter_key(email)
    if PublicVote.objects.filter(round=round_, voter_key=f"{key}:1").exists():
        raise BudgetRefused(SECOND_VOTE)
    now = timezone.now()
    area = found.area.code if found.area is not None else ""
    try:
        with transaction.atomic():
            votes = [PublicVote.objects.create(round=round_, application=application, voter_key=f"{key}:{number}",
                                               postcode=found.postcode, area_code=area, created_at=now)
                     for number, application in enumerate(applications, start=1)]
    except IntegrityError:
        raise BudgetRefused(SECOND_VOTE) from None
    audit.record(None, "budgets.public_voted", round_, action=AuditEvent.Action.CREATED, actor_label="resident",
                 changes={"round": round_.slug, "choices": len(votes)})
    return votes


@transaction.atomic
def publish_results(*, acting_user: Any, round_: Round) -> Round:
    """Publish the public vote's results (they are shown to everyone from now on)."""
    require(acting_user, "budgets.manage", round_.pot)
    if round_.method != Round.Method.PUBLIC_VOTE:
        raise BudgetRefused("This round is not decided by a public vote.")
    if round_.results_published_at is not None:
        raise BudgetRefused("The results are already published.")
    round_.results_published_at = timezone.now()
    round_.version += 1
    round_.save(update_fields=["results_published_at", "version", "updated_at"])
    audit.record(acting_user, "budgets.vote_results_published", round_, action=AuditEvent.Action.CHANGED,
                 changes={"round": round_.slug})
    return round_
