"""API operations of coaching: plans (coaching relationships), their goals in the person's own
words (with every wording), their sessions and their ratings, for a case system or an outcomes
tool to read with consent. Read only.

Every operation needs a signed-in member of staff and uses the session of the web service. A
relationship is fetched through the same scopes as the pages: its progress (goals, ratings) is
seen by its coaches, the coaching team leads over it and those the person's consent covers
("view_progress"); its sessions and their notes only by its coaches and team leads ("view"): a
caller who sees only its progress is refused its sessions (403). One the caller may not see at all
is not found (404). Every read of personal data is recorded in the audit trail. The schemas are in
`thriving.api.coaching_schemas`.
"""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query

from thriving.api.base import api, operation_policy, paged, problem
from thriving.api.coaching_schemas import (
    GoalList,
    RatingFilters,
    RatingList,
    RelationshipFilters,
    RelationshipOut,
    RelationshipPage,
    SessionList,
)
from thriving.api.frontdoor import StaffSession
from thriving.api.openapi import problems
from thriving.coaching.queries import api as queries
from thriving.coaching.services.common import subject_of
from thriving.core import audit

TAGS = ["coaching"]
PURPOSE = "coaching (API)"


class SessionsRefused(PermissionDenied):
    """The caller sees the relationship's progress, which their consent covers, but not its sessions."""


@api.exception_handler(SessionsRefused)
def sessions_refused(request: HttpRequest, exc: SessionsRefused) -> Any:
    return problem(request, 403, "Not allowed",
                   "You see this coaching's progress (goals and ratings), not its sessions or notes.")


def _ref(obj: Any, name: str | None = None) -> dict | None:
    if obj is None:
        return None
    return {"id": str(obj.uuid), "name": name if name is not None else obj.name}


def _summary(found: Any) -> dict:
    return {
        "id": str(found.uuid), "kind": found.kind, "status": found.status, "route": found.route,
        "locality": {"slug": found.locality.slug, "name": found.locality.name},
        "organisation": _ref(found.organisation), "team": _ref(found.team), "started_on": found.started_on,
        "review_weeks": found.review_weeks, "ended_on": found.ended_on, "end_reason": found.end_reason or None,
        "last_session_on": found.last_session_on, "last_review_on": found.last_review_on, "version": found.version,
    }


def _name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}".strip()


def _detail(found: Any) -> dict:
    return {
        **_summary(found),
        "person": _ref(found.person, _name(found.person)),
        "members": [{"id": str(m.person.uuid), "name": _name(m.person), "role": m.role, "joined_on": m.joined_on,
                     "left_on": m.left_on} for m in found.members.all()],
        "coaches": [{"name": c.user.full_name or c.user.email, "organisation": c.organisation.name if c.organisation
                     else None, "is_lead": c.is_lead, "started_on": c.started_on, "ended_on": c.ended_on}
                    for c in found.coaches.all()],
        "consents": [{"person": str(c.person.uuid), "scope": c.scope, "statement": c.statement, "given_at": c.given_at,
                      "withdrawn_at": c.withdrawn_at} for c in found.consents.all()],
    }


def _read(request: HttpRequest, relationship_id: uuid.UUID, what: str) -> Any:
    """The relationship, its reading recorded in the audit trail."""
    found = queries.relationship(request.user, relationship_id)
    audit.record(request.user, f"coaching.{what}.viewed", found, action=audit.Action.VIEWED,
                 subject=subject_of(found), purpose=PURPOSE)
    return found


@api.get(
    "/coaching/relationships",
    response={200: RelationshipPage, **problems(404)},
    tags=TAGS,
    summary="Coaching relationships you may see",
    description=(
        "Newest first: those you coach in, those you lead the coaching team over, and those whose progress "
        "the person agreed to share with your connected team or with you as their referrer. No names: open "
        "one to see who. Listing is recorded in the audit trail."
    ),
    auth=StaffSession("coaching.view_progress"),
)
@operation_policy("coaching.view_progress")
def list_coaching_relationships(request: HttpRequest, filters: Query[RelationshipFilters]) -> dict:
    found = queries.relationships(request.user, status=filters.status)
    items, total = paged(found, filters.page, filters.per_page)
    audit.record(request.user, "coaching.relationships.listed", action=audit.Action.VIEWED,
                 object_type="coaching relationships", object_label=f"page {filters.page} of the list",
                 purpose=PURPOSE)
    return {"items": [_summary(item) for item in items], "total": total, "page": filters.page,
            "per_page": filters.per_page}


