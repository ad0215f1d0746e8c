"""Reading one coaching relationship (its overview: who is coached, who coaches, the consent it
rests on, its goals now, when it was last seen and next reviewed), and the coaches who may be
chosen for one. Views fetch a relationship only through its scopes
(`get_visible_or_404(relationships.shown(), user, "view_progress", uuid=...)`)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from thriving.coaching.models import Coach, CoachingConsent, CoachingRelationship, Goal, Handover, Member
from thriving.coaching.services.common import subject_of
from thriving.core import audit
from thriving.core.access import restrict
from thriving.core.models import Role, User
from thriving.teams.queries import teams as team_queries

COACH_ROLES = (Role.COACH, Role.COACH_LEAD)
SHOWN_GOALS = (Goal.Status.ACTIVE, Goal.Status.WAITING)


def shown() -> QuerySet[CoachingRelationship]:
    """Relationships with what their overview shows up front."""
    return CoachingRelationship.objects.select_related(
        "person", "household", "locality", "team", "organisation", "request", "referred_by", "ended_by")


def next_review_due(relationship: CoachingRelationship) -> datetime.date:
    """When the goals are next due a review: `review_weeks` after the last review, or after the start."""
    since = relationship.last_review_on or relationship.started_on
    return since + datetime.timedelta(weeks=relationship.review_weeks)


@dataclass
class Overview:
    relationship: CoachingRelationship
    full: bool  # the whole record ("view"), or progress only ("view_progress")
    members: list[Member] = field(default_factory=list)
    lead: Coach | None = None
    coaches: list[Coach] = field(default_factory=list)
    consents: list[CoachingConsent] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    next_review_on: datetime.date | None = None
    review_overdue: bool = False

    @property
    def coaching_consent(self) -> CoachingConsent | None:
        """The consent to coaching that holds now, if any."""
        return next((c for c in self.consents if c.scope == CoachingConsent.Scope.COACHING and not c.withdrawn_at),
                    None)

    @property
    def coaching_consent_withdrawn(self) -> bool:
        return self.coaching_consent is None


def overview(user: Any, relationship: CoachingRelationship, today: datetime.date) -> Overview:
    """What the overview page shows the person: everything for those who may "view" the
    relationship; for those its consent to share progress covers, who is coached, by whom and
    their goals, never the consents, sessions, notes or handovers. Written to the audit trail."""
    full = restrict(CoachingRelationship.objects.filter(pk=relationship.pk), user, "view").exists()
    coaches = list(relationship.coaches.filter(ended_on__isnull=True).select_related("user", "organisation"))
    found = Overview(
        relationship=relationship, full=full,
        members=list(relationship.members.filter(left_on__isnull=True).select_related("person")),
        lead=next((c for c in coaches if c.is_lead), None),
        coaches=[c for c in coaches if not c.is_lead],
        goals=list(relationship.goals.filter(status__in=SHOWN_GOALS).select_related("person")
                   .order_by("status", "set_on", "pk")),
    )
    if relationship.status == CoachingRelationship.Status.ACTIVE:
        found.next_review_on = next_review_due(relationship)
        found.review_overdue = found.next_review_on < today
    if full:
        found.consents = list(relationship.consents.select_related("person", "recorded_by", "withdrawn_by"))
        found.handovers = list(relationship.handovers.select_related("from_user", "to_user", "by"))
    audit.record(user, "coaching.viewed" if full else "coaching.progress_viewed", relationship,
                 action=audit.Action.VIEWED, subject=subject_of(relationship),
                 purpose="coaching" if full else "coaching progress shared with consent")
    return found


def coaches_of(relationship: CoachingRelationship) -> list[Coach]:
    """The coaches in the relationship now, the lead first."""
    return list(relationship.coaches.filter(ended_on__isnull=True).select_related("user", "organisation"))


def past_coaches(relationship: CoachingRelationship) -> list[Coach]:
    return list(relationship.coaches.filter(ended_on__isnull=False).select_related("user", "organisation")
                .order_by("-ended_on", "-pk"))


def coach_choices(locality: Any = None, team: Any = None, exclude: Any = ()) -> QuerySet[User]:
    """The people who may be chosen to coach: active users holding a coaching role whose
    membership names the locality or none (every coach, without a locality), or who are members of
    the team now. The services check again (`services.relationships.coaching_membership`)."""
    coaching = Q(memberships__role__in=COACH_ROLES)
    if locality is not None:
        where = Q(memberships__locality__isnull=True) | Q(memberships__locality=locality)
        condition = coaching & where
        if team is not None:
            condition = condition | (coaching & Q(pk__in=team_queries.team_people(team).values("pk")))
        coaching = condition
    return (User.objects.filter(coaching, is_active=True).exclude(pk__in=[u.pk for u in exclude]).distinct()
            .prefetch_related(Prefetch("memberships", to_attr="all_memberships")).order_by("full_name", "email"))


def consent_by_uuid(relationship: CoachingRelationship, uuid: Any) -> CoachingConsent | None:
    return relationship.consents.filter(uuid=uuid).select_related("person").first()


def current_coach(relationship: CoachingRelationship, user_uuid: Any) -> Coach | None:
    return relationship.coaches.filter(user__uuid=user_uuid, ended_on__isnull=True).select_related("user").first()
