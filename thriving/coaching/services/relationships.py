"""A coaching relationship's life: starting it (from a level-3 front-door request, a connected
team's decision, or a coach's self-referral), the consent it rests on, its coaches, handing the
lead to another coach, and ending it.

    start(acting_user=worker, person=dana, route=Route.FRONT_DOOR, request=help_request,
          locality=shirebrook, lead=coach, review_weeks=6, consent=Given(method, statement, dana))

Each action checks its own policy, runs in one transaction and is written to the audit trail.
Refused with a `CoachingRefused` (nothing saved): no consent to coaching; a lead or other coach
who is not a coach in the relationship's locality (or everywhere) nor a member of its team; a
second active coaching for the person with the same organisation (a constraint in the database
holds it, whatever the timing); a request not triaged at level 3, or one the worker may not work
on; ending coaching that has ended. A transfer or an ending made against an old version raises
`Conflict`."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thriving.coaching.models import Coach, CoachingConsent, CoachingRelationship, Handover, Member
from thriving.coaching.services.common import CoachingRefused, subject_of
from thriving.core import audit, policy
from thriving.core.access import restrict
from thriving.core.conflicts import save_if_unchanged
from thriving.core.models import Membership, Organisation, Role
from thriving.frontdoor.queries import requests as request_queries
from thriving.frontdoor.queries.for_teams import Level
from thriving.teams.queries import teams as team_queries

Route = CoachingRelationship.Route
Scope = CoachingConsent.Scope
COACH_ROLES = (Role.COACH, Role.COACH_LEAD)
INELIGIBLE = "{name} is a coach who is not in the person's locality or team. Choose a coach who works in {where}."
SHARE_STATEMENTS = {
    Scope.SHARE_TEAM: "I agree to my progress (my goals and how I rate them, never the notes of our sessions) "
                      "being shared with the connected team.",
    Scope.SHARE_REFERRER: "I agree to my progress (my goals and how I rate them, never the notes of our "
                          "sessions) being shared with the person who referred me.",
}
EVENT = audit.Action


@dataclass(frozen=True)
class Given:
    """Consent as it was given: how, the words agreed to, and by whom (one of the people coached)."""

    method: str
    statement: str
    person: Any


def name_of(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else "Someone"


def coaching_membership(user: Any, locality: Any, team: Any = None) -> Membership | None:
    """The coaching membership that makes the person eligible to coach in a relationship in the
    locality (and with the team, if any): a coach or coaching team lead whose membership names that
    locality or none; or any coach who is a member of the team now. None when they are not eligible."""
    found = list(Membership.objects.filter(user=user, user__is_active=True, role__in=COACH_ROLES)
                 .select_related("organisation").order_by(F("organisation_id").asc(nulls_last=True), "pk"))
    for membership in found:
        if membership.locality_id is None or (locality is not None and membership.locality_id == locality.pk):
            return membership
    if found and team is not None and team_queries.team_people(team).filter(pk=user.pk).exists():
        return found[0]
    return None


def eligible_organisation(user: Any, locality: Any, team: Any = None) -> Organisation | None:
    """The organisation the person coaches for in the relationship; refused if they may not coach in it."""
    membership = coaching_membership(user, locality, team)
    if membership is None:
        where = locality.name if locality is not None else "the person's locality"
        if team is not None:
            where += f" or is in {team.name}"
        raise CoachingRefused(INELIGIBLE.format(name=name_of(user), where=where))
    return membership.organisation


def _check_route(acting_user: Any, route: str, person: Any, request: Any, team: Any) -> None:
    if route == Route.FRONT_DOOR:
        if request is None:
            raise CoachingRefused("Coaching from the front door starts from a help request.")
        if not request_queries.visible_requests(acting_user, "work").filter(pk=request.pk).exists():
            raise CoachingRefused("Only a hub worker working on the request may refer it to coaching.")
        if request.level != Level.EARLY_HELP:
            raise CoachingRefused(f"Only a request triaged at level 3 ({Level.EARLY_HELP.label[3:]}) is referred "
                                  f"to coaching. {request.reference} is not.")
        if request.person_id != person.pk:
            raise CoachingRefused("The person coached is the person the request is for.")
    elif route == Route.TEAM:
        if team is None or not team_queries.is_member(acting_user, team):
            raise CoachingRefused("Only a member of the connected team may start coaching on its decision.")
    elif route == Route.SELF:
        if not policy.has_role(*COACH_ROLES).test(acting_user):
            raise CoachingRefused("Only a coach takes a self-referral.")
    else:
        raise CoachingRefused("Say how the coaching came about.")
    if not restrict(type(person)._default_manager.filter(pk=person.pk), acting_user).exists():
        raise CoachingRefused("You may not see that person's record.")


def _consent(relationship: CoachingRelationship, scope: str, given: Given, acting_user: Any) -> CoachingConsent:
    return CoachingConsent.objects.create(
        relationship=relationship, person=given.person, scope=scope, method=given.method,
        statement=given.statement.strip(), given_at=timezone.now(), recorded_by=acting_user,
    )


@transaction.atomic
def start(*, acting_user: Any, person: Any, route: str, locality: Any, lead: Any, consent: Given | None,
          review_weeks: int = 6, kind: str = CoachingRelationship.Kind.PERSON, members: Iterable[Any] = (),
          request: Any = None, team: Any = None, route_note: str = "", started_on: datetime.date | None = None,
          share_with_team: bool = False, share_with_referrer: bool = False) -> CoachingRelationship:
    """Start coaching for a person (or, `kind="family"`, for them and the household `members`
    chosen), led by `lead`, whose coaching organisation it becomes (see the module's docstring)."""
    policy.require(acting_user, "coaching.start")
    _check_route(acting_user, route, person, request, team)
    if consent is None or not consent.statement.strip() or consent.method not in CoachingConsent.Method.values:
        raise CoachingRefused("Coaching cannot start without the person's consent to coaching: record how they "
                              "gave it and the words they agreed to.")
    if locality is None:
        raise CoachingRefused("Choose the locality the coaching belongs to.")
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise CoachingRefused("The coaching cannot start in the future.")
    if not 1 <= review_weeks <= 52:
        raise CoachingRefused("Review goals every 1 to 52 weeks.")
    organisation = eligible_organisation(lead, locality, team)
    if organisation is None:
        raise CoachingRefused(f"{name_of(lead)} has no coaching organisation: their coaching role names none.")
    household_members = list(members) if kind == CoachingRelationship.Kind.FAMILY else []
    if kind == CoachingRelationship.Kind.FAMILY and (person.household_id is None or any(
            m.household_id != person.household_id for m in household_members)):
        raise CoachingRefused("Family coaching is for the people of the person's household.")
    coached = [person, *[m for m in household_members if m.pk != person.pk]]
    if consent.person.pk not in {p.pk for p in coached}:
        raise CoachingRefused("Consent to coaching is given by one of the people coached.")
    if share_with_team and team is None:
        raise CoachingRefused("There is no connected team to share progress with.")
    referred_by = None if route == Route.SELF else acting_user
    if share_with_referrer and referred_by is None:
        raise CoachingRefused("A self-referral has no one who referred it to share progress with.")
    relationship = CoachingRelationship(
        kind=kind, person=person, household_id=person.household_id if kind == CoachingRelationship.Kind.FAMILY
        else None, locality=locality, team=team, organisation=organisation, route=route, request=request,
        referred_by=referred_by, route_note=route_note.strip(), started_on=started_on, review_weeks=review_weeks,
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            relationship.save()
    except IntegrityError:
        raise CoachingRefused(f"{person.full_name} already has active coaching with {organisation.name}. "
                              "Open it from the caseload, or end it before starting again.") from None
    for who in coached:
        Member.objects.create(relationship=relationship, person=who, joined_on=started_on,
                              role="" if who.pk == person.pk else who.household_relationship[:50])
    Coach.objects.create(relationship=relationship, user=lead, organisation=organisation, is_lead=True,
                         started_on=started_on)
    _consent(relationship, Scope.COACHING, consent, acting_user)
    for wanted, scope in ((share_with_team, Scope.SHARE_TEAM), (share_with_referrer, Scope.SHARE_REFERRER)):
        if wanted:
            _consent(relationship, scope, Given(consent.method, SHARE_STATEMENTS[scope], consent.person), acting_user)
    audit.record(acting_user, "coaching.started", relationship, action=EVENT.CREATED,
                 subject=subject_of(relationship), purpose="coaching",
                 changes={"route": route, "lead": lead.email, "organisation": organisation.name,
                          "members": len(coached), "request": request.reference if request else "",
                          "team": team.slug if team else ""})
    return relationship


# ---------------------------------------------------------------------------------------------
# Consent


def _may_change_consent(acting_user: Any, relationship: CoachingRelationship) -> None:
    if not (policy.can(acting_user, "coaching.work", relationship)
            or policy.can(acting_user, "coaching.manage", relationship)):
        policy.require(acting_user, "coaching.manage", relationship)


@transaction.atomic
def record_consent(*, acting_user: Any, relationship: CoachingRelationship, scope: str,
                   given: Given) -> CoachingConsent:
    """Record further consent: to coaching again, or to share progress with the team or the referrer."""
    _may_change_consent(acting_user, relationship)
    if scope not in Scope.values:
        raise CoachingRefused("Choose what the person agreed to.")
    if not given.statement.strip():
        raise CoachingRefused("Enter the words the person agreed to.")
    if given.method not in CoachingConsent.Method.values:
        raise CoachingRefused("Choose how the person gave their consent.")
    if not relationship.members.filter(person_id=given.person.pk, left_on__isnull=True).exists():
        raise CoachingRefused("Consent is given by one of the people coached.")
    if scope == Scope.SHARE_TEAM and relationship.team_id is None:
        raise CoachingRefused("This coaching has no connected team to share progress with.")
    if scope == Scope.SHARE_REFERRER and relationship.referred_by_id is None:
        raise CoachingRefused("No one referred this coaching, so there is no one to share progress with.")
    try:
        with transaction.atomic():
            consent = _consent(relationship, scope, given, acting_user)
    except IntegrityError:
        raise CoachingRefused(f"{given.person.full_name} has given this consent already; it still holds.") from None
    audit.record(acting_user, "coaching.consent_recorded", relationship, action=EVENT.CREATED,
                 subject=subject_of(relationship), purpose="coaching", changes={"scope": scope})
    return consent


@transaction.atomic
def withdraw_consent(*, acting_user: Any, consent: CoachingConsent) -> CoachingConsent:
    """Withdraw one consent, from now. Withdrawing consent to share progress ends those people's
    access at once (the scopes follow `withdrawn_at`); withdrawing consent to coaching ends
    nothing by itself, but the coaching shows it until it is given again or the coaching ends."""
    relationship = consent.relationship
    _may_change_consent(acting_user, relationship)
    updated = CoachingConsent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=acting_user)
    if not updated:
        raise CoachingRefused("That consent was withdrawn already.")
    consent.refresh_from_db()
    audit.record(acting_user, "coaching.consent_withdrawn", relationship, action=EVENT.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"scope": consent.scope})
    return consent


