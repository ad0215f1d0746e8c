"""The team's consent decision at a huddle (the huddle, the proposal, objections and how they were
resolved, who was present, fund or not, how much and why) and an enabler's sign-off (grant or
refuse, with a reason for a refusal). Amounts are read as Decimal, in whole pence."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from thriving.budgets.models import Decision
from thriving.core.forms.govuk import Form


def clean_money(raw: Any) -> Decimal | None:
    """'£1,250.50' -> Decimal('1250.50'); raises ValidationError for anything that is not pounds and pence."""
    text = str(raw or "").strip().replace("£", "").replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError("Enter the amount in pounds and pence, such as 250 or 250.50") from None
    if not value.is_finite() or value <= 0:
        raise forms.ValidationError("Enter an amount more than £0")
    if value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError("Enter the amount in whole pence, such as 250.50")
    return value


def _person(user: Any) -> str:
    return user.full_name or user.email


class ConsentForm(Form):
    huddle = forms.ChoiceField(label="Which huddle was it decided at?",
                               error_messages={"required": "Choose the huddle it was decided at"})
    proposal = forms.CharField(label="What was proposed", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Say what was proposed"})
    objections = forms.CharField(label="Objections, and how each was resolved", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Leave it empty if nobody objected")
    present = forms.MultipleChoiceField(label="Who was present?", widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": "Choose who was present"})
    outcome = forms.ChoiceField(label="What did the team decide?", widget=forms.RadioSelect,
                                choices=Decision.Outcome.choices,
                                error_messages={"required": "Choose whether to fund it"})
    amount = forms.CharField(label="Amount to award, in pounds", required=False, max_length=16,
                             help_text="Only when funding it")
    reason = forms.CharField(label="Why, in a sentence", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="The applicant is told. Needed when it is not funded")

    def __init__(self, data: Any = None, *, huddles: list[Any], people: list[Any], amount: Decimal) -> None:
        super().__init__(data, initial={"amount": f"{amount:.2f}"})
        self.huddles = {str(huddle.uuid): huddle for huddle in huddles}
        self.people = {str(person.uuid): person for person in people}
        self.fields["huddle"].choices = [("", "Choose a huddle"), *[  # type: ignore[attr-defined]
            (key, f"{huddle.starts_at:%A %-d %B %Y, %H:%M}") for key, huddle in self.huddles.items()]]
        self.fields["present"].choices = [(key, _person(person)) for key, person in self.people.items()]  # type: ignore[attr-defined]
        if not huddles:
            del self.fields["huddle"]
        if not people:
            del self.fields["present"]

    def clean_amount(self) -> Decimal | None:
        return clean_money(self.cleaned_data.get("amount"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Decision.Outcome.FUND and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", "Enter the amount to award")
        if data.get("outcome") == Decision.Outcome.DECLINE and not data.get("reason", "").strip():
            self.add_error("reason", "Say why it is not being funded")
        return data

    def action(self) -> dict[str, Any]:
        data = self.cleaned_data
        funding = data["outcome"] == Decision.Outcome.FUND
        return {
            "method": Decision.Method.CONSENT, "outcome": data["outcome"],
            "amount": data["amount"] if funding else None, "reason": data["reason"],
            "huddle": self.huddles.get(data.get("huddle", "")), "proposal": data["proposal"],
            "objections": data["objections"], "present": [self.people[key] for key in data.get("present", [])],
        }


class SignoffForm(Form):
    granted = forms.ChoiceField(label="Do you sign it off?", widget=forms.RadioSelect,
                                choices=[("yes", "Yes, sign it off"), ("no", "No, refuse it")],
                                error_messages={"required": "Choose whether you sign it off"})
    reason = forms.CharField(label="Your reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The team is told. Needed when you refuse it")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("granted") == "no" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why you are refusing it")
        return data
