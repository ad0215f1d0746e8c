"""Who may do what in the community Ways of Working. Rules join the one access policy in core.

Residents need no account for the public pages (listings, sign-up, pledges, proposing an idea,
ambassadors' pages); those views are marked public. Staff pages say which roles may use them.
"""

from thriving.core.models import Role
from thriving.core.policy import add_rule, has_role, is_signed_in

ORGANISER_ROLES = (Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR)

add_rule("community.run_local_nets", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.run_pledges", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.facilitate_ideas", is_signed_in & has_role(*ORGANISER_ROLES))
add_rule("community.be_ambassador", is_signed_in & has_role(Role.AMBASSADOR))
add_rule("community.manage_ambassadors", is_signed_in & has_role(Role.ADMINISTRATOR, Role.ENABLER))
