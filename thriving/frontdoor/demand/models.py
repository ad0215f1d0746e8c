"""The weekly summary behind the demand picture, so that its figures never have to read every
request and referral: one row per week, locality, top-level need and receiving organisation,
each with "all" as a value too, holding counts and a histogram of hours to answer a referral.

It holds counts only, never personal data. `thriving.frontdoor.demand.services` builds it and keeps
it up to date from the weeks that changes have marked as stale; `demand.queries.summary` reads it.
"""

from django.db import models

ALL = 0  # "all localities", "all needs", "all organisations"
NO_LOCALITY = -1  # requests whose postcode placed them in no locality


class DemandWeek(models.Model):
    """The figures for one week (Monday, local time), in one locality (or all, or none recorded),
    for one top-level need (or all), and for one receiving organisation (or all).

    Requests are counted in the week they were made, closures (and the person's answer to whether
    they got the help they needed) in the week they closed, and referrals in the week they were
    made. Rows for one organisation hold only referral figures.
    The keys are plain integers, not foreign keys: this is a summary that is rebuilt, and a
    locality, need or organisation is named when the figures are read.
    """

    week = models.DateField()
    locality_key = models.IntegerField(help_text="A locality's id; 0 for all; -1 for none recorded")
    need_key = models.IntegerField(help_text="A top-level need's id; 0 for all")
    organisation_key = models.IntegerField(help_text="A receiving organisation's id; 0 for all")

    level_1 = models.PositiveIntegerField(default=0)
    level_2 = models.PositiveIntegerField(default=0)
    level_3 = models.PositiveIntegerField(default=0)
    level_4 = models.PositiveIntegerField(default=0)
    untriaged = models.PositiveIntegerField(default=0)

    met_community = models.PositiveIntegerField(default=0, help_text="Closed this week, met at levels 1-2")
    met_services = models.PositiveIntegerField(default=0, help_text="Closed this week, met at levels 3-4")
    met_unrecorded = models.PositiveIntegerField(default=0)
    unmet = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    answered_yes = models.PositiveIntegerField(default=0, help_text="Closed this week; the person got the help")
    answered_partly = models.PositiveIntegerField(default=0, help_text="Closed this week; the person got some of it")
    answered_no = models.PositiveIntegerField(default=0, help_text="Closed this week; the person did not get it")

    referrals = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    declined_by_reason = models.JSONField(default=dict, blank=True)
    awaiting = models.PositiveIntegerField(default=0, help_text="Referrals still awaiting an answer")
    awaiting_due_last = models.DateTimeField(
        null=True, blank=True, help_text="When the last of those awaiting is due: before now, all are overdue"
    )
    response_hours = models.JSONField(
        default=dict, blank=True, help_text="Hours to answer: {bucket: [count, sum of hours]}"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locality_key", "need_key", "organisation_key", "week"], name="frontdoor_demandweek_key"
            )
        ]
        indexes = [models.Index(fields=["need_key", "organisation_key", "week"], name="frontdoor_demandweek_need")]

    def __str__(self) -> str:
        return f"{self.week}: locality {self.locality_key}, need {self.need_key}, org {self.organisation_key}"


class DemandStale(models.Model):
    """A week whose summary must be rebuilt, written in the same transaction as the change that
    made it stale, and deleted once the week is rebuilt. Many rows may name the same week."""

    week = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["week"], name="frontdoor_demandstale_week")]

    def __str__(self) -> str:
        return f"{self.week} (marked {self.marked_at:%Y-%m-%d %H:%M})"


class DemandSummaryState(models.Model):
    """One row: locked while the summary is being brought up to date, so only one process at a
    time rebuilds it, and when it was last brought up to date."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True, help_text="When it was last rebuilt whole")

    def __str__(self) -> str:
        return f"Demand summary, refreshed {self.refreshed_at}"
