"""Reminding enablers of decisions waiting for their sign-off: each named enabler of the pot is
emailed about a decision waiting longer than the pot's `signoff_reminder_days` (working days,
Monday to Friday), and again after each such period while it still waits (`reminded_at` says when
they last were, so nobody is reminded twice in a period). An enabler is never reminded about their
own application (another enabler signs that off).

The emails carry no personal data: the application's reference, the amount, and a link to sign in
and sign it off."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thriving.budgets.models import Decision
from thriving.budgets.services.common import money
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.tasks import send_email


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days after `start` up to and including `end` (none when `end` is not later)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def is_due(decision: Decision, today: datetime.date) -> bool:
    """Waiting a period since it was decided, or since the enablers were last reminded."""
    since = decision.reminded_at or decision.created_at
    return working_days_between(timezone.localdate(since), today) >= decision.application.pot.signoff_reminder_days


def _email(decision: Decision, enablers: list) -> None:
    application = decision.application
    link = settings.SITE_URL.rstrip("/") + reverse("budgets:signoff", kwargs={"uuid": decision.uuid})
    subject = f"Waiting for your sign-off: {application.reference}"
    body = (f"{application.pot.name} decided on {decision.decided_on:%-d %B %Y} to award {money(decision.amount)} "
            f"to {application.reference}, above its delegated limit. It is waiting for an enabler to sign it off "
            f"or refuse it.\n\nSign in to see it: {link}\n")
    for enabler in enablers:
        send_email.enqueue(subject=subject, body=body, to=[enabler.email])  # type: ignore[attr-defined]


@task()
def remind_signoffs() -> int:
    """Remind the named enablers of each decision waiting too long for sign-off. Running it again
    in the same period sends nothing more. Returns the number of decisions reminded of."""
    now = timezone.now()
    today = timezone.localdate(now)
    waiting = Decision.objects.filter(signoff=Decision.Signoff.AWAITING, application__pot__closed_at__isnull=True)
    count = 0
    for decision in waiting.select_related("application__pot").prefetch_related("application__pot__enablers"):
        if not is_due(decision, today):
            continue
        with transaction.atomic():
            # Claim it first, so that two runs at once remind of it only once.
            claimed = waiting.filter(pk=decision.pk, reminded_at=decision.reminded_at).update(reminded_at=now)
            if not claimed:
                continue
            enablers = [enabler for enabler in decision.application.pot.enablers.all()
                        if enabler.is_active and enabler.email and enabler.pk != decision.application.created_by_id]
            audit.record(None, "budgets.signoff_reminded", decision, action=AuditEvent.Action.CHANGED,
                         actor_label="system", changes={"enablers": len(enablers)})
            transaction.on_commit(lambda d=decision, e=enablers: _email(d, e))  # type: ignore[misc]
        count += 1
    return count