# ---------------------------------------------------------------------------------------------
# Coaches


@transaction.atomic
def add_coach(*, acting_user: Any, relationship: CoachingRelationship, user: Any) -> Coach:
    """Add a coach, from any organisation, who may coach in the relationship's locality or team."""
    policy.require(acting_user, "coaching.manage", relationship)
    if relationship.status != CoachingRelationship.Status.ACTIVE:
        raise CoachingRefused("This coaching has ended: no coach can be added.")
    organisation = eligible_organisation(user, relationship.locality, relationship.team)
    try:
        with transaction.atomic():
            coach = Coach.objects.create(relationship=relationship, user=user, organisation=organisation,
                                         started_on=timezone.localdate())
    except IntegrityError:
        raise CoachingRefused(f"{name_of(user)} coaches in this relationship already.") from None
    audit.record(acting_user, "coaching.coach_added", relationship, action=EVENT.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"coach": user.email})
    return coach


@transaction.atomic
def end_coach(*, acting_user: Any, coach: Coach) -> Coach:
    """End a coach's part in the relationship (not the lead's: hand the lead over first)."""
    relationship = coach.relationship
    policy.require(acting_user, "coaching.manage", relationship)
    if coach.is_lead:
        raise CoachingRefused(f"{name_of(coach.user)} leads the coaching: hand the lead to another coach first.")
    if not Coach.objects.filter(pk=coach.pk, ended_on__isnull=True).update(ended_on=timezone.localdate()):
        raise CoachingRefused(f"{name_of(coach.user)} no longer coaches in this relationship.")
    coach.refresh_from_db()
    audit.record(acting_user, "coaching.coach_ended", relationship, action=EVENT.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"coach": coach.user.email})
    return coach


