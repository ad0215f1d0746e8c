"""A person's timeline (for their coaches and team leads) and their progress (also for those the
person's consent covers): each page view is recorded in the audit trail with whose it was."""

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from thriving.coaching.models import CoachingRelationship
from thriving.coaching.queries import caseloads
from thriving.coaching.queries import timeline as queries
from thriving.coaching.services.common import subject_of
from thriving.core import audit, charts, policy
from thriving.core.access import get_visible_or_404, restrict


def _relationship(request: HttpRequest, uuid: Any, action: str) -> CoachingRelationship:
    """The relationship, if the person may take the action on it; with `sees_all`: whether they
    may also see the whole record (its "view" scope, asked in the same query)."""
    whole = restrict(CoachingRelationship.objects.filter(pk=OuterRef("pk")), request.user, "view")
    found = CoachingRelationship.objects.select_related("person", "locality", "organisation").annotate(
        sees_all=Exists(whole))
    return get_visible_or_404(found, request.user, action, uuid=uuid)


def _viewed(request: HttpRequest, relationship: CoachingRelationship, event: str) -> None:
    audit.record(request.user, event, relationship, action=audit.Action.VIEWED, subject=subject_of(relationship),
                 purpose="coaching")


def _href(link: tuple[str, ...]) -> str:
    """The address of a page another part of the app may not have built yet (nothing if not)."""
    if not link:
        return ""
    try:
        return reverse(link[0], args=link[1:])
    except NoReverseMatch:
        return ""


@policy.policy("coaching.view")
def timeline(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Everything that happened, newest first."""
    relationship = _relationship(request, uuid, "view")
    found = queries.timeline(request.user, relationship)
    may_open_requests = policy.can(request.user, "frontdoor.view_requests")
    for day in found.days:
        for item in day.items:
            opens = item.kind not in ("request", "referral") or may_open_requests
            item.href = _href(item.link) if opens else ""
    _viewed(request, relationship, "coaching.timeline_viewed")
    return render(request, "coaching/timeline/timeline.html", {
        "relationship": relationship, "who": caseloads.who(relationship), "timeline": found,
    })


def _goal_chart(number: int, goal: queries.GoalProgress) -> charts.Chart:
    occasions = goal.occasions
    labels = [f"{'Start' if occasion == 'start' else 'Review'} {on:%-d %b}" for on, occasion in occasions]
    table = goal.table()
    series = [(rater.name, [row[2][n] for row in table]) for n, rater in enumerate(goal.raters)]
    words = goal.goal.words if len(goal.goal.words) <= 80 else goal.goal.words[:79] + "…"
    description = (f"Scores from 0 (not started) to 10 (goal reached) for the goal “{words}”: "
                   + "; ".join(f"{rater.name}, {rater.change}" for rater in goal.raters) + ".")
    return charts.scores(f"goal-{number}-chart", f"Progress on the goal “{words}”", description, labels, series)


@policy.policy("coaching.view_progress")
def progress(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Each goal's chart with its table beside it and the change in words; the other measures
    before and after; laid out to print and give the person."""
    relationship = _relationship(request, uuid, "view_progress")
    found = queries.progress(relationship)
    goals = [{"progress": goal, "chart": _goal_chart(n, goal) if goal.raters else None, "table": goal.table()}
             for n, goal in enumerate(found.goals, start=1)]
    _viewed(request, relationship, "coaching.progress_viewed")
    return render(request, "coaching/timeline/progress.html", {
        "relationship": relationship, "who": caseloads.who(relationship), "progress": found, "goals": goals,
        "sees_all": relationship.sees_all,  # type: ignore[attr-defined]
    })
