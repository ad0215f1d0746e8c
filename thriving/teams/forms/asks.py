"""Forms for asks to enablers: making one, answering it (grant, decline, pass on), withdrawing it,
and the filters of the report across teams."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.core.forms import govuk as forms_govuk
from thriving.core.workdays import add_working_days
from thriving.places import queries as places
from thriving.teams.forms.common import VersionForm
from thriving.teams.models import Ask, Team
from thriving.teams.queries import asks as queries

ANSWER_HOUR = datetime.time(17, 0)  # an escalated ask is due at the end of the working day chosen
MAX_ESCALATION_DAYS = 90
REPORT_DEFAULT_DAYS = 365
REPORT_MAX_DAYS = 3 * 366


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


class HuddleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        now = " (running now)" if obj.status == obj.Status.RUNNING else ""
        return f"The huddle of {timezone.localtime(obj.starts_at):%A %-d %B %Y, %H:%M}{now}"


class AskForm(forms_govuk.Form):
    """A team's ask: what kind, its theme, what is needed and why, and which enabler to ask."""

    kind = forms.ChoiceField(label="What are you asking for?", choices=Ask.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose what you are asking for"})
    theme = forms.ChoiceField(label="Theme", choices=[("", "Choose a theme"), *Ask.Theme.choices],
                              help_text="Where in the system it sits; the report across teams counts asks by theme",
                              error_messages={"required": "Choose a theme", "invalid_choice": "Choose a theme"})
    title = forms.CharField(label="Title", max_length=200, help_text="A short line, such as 'Share case notes at "
                            "the huddle'. Do not name residents",
                            error_messages={"required": "Enter a title for the ask",
                                            "max_length": "The title must be 200 characters or fewer"})
    detail = forms.CharField(label="What is needed, and why", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="What would change for people if the answer is yes. Do not name residents",
                             error_messages={"required": "Say what is needed and why",
                                             "max_length": "Keep it to 5,000 characters or fewer"})
    enabler = PersonChoiceField(label="Which enabler are you asking?", queryset=None, to_field_name="uuid",
                                widget=forms.RadioSelect,
                                error_messages={"required": "Choose the enabler to ask",
                                                "invalid_choice": "Choose one of the team's enablers"})
    huddle = HuddleChoiceField(label="The huddle it came from", queryset=None, to_field_name="uuid", required=False,
                               empty_label="Not from a huddle", widget=forms.RadioSelect,
                               help_text="The team's huddles just run",
                               error_messages={"invalid_choice": "Choose one of the team's huddles"})

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enabler"].queryset = queries.team_enablers(team)  # type: ignore[attr-defined]
        huddles = queries.recent_huddles(team)
        ids = [h.pk for h in huddles]
        self.fields["huddle"].queryset = team.huddles.filter(pk__in=ids).order_by("-starts_at")  # type: ignore[attr-defined]


class GrantForm(VersionForm):
    prefix = "grant"

    note = forms.CharField(label="Anything to add", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Any conditions, or who the team should speak to next",
                           error_messages={"max_length": "Keep the note to 5,000 characters or fewer"})


class DeclineForm(VersionForm):
    prefix = "decline"

    reason = forms.CharField(label="Why you are declining it", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The team sees this, and the report across teams counts declined asks",
                             error_messages={"required": "Say why you are declining the ask",
                                             "max_length": "Keep the reason to 5,000 characters or fewer"})

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why you are declining the ask")
        return reason


class EscalateForm(VersionForm):
    prefix = "escalate"

    to = PersonChoiceField(label="Pass it on to", queryset=None, to_field_name="uuid", empty_label="Choose an enabler",
                           error_messages={"required": "Choose the enabler to pass the ask on to",
                                           "invalid_choice": "Choose an enabler from the list"})
    due_on = forms.DateField(
        label="New answer due by", help_text="The answer is due by 5pm on this day, such as 2026-12-04",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the day the answer is now due",
                        "invalid": "Enter a real date for the answer, such as 2026-12-04"},
    )
    note = forms.CharField(label="Why you are passing it on", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "Keep the note to 2,000 characters or fewer"})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = queries.enablers_to_escalate_to(user)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["due_on"].initial = add_working_days(timezone.now(), 5).date()

    def clean_due_on(self) -> datetime.date:
        day = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if day > today + datetime.timedelta(days=MAX_ESCALATION_DAYS):
            raise forms.ValidationError(f"The answer must be due within {MAX_ESCALATION_DAYS} days")
        if self.due_by_for(day) <= timezone.now():
            raise forms.ValidationError("The answer must be due in the future: choose a later day")
        return day

    @staticmethod
    def due_by_for(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, ANSWER_HOUR, tzinfo=timezone.get_current_timezone())


class WithdrawForm(VersionForm):
    prefix = "withdraw"

    reason = forms.CharField(label="Why the team is withdrawing it", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"max_length": "Keep the reason to 2,000 characters or fewer"})


def default_period() -> tuple[datetime.date, datetime.date]:
    """The report's period when none is given: the last 12 months, to today."""
    end = timezone.localdate()
    return end - datetime.timedelta(days=REPORT_DEFAULT_DAYS), end


class ReportFilterForm(forms_govuk.Form):
    """Which asks to count. Every field is optional; the period defaults to the last 12 months."""

    use_required_attribute = False

    date_from = forms.DateField(
        label="From", required=False, help_text="Asks made on or after this day",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'from' date, such as 2026-01-31"},
    )
    date_to = forms.DateField(
        label="To", required=False, help_text="Asks made on or before this day",
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'to' date, such as 2026-06-30"},
    )
    locality = forms.ModelChoiceField(
        label="Locality", required=False, to_field_name="slug", empty_label="All localities",
        queryset=places.localities().defer("boundary", "ward_codes", "ward_names"),
        error_messages={"invalid_choice": "Choose a locality from the list"},
    )
    team = forms.ModelChoiceField(label="Team", required=False, to_field_name="slug", empty_label="All teams",
                                  queryset=Team.objects.order_by("name"),
                                  error_messages={"invalid_choice": "Choose a team from the list"})
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "All themes"), *Ask.Theme.choices],
                              error_messages={"invalid_choice": "Choose a theme from the list"})
    kind = forms.ChoiceField(label="Kind of ask", required=False, choices=[("", "All kinds"), *Ask.Kind.choices],
                             error_messages={"invalid_choice": "Choose a kind of ask from the list"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_start, self.default_end = default_period()
        self.fields["date_from"].initial = self.default_start
        self.fields["date_to"].initial = self.default_end

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "date_from" in self.errors or "date_to" in self.errors:
            return cleaned
        start = cleaned.get("date_from") or self.default_start
        end = cleaned.get("date_to") or self.default_end
        if start.year < 2000:
            self.add_error("date_from", "The 'from' date must be in 2000 or later")
        elif start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        elif (end - start).days > REPORT_MAX_DAYS:
            self.add_error("date_to", "Choose a period of 3 years or less")
        cleaned["date_from"], cleaned["date_to"] = start, end
        return cleaned

    def filters(self) -> queries.ReportFilters:
        data = self.cleaned_data
        return queries.ReportFilters(
            start=data["date_from"], end=data["date_to"], locality=data.get("locality"), team=data.get("team"),
            theme=data.get("theme") or "", kind=data.get("kind") or "",
        )
