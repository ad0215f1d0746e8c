"""A coaching relationship: who is coached (a person, or a family from the front door's
household), who coaches them (one lead coach, others from any organisation), how it began, the
consent it rests on, and how it ended."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.models import Record


class CoachingRelationship(Record):
    """Coaching for one person or for a family: working toward what they want for themselves,
    in their own words, with a lead coach, until they end it (goals met, moved away, stopped)."""

    class Kind(models.TextChoices):
        PERSON = "person", "A person"
        FAMILY = "family", "A family"

    class Route(models.TextChoices):
        FRONT_DOOR = "front_door", "Referral from the front door"
        TEAM = "team", "A connected team's decision"
        SELF = "self", "Self-referral"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class EndReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        MOVED_AWAY = "moved_away", "Moved away"
        STOPPED = "stopped", "Stopped"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    person = models.ForeignKey(
        "frontdoor.Person", on_delete=models.PROTECT, related_name="coaching",
        help_text="The person coached, or the family's main contact",
    )
    household = models.ForeignKey(
        "frontdoor.Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching",
        help_text="The family, when the whole household is coached",
    )
    locality = models.ForeignKey("places.Locality", on_delete=models.PROTECT, related_name="coaching")
    team = models.ForeignKey(
        "teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching",
        help_text="The connected team it belongs with, if any",
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="coaching",
        help_text="Whose coaching it is: the lead coach's organisation",
    )
    route = models.CharField(max_length=12, choices=Route.choices)
    request = models.ForeignKey(
        "frontdoor.HelpRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching",
        help_text="The front-door request it came from",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    route_note = models.TextField(blank=True, help_text="How it came about: the team's decision, the referral")
    started_on = models.DateField()
    review_weeks = models.PositiveSmallIntegerField(default=6, help_text="How often goals are reviewed, in weeks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    # Kept up to date by the services, so that caseloads need no aggregate over sessions and ratings.
    last_session_on = models.DateField(null=True, blank=True)
    last_review_on = models.DateField(null=True, blank=True, help_text="When goals were last rated")

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="coaching_rel_org_status"),
            models.Index(fields=["locality", "status"], name="coaching_rel_locality_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | Q(status="ended", ended_on__isnull=False),
                name="coaching_rel_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="coaching_rel_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"], condition=Q(status="active"), name="coaching_rel_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"Coaching for {self.person} (from {self.started_on:%-d %B %Y})"


class Member(models.Model):
    """A person coached in a relationship: the person, or each member of the family."""

    relationship = models.ForeignKey(CoachingRelationship, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("frontdoor.Person", on_delete=models.PROTECT, related_name="coaching_memberships")
    role = models.CharField(max_length=50, blank=True, help_text="Such as: parent, son, carer")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "person"], name="coaching_member_once"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Coach(models.Model):
    """Someone who coaches in a relationship, from any organisation; one of them at a time leads."""

    relationship = models.ForeignKey(CoachingRelationship, on_delete=models.CASCADE, related_name="coaches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_as_coach")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    is_lead = models.BooleanField(default=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "started_on", "pk"]
        indexes = [models.Index(fields=["user", "ended_on"], name="coaching_coach_user_current")]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship"], condition=Q(is_lead=True, ended_on__isnull=True), name="coaching_one_lead",
            ),
            models.UniqueConstraint(
                fields=["relationship", "user"], condition=Q(ended_on__isnull=True), name="coaching_coach_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'lead coach' if self.is_lead else 'coach'})"


class CoachingConsent(models.Model):
    """What a person agreed to, in the words they agreed to: coaching itself, and sharing their
    progress (never the notes) with the connected team or with whoever referred them."""

    class Scope(models.TextChoices):
        COACHING = "coaching", "To coaching"
        SHARE_TEAM = "share_team", "To sharing progress with the connected team"
        SHARE_REFERRER = "share_referrer", "To sharing progress with whoever referred them"

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "Spoken, in person"
        PHONE = "phone", "Spoken, on the phone"
        WRITTEN = "written", "In writing"
        ONLINE = "online", "Online, by the person"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    relationship = models.ForeignKey(CoachingRelationship, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey("frontdoor.Person", on_delete=models.PROTECT, related_name="coaching_consents")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    statement = models.TextField(help_text="The words the person agreed to")
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "person", "scope"], condition=Q(withdrawn_at__isnull=True),
                name="coaching_consent_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.person})"


class Handover(models.Model):
    """A change of lead coach, with the note the coach leaving wrote for the one taking over."""

    relationship = models.ForeignKey(CoachingRelationship, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(help_text="What the new coach should know")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Handover to {self.to_user} on {self.at:%-d %B %Y}"
