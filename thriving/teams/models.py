"""Connected Teams: self-managed, cross-organisation teams for a locality, their enablers, the
weekly huddle (its schedule, agenda and minutes), actions and asks to enablers.

Personal data: an agenda item that points at a help request or a referral carries only its
reference; what a member sees of the request itself is decided by the front door's own rules.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from thriving.core.access import VisibleManager
from thriving.core.models import Organisation
from thriving.places.models import Locality


class Team(models.Model):
    """A connected team for one locality: members from any organisation, and volunteers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="teams")
    about = models.TextField(blank=True, help_text="What the team is for, in a sentence or two")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locality", "name"], name="teams_team_name_in_locality")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person in a team: a member (from an organisation), a volunteer, or a linked enabler."""

    class Kind(models.TextChoices):
        MEMBER = "member", "Member"
        VOLUNTEER = "volunteer", "Volunteer"
        ENABLER = "enabler", "Enabler"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_places")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="team_members",
        help_text="The organisation they come from; none for a volunteer",
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)


    objects = VisibleManager()
    class Meta:
        ordering = ["kind", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], condition=Q(left_at__isnull=True), name="teams_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()}, {self.team})"


class HuddleSeries(models.Model):
    """When a team's huddle repeats: a weekday and time, every one, two or four weeks."""

    class Every(models.IntegerChoices):
        WEEK = 1, "Every week"
        FORTNIGHT = 2, "Every two weeks"
        FOUR_WEEKS = 4, "Every four weeks"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="huddle_series")
    first_on = models.DateField(help_text="The date of the first huddle")
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    every = models.PositiveSmallIntegerField(choices=Every.choices, default=Every.WEEK)
    until = models.DateField(null=True, blank=True)
    place = models.ForeignKey("directory.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    place_text = models.CharField(max_length=200, blank=True, help_text="Where, if not a Space & Place: 'Online'")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["first_on"]
        verbose_name_plural = "huddle series"

    def __str__(self) -> str:
        return f"{self.team}: {self.get_every_display().lower()} from {self.first_on}"


class Huddle(models.Model):
    """One gathering of a team: its agenda, the note-taker's record, and minutes shared after."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="huddles")
    series = models.ForeignKey(HuddleSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="huddles")
    series_slot = models.DateTimeField(
        null=True, blank=True, help_text="When the series first put it, even if it has been moved since"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.ForeignKey("directory.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    place_text = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(blank=True, help_text="Anything said that belongs to no one item")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    minutes_shared_at = models.DateTimeField(null=True, blank=True)
    minutes_corrected_at = models.DateTimeField(
        null=True, blank=True, help_text="When the note-taker last corrected the minutes after sharing them"
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                       help_text="Who was there")
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "starts_at"], name="teams_huddle_once_a_time"),
            models.UniqueConstraint(fields=["series", "series_slot"], name="teams_huddle_one_per_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="teams_huddle_ends_after"),
        ]
        indexes = [models.Index(fields=["team", "status", "starts_at"], name="teams_huddle_upcoming")]

    def __str__(self) -> str:
        return f"{self.team} huddle, {self.starts_at:%Y-%m-%d %H:%M}"


class Ask(models.Model):
    """A team's ask to an enabler: for permission, a resource, or a blocker in the system removed.
    Every ask and answer is kept (`AskEvent`)."""

    class Kind(models.TextChoices):
        PERMISSION = "permission", "Permission"
        RESOURCE = "resource", "A resource"
        BLOCKER = "blocker", "Remove a blocker"

    class Theme(models.TextChoices):
        DATA_SHARING = "data_sharing", "Sharing information"
        FUNDING = "funding", "Money and budgets"
        POLICY = "policy", "Policy or process"
        PREMISES = "premises", "Buildings and spaces"
        WORKFORCE = "workforce", "People and time"
        REFERRALS = "referrals", "Referral routes"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting an answer"
        GRANTED = "granted", "Granted"
        DECLINED = "declined", "Declined"
        ESCALATED = "escalated", "Escalated"
        WITHDRAWN = "withdrawn", "Withdrawn"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="asks")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField()
    enabler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="asks_to_answer")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AWAITING)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="asks_escalated"
    )
    due_by = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    huddle = models.ForeignKey(Huddle, on_delete=models.SET_NULL, null=True, blank=True, related_name="asks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["enabler", "status", "due_by"], name="teams_ask_to_answer"),
            models.Index(fields=["status", "due_by"], name="teams_ask_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer=""), name="teams_ask_declined_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AskEvent(models.Model):
    """A step in an ask's life: asked, answered, escalated, reminded, withdrawn."""

    class Kind(models.TextChoices):
        ASKED = "asked", "Asked"
        GRANTED = "granted", "Granted"
        DECLINED = "declined", "Declined"
        ESCALATED = "escalated", "Escalated"
        REMINDED = "reminded", "Reminder sent"
        WITHDRAWN = "withdrawn", "Withdrawn"
        NOTE = "note", "Note"

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ask}: {self.get_kind_display()}"


class Action(models.Model):
    """Something someone has taken on: an owner, a due date, and what it is for (a help request,
    an ask, or a community idea through the generic link)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True, help_text="What was done, or why it was dropped")
    huddle = models.ForeignKey(Huddle, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    agenda_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        help_text="The huddle agenda item it was agreed under",
    )
    request = models.ForeignKey("frontdoor.HelpRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    ask = models.ForeignKey(Ask, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="teams_action_mine"),
            models.Index(fields=["team", "status", "due_on"], name="teams_action_team"),
            models.Index(fields=["subject_type", "subject_id"], name="teams_action_subject"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One item on a huddle's agenda: built from what needs the team (a request flagged for the
    huddle, a referral past its time, an ask awaiting an enabler, an action due, a new community
    idea) or added by a member. The note-taker records the discussion and decision here."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request for the huddle"
        REFERRAL = "referral", "Referral with no answer"
        ASK = "ask", "Ask awaiting an enabler"
        ACTION = "action", "Action due"
        IDEA = "idea", "New community idea"
        MEMBER = "member", "Added by a member"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=250, help_text="No personal data: a reference, not a name")
    request = models.ForeignKey("frontdoor.HelpRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    ask = models.ForeignKey(Ask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField(
        default=list, blank=True,
        help_text="Why it is on the agenda, one entry per reason: its kind, the text, who and when. Reasons "
                  "about a help request are shown only to members the front door lets see that request",
    )
    decide = models.CharField(max_length=500, blank=True, help_text="What the team is asked to decide")
    brought_back_to = models.ForeignKey(
        Huddle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The later huddle a member brought this item back to",
    )
    discussion = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    covered = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)


    objects = VisibleManager()
    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
