"""The front door: people and households, consent, help requests, triage on the Hierarchy of
Help, referrals to local services, and the history of each request.

Personal data lives here. Every change goes through `thriving.frontdoor.services`, and every read
of a person's record is written to the audit trail. Requests, people and referrals are read
through the scopes of `thriving.frontdoor.policy`: `HelpRequest.objects.visible_to(user)`,
`get_visible_or_404(Person, user, "change", uuid=...)`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.access import VisibleManager

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def new_reference() -> str:
    """A request's reference, such as TH-7K3M-9QXP: short enough to read out, hard to guess."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"TH-{body[:4]}-{body[4:]}"


class Level(models.IntegerChoices):
    """The Hierarchy of Help: help found as close to home and as early as it can be."""

    SELF_HELP = 1, "1. Information and self-help"
    COMMUNITY = 2, "2. Community and volunteer support"
    EARLY_HELP = 3, "3. Early help from local services"
    SPECIALIST = 4, "4. Specialist and statutory services"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Household(models.Model):
    """People who live together. A person belongs to at most one household."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    postcode = models.CharField(max_length=10, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Household {str(self.uuid)[:8]}"


class Person(models.Model):
    """Someone who has asked for help, or been asked for, or lives with someone who has.

    The `*_key` fields are for finding likely existing records at intake: a sound-alike key for
    the names and normalised phone and email, each indexed; `thriving.frontdoor.queries.matching` scores
    the candidates they find.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    address = models.CharField(max_length=300, blank=True)
    locality = models.ForeignKey(
        "places.Locality", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(max_length=20, choices=ContactMethod.choices, blank=True)
    contact_times = models.CharField(max_length=200, blank=True, help_text="When it is best to get in touch")
    contact_notes = models.CharField(max_length=300, blank=True, help_text="Such as: do not leave voicemail")
    language = models.CharField(max_length=50, blank=True)
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    household_relationship = models.CharField(max_length=50, blank=True, help_text="Such as: partner, son, carer")
    # Keys for finding likely existing records.
    family_key = models.CharField(max_length=20, blank=True, db_index=True)
    given_key = models.CharField(max_length=20, blank=True)
    phone_key = models.CharField(max_length=20, blank=True, db_index=True)
    email_key = models.CharField(max_length=254, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleManager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_key", "given_key"], name="frontdoor_person_names")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class Consent(models.Model):
    """What a person agreed to, when and how, and when they withdrew it."""

    class Scope(models.TextChoices):
        SHARE = "share", "Share my details with the organisations that can help"
        CONTACT = "contact", "Contact me about my request"

    class Method(models.TextChoices):
        ONLINE = "online", "Online form, by the person"
        ONLINE_ON_BEHALF = "online_on_behalf", "Online form, by someone with the person's agreement"
        PHONE = "phone", "Spoken, on the phone"
        IN_PERSON = "in_person", "Spoken, in person"
        WRITTEN = "written", "In writing"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    statement = models.TextField(help_text="The words the person agreed to")
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        "HelpRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.get_method_display()})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class SafeguardingNote(models.Model):
    """A restricted note about a risk to someone. Only designated safeguarding leads see them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="safeguarding_notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Safeguarding note {str(self.uuid)[:8]}"


class HelpRequest(models.Model):
    """Someone asking for help, from the public form or taken by a worker, through triage and
    referral to closing with the level at which the need was met."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        REFERRED = "referred", "Referred"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        SOON = "soon", "Soon: within a few days"
        URGENT = "urgent", "Urgent: today"

    class Outcome(models.TextChoices):
        MET = "met", "Need met"
        UNMET = "unmet", "Need not met"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online form"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        EMAIL = "email", "Email"
        PARTNER = "partner", "From a partner organisation"

    class Asker(models.TextChoices):
        SELF = "self", "The person themselves"
        SOMEONE_ELSE = "someone_else", "Someone they know, with their agreement"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requests")
    asked_by = models.CharField(max_length=20, choices=Asker.choices, default=Asker.SELF)
    asker_name = models.CharField(max_length=200, blank=True, help_text="Who asked, if not the person")
    asker_contact = models.CharField(max_length=200, blank=True)
    asker_relationship = models.CharField(max_length=100, blank=True)
    description = models.TextField(help_text="What is going on, in the person's own words")
    needs = models.ManyToManyField("directory.TaxonomyTerm", related_name="help_requests", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    locality = models.ForeignKey(
        "places.Locality", on_delete=models.SET_NULL, null=True, blank=True, related_name="help_requests"
    )
    # Where the postcode is, recorded when the request is made, so that a request from outside every
    # locality still says where it came from and which locality is nearest.
    local_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ward_code = models.CharField(max_length=9, blank=True, help_text="ONS code of the postcode's ward")
    ward_name = models.CharField(max_length=100, blank=True)
    nearest_locality = models.ForeignKey(
        "places.Locality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="For a postcode in no locality: the locality nearest to it",
    )
    nearest_locality_metres = models.PositiveIntegerField(null=True, blank=True)
    contact_method = models.CharField(max_length=20, choices=ContactMethod.choices, blank=True)
    contact_times = models.CharField(max_length=200, blank=True)
    immediate_risk = models.BooleanField(default=False)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_by_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    bring_to_huddle = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    submission_key = models.UUIDField(
        null=True, blank=True, unique=True, help_text="Makes a repeated submission of the public form harmless"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["locality", "status", "created_at"], name="frontdoor_request_queue"),
            models.Index(fields=["status", "created_at"], name="frontdoor_request_status"),
            models.Index(fields=["closed_at"], name="frontdoor_request_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False, outcome__gt="")
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="frontdoor_request_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class RequestEvent(models.Model):
    """One step in a request's history: taken, triaged, referred, answered, noted, a safeguarding
    concern raised, closed."""

    class Kind(models.TextChoices):
        CREATED = "created", "Request made"
        TRIAGED = "triaged", "Triaged"
        REFERRED = "referred", "Referred"
        ACCEPTED = "accepted", "Referral accepted"
        DECLINED = "declined", "Referral declined"
        REFERRAL_OUTCOME = "referral_outcome", "Referral outcome recorded"
        REMINDED = "reminded", "Reminder sent"
        INFORMATION_SENT = "information_sent", "Information sent"
        STATUS = "status", "Status changed"
        NOTE = "note", "Note"
        SAFEGUARDING_CONCERN = "safeguarding_concern", "Safeguarding concern raised"
        HUDDLE = "huddle", "Huddle flag changed"
        LOCALITY = "locality", "Locality changed"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        RESIDENT_ASKED = "resident_asked", "Resident asked if they got the help they needed"
        RESIDENT_ANSWERED = "resident_answered", "Resident answered"

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class ReferralSettings(models.Model):
    """How an organisation takes referrals: the working days it has to answer one."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="referral_settings")
    response_working_days = models.PositiveSmallIntegerField(default=2)
    notify_email = models.EmailField(blank=True, help_text="Where new referrals and reminders go, besides its staff")

    def __str__(self) -> str:
        return f"Referral settings for {self.organisation}"


class Referral(models.Model):
    """A request passed to a service, which accepts or declines it and says what happened."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # A request is with a service while a referral to it awaits an answer or was accepted: one at
    # a time (declined, completed and withdrawn referrals leave room for a new one).
    ACTIVE = (Status.AWAITING, Status.ACCEPTED)

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", "Not eligible for this service"
        NO_CAPACITY = "no_capacity", "No capacity at the moment"
        WRONG_SERVICE = "wrong_service", "Not the right service for this need"
        OUT_OF_AREA = "out_of_area", "Outside the area we serve"
        PERSON_DECLINED = "person_declined", "The person did not want it"
        NO_CONTACT = "no_contact", "Could not contact the person"
        OTHER = "other", "Another reason"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="referrals_received")
    message = models.TextField(blank=True, help_text="What the receiving organisation should know")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    due_by = models.DateTimeField(help_text="When an answer is due")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(blank=True)
    outcome_note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    safeguarding_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = VisibleManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"], name="frontdoor_referral_queue"),
            models.Index(fields=["status", "due_by"], name="frontdoor_referral_due"),
        ]
        constraints = [
            # No referral without recorded consent, unless a designated person overrode it with a reason.
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | (Q(safeguarding_override=True) & ~Q(override_reason="")),
                name="frontdoor_referral_consent_or_override",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="frontdoor_referral_declined_has_reason",
            ),
            # One active referral of a request to a service, however many workers refer it at once.
            models.UniqueConstraint(
                fields=["request", "service"],
                condition=Q(status__in=["awaiting", "accepted"]),
                name="frontdoor_referral_one_active_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} to {self.service}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.AWAITING and self.due_by < timezone.now()


# The weekly summary behind the demand picture, in its subpackage: imported here so Django finds it.
from thriving.frontdoor.demand.models import DemandStale, DemandSummaryState, DemandWeek  # noqa: E402, F401

# The resident's answer after closing, in its subpackage.
from thriving.frontdoor.feedback.models import ResidentAnswer  # noqa: E402, F401
