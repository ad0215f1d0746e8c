"""Who may do what in connected teams. Rules join the one access policy in core.

Page-level rules say which roles may open a kind of page; whether a person may see or change one
team's huddles, actions and asks is decided per team by `thriving.teams.queries` (members and
linked enablers of that team; administrators for setting teams up).
"""

from thriving.core.models import Role
from thriving.core.policy import add_rule, has_role, is_signed_in

TEAM_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR)
REPORT_ROLES = (Role.ENABLER, Role.BOARD_MEMBER, Role.ANALYST, Role.ADMINISTRATOR)

add_rule("teams.view_teams", is_signed_in & has_role(*TEAM_ROLES))
add_rule("teams.manage_teams", is_signed_in & has_role(Role.ADMINISTRATOR, Role.ENABLER))
add_rule("teams.work_in_team", is_signed_in & has_role(*TEAM_ROLES))  # and a member of that team
add_rule("teams.my_actions", is_signed_in)
add_rule("teams.answer_asks", is_signed_in & has_role(Role.ENABLER))
add_rule("teams.asks_report", is_signed_in & has_role(*REPORT_ROLES))