def current_lead(relationship: CoachingRelationship) -> Coach | None:
    return relationship.coaches.filter(is_lead=True, ended_on__isnull=True).select_related("user").first()


@transaction.atomic
def transfer(*, acting_user: Any, relationship: CoachingRelationship, version: int, to_user: Any, note: str,
             keep_old: bool = False) -> Handover:
    """Hand the lead to another eligible coach with a note for them. The old lead's part ends, or
    they stay on as a coach (`keep_old`); the relationship's organisation becomes the new lead's.
    Made against an old version (someone else handed it over first): `Conflict`."""
    policy.require(acting_user, "coaching.manage", relationship)
    if not note.strip():
        raise CoachingRefused("Write a handover note for the new lead coach.")
    if relationship.status != CoachingRelationship.Status.ACTIVE:
        raise CoachingRefused("This coaching has ended: there is no lead to hand over.")
    organisation = eligible_organisation(to_user, relationship.locality, relationship.team)
    if organisation is None:
        raise CoachingRefused(f"{name_of(to_user)} has no coaching organisation: their coaching role names none.")
    old = current_lead(relationship)
    if old is not None and old.user_id == to_user.pk:
        raise CoachingRefused(f"{name_of(to_user)} leads this coaching already.")
    relationship.organisation = organisation
    try:
        with transaction.atomic():
            save_if_unchanged(relationship, version=version, fields=["organisation"],
                              message="Someone else handed this coaching over or changed it while you were "
                                      "writing. Check who leads it now, then hand it over again if you still need to.")
    except IntegrityError:
        raise CoachingRefused(f"{relationship.person.full_name} already has active coaching with "
                              f"{organisation.name}: the two cannot both be active.") from None
    today = timezone.localdate()
    if old is not None:
        if keep_old:
            Coach.objects.filter(pk=old.pk).update(is_lead=False)
        else:
            Coach.objects.filter(pk=old.pk).update(ended_on=today)
    existing = relationship.coaches.filter(user=to_user, ended_on__isnull=True).first()
    if existing is not None:
        Coach.objects.filter(pk=existing.pk).update(is_lead=True, organisation=organisation)
    else:
        Coach.objects.create(relationship=relationship, user=to_user, organisation=organisation, is_lead=True,
                             started_on=today)
    handover = Handover.objects.create(relationship=relationship, from_user=old.user if old else None,
                                       to_user=to_user, note=note.strip(), at=timezone.now(), by=acting_user)
    audit.record(acting_user, "coaching.handed_over", relationship, action=EVENT.CHANGED,
                 subject=subject_of(relationship), purpose="coaching",
                 changes={"from": old.user.email if old else "", "to": to_user.email, "kept": keep_old,
                          "organisation": organisation.name})
    return handover