@api.get(
    "/coaching/relationships/{relationship_id}",
    response={200: RelationshipOut, **problems(404)},
    tags=TAGS,
    summary="One coaching relationship",
    description="Who is coached, who coaches and the consent it rests on. Recorded in the audit trail.",
    auth=StaffSession("coaching.view_progress"),
)
@operation_policy("coaching.view_progress")
def get_coaching_relationship(request: HttpRequest, relationship_id: uuid.UUID) -> dict:
    return _detail(_read(request, relationship_id, "relationship"))


@api.get(
    "/coaching/relationships/{relationship_id}/goals",
    response={200: GoalList, **problems(404)},
    tags=TAGS,
    summary="A coaching relationship's goals, with every wording",
    description="Oldest first, each in the person's own words. Recorded in the audit trail.",
    auth=StaffSession("coaching.view_progress"),
)
@operation_policy("coaching.view_progress")
def list_coaching_goals(request: HttpRequest, relationship_id: uuid.UUID) -> dict:
    found = _read(request, relationship_id, "goals")
    return {"items": [{
        "id": str(goal.uuid), "words": goal.words, "person": str(goal.person.uuid) if goal.person else None,
        "aspiration": goal.aspiration.words if goal.aspiration else None, "status": goal.status,
        "set_on": goal.set_on, "closed_on": goal.closed_on,
        "wordings": [{"words": w.words, "reason": w.reason, "at": w.at} for w in goal.wordings.all()],
    } for goal in queries.goals(found)]}


@api.get(
    "/coaching/relationships/{relationship_id}/sessions",
    response={200: SessionList, **problems(403, 404)},
    tags=TAGS,
    summary="A coaching relationship's sessions, with their notes",
    description=(
        "Newest first. For its coaches and the coaching team leads over it only: someone who sees only its "
        "progress, by the person's consent, is refused (403). Recorded in the audit trail."
    ),
    auth=StaffSession("coaching.view"),
)
@operation_policy("coaching.view")
def list_coaching_sessions(request: HttpRequest, relationship_id: uuid.UUID) -> dict:
    found = queries.relationship(request.user, relationship_id)
    if not queries.sees_whole_record(request.user, found):
        raise SessionsRefused()
    audit.record(request.user, "coaching.sessions.viewed", found, action=audit.Action.VIEWED,
                 subject=subject_of(found), purpose=PURPOSE)
    return {"items": [{
        "id": str(session.uuid), "held_on": session.held_on, "where": session.where,
        "place": session.place.name if session.place else session.place_text,
        "people": [str(person.uuid) for person in session.people.all()],
        "coaches": [user.full_name or user.email for user in session.coaches.all()],
        "is_review": session.is_review, "notes": session.notes,
    } for session in queries.sessions(found)]}


@api.get(
    "/coaching/relationships/{relationship_id}/ratings",
    response={200: RatingList, **problems(400, 404)},
    tags=TAGS,
    summary="A coaching relationship's ratings",
    description=(
        "Oldest first: Goal-Based Outcomes (per goal), ONS4 personal wellbeing (each question alone) and the "
        "organisation's own measures. `measure` names one measure by its key; an unknown key is a bad "
        "request (400). Recorded in the audit trail."
    ),
    auth=StaffSession("coaching.view_progress"),
)
@operation_policy("coaching.view_progress")
def list_coaching_ratings(request: HttpRequest, relationship_id: uuid.UUID, filters: Query[RatingFilters]) -> Any:
    measure = None
    if filters.measure:
        measure = queries.measure(filters.measure)
        if measure is None:
            return problem(request, 400, "Bad request", f"There is no measure with the key {filters.measure!r}.")
    found = _read(request, relationship_id, "ratings")
    return {"items": [{
        "id": str(r.uuid), "measure": r.measure.key, "measure_name": r.measure.name,
        "goal": str(r.goal.uuid) if r.goal else None, "person": str(r.person.uuid), "value": r.value,
        "scale_min": r.measure.scale_min, "scale_max": r.measure.scale_max,
        "higher_is_better": r.measure.higher_is_better, "rated_on": r.rated_on, "occasion": r.occasion,
        "session": str(r.session.uuid) if r.session else None,
    } for r in queries.ratings(found, measure)]}
