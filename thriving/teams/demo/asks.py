"""Demo asks to enablers: on the first demo team with a member and an enabler, one ask awaiting an
answer, one granted, one declined and one passed on to another enabler, each with its history.

Deterministic and idempotent: each demo ask is found by its team and title, so running the demo
again makes nothing new. Runs after the teams' own demo; with no teams it does nothing."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core.models import Role, User
from thriving.core.workdays import add_working_days
from thriving.teams.models import Ask, AskEvent, Team, TeamMember
from thriving.teams.queries import asks as queries

# (title, kind, theme, days ago, outcome, answer or note)
ASKS = [
    ("Share case notes at the weekly huddle", Ask.Kind.PERMISSION, Ask.Theme.DATA_SHARING, 2, Ask.Status.AWAITING,
     ""),
    ("Use the library's meeting room on Tuesday mornings", Ask.Kind.RESOURCE, Ask.Theme.PREMISES, 20,
     Ask.Status.GRANTED, "Granted: book it through the library desk."),
    ("Refer straight to the debt advice service without a GP letter", Ask.Kind.BLOCKER, Ask.Theme.REFERRALS, 30,
     Ask.Status.DECLINED, "The service's funding terms need the GP letter until April; we are asking to change them."),
    ("Release two hours a week of a housing officer's time", Ask.Kind.RESOURCE, Ask.Theme.WORKFORCE, 9,
     Ask.Status.ESCALATED, "This needs the head of housing's agreement."),
]


def _team_with_people() -> tuple[Team, Any, Any] | None:
    for team in Team.objects.filter(archived_at__isnull=True).order_by("name", "pk"):
        member = TeamMember.objects.filter(team=team, left_at__isnull=True).exclude(
            kind=TeamMember.Kind.ENABLER).select_related("user").order_by("joined_at", "pk").first()
        enabler = queries.team_enablers(team).order_by("pk").first()
        if member is not None and enabler is not None:
            return team, member.user, enabler
    return None


def load(stdout: Any, verbosity: int) -> None:
    found = _team_with_people()
    if found is None:
        return
    team, asker, enabler = found
    other = User.objects.filter(memberships__role=Role.ENABLER, is_active=True).exclude(pk=enabler.pk).order_by(
        "pk").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made = 0
    for title, kind, theme, days_ago, outcome, text in ASKS:
        if Ask.objects.filter(team=team, title=title).exists():
            continue
        if outcome == Ask.Status.ESCALATED and other is None:
            continue
        with transaction.atomic():
            made += 1
            _make(team, asker, enabler, other, title, kind, theme, now - datetime.timedelta(days=days_ago), outcome,
                  text)
    if verbosity and made:
        stdout.write(f"Added {made} demo ask{'' if made == 1 else 's'} to {team.name}.")


def _make(team: Team, asker: Any, enabler: Any, other: Any, title: str, kind: str, theme: str,
          asked_at: datetime.datetime, outcome: str, text: str) -> None:
    ask = Ask.objects.create(
        team=team, kind=kind, theme=theme, title=title, enabler=enabler, created_by=asker, created_at=asked_at,
        due_by=add_working_days(asked_at, 5),
        detail="So that the team can help people sooner, without sending them round the system.",
    )
    AskEvent.objects.create(ask=ask, kind=AskEvent.Kind.ASKED, actor=asker, at=asked_at,
                            text=f"Asked {enabler.full_name or enabler.email}")
    answered_at = asked_at + datetime.timedelta(days=3)
    if outcome in (Ask.Status.GRANTED, Ask.Status.DECLINED):
        Ask.objects.filter(pk=ask.pk).update(status=outcome, answer=text, answered_by=enabler,
                                             answered_at=answered_at, version=2)
        AskEvent.objects.create(ask=ask, kind=outcome, actor=enabler, at=answered_at, text=text)
    elif outcome == Ask.Status.ESCALATED:
        due_by = add_working_days(answered_at, 5)
        Ask.objects.filter(pk=ask.pk).update(status=outcome, enabler=other, escalated_to=other, due_by=due_by,
                                             version=2)
        AskEvent.objects.create(
            ask=ask, kind=AskEvent.Kind.ESCALATED, actor=enabler, at=answered_at,
            text=f"Passed on from {enabler.full_name or enabler.email} to {other.full_name or other.email}. {text}",
        )
