"""Background tasks of connected teams: reminding each owner of an action once two days before it
is due and once when it becomes overdue, and topping up every team's huddles for the next eight
weeks. The emails carry no personal data: the action's title (as its owner wrote it), the team,
the date and a link to sign in."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.core.tasks import send_email
from thriving.teams.models import Action, Team
from thriving.teams.services import schedule

BEFORE = datetime.timedelta(days=2)


def due_soon(today: datetime.date) -> QuerySet[Action]:
    """Open actions due within two days (and not yet overdue), whose owner has not been reminded."""
    return Action.objects.filter(status=Action.Status.OPEN, reminded_before_at__isnull=True,
                                 due_on__gte=today, due_on__lte=today + BEFORE)


def overdue(today: datetime.date) -> QuerySet[Action]:
    """Open actions past their due date whose owner has not been told so."""
    return Action.objects.filter(status=Action.Status.OPEN, reminded_after_at__isnull=True, due_on__lt=today)


def _email(action: Action, late: bool) -> None:
    owner = action.owner
    if not owner.is_active or not owner.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("teams:my-actions")
    due = f"{action.due_on:%A %-d %B %Y}"
    if late:
        subject = f"Overdue: an action for {action.team.name}"
        opening = f"Your action for {action.team.name} was due on {due} and is still open."
    else:
        subject = f"Due soon: an action for {action.team.name}"
        opening = f"Your action for {action.team.name} is due on {due}."
    send_email.enqueue(subject=subject, body=(
        f"{opening}\n\nAction: {action.title}\n\nMark it done or dropped, or see all your actions: {link}\n"),
        to=[owner.email])


def _remind(found: QuerySet[Action], field: str, late: bool, now: datetime.datetime) -> int:
    count = 0
    for action in found.select_related("owner", "team").order_by("due_on", "id"):
        with transaction.atomic():
            # Claim the action first, so that two runs at once remind its owner only once.
            if not found.filter(pk=action.pk).update(**{field: now}):
                continue
            audit.record(None, "action.reminded", action, action=audit.Action.CHANGED, actor_label="system",
                         changes={"reminder": "overdue" if late else "due soon"})
            transaction.on_commit(lambda a=action: _email(a, late))
        count += 1
    return count


@task()
def remind_actions() -> int:
    """Email each owner once two days before an action is due and once when it becomes overdue,
    and top up the teams' huddles. Running it again sends nothing more. Returns the number of
    reminders sent."""
    now = timezone.now()
    today = timezone.localdate(now)
    sent = _remind(overdue(today), "reminded_after_at", True, now)
    sent += _remind(due_soon(today), "reminded_before_at", False, now)
    for team in Team.objects.filter(archived_at__isnull=True, huddle_series__ended_at__isnull=True).distinct():
        schedule.top_up(team, now)
    return sent
