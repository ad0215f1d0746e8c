"""Reminding people of next steps due tomorrow or overdue, once each (`reminded_at`): a coach who
owns one is emailed; for one a person coached owns, the lead coach is emailed so that they can
remind the person. The people coached are never emailed. A coach who no longer coaches in the
relationship is not emailed: its lead coach is, in their place.

The emails carry no personal data: when the step is due, and a link to sign in and see it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thriving.coaching.models import Coach, CoachingRelationship, NextStep
from thriving.coaching.services.common import subject_of
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.tasks import send_email

AHEAD = datetime.timedelta(days=1)  # reminded the day before it is due, or once overdue if added later


def unreminded_due(today: datetime.date) -> QuerySet[NextStep]:
    """Open next steps of active coaching due by tomorrow, nobody yet reminded of."""
    return NextStep.objects.filter(done_on__isnull=True, reminded_at__isnull=True, due_on__lte=today + AHEAD,
                                   relationship__status=CoachingRelationship.Status.ACTIVE)


def _link(step: NextStep) -> str:
    relationship = step.relationship
    if step.session is not None:
        path = reverse("coaching:session", kwargs={"uuid": relationship.uuid, "session_uuid": step.session.uuid})
    else:
        path = reverse("coaching:sessions", kwargs={"uuid": relationship.uuid})
    return settings.SITE_URL.rstrip("/") + path


def _when(step: NextStep, today: datetime.date) -> str:
    due = f"{step.due_on:%A %-d %B %Y}"
    if step.due_on < today:
        return f"was due on {due} and is not marked done"
    return "is due today" if step.due_on == today else f"is due tomorrow, {due}"


def _message(step: NextStep, today: datetime.date) -> tuple[object, str, str] | None:
    """Whom to email, with the subject and body; None when there is no one to tell."""
    coaches = step.relationship.coaches_now  # type: ignore[attr-defined]
    late = step.due_on < today
    link = _link(step)
    if step.owner_user_id is not None and any(c.user_id == step.owner_user_id for c in coaches):
        return (step.owner_user, f"{'Overdue' if late else 'Due soon'}: a next step from coaching",
                f"A next step you agreed to take in coaching {_when(step, today)}.\n\n"
                f"Sign in to see it, and mark it done once it is: {link}\n")
    lead = next((c.user for c in coaches if c.is_lead), None)
    if lead is None:
        return None
    whose = "one of the people you coach agreed to" if step.owner_person_id else "agreed in coaching you lead"
    return (lead, f"{'Overdue' if late else 'Due soon'}: a next step to remind someone of",
            f"A next step {whose} {_when(step, today)}.\n\n"
            f"You may want to remind them. Sign in to see it: {link}\n")


def _email(found: tuple[object, str, str] | None) -> None:
    if found is None:
        return
    user, subject, body = found
    if getattr(user, "is_active", False) and getattr(user, "email", ""):
        send_email.enqueue(subject=subject, body=body, to=[user.email])  # type: ignore[attr-defined]


@task()
def remind_next_steps() -> int:
    """Remind whoever should know of each open next step due by tomorrow, once. Running it again
    sends nothing more. Returns the number of next steps reminded of."""
    now = timezone.now()
    today = timezone.localdate(now)
    found = unreminded_due(today)
    coaches_now = Prefetch("relationship__coaches", to_attr="coaches_now",
                           queryset=Coach.objects.filter(ended_on__isnull=True).select_related("user"))
    steps = (found.select_related("relationship__person", "session", "owner_user")
             .prefetch_related(coaches_now).order_by("due_on", "pk"))
    count = 0
    for step in steps:
        with transaction.atomic():
            # Claim the step first, so that two runs at once remind of it only once.
            if not found.filter(pk=step.pk).update(reminded_at=now):
                continue
            message = _message(step, today)
            audit.record(None, "coaching.next_step_reminded", step, action=AuditEvent.Action.CHANGED,
                         actor_label="system", subject=subject_of(step.relationship), purpose="coaching",
                         changes={"reminded": "nobody" if message is None else
                                  ("owner" if message[0] == step.owner_user else "lead coach")})
            transaction.on_commit(lambda m=message: _email(m))  # type: ignore[misc]
        count += 1
    return count
