"""Who may do what in coaching, and on which rows. Coaching notes are personal data: only the
person's coaches and the coaching team leads over them see them; progress (goals and ratings,
never the notes) is also seen by those the person's consent covers. A coach from one
organisation sees nothing of another's coaching unless they coach in the relationship.

Scopes (`Model.objects.visible_to(user, action)`, `get_visible_or_404(...)`), by action:

- `CoachingRelationship` "view": the whole record (notes, sessions, goals, ratings, consent): its
  current coaches, and the coaching team leads whose membership covers its organisation (and
  locality, if the membership names one);
- "view_progress": as "view", and, while the consent holds, the members now of its connected team
  (consent to share progress with the team) and whoever referred it (consent to share with the
  referrer): its goals and ratings, not its notes or sessions;
- "work" (sessions, goals, ratings, next steps): its current coaches, while it is active;
- "manage" (coaches, handover, ending it): its lead coach now and the team leads over it;
- "report" (the outcomes across people, counts only, never a name): every relationship for
  analysts, board members and administrators; a team lead's own.

The other coaching models (members, coaches, consents, handovers, aspirations, goals, wordings,
ratings, sessions, next steps) follow their relationship: "view" everywhere; "view_progress"
for goals, wordings and ratings too.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.coaching.models import (
    Aspiration,
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Handover,
    Measure,
    Member,
    NextStep,
    Rating,
)
from thriving.core import policy
from thriving.core.access import restrict
from thriving.core.models import Role
from thriving.core.policy import add_rule, add_scope, has_role, in_scope, is_signed_in
from thriving.teams.queries import teams as team_queries

COACH_ROLES = (Role.COACH, Role.COACH_LEAD)
STARTER_ROLES = (Role.HUB_WORKER, Role.TEAM_MEMBER, Role.COACH, Role.COACH_LEAD)
REPORT_ROLES = (Role.ANALYST, Role.BOARD_MEMBER, Role.ADMINISTRATOR)

is_coach = is_signed_in & has_role(*COACH_ROLES)
is_team_lead = is_signed_in & has_role(Role.COACH_LEAD)


def lead_cover(user: Any) -> Q:
    """The relationships the person's coaching-team-lead memberships cover (nothing without one)."""
    condition = Q(pk__in=[])
    for membership in policy.memberships(user):
        if membership.role != Role.COACH_LEAD:
            continue
        part = Q()
        if membership.organisation_id is not None:
            part &= Q(organisation_id=membership.organisation_id)
        if membership.locality_id is not None:
            part &= Q(locality_id=membership.locality_id)
        condition |= part
    return condition


def _coaching_now(user: Any) -> Exists:
    return Exists(Coach.objects.filter(relationship=OuterRef("pk"), user=user, ended_on__isnull=True))


def relationships_seen_by(user: Any, queryset: QuerySet) -> QuerySet:
    """CoachingRelationship "view"."""
    if not is_signed_in.test(user):
        return queryset.none()
    return queryset.filter(_coaching_now(user) | lead_cover(user))


def progress_seen_by(user: Any, queryset: QuerySet) -> QuerySet:
    """CoachingRelationship "view_progress"."""
    if not is_signed_in.test(user):
        return queryset.none()
    consented = CoachingConsent.objects.filter(relationship=OuterRef("pk"), withdrawn_at__isnull=True)
    shared_with_team = Exists(consented.filter(scope=CoachingConsent.Scope.SHARE_TEAM)) & Q(
        team_id__in=team_queries.current_team_ids(user)
    )
    shared_with_referrer = Exists(consented.filter(scope=CoachingConsent.Scope.SHARE_REFERRER)) & Q(referred_by=user)
    return queryset.filter(_coaching_now(user) | lead_cover(user) | shared_with_team | shared_with_referrer)


def relationships_worked_by(user: Any, queryset: QuerySet) -> QuerySet:
    """CoachingRelationship "work"."""
    if not is_signed_in.test(user):
        return queryset.none()
    return queryset.filter(_coaching_now(user), status=CoachingRelationship.Status.ACTIVE)


def relationships_managed_by(user: Any, queryset: QuerySet) -> QuerySet:
    """CoachingRelationship "manage"."""
    if not is_signed_in.test(user):
        return queryset.none()
    leading = Exists(Coach.objects.filter(relationship=OuterRef("pk"), user=user, is_lead=True, ended_on__isnull=True))
    return queryset.filter(leading | lead_cover(user))


def relationships_reported_to(user: Any, queryset: QuerySet) -> QuerySet:
    """CoachingRelationship "report": counts only."""
    if is_signed_in.test(user) and has_role(*REPORT_ROLES).test(user):
        return queryset
    return queryset.filter(lead_cover(user)) if is_team_lead.test(user) else queryset.none()


add_scope(CoachingRelationship, "view", relationships_seen_by)
add_scope(CoachingRelationship, "view_progress", progress_seen_by)
add_scope(CoachingRelationship, "work", relationships_worked_by)
add_scope(CoachingRelationship, "manage", relationships_managed_by)
add_scope(CoachingRelationship, "report", relationships_reported_to)


def _following(action: str) -> Any:
    def scope(user: Any, queryset: QuerySet) -> QuerySet:
        return queryset.filter(relationship__in=restrict(CoachingRelationship.objects.all(), user, action))

    scope.__doc__ = f"The rows of the relationships the person may {action}."
    return scope


for _model in (Member, Coach, CoachingConsent, Handover, Aspiration, Goal, Rating, CoachingSession, NextStep):
    add_scope(_model, "view", _following("view"))
for _model in (Aspiration, Goal, Rating, CoachingSession, NextStep):
    add_scope(_model, "work", _following("work"))
for _model in (Goal, Rating):
    add_scope(_model, "view_progress", _following("view_progress"))


def _wordings(action: str) -> Any:
    def scope(user: Any, queryset: QuerySet) -> QuerySet:
        return queryset.filter(goal__relationship__in=restrict(CoachingRelationship.objects.all(), user, action))

    return scope


add_scope(GoalWording, "view", _wordings("view"))
add_scope(GoalWording, "view_progress", _wordings("view_progress"))


add_rule("coaching.view_caseload", is_coach)
add_rule("coaching.view_team_caseload", is_team_lead)
add_rule("coaching.start", is_signed_in & has_role(*STARTER_ROLES))
add_rule("coaching.view", is_signed_in & in_scope(CoachingRelationship, "view"))
add_rule("coaching.view_progress", is_signed_in & in_scope(CoachingRelationship, "view_progress"))
add_rule("coaching.work", is_coach & in_scope(CoachingRelationship, "work"))
add_rule("coaching.manage", is_coach & in_scope(CoachingRelationship, "manage"))
add_rule("coaching.view_outcomes", is_signed_in & has_role(*REPORT_ROLES, Role.COACH_LEAD))
add_rule("coaching.manage_measures", is_signed_in & has_role(Role.COACH_LEAD, Role.ADMINISTRATOR))


# --- Measures (the goals and measures engineer's block) -------------------------------------------
# Measure "manage": a coaching team lead manages their organisations' own measures; an administrator
# the built-in ones' wording (never their scales). "use": the measures a relationship's people may
# be rated on are read through `services.ratings.usable_measures`, not a scope.


def measures_managed_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Measure "manage"."""
    if not is_signed_in.test(user):
        return queryset.none()
    condition = Q(organisation_id__in=policy.organisation_ids(user, Role.COACH_LEAD))
    if has_role(Role.ADMINISTRATOR).test(user):
        condition |= Q(organisation__isnull=True)
    return queryset.filter(condition)


add_scope(Measure, "manage", measures_managed_by)
