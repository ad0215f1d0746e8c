"""A team member's dots or scores for a round's applications (one number box each), and a
resident's public vote (up to three projects, their email address and postcode), which has the
protections of every public form (`thriving.core.public_forms`)."""

from typing import Any

from django import forms

from thriving.budgets.models import Application, Round
from thriving.budgets.services.votes import PUBLIC_CHOICES, TOP_SCORE
from thriving.core.forms.govuk import Form
from thriving.core.public_forms import PublicForm
from thriving.places import queries as places


class TeamVoteForm(Form):
    """One field per application on the ballot, named by its reference."""

    mark_optional = False

    def __init__(self, data: Any = None, *, round_: Round, applications: list[Application],
                 points: dict[int, int]) -> None:
        super().__init__(data)
        self.round = round_
        self.applications = {f"app-{application.reference}": application for application in applications}
        dots = round_.method == Round.Method.DOT_VOTE
        top = round_.dots_per_member if dots else TOP_SCORE
        for name, application in self.applications.items():
            self.fields[name] = forms.IntegerField(
                label=f"{application.title} (£{application.amount_requested:,.2f})", required=False, min_value=0,
                max_value=top, initial=points.get(application.pk, 0),
                help_text="Dots" if dots else f"A score from 0 to {TOP_SCORE}",
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}),
                error_messages={"min_value": "Give 0 or more", "max_value": f"Give {top} or fewer",
                                "invalid": "Enter a whole number"},
            )
            self.fields[name].govuk_kind = "input"  # type: ignore[attr-defined]
        self.describe_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.round.method == Round.Method.DOT_VOTE and not self.errors:
            given = sum(value or 0 for value in data.values())
            if given > self.round.dots_per_member:
                self.add_error(None, f"You have {self.round.dots_per_member} dots to give in all: you gave {given}")
        return data

    def points(self) -> dict[Application, int]:
        return {application: self.cleaned_data.get(name) or 0 for name, application in self.applications.items()}


class PublicVoteForm(PublicForm, Form):
    choices = forms.MultipleChoiceField(label=f"Which projects do you vote for? Choose up to {PUBLIC_CHOICES}",
                                        widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": "Choose at least one project"})
    email = forms.EmailField(label="Your email address", max_length=254,
                             help_text="To make sure each person votes once. We keep only a code made from it, "
                                       "never the address",
                             error_messages={"required": "Enter your email address",
                                             "invalid": "Enter an email address like name@example.com"})
    postcode = forms.CharField(label="Your postcode", max_length=10,
                               help_text="To check that you live in the place the vote is for",
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-10",
                                                             "autocomplete": "postal-code"}),
                               error_messages={"required": "Enter your postcode"})

    def __init__(self, *args: Any, applications: list[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications = {application.reference: application for application in applications}
        self.fields["choices"].choices = [(key, application.title) for key, application in self.applications.items()]  # type: ignore[attr-defined]

    def clean_choices(self) -> list[str]:
        chosen = self.cleaned_data.get("choices") or []
        if len(chosen) > PUBLIC_CHOICES:
            raise forms.ValidationError(f"Choose up to {PUBLIC_CHOICES} projects: you chose {len(chosen)}")
        return chosen

    def clean_postcode(self) -> str:
        try:
            return places.normalise_postcode(self.cleaned_data.get("postcode", ""))
        except places.PostcodeError as error:
            raise forms.ValidationError(str(error)) from None

    def chosen(self) -> list[Application]:
        return [self.applications[key] for key in self.cleaned_data["choices"]]