# ---------------------------------------------------------------------------------------------
# Ending


@transaction.atomic
def end(*, acting_user: Any, relationship: CoachingRelationship, version: int, reason: str, note: str = "",
        ended_on: datetime.date | None = None) -> CoachingRelationship:
    """End the coaching with its reason and a note; every coach's part ends with it."""
    policy.require(acting_user, "coaching.manage", relationship)
    current = CoachingRelationship.objects.select_for_update().get(pk=relationship.pk)
    if current.status == CoachingRelationship.Status.ENDED:
        raise CoachingRefused(f"This coaching ended already, on {current.ended_on:%-d %B %Y}.")
    if reason not in CoachingRelationship.EndReason.values:
        raise CoachingRefused("Choose why the coaching is ending.")
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise CoachingRefused("The coaching cannot end in the future.")
    if ended_on < relationship.started_on:
        raise CoachingRefused(f"The coaching cannot end before it began ({relationship.started_on:%-d %B %Y}).")
    relationship.status = CoachingRelationship.Status.ENDED
    relationship.ended_on, relationship.end_reason = ended_on, reason
    relationship.end_note, relationship.ended_by = note.strip(), acting_user
    save_if_unchanged(relationship, version=version,
                      fields=["status", "ended_on", "end_reason", "end_note", "ended_by"],
                      message="Someone else changed this coaching while you were writing. Check it, then "
                              "end it again if you still need to.")
    relationship.coaches.filter(ended_on__isnull=True).update(ended_on=ended_on)
    audit.record(acting_user, "coaching.ended", relationship, action=EVENT.CHANGED,
                 subject=subject_of(relationship), purpose="coaching", changes={"reason": reason})
    return relationship
