"""Forms for a project's stories: the filter of the staff list (how it was told, where, the month,
words in it), and the reason a manager gives when withdrawing a story for its teller."""

import datetime
from typing import Any

from django import forms

from thriving.core.forms.filters import FilterForm, choices
from thriving.core.forms.govuk import Form
from thriving.stories.models import Story


class StoryFilterForm(FilterForm):
    q = forms.CharField(label="Words in the title or the story", required=False, max_length=100)
    channel = forms.ChoiceField(label="How it was told", required=False,
                                choices=choices("Any way", list(Story.Channel.choices)))
    area = forms.ChoiceField(label="Where it happened", required=False)
    month = forms.ChoiceField(label="Month it was told", required=False)

    def __init__(self, *args: Any, areas: list[Any], months: list[datetime.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {str(area.pk): area for area in areas}
        self.months = {month.strftime("%Y-%m"): month for month in months}
        self.fields["area"].choices = choices("Anywhere", [(key, area.name) for key, area in self.areas.items()])  # type: ignore[attr-defined]
        self.fields["month"].choices = choices("Any month", [(key, month.strftime("%B %Y"))  # type: ignore[attr-defined]
                                                             for key, month in self.months.items()])

    def filters(self) -> dict[str, Any]:
        """What to narrow the list by: nothing for a filter that is not valid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"channel": data["channel"], "area": self.areas.get(data["area"]),
                "month": self.months.get(data["month"]), "q": data["q"]}


class WithdrawForm(Form):
    reason = forms.CharField(
        label="Why is the story being withdrawn?", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say who asked and how, for example: the teller phoned on 3 December and asked",
        error_messages={"required": "Say why the story is being withdrawn",
                        "max_length": "Keep the reason to 300 characters or fewer"})
