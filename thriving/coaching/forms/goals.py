"""Forms for aspirations and goals: words as the person says them (only the whitespace around
them taken off), whose they are (one of the people coached, or the family's together), and, for a
goal, whether it is worked on now or kept waiting; rewording a goal, and changing its status."""

from typing import Any

from django import forms

from thriving.coaching.models import Goal
from thriving.core.forms import govuk as forms_govuk

FAMILY = "family"
NOW, WAITING = "now", "waiting"


def whose_choices(people: list[Any], *, family: bool) -> list[tuple[str, str]]:
    choices = [(person.uuid.hex, f"{person.given_name} {person.family_name}".strip()) for person in people]
    if family:
        choices.append((FAMILY, "The family, together"))
    return choices


class WhoseMixin:
    """A "whose" choice for a family (its members, or the family together); none for one person."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def set_people(self, people: list[Any], *, family: bool, label: str) -> None:
        self.people = {person.uuid.hex: person for person in people}
        if family or len(people) > 1:
            self.fields["whose"].choices = whose_choices(people, family=family)  # type: ignore[attr-defined]
            self.fields["whose"].label = label
        else:
            self.fields.pop("whose", None)
        self.single = people[0] if len(people) == 1 and not family else None

    def person(self) -> Any:
        """The person chosen, or None for the family's own."""
        if self.single is not None:
            return self.single
        whose = self.cleaned_data.get("whose")
        return None if whose == FAMILY else self.people.get(whose)


WORDS_ERRORS = {"max_length": "Keep it to 2,000 characters or fewer"}


def whose_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Whose is it?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose whose it is", "invalid_choice": "Choose whose it is"})


class AspirationForm(WhoseMixin, forms_govuk.Form):
    whose = whose_field()
    words = forms.CharField(
        label="What do they want for themselves?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their own words, as they say it: it is kept exactly as you type it",
        error_messages={"required": "Enter the aspiration in the person’s own words", **WORDS_ERRORS})

    def __init__(self, *args: Any, people: list[Any], family: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_people(people, family=family, label="Whose aspiration is it?")
        self.order_fields(["whose", "words"])


class GoalForm(WhoseMixin, forms_govuk.Form):
    whose = whose_field()
    words = forms.CharField(
        label="The goal, in their words", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the person puts it: it is kept exactly as you type it",
        error_messages={"required": "Enter the goal in the person’s own words", **WORDS_ERRORS})
    aspiration = forms.ChoiceField(label="The aspiration it works toward", required=False, widget=forms.RadioSelect)
    start = forms.ChoiceField(
        label="When will they work on it?", widget=forms.RadioSelect,
        choices=[(NOW, "Work on it now"), (WAITING, "Keep it waiting")],
        help_text="Up to 3 goals are worked on at a time; more can wait until one is met or stopped",
        error_messages={"required": "Choose whether to work on it now or keep it waiting"})

    def __init__(self, *args: Any, people: list[Any], family: bool, aspirations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_people(people, family=family, label="Whose goal is it?")
        self.aspirations = {a.uuid.hex: a for a in aspirations}
        if aspirations:
            self.fields["aspiration"].choices = [
                *((a.uuid.hex, f"“{a.words[:120]}”") for a in aspirations), ("", "None of these")]
        else:
            self.fields.pop("aspiration")
        self.order_fields(["whose", "words", "aspiration", "start"])

    def chosen_aspiration(self) -> Any:
        return self.aspirations.get(self.cleaned_data.get("aspiration") or "")


class RewordForm(forms_govuk.Form):
    prefix = "reword"

    version = forms.IntegerField(widget=forms.HiddenInput)
    words = forms.CharField(
        label="The goal in its new words", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The earlier wording is kept in the goal's history",
        error_messages={"required": "Enter the goal in the person’s own words", **WORDS_ERRORS})
    reason = forms.CharField(label="Why it changed", required=False, max_length=300,
                             help_text="Such as: Dana wanted it to be about the mornings, not every day",
                             error_messages={"max_length": "Keep the reason to 300 characters or fewer"})


class StatusForm(forms_govuk.Form):
    prefix = "status"

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="What happens with the goal now?", widget=forms.RadioSelect,
                               error_messages={"required": "Choose what happens with the goal",
                                               "invalid_choice": "Choose what happens with the goal"})

    LABELS = {
        Goal.Status.ACTIVE: "Work on it now",
        Goal.Status.WAITING: "Keep it waiting",
        Goal.Status.MET: "Met: they reached it",
        Goal.Status.STOPPED: "Stopped: they are no longer working on it",
    }

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(value, label) for value, label in self.LABELS.items() if value != goal.status]
