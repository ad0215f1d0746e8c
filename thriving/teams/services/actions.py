"""Actions: something a member has taken on, with an owner and a due date, linked to what it is
for; and closing one as done or dropped, with what happened."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from thriving.core import audit
from thriving.teams.models import Action as TeamAction
from thriving.teams.models import AgendaItem, Team
from thriving.teams.queries import agenda as agenda_queries
from thriving.teams.queries import teams as teams_queries
from thriving.teams.services.common import Action, TeamsError, change, name_of, require_member

CHIP_IN_DAYS = 7


def problems(team: Team, *, title: str, owner: Any, due_on: datetime.date | None) -> list[str]:
    """Everything wrong with a new action, all at once."""
    found = []
    if not title.strip():
        found.append("Say what the action is.")
    if owner is None:
        found.append("Choose who owns the action.")
    elif not teams_queries.is_member(owner, team):
        found.append("The owner must be a current member of the team.")
    if due_on is None:
        found.append("Give the date the action is due.")
    elif due_on < timezone.localdate():
        found.append("The due date must be today or in the future.")
    return found


@transaction.atomic
def add_action(*, acting_user: Any, team: Team, title: str, owner: Any, due_on: datetime.date | None,
               detail: str = "", item: AgendaItem | None = None, subject: Any = None) -> TeamAction:
    """Add an action, on an agenda item (linking it to the item's request, ask or idea) or on its own;
    `subject` links it to anything else it is for (a Local Net session, an idea), for apps after teams."""
    require_member(acting_user, team)
    wrong = problems(team, title=title, owner=owner, due_on=due_on)
    if wrong:
        raise TeamsError(" ".join(wrong))
    fields: dict[str, Any] = {}
    if item is not None:
        if item.huddle.team_id != team.pk:
            raise TeamsError("That item is not on this team's agenda.")
        fields = {"huddle": item.huddle, "agenda_item": item, "request": item.request, "ask": item.ask,
                  "subject_type": item.subject_type, "subject_id": item.subject_id}
        if item.action is not None:
            fields.update(request=item.action.request, ask=item.action.ask)
    if subject is not None:
        fields.update(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
    action = TeamAction.objects.create(team=team, title=title.strip()[:200], detail=detail, owner=owner,
                                       due_on=due_on, created_by=acting_user, created_at=timezone.now(), **fields)
    audit.record(acting_user, "action.created", action, action=Action.CREATED, subject=name_of(owner),
                 changes={"owner": name_of(owner), "due_on": str(due_on)})
    return action


def chip_in(*, acting_user: Any, item: AgendaItem) -> TeamAction:
    """Take an item on: an action owned by the member who chipped in, due in a week. Its title is
    what every member of the team may see of the item (the team's actions are theirs to read), so
    it never carries a reference the agenda withholds from some of them."""
    title = agenda_queries.what_any_member_sees(item).title
    return add_action(acting_user=acting_user, team=item.huddle.team, title=f"Follow up: {title}"[:200],
                      owner=acting_user, due_on=timezone.localdate() + datetime.timedelta(days=CHIP_IN_DAYS),
                      item=item)


@transaction.atomic
def close_action(*, acting_user: Any, action: TeamAction, version: int, status: str, outcome: str) -> TeamAction:
    """Mark an action done or dropped, saying what was done or why it was dropped. Its owner, or
    any member of its team, may close it."""
    if action.owner_id != acting_user.pk:
        require_member(acting_user, action.team)
    if status not in (TeamAction.Status.DONE, TeamAction.Status.DROPPED):
        raise TeamsError("Choose done or dropped.")
    if action.status != TeamAction.Status.OPEN:
        raise TeamsError("This action is already closed.")
    if not outcome.strip():
        raise TeamsError("Say what was done, or why it was dropped.")
    change(action, version, status=status, outcome=outcome.strip(), completed_at=timezone.now())
    audit.record(acting_user, f"action.{status}", action, action=Action.CHANGED, subject=name_of(action.owner),
                 changes={"status": ["open", status]})
    return action
