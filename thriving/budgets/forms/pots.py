"""Forms for pots: the filter of the pots list, a pot's details, a contribution, a round, a
transfer to another pot and a reversal. Amounts are typed in pounds and pence and read as exact
`Decimal`s (`MoneyField`): a negative amount or a fraction of a penny is a mistake on the form."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from thriving.budgets.models import Pot, Round
from thriving.budgets.queries import pots as queries
from thriving.budgets.services.common import LARGEST
from thriving.core.forms import govuk
from thriving.frontdoor.forms import common as dates

AMOUNT = re.compile(r"-?\d+(\.\d+)?")
MONEY_WIDGET = {"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}


class MoneyField(forms.CharField):
    """An amount in pounds and pence ("1,250.50", "£40"), read as an exact Decimal."""

    def __init__(self, *, label: str, what: str, allow_zero: bool = False, **kwargs: Any) -> None:
        self.what, self.allow_zero = what, allow_zero
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(label=label, widget=forms.TextInput(attrs=MONEY_WIDGET), **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").strip().replace(",", "").replace(" ", "")
        if text.startswith("£"):
            text = text[1:]
        if not text:
            return None
        if not AMOUNT.fullmatch(text):
            raise forms.ValidationError(f"Enter {self.what} in pounds and pence, such as 250 or 12.50")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(f"Enter {self.what} in pounds and pence, such as 250 or 12.50") from error
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise forms.ValidationError(f"{self.what[0].upper()}{self.what[1:]} must be "
                                        f"{'£0 or more' if self.allow_zero else 'more than £0'}")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"{self.what[0].upper()}{self.what[1:]} must be in whole pence, such as 12.50")
        if amount > LARGEST:
            raise forms.ValidationError(f"{self.what[0].upper()}{self.what[1:]} is too large")
        return amount.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        return f"{value:.2f}" if isinstance(value, Decimal) else value


class PotFilterForm(govuk.Form):
    mark_optional = False  # a filter: every field may be left as it is

    locality = forms.ModelChoiceField(label="Locality", required=False, queryset=queries.locality_choices(),
                                      to_field_name="slug", empty_label="Every locality",
                                      error_messages={"invalid_choice": "Choose a locality from the list"})
    kind = forms.ChoiceField(label="Whose pot", required=False, choices=[("", "Every kind"), *Pot.Kind.choices],
                             error_messages={"invalid_choice": "Choose a kind of pot from the list"})

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"locality": data.get("locality"), "kind": data.get("kind") or ""}


class EnablerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class PotForm(govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name of the pot", max_length=150,
                           error_messages={"required": "Enter the pot's name",
                                           "max_length": "Keep the name to 150 characters or fewer"})
    about = forms.CharField(label="What the money is for", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="In a sentence or two, as residents will read it")
    kind = forms.ChoiceField(label="Whose pot is it?", choices=Pot.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose whose pot it is"})
    team = forms.ModelChoiceField(label="Connected team that decides", required=False,
                                  queryset=queries.team_choices(), to_field_name="slug", empty_label="No team",
                                  help_text="Needed for a connected team's pot",
                                  error_messages={"invalid_choice": "Choose a team from the list"})
    locality = forms.ModelChoiceField(label="Locality", required=False, queryset=queries.locality_choices(),
                                      to_field_name="slug", empty_label="The team's locality",
                                      help_text="Needed unless the pot is a team's, when it is the team's locality",
                                      error_messages={"invalid_choice": "Choose a locality from the list"})
    platform = forms.ModelChoiceField(label="Platform", required=False, queryset=queries.platform_choices(),
                                      to_field_name="slug", empty_label="No platform",
                                      help_text="Needed for a platform's pot, such as a food network",
                                      error_messages={"invalid_choice": "Choose a platform from the list"})
    delegated_limit = MoneyField(label="Delegated limit, in pounds", what="the delegated limit", allow_zero=True,
                                 help_text="The most the team may award in one decision without an enabler's "
                                           "sign-off")
    enablers = EnablerChoice(label="Enablers who sign off above the limit", required=False,
                             queryset=queries.enabler_choices(), to_field_name="uuid",
                             widget=forms.CheckboxSelectMultiple,
                             error_messages={"invalid_choice": "Choose enablers from the list"})
    funding_organisation = forms.ModelChoiceField(
        label="Funding organisation", required=False, queryset=queries.organisation_choices(), to_field_name="slug",
        empty_label="The council that publishes the grants",
        help_text="Who gives the grants, as published to 360Giving",
        error_messages={"invalid_choice": "Choose an organisation from the list"})
    signoff_reminder_days = forms.IntegerField(
        label="Remind enablers after (working days)", min_value=1, max_value=60, initial=3,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many working days before enablers are reminded",
                        "invalid": "Enter the number of working days as a whole number, like 3",
                        "min_value": "Remind enablers after 1 working day or more",
                        "max_value": "Remind enablers within 60 working days"})
    is_public = forms.BooleanField(label="Show its spending on the public spend page", required=False, initial=True)
    close = forms.BooleanField(label="Close this pot", required=False,
                               help_text="A closed pot takes no more applications, awards or payments, and cannot "
                                         "be opened again. Its record and its ledger stay.")

    def __init__(self, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["close"], self.fields["version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == Pot.Kind.TEAM and not data.get("team") and "team" not in self.errors:
            self.add_error("team", "Choose the connected team whose pot it is")
        if kind == Pot.Kind.PLATFORM and not data.get("platform") and "platform" not in self.errors:
            self.add_error("platform", "Choose the platform whose pot it is")
        if not data.get("locality") and not data.get("team") and "locality" not in self.errors:
            self.add_error("locality", "Choose the locality the pot is for")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("name", "about", "kind", "team", "locality", "platform",
                                              "delegated_limit", "funding_organisation", "signoff_reminder_days",
                                              "is_public")}


class ContributionForm(dates.Form):
    funder_name = forms.CharField(label="Who gave it", max_length=200, required=False,
                                  help_text="The funder's name; leave empty if you choose an organisation below",
                                  error_messages={"max_length": "Keep the name to 200 characters or fewer"})
    funder_organisation = forms.ModelChoiceField(
        label="Or the organisation that gave it", required=False, queryset=queries.organisation_choices(),
        to_field_name="slug", empty_label="Not an organisation on Thriving",
        error_messages={"invalid_choice": "Choose an organisation from the list"})
    amount = MoneyField(label="Amount, in pounds", what="the amount")
    received_on = dates.GovukDateField(label="Received on",
                                       error_messages={"required": "Enter the date it was received"})
    restriction = forms.CharField(label="What it may only be spent on", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="Any restriction the funder set; leave empty if there is none")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("funder_organisation")
        if organisation and not (data.get("funder_name") or "").strip():
            data["funder_name"] = organisation.name
        if not (data.get("funder_name") or "").strip() and "funder_organisation" not in self.errors:
            self.add_error("funder_name", "Enter who gave it, or choose the organisation")
        return data


class RoundForm(dates.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Title", max_length=150, help_text="Such as: Spring 2027 small grants",
                            error_messages={"required": "Enter the round's title",
                                            "max_length": "Keep the title to 150 characters or fewer"})
    guidelines = forms.CharField(label="Guidelines", widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text="What the round funds, and what it does not",
                                 error_messages={"required": "Enter the round's guidelines"})
    opens_on = dates.GovukDateField(label="Opens for applications on", past_only=False,
                                    error_messages={"required": "Enter the date the round opens"})
    closes_on = dates.GovukDateField(label="Closes for applications on", past_only=False,
                                     error_messages={"required": "Enter the date the round closes"})
    maximum_per_application = MoneyField(label="Most one application may ask for, in pounds",
                                         what="the most one application may ask for")
    method = forms.ChoiceField(label="How are the applications decided?", choices=Round.Method.choices,
                               widget=forms.RadioSelect, initial=Round.Method.CONSENT,
                               error_messages={"required": "Choose how the applications are decided"})
    voting_opens_on = dates.GovukDateField(label="Voting opens on", required=False, past_only=False,
                                           help_text="For a public vote. For example, 27 3 2027")
    voting_closes_on = dates.GovukDateField(label="Voting closes on", required=False, past_only=False,
                                            help_text="For a public vote. For example, 27 3 2027")
    dots_per_member = forms.IntegerField(
        label="Dots each member has", min_value=1, max_value=20, initial=3, help_text="For a dot vote",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many dots each member has",
                        "invalid": "Enter the number of dots as a whole number, like 3",
                        "min_value": "Each member has 1 dot or more", "max_value": "Each member has 20 dots or fewer"})

    def __init__(self, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The round must close on or after the day it opens")
        if data.get("method") == Round.Method.PUBLIC_VOTE:
            voting_opens, voting_closes = data.get("voting_opens_on"), data.get("voting_closes_on")
            if not voting_opens and "voting_opens_on" not in self.errors:
                self.add_error("voting_opens_on", "Enter the date voting opens, for a public vote")
            if not voting_closes and "voting_closes_on" not in self.errors:
                self.add_error("voting_closes_on", "Enter the date voting closes, for a public vote")
            if voting_opens and opens and voting_opens < opens:
                self.add_error("voting_opens_on", "Voting must open on or after the day the round opens")
            if voting_opens and voting_closes and voting_closes < voting_opens:
                self.add_error("voting_closes_on", "Voting must close on or after the day it opens")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "guidelines", "opens_on", "closes_on",
                                              "maximum_per_application", "method", "voting_opens_on",
                                              "voting_closes_on", "dots_per_member")}


class TransferForm(dates.Form):
    to_pot = forms.ModelChoiceField(label="Move the money to", queryset=Pot.objects.none(), to_field_name="slug",
                                    empty_label="Choose a pot",
                                    error_messages={"required": "Choose the pot to move the money to",
                                                    "invalid_choice": "Choose a pot you look after from the list"})
    amount = MoneyField(label="Amount, in pounds", what="the amount")
    on_date = dates.GovukDateField(label="Date of the transfer", error_messages={"required": "Enter the date"})
    memo = forms.CharField(label="Why the money is moving", max_length=300,
                           error_messages={"required": "Say why the money is moving",
                                           "max_length": "Keep it to 300 characters or fewer"})

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_pot"].queryset = targets  # type: ignore[attr-defined]
        self.fields["on_date"].initial = timezone.localdate()


class ReverseForm(govuk.Form):
    reason = forms.CharField(label="Why is it being reversed?", max_length=250,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Kept with the reversal in the ledger and the audit trail",
                             error_messages={"required": "Say why the movement is being reversed",
                                             "max_length": "Keep the reason to 250 characters or fewer"})
