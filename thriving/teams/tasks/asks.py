"""Reminding enablers (and whoever made the ask) of asks still waiting for an answer after they
were due. Each ask is reminded once; passing it on to another enabler starts its clock again.

The emails carry no personal data: the team, the kind of ask, when it was due and a link."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.teams.models import Ask, AskEvent
from thriving.teams.queries import asks as queries
from thriving.teams.services.asks import ask_link, due_text, email_people

REMINDED_EVENT = "ask.reminded"


def overdue_unreminded(now: datetime.datetime | None = None) -> QuerySet[Ask]:
    """Asks still waiting for an answer after they were due, not yet reminded about."""
    return Ask.objects.filter(status__in=queries.OPEN, due_by__lt=now or timezone.now(), reminded_at__isnull=True)


def _remind(ask: Ask) -> None:
    what = f"{ask.get_kind_display().lower()} ({ask.get_theme_display().lower()})"
    if ask.enabler.is_active:
        email_people(
            [ask.enabler.email],
            f"Reminder: {ask.team.name} is waiting for your answer",
            (
                f"{ask.team.name} asked you for: {what}. The answer was due by {due_text(ask.due_by)}.\n\n"
                f"Please grant it, decline it with a reason, or pass it on as soon as you can.\n"
                f"Sign in to see it: {ask_link(ask)}\n"
            ),
        )
    asker = ask.created_by
    if asker is not None and asker.is_active:
        email_people(
            [asker.email],
            f"No answer yet: {ask.team.name}'s ask",
            (
                f"The ask from {ask.team.name} for: {what} has not been answered. The answer was due by "
                f"{due_text(ask.due_by)}. The enabler has been reminded too.\n\n"
                f"Sign in to see it: {ask_link(ask)}\n"
            ),
        )


@task()
def remind_asks() -> int:
    """Remind the enabler and the asker of each ask still awaiting an answer after it was due.
    Each ask is reminded once: a second run sends nothing new. Returns how many were reminded."""
    now = timezone.now()
    reminded = 0
    due = overdue_unreminded(now).select_related("team", "enabler", "created_by")
    for ask in due.order_by("due_by", "id"):
        with transaction.atomic():
            # Claim the ask first, so that two runs at once remind it only once.
            if not overdue_unreminded(now).filter(pk=ask.pk).update(reminded_at=now):
                continue
            AskEvent.objects.create(
                ask=ask, kind=AskEvent.Kind.REMINDED, at=now,
                text=f"Reminded {ask.enabler.full_name or ask.enabler.email}: "
                f"the answer was due by {due_text(ask.due_by)}",
            )
            audit.record(None, REMINDED_EVENT, ask, action=audit.Action.CHANGED, actor_label="system",
                         object_label=f"{ask.team.name}: {ask.title}")
        _remind(ask)
        reminded += 1
    return reminded
