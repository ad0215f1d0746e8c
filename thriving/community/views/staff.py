"""The community staff landing page: one place for organisers to start, linking to the four staff
areas (Local Nets, community ideas, pledge campaigns, ambassadors) with what needs them now.

Each count comes from that area's own scoped query, so an organiser sees only what they may see."""

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.community import queries_ideas, queries_local_nets, queries_pledges
from thriving.community import services_local_nets as local_nets
from thriving.community.models import Idea
from thriving.core import policy

# Ideas still going somewhere: a stopped or sustained idea no longer needs a facilitator.
NEEDING_A_FACILITATOR = (Idea.Stage.PROPOSED, Idea.Stage.EXPLORING, Idea.Stage.SETTING_UP, Idea.Stage.RUNNING)


def ideas_without_facilitator(user: Any) -> list[tuple[str, int]]:
    """(stage label, how many ideas) for the person's ideas with no facilitator yet, by stage."""
    counted = dict(queries_ideas.visible_ideas(user).filter(facilitator__isnull=True, stage__in=NEEDING_A_FACILITATOR)
                   .order_by().values_list("stage").annotate(n=Count("id")))
    return [(Idea.Stage(stage).label, counted[stage]) for stage in NEEDING_A_FACILITATOR if counted.get(stage)]


@policy.policy("community.run_local_nets")
def home(request: HttpRequest) -> HttpResponse:
    """Where community organisers start: the staff areas, each with a line saying what it is for
    and a count of what is going on."""
    user = request.user
    ideas = ideas_without_facilitator(user) if policy.can(user, "community.facilitate_ideas") else []
    may_run_pledges = policy.can(user, "community.run_pledges")
    open_campaigns = (queries_pledges.manageable_campaigns(user).filter(
        pk__in=queries_pledges.open_campaigns().values("pk")).count() if may_run_pledges else 0)
    may_manage_ambassadors = policy.can(user, "community.manage_ambassadors")
    ambassadors = (queries_pledges.all_profiles() if may_manage_ambassadors
                   else queries_pledges.public_ambassadors()).count()
    return render(request, "community/staff/home.html", {
        "upcoming_sessions": queries_local_nets.visible_sessions(user).filter(local_nets.upcoming_q()).count(),
        "may_facilitate": policy.can(user, "community.facilitate_ideas"),
        "ideas": ideas, "ideas_total": sum(n for _label, n in ideas),
        "may_run_pledges": may_run_pledges, "open_campaigns": open_campaigns,
        "may_manage_ambassadors": may_manage_ambassadors, "ambassadors": ambassadors,
    })
