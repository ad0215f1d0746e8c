"""Asks to enablers: a team asks one of its enablers for permission, a resource, or a blocker in
the system removed; the enabler grants it, declines it with a reason, or passes it on to another
enabler; the team may withdraw it while it waits. Every step is kept as an `AskEvent` and in the
audit trail, and each change names the version of the ask it was made against.

The emails say which team asked, what kind of ask it is and when the answer is due, with a link to
sign in; they carry no one's personal data."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.tasks import send_email
from thriving.core.workdays import add_working_days
from thriving.teams.models import Ask, AskEvent, Huddle, Team
from thriving.teams.queries import asks as queries
from thriving.teams.services.common import change

DUE_WORKING_DAYS = 5
Action = audit.Action


CHANGED_FIRST = ("Someone else changed this ask while you were working on it. "
                 "Check what changed, then make your change again.")


class AskError(ActionRefused):
    """A change to an ask that cannot be made, with a message to show the person. (Someone else
    answering or changing the ask first is core's `Conflict`, with the message above.)"""


def _name(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else "someone"


def _event(ask: Ask, kind: str, actor: Any, text: str = "", at: datetime.datetime | None = None) -> AskEvent:
    return AskEvent.objects.create(
        ask=ask, kind=kind, text=text, at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def ask_link(ask: Ask, site: str = "") -> str:
    """The ask's page on `site` (the address the page making the change was served at, in the
    demo: `core.site.site_url`), or on SITE_URL."""
    return f"{(site or settings.SITE_URL).rstrip('/')}/asks/{ask.uuid}/"


def due_text(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y, %H:%M}"


def email_people(to: list[str], subject: str, body: str) -> None:
    addresses = sorted({address for address in to if address})
    if addresses:
        send_email.enqueue(subject=subject, body=body, to=addresses)


@transaction.atomic
def make_ask(
    *,
    acting_user: Any,
    team: Team,
    kind: str,
    theme: str,
    title: str,
    detail: str,
    enabler: Any,
    huddle: Huddle | None = None,
    now: datetime.datetime | None = None,
    site: str = "",
) -> Ask:
    """Put the team's ask to one of its enablers; the answer is due in five working days."""
    policy.require(acting_user, "teams.work_in_team")
    if not queries.is_asking_member(acting_user, team):
        raise PermissionDenied("teams.work_in_team")
    if team.archived_at is not None:
        raise AskError("This team has been archived, so it cannot make asks.")
    if not queries.team_enablers(team).filter(pk=enabler.pk).exists():
        raise AskError("Choose one of the team's enablers.")
    if huddle is not None and huddle.team_id != team.pk:
        raise AskError("Choose one of the team's huddles.")
    if kind not in Ask.Kind.values or theme not in Ask.Theme.values:
        raise AskError("Choose what kind of ask it is and its theme.")
    moment = now or timezone.now()
    with transaction.atomic():
        ask = Ask.objects.create(
            team=team, kind=kind, theme=theme, title=title.strip(), detail=detail.strip(), enabler=enabler,
            huddle=huddle, created_by=acting_user, created_at=moment, due_by=add_working_days(moment, DUE_WORKING_DAYS),
        )
        _event(ask, AskEvent.Kind.ASKED, acting_user, f"Asked {_name(enabler)}", at=moment)
        audit.record(acting_user, "ask.created", ask, action=Action.CREATED, object_label=f"{team.name}: {ask.title}",
                     changes={"enabler": enabler.email, "kind": kind, "theme": theme})
        transaction.on_commit(lambda: notify_enabler(ask.pk, site))
    return ask


def notify_enabler(ask_id: int, site: str = "") -> None:
    """Tell the enabler an ask is waiting for them."""
    ask = Ask.objects.select_related("team", "enabler").get(pk=ask_id)
    email_people(
        [ask.enabler.email],
        f"{ask.team.name} has an ask for you",
        (
            f"{ask.team.name} has asked you for: {ask.get_kind_display().lower()} "
            f"({ask.get_theme_display().lower()}).\n\n"
            f"Please grant it, decline it with a reason, or pass it on by {due_text(ask.due_by)}.\n"
            f"Sign in to see it: {ask_link(ask, site)}\n"
        ),
    )


def notify_team(ask_id: int) -> None:
    """Tell whoever made the ask that it has an answer."""
    ask = Ask.objects.select_related("team", "created_by").get(pk=ask_id)
    asker = ask.created_by
    if asker is None or not asker.is_active:
        return
    email_people(
        [asker.email],
        f"Your team's ask has been {ask.get_status_display().lower()}",
        f"An ask from {ask.team.name} has been {ask.get_status_display().lower()}.\n\n"
        f"Sign in to see it: {ask_link(ask)}\n",
    )


def _change(ask: Ask, version: int, **fields: Any) -> Ask:
    """Write fields only if the ask is still at `version`; otherwise raise Conflict."""
    change(ask, version, message=CHANGED_FIRST, **fields)
    return ask


def _check_open(ask: Ask, version: int) -> None:
    if ask.version != version:
        raise Conflict(CHANGED_FIRST)
    if ask.status not in queries.OPEN:
        raise AskError(f"This ask has already been {ask.get_status_display().lower()}.")


def _require_answerer(user: Any, ask: Ask) -> None:
    policy.require(user, "teams.answer_asks")
    if ask.enabler_id != getattr(user, "pk", None):
        raise PermissionDenied("teams.answer_asks")


def _answer(ask: Ask, *, acting_user: Any, version: int, status: str, text: str, event: str) -> Ask:
    _require_answerer(acting_user, ask)
    _check_open(ask, version)
    before = ask.status
    with transaction.atomic():
        moment = timezone.now()
        _change(ask, version, status=status, answer=text, answered_by=acting_user, answered_at=moment)
        _event(ask, event, acting_user, text, at=moment)
        audit.record(acting_user, f"ask.{status}", ask, action=Action.CHANGED,
                     object_label=f"{ask.team.name}: {ask.title}", changes={"status": [before, status]})
        transaction.on_commit(lambda: notify_team(ask.pk))
    return ask


@transaction.atomic
def grant(ask: Ask, *, acting_user: Any, version: int, note: str = "") -> Ask:
    """Grant the ask, with a note if there is something to add."""
    return _answer(ask, acting_user=acting_user, version=version, status=Ask.Status.GRANTED, text=note.strip(),
                   event=AskEvent.Kind.GRANTED)


@transaction.atomic
def decline(ask: Ask, *, acting_user: Any, version: int, reason: str) -> Ask:
    """Decline the ask. A reason is required, so that the team knows why and partners can see
    where the system gets in the way."""
    if not reason.strip():
        raise AskError("Say why you are declining the ask.")
    return _answer(ask, acting_user=acting_user, version=version, status=Ask.Status.DECLINED, text=reason.strip(),
                   event=AskEvent.Kind.DECLINED)


@transaction.atomic
def escalate(ask: Ask, *, acting_user: Any, version: int, to: Any, due_by: datetime.datetime, note: str = "",
             site: str = "") -> Ask:
    """Pass the ask on to another enabler, who becomes the one to answer it by the new due time.
    The ask stays open; the history keeps who passed it on to whom."""
    _require_answerer(acting_user, ask)
    _check_open(ask, version)
    others = queries.enablers_to_escalate_to(acting_user)
    if to is None or to.pk == acting_user.pk or not others.filter(pk=to.pk).exists():
        raise AskError("Choose another enabler to pass the ask on to.")
    if due_by <= timezone.now():
        raise AskError("The new due time must be in the future.")
    with transaction.atomic():
        moment = timezone.now()
        _change(ask, version, status=Ask.Status.ESCALATED, enabler=to, escalated_to=to, due_by=due_by,
                reminded_at=None)
        text = f"Passed on from {_name(acting_user)} to {_name(to)}, due by {due_text(due_by)}" + (
            f". {note.strip()}" if note.strip() else "")
        _event(ask, AskEvent.Kind.ESCALATED, acting_user, text, at=moment)
        audit.record(acting_user, "ask.escalated", ask, action=Action.CHANGED,
                     object_label=f"{ask.team.name}: {ask.title}",
                     changes={"enabler": [acting_user.email, to.email], "due_by": [None, due_by.isoformat()]})
        transaction.on_commit(lambda: notify_enabler(ask.pk, site))
    return ask


@transaction.atomic
def withdraw(ask: Ask, *, acting_user: Any, version: int, reason: str = "") -> Ask:
    """The team takes back an ask that is still waiting for an answer."""
    policy.require(acting_user, "teams.work_in_team")
    if not queries.is_asking_member(acting_user, ask.team):
        raise PermissionDenied("teams.work_in_team")
    _check_open(ask, version)
    before = ask.status
    with transaction.atomic():
        moment = timezone.now()
        _change(ask, version, status=Ask.Status.WITHDRAWN)
        _event(ask, AskEvent.Kind.WITHDRAWN, acting_user, reason.strip(), at=moment)
        audit.record(acting_user, "ask.withdrawn", ask, action=Action.CHANGED,
                     object_label=f"{ask.team.name}: {ask.title}", changes={"status": [before, Ask.Status.WITHDRAWN]})
        transaction.on_commit(lambda: notify_withdrawn(ask.pk))
    return ask


def notify_withdrawn(ask_id: int) -> None:
    """Tell the enabler they no longer need to answer."""
    ask = Ask.objects.select_related("team", "enabler").get(pk=ask_id)
    if ask.enabler.is_active:
        email_people([ask.enabler.email], f"{ask.team.name} has withdrawn an ask",
                     f"{ask.team.name} no longer needs an answer to an ask it made of you.\n\n"
                     f"Sign in to see it: {ask_link(ask)}\n")


def may_withdraw(user: Any, ask: Ask) -> bool:
    return ask.status in queries.OPEN and queries.is_asking_member(user, ask.team)


def may_answer(user: Any, ask: Ask) -> bool:
    return ask.status in queries.OPEN and ask.enabler_id == getattr(user, "pk", None) and policy.can(
        user, "teams.answer_asks")
