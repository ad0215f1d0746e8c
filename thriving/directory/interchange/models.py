"""The record of each import: what was read, what landed, what was set aside and why."""

from django.db import models

from thriving.core.models import Record


class ImportRun(Record):
    """One import of a feed into the directory, with its report: the counts of each kind of
    record, the warnings (values put right), and each record set aside with its reason.
    `created_by` is the account that ran it, when it was run as someone; `run_by` says who."""

    class Status(models.TextChoices):
        LANDED = "landed", "Landed"
        PARTLY = "partly", "Landed, some records set aside"
        REFUSED = "refused", "Refused, nothing changed"
        FAILED = "failed", "Could not be read"

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

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.source} ({self.get_status_display()})"
