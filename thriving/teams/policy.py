"""Who may do what in connected teams, and on which rows. Rules join the one access policy in core;
scopes (`add_scope`) say which teams, huddles, actions and asks a person may take an action on, and
every read starts from them: `Team.objects.visible_to(user)`, `get_visible_or_404(Huddle, user, ...)`.

Page-level rules say which roles may open a kind of page. The scopes (model, action: which rows):

- `Team`, `view`: teams not archived; every one for administrators, otherwise those the person is
  in now (as a member, a volunteer or a linked enabler);
- `Team`, `work`: teams not archived that the person is in now (administrators too only if they
  are in it): the schedule, huddles and agenda;
- `Team`, `ask`: teams not archived in which the person is a member or volunteer now (linked
  enablers do not ask themselves);
- `Team`, `view_asks`: teams the person is in now, archived ones too: the list of a team's asks;
- `TeamMember`, `view`: the people of the teams the person may view;
- `HuddleSeries` and `Huddle`, `view`: those of the teams the person may work in;
- `Huddle`, `read_minutes`: as `view`, except that once a huddle is finished its record is the
  note-taker's alone until the minutes are shared;
- `AgendaItem`, `view`: the items of the huddles the person may view;
- `Action`, `view`: the person's own actions, and those of the teams they are in now;
- `Ask`, `view`: the asks of the teams the person is in now, and those put (or passed on) to them;
- `Ask`, `report`: every ask, for those who may read the report across teams (counts only).
"""

from typing import Any

from django.db.models import Q, QuerySet

from thriving.core.models import Role
from thriving.core.policy import add_rule, add_scope, can, has_role, is_signed_in, roles_of
from thriving.teams.models import Action, AgendaItem, Ask, Huddle, HuddleSeries, Team, TeamMember

TEAM_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR)
REPORT_ROLES = (Role.ENABLER, Role.BOARD_MEMBER, Role.ANALYST, Role.ADMINISTRATOR)

add_rule("teams.view_teams", is_signed_in & has_role(*TEAM_ROLES))
add_rule("teams.manage_teams", is_signed_in & has_role(Role.ADMINISTRATOR, Role.ENABLER))
add_rule("teams.work_in_team", is_signed_in & has_role(*TEAM_ROLES))  # and a member of that team
add_rule("teams.my_actions", is_signed_in)
add_rule("teams.answer_asks", is_signed_in & has_role(Role.ENABLER))
add_rule("teams.asks_report", is_signed_in & has_role(*REPORT_ROLES))


def is_administrator(user: Any) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


def current_places(user: Any) -> QuerySet[TeamMember]:
    """The person's places in teams now: as a member, a volunteer or a linked enabler."""
    if not getattr(user, "is_authenticated", False):
        return TeamMember.objects.none()
    return TeamMember.objects.filter(user=user, left_at__isnull=True)


def _in_team_now(user: Any, team: str = "pk") -> Q:
    """Rows whose team (the row itself, or the one its field `team` names) the person is in now."""
    return Q(**{f"{team}__in": current_places(user).values("team_id")})


def _teams_to_view(user: Any, teams: QuerySet) -> QuerySet:
    teams = teams.filter(archived_at__isnull=True)
    if is_administrator(user):
        return teams
    return teams.filter(_in_team_now(user))


def _teams_to_work_in(user: Any, teams: QuerySet) -> QuerySet:
    return teams.filter(_in_team_now(user), archived_at__isnull=True)


def _teams_to_ask_for(user: Any, teams: QuerySet) -> QuerySet:
    asking = current_places(user).exclude(kind=TeamMember.Kind.ENABLER).values("team_id")
    return teams.filter(pk__in=asking, archived_at__isnull=True)


def _teams_with_asks_to_view(user: Any, teams: QuerySet) -> QuerySet:
    return teams.filter(_in_team_now(user))


def _members_to_view(user: Any, members: QuerySet) -> QuerySet:
    return members.filter(team__in=_teams_to_view(user, Team.objects.all()))


def _of_teams_to_work_in(user: Any, rows: QuerySet) -> QuerySet:
    return rows.filter(_in_team_now(user, "team"), team__archived_at__isnull=True)


def _minutes_to_read(user: Any, huddles: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return huddles.none()
    readable = ~Q(status=Huddle.Status.FINISHED) | Q(minutes_shared_at__isnull=False) | Q(note_taker=user)
    return _of_teams_to_work_in(user, huddles).filter(readable)


def _items_to_view(user: Any, items: QuerySet) -> QuerySet:
    return items.filter(huddle__in=_of_teams_to_work_in(user, Huddle.objects.all()))


def _actions_to_view(user: Any, actions: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return actions.none()
    return actions.filter(Q(owner=user) | _in_team_now(user, "team"))


def _asks_to_view(user: Any, asks: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return asks.none()
    return asks.filter(_in_team_now(user, "team") | Q(enabler=user) | Q(escalated_to=user))


def _asks_to_count(user: Any, asks: QuerySet) -> QuerySet:
    return asks if can(user, "teams.asks_report") else asks.none()


add_scope(Team, "view", _teams_to_view)
add_scope(Team, "work", _teams_to_work_in)
add_scope(Team, "ask", _teams_to_ask_for)
add_scope(Team, "view_asks", _teams_with_asks_to_view)
add_scope(TeamMember, "view", _members_to_view)
add_scope(HuddleSeries, "view", _of_teams_to_work_in)
add_scope(Huddle, "view", _of_teams_to_work_in)
add_scope(Huddle, "read_minutes", _minutes_to_read)
add_scope(AgendaItem, "view", _items_to_view)
add_scope(Action, "view", _actions_to_view)
add_scope(Ask, "view", _asks_to_view)
add_scope(Ask, "report", _asks_to_count)
