"""The community Ways of Working: Local Nets (open, regular community sessions), Pledges,
community ideas and their facilitation, and ambassadors with their good news stories.

Residents take part without an account: they sign up to a session, sign a pledge or propose an
idea with a name and, if they choose, a way to contact them. That contact is personal data: it
is shown only to the staff running the session, campaign or idea, and each look is audited.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from thriving.core.access import VisibleManager
from thriving.core.models import Organisation
from thriving.places.models import Locality


class LocalNet(models.Model):
    """A regular, open community session: its theme and usual place; each meeting is a session."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=160, unique=True)
    title = models.CharField(max_length=150)
    theme = models.CharField(max_length=150)
    about = models.TextField(blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="local_nets")
    team = models.ForeignKey("teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="local_nets")
    place = models.ForeignKey(
        "directory.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="local_nets",
        help_text="The Space & Place where it usually meets",
    )
    is_listed = models.BooleanField(default=True, help_text="Shown on the public listing")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LocalNetSession(models.Model):
    """One meeting of a Local Net: when and where, how many places there are to sign up for, and,
    once it has happened, how many came and what was noted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    local_net = models.ForeignKey(LocalNet, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.ForeignKey(
        "directory.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Where, if not the Local Net's usual place",
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Places to sign up for; empty for no limit")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.PositiveIntegerField(null=True, blank=True, help_text="How many came")
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="community_session_ends_after"),
            models.UniqueConstraint(fields=["local_net", "starts_at"], name="community_session_once_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.local_net}, {self.starts_at:%Y-%m-%d %H:%M}"


class SessionSignup(models.Model):
    """Someone coming to a session, signed up without an account. The same person (by email,
    phone or name) signing up twice is one sign-up."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(LocalNetSession, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    person_key = models.CharField(max_length=200, help_text="Normalised email, phone or name: one sign-up each")
    places = models.PositiveSmallIntegerField(default=1, help_text="Places taken, the person included")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person_key"], condition=Q(cancelled_at__isnull=True), name="community_signup_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.session}"


class Insight(models.Model):
    """What people said at a session, in their words: it can become a community idea."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(LocalNetSession, on_delete=models.CASCADE, related_name="insights")
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    idea = models.ForeignKey("Idea", on_delete=models.SET_NULL, null=True, blank=True, related_name="insights")


    objects = VisibleManager()
    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PledgeCampaign(models.Model):
    """A pledge for a place or a challenge, such as being kind in a town."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=160, unique=True)
    title = models.CharField(max_length=150)
    pledge = models.TextField(help_text="What people sign up to, in the first person: 'I will…'")
    about = models.TextField(blank=True)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="pledge_campaigns"
    )
    team = models.ForeignKey("teams.Team", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="pledge_campaigns")
    opens_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title


class PledgeSignature(models.Model):
    """A person's signature: a name (shown only if they agree) and an optional contact. The same
    person signing twice is counted once."""

    campaign = models.ForeignKey(PledgeCampaign, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(max_length=150)
    show_name = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    person_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person_key"], name="community_signature_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.campaign}"


class OrganisationPledge(models.Model):
    """An organisation's signature with what it commits to; the team records its progress."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(PledgeCampaign, on_delete=models.CASCADE, related_name="organisation_pledges")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges"
    )
    organisation_name = models.CharField(max_length=200)
    organisation_key = models.CharField(max_length=200)
    commitment = models.TextField()
    signed_by = models.CharField(max_length=150)
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["organisation_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation_key"], name="community_org_pledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.campaign}"


class CommitmentProgress(models.Model):
    class Status(models.TextChoices):
        STARTED = "started", "Started"
        ON_TRACK = "on_track", "On track"
        BEHIND = "behind", "Behind"
        DONE = "done", "Done"

    pledge = models.ForeignKey(OrganisationPledge, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "commitment progress"

    def __str__(self) -> str:
        return f"{self.pledge}: {self.get_status_display()}"


class Idea(models.Model):
    """A community idea, from a resident or a member of staff, with the facilitator who supports
    it and the stage it has reached."""

    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        EXPLORING = "exploring", "Exploring"
        SETTING_UP = "setting_up", "Setting up"
        RUNNING = "running", "Running"
        SUSTAINED = "sustained", "Sustained"
        STOPPED = "stopped", "Stopped"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=150)
    description = models.TextField()
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="ideas")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.PROPOSED)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas_facilitated"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas_proposed",
        help_text="The member of staff who proposed it; empty for a resident's idea",
    )
    proposer_name = models.CharField(max_length=150, blank=True)
    proposer_email = models.EmailField(blank=True)
    proposer_phone = models.CharField(max_length=30, blank=True)
    sessions = models.ManyToManyField(LocalNetSession, blank=True, related_name="ideas")
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "created_at"], name="community_idea_stage")]

    def __str__(self) -> str:
        return self.title


class IdeaSupport(models.Model):
    """The log of support given to an idea, and each change of stage."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SUPPORT = "support", "Support given"
        STAGE = "stage", "Stage changed"
        FACILITATOR = "facilitator", "Facilitator assigned"
        LINKED = "linked", "Linked to a Local Net session"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(blank=True)
    stage_from = models.CharField(max_length=12, blank=True)
    stage_to = models.CharField(max_length=12, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_kind_display()}"


class AmbassadorProfile(models.Model):
    """A person with the ambassador role: their public profile for their place."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassador")
    slug = models.SlugField(max_length=160, unique=True)
    display_name = models.CharField(max_length=150, help_text="The name shown on the public page")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="ambassadors")
    about = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class GoodNewsStory(models.Model):
    """A good news story an ambassador shares for their place."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ambassador = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=150)
    body = models.TextField()
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="good_news")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "good news stories"

    def __str__(self) -> str:
        return self.title
