"""Reading actions: a team's open actions, a person's own across their teams, and a huddle's
actions by the agenda item they were agreed on. One action is fetched through its scope (its
owner, or a current member of its team): `get_visible_or_404(Action, user, uuid=...)`.

Apps after `teams` read the actions linked to their own records through `actions_about`, and name
`Action` in hints through this module."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.utils import timezone

from thriving.teams.models import Action, Huddle, Team


def open_actions(team: Team) -> QuerySet[Action]:
    return team.actions.filter(status=Action.Status.OPEN).select_related("owner").order_by("due_on", "id")


def my_actions(user: Any) -> QuerySet[Action]:
    """The person's open actions across all their teams, overdue first, then by due date."""
    today = timezone.localdate()
    return (
        Action.objects.visible_to(user).filter(owner=user, status=Action.Status.OPEN, team__archived_at__isnull=True)
        .select_related("team")
        .annotate(overdue_rank=Case(When(due_on__lt=today, then=Value(0)), default=Value(1),
                                    output_field=IntegerField()))
        .order_by("overdue_rank", "due_on", "id")
    )


def actions_by_item(huddle: Huddle) -> tuple[dict[int, list[Action]], list[Action]]:
    """The huddle's actions under the agenda item they were agreed on, and those on no item."""
    under: dict[int, list[Action]] = {}
    loose: list[Action] = []
    for action in Action.objects.filter(huddle=huddle).select_related("owner").order_by("due_on", "id"):
        if action.agenda_item_id is None:
            loose.append(action)
        else:
            under.setdefault(action.agenda_item_id, []).append(action)
    return under, loose


def actions_about(subject: Model) -> QuerySet[Action]:
    """The actions linked to something of an app after `teams` (a Local Nets session, an idea),
    open or closed, soonest due first, for the page of that thing."""
    return Action.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
    ).select_related("owner", "team").order_by("due_on", "id")
