"""The filters of the caseloads: status, flag, the weeks after which someone counts as not seen,
and (on a team lead's caseload) the coach."""

from typing import Any

from django import forms

from thriving.coaching.queries import caseloads
from thriving.core.forms import govuk


class CaseloadFilterForm(govuk.Form):
    mark_optional = False  # a filter: every field may be left as it is

    status = forms.ChoiceField(label="Status", required=False, choices=list(caseloads.STATUSES.items()),
                               error_messages={"invalid_choice": "Choose active, ended, or both"})
    flag = forms.ChoiceField(
        label="Needs attention", required=False,
        choices=[("", "Everyone"), *((key, label.format(weeks="N")) for key, label in caseloads.FLAGS.items())],
        error_messages={"invalid_choice": "Choose one of the flags from the list"},
    )
    weeks = forms.IntegerField(
        label="Not seen for (weeks)", required=False, min_value=1, max_value=52,
        help_text="Someone counts as not seen after this many weeks without a session",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the number of weeks as a whole number, like 4",
                        "min_value": "The number of weeks must be 1 or more",
                        "max_value": "The number of weeks must be 52 or fewer"},
    )

    coach = forms.ChoiceField(label="Coach", required=False, choices=[("", "Every coach")],
                              error_messages={"invalid_choice": "Choose a coach from the list"})

    def __init__(self, *args: Any, coaches: list[caseloads.CoachCount] | None = None, **kwargs: Any) -> None:
        """`coaches`: the coaches to choose from, on a team lead's caseload (none: no coach filter)."""
        super().__init__(*args, **kwargs)
        if coaches is None:
            del self.fields["coach"]
        else:
            self.fields["coach"].choices = [("", "Every coach"), *((str(c.uuid), c.name) for c in coaches)]

    def filters(self) -> caseloads.Filters:
        """What the person chose (the defaults where the form was not sent or has mistakes)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        chosen = data.get("coach")
        return caseloads.Filters(
            status=data.get("status") or "active",
            flag=data.get("flag") or "",
            weeks=data.get("weeks") or caseloads.DEFAULT_WEEKS,
            coach_uuid=chosen or None,
        )
