"""The ratings form: for each person coached, a score box for each item (`queries.goals.Item`): the
GBO of each goal they rate, the ONS4 questions, the organisation's own measures; and the day. A
box left empty is a measure the person chose not to rate. Scores are typed as numbers (quicker on
a phone than eleven radios), with the scale's two ends in the hint."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thriving.coaching.queries.goals import Item, PersonItems
from thriving.frontdoor.forms.common import Form, GovukDateField

SCORE = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-2",
                               "autocomplete": "off"})


def anchors(item: Item) -> str:
    measure = item.measure
    low = f"{measure.scale_min} means {measure.low_label.lower()}" if measure.low_label else f"{measure.scale_min}"
    high = f"{measure.scale_max} means {measure.high_label.lower()}" if measure.high_label else f"{measure.scale_max}"
    hint = f"From {measure.scale_min} to {measure.scale_max}: {low}, {high}."
    if not measure.higher_is_better:
        hint += " For this question a lower score is better."
    return hint


def label_of(item: Item) -> str:
    if item.goal is not None:
        return f"“{item.goal.words}”"
    return item.measure.question if item.measure.kind != "own" else f"{item.measure.name}: {item.measure.question}"


class ScoreField(forms.CharField):
    def __init__(self, item: Item, **kwargs: Any) -> None:
        self.item = item
        super().__init__(label=label_of(item), required=False, max_length=4, widget=SCORE, help_text=anchors(item),
                         error_messages={"max_length": "Enter a whole number"}, **kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value).strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            name = f"{self.item.person.given_name}, {self.item.measure.name}"
            raise ValidationError(f"{name}: enter the score as a whole number, such as 6") from None


class RatingsForm(Form):
    """One sitting's scores. The score fields are named by person, measure and goal (`Item.key`)."""

    mark_optional = False  # every score may be left empty: the page says so once

    rated_on = GovukDateField(label="When were these scores given?", help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, people: list[PersonItems], default_day: datetime.date | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.items: dict[str, Item] = {}
        for person in people:
            for item in person.items:
                field = self.fields[item.key] = ScoreField(item)
                field.govuk_kind = "input"  # type: ignore[attr-defined]
                self.items[item.key] = item
        if not self.is_bound:
            self.initial.setdefault("rated_on", default_day or timezone.localdate())
        self.describe_fields()

    def groups(self) -> list[dict[str, Any]]:
        """The bound fields person by person, in three parts: goals, wellbeing, the organisation's own."""
        return [{
            "person": person.person,
            "goals": [self[item.key] for item in person.goals],
            "wellbeing": [self[item.key] for item in person.wellbeing],
            "own": [self[item.key] for item in person.own],
        } for person in self.people]

    def scores(self) -> list[tuple[Item, int]]:
        data = self.cleaned_data
        return [(item, data[key]) for key, item in self.items.items() if data.get(key) is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.items and not any(data.get(key) is not None for key in self.items) and not self.errors:
            raise ValidationError("Enter at least one score. A person may leave out any they do not want to give.")
        return data
