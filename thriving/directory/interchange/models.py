"""The record of each import: what was read, what landed, what was set aside and why; and the
partners' feeds the directory harvests on a schedule."""

import datetime

from django.db import models

from thriving.core.models import Record


class Feed(Record):
    """A partner's Open Referral feed, which the directory harvests on a schedule. Records that
    came from it are marked with it and are kept there, not edited here."""

    class Format(models.TextChoices):
        DETECT = "detect", "Detect it"
        API = "api", "An Open Referral UK API (1.0 or 3.0)"
        JSON = "json", "One JSON file (ORUK or HSDS)"
        CSV = "csv", "An HSDS CSV data package (.zip)"

    class Frequency(models.TextChoices):
        HOURLY = "hourly", "Every hour"
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Every week"

    INTERVALS = {"hourly": datetime.timedelta(hours=1), "daily": datetime.timedelta(days=1),
                 "weekly": datetime.timedelta(weeks=1)}

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=1000, help_text="The feed's address")
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.DETECT)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="directory_feeds",
                                     help_text="The partner that publishes it")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    paused = models.BooleanField(default=False)
    held_reason = models.TextField(blank=True, help_text="Why the latest harvest was held; blank when it was not")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_records = models.PositiveIntegerField(null=True, blank=True, help_text="Records read by the last good run")
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When a harvest was queued and not yet begun")
    organisations = models.ManyToManyField("core.Organisation", related_name="directory_feeds_from", blank=True,
                                           help_text="The organisations its records brought")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def interval(self) -> datetime.timedelta:
        return self.INTERVALS[self.frequency]


class ImportRun(Record):
    """One import of a feed into the directory, with its report: the counts of each kind of
    record, the warnings (values put right), and each record set aside with its reason.
    `created_by` is the account that ran it, when it was run as someone; `run_by` says who."""

    class Status(models.TextChoices):
        LANDED = "landed", "Landed"
        PARTLY = "partly", "Landed, some records set aside"
        REFUSED = "refused", "Refused, nothing changed"
        FAILED = "failed", "Could not be read"
        RUNNING = "running", "Running"
        HELD = "held", "Held, nothing changed"

    source = models.CharField(max_length=1000)
    format = models.CharField(max_length=100, blank=True, help_text="The standard and version found")
    status = models.CharField(max_length=10, choices=Status.choices)
    strict = models.BooleanField(default=False, help_text="All or nothing")
    run_by = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0, help_text="Records read")
    landed = models.PositiveIntegerField(default=0, help_text="Records created, updated or unchanged")
    refused = models.PositiveIntegerField(default=0, help_text="Records set aside")
    warnings = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, help_text="counts, warnings and refusals")
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, null=True, blank=True, related_name="runs")
    held_reason = models.TextField(blank=True, help_text="Why a harvest was held and nothing applied")
    released_by = models.CharField(max_length=200, blank=True, help_text="Who applied a held harvest anyway")
    progress = models.JSONField(default=dict, blank=True, help_text="While it runs: stage, done and total")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.source} ({self.get_status_display()})"
