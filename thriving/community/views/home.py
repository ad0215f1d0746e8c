"""The community staff landing page: one place for organisers to start, linking to the four staff
areas (Local Nets, community ideas, pledge campaigns, ambassadors) with what needs them now.

Each count comes from that area's own scoped query, so an organiser sees only what they may see."""

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.community.models import Idea
from thriving.community.queries import ambassadors as ambassadors_queries
from thriving.community.queries import ideas as ideas_queries
from thriving.community.queries import local_nets as local_nets_queries
from thriving.community.queries import pledges as pledges_queries
from thriving.community.services import local_nets as local_nets_services
from thriving.core import policy

# Ideas still going somewhere: a stopped or sustained idea no longer needs a facilitator.
NEEDING_A_FACILITATOR = (Idea.Stage.PROPOSED, Idea.Stage.EXPLORING, Idea.Stage.SETTING_UP, Idea.Stage.RUNNING)


def ideas_without_facilitator(user: Any) -> list[tuple[str, int]]:
    """(stage label, how many ideas) for the person's ideas with no facilitator yet, by stage."""
    waiting = ideas_queries.visible_ideas(user).filter(facilitator__isnull=True, stage__in=NEEDING_A_FACILITATOR)
    counted = dict(waiting.order_by().values_list("stage").annotate(n=Count("id")))
    return [(Idea.Stage(stage).label, counted[stage]) for stage in NEEDING_A_FACILITATOR if counted.get(stage)]


@policy.policy("community.run_local_nets")
def home(request: HttpRequest) -> HttpResponse:
    """Where community organisers start: the staff areas, each with a line saying what it is for
    and a count of what is going on."""
    user = request.user
    ideas = ideas_without_facilitator(user) if policy.can(user, "community.facilitate_ideas") else []
    may_run_pledges = policy.can(user, "community.run_pledges")
    open_campaigns = (pledges_queries.manageable_campaigns(user).filter(
        pk__in=pledges_queries.open_campaigns(user).values("pk")).count() if may_run_pledges else 0)
    may_manage_ambassadors = policy.can(user, "community.manage_ambassadors")
    ambassadors = (ambassadors_queries.all_profiles(user) if may_manage_ambassadors
                   else ambassadors_queries.public_ambassadors(user)).count()
    upcoming = local_nets_queries.visible_sessions(user).filter(local_nets_services.upcoming_q()).count()
    return render(request, "community/staff/home.html", {
        "upcoming_sessions": upcoming,
        "may_facilitate": policy.can(user, "community.facilitate_ideas"),
        "ideas": ideas, "ideas_total": sum(n for _label, n in ideas),
        "may_run_pledges": may_run_pledges, "open_campaigns": open_campaigns,
        "may_manage_ambassadors": may_manage_ambassadors, "ambassadors": ambassadors,
    })
