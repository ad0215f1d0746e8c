"""Forms for applications: the public application form (with the protections every public form
shares: a honeypot, a signed time trap and its submission key), the team's application from a
community idea, withdrawing an application, and the filter of a pot's applications.

Amounts are read as people type them ("£1,200.50", "1200.5") into exact `Decimal`s; sub-penny,
negative and zero amounts are refused with a message. The budget is a fixed number of item rows
(what, how much); the items filled in must add up to the amount asked for."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from thriving.budgets.models import Application
from thriving.budgets.services.applications import Item, Proposal
from thriving.budgets.services.common import LARGEST, money
from thriving.core.forms import govuk
from thriving.core.public_forms import PublicForm

ITEM_ROWS = 6
PENNY = Decimal("0.01")


def parse_money(raw: str, what: str = "the amount") -> Decimal:
    """'£1,200.50 ' -> Decimal('1200.50'); raise ValidationError for anything else."""
    text = "".join((raw or "").split()).replace("£", "").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"Enter {what} in pounds and pence, such as 120.50") from None
    if not value.is_finite():
        raise ValidationError(f"Enter {what} in pounds and pence, such as 120.50")
    if value <= 0:
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be more than £0")
    if value != value.quantize(PENNY):
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be in whole pence, such as 120.50")
    if value > LARGEST:
        raise ValidationError(f"{what[0].upper()}{what[1:]} is too large")
    return value.quantize(PENNY)


class MoneyField(forms.CharField):
    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10",
                                                           "spellcheck": "false"}))
        super().__init__(max_length=20, **kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        return parse_money(text, self.what) if text else None


def item_fields(number: int) -> dict[str, forms.Field]:
    return {
        f"item_{number}_what": forms.CharField(
            label=f"Item {number}: what it is", required=False, max_length=200,
            error_messages={"max_length": "Keep what each item is to 200 characters or fewer"}),
        f"item_{number}_cost": MoneyField(label=f"Item {number}: how much it costs, in pounds", required=False,
                                          what=f"the cost of item {number}"),
    }


class ProposalForm(govuk.Form):
    """What is asked for: what for, how much, the budget's items, who benefits, where, and how
    they will show what happened. `maximum` is the round's most per application."""

    title = forms.CharField(label="What is it, in a few words?", max_length=150,
                            help_text="For example, a weekly knit and natter group",
                            error_messages={"required": "Enter what it is, in a few words"})
    purpose = forms.CharField(label="What is the money for, and how does it help?", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages={"required": "Enter what the money is for"})
    amount = MoneyField(label="How much are you asking for, in pounds?", what="the amount you are asking for",
                        error_messages={"required": "Enter how much you are asking for"})
    beneficiaries = forms.CharField(label="Who will benefit?", max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text="For example, older neighbours who live alone",
                                    error_messages={"required": "Enter who will benefit"})
    beneficiary_count = forms.IntegerField(
        label="About how many people will benefit?", required=False, min_value=1, max_value=1_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter how many people as a whole number, such as 20",
                        "min_value": "Enter how many people as a whole number, such as 20",
                        "max_value": "Enter a number of people of 1,000,000 or fewer"})
    where = forms.ChoiceField(label="Where will it happen?", required=False,
                              error_messages={"invalid_choice": "Choose a place from the list"})
    evidence = forms.CharField(label="How will you show what happened?", max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="For example, a register of who came, photos or a short story",
                               error_messages={"required": "Enter how you will show what happened"})

    def __init__(self, *args: Any, places: list[Any], maximum: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = {place.value: place for place in places}
        self.fields["where"].choices = [  # type: ignore[attr-defined]
            (place.value, place.label) for place in places]
        self.maximum = maximum
        if maximum is not None:
            self.fields["amount"].help_text = f"Up to {money(maximum)}"
        others = [name for name in self.fields if not name.startswith("item_")]
        after = others.index("amount") + 1
        self.order_fields(others[:after] + self.item_names() + others[after:])

    @staticmethod
    def item_names() -> list[str]:
        return [name for number in range(1, ITEM_ROWS + 1) for name in (f"item_{number}_what", f"item_{number}_cost")]

    def item_rows(self) -> list[tuple[Any, Any]]:
        """The bound fields of each item row, for the template."""
        return [(self[f"item_{n}_what"], self[f"item_{n}_cost"]) for n in range(1, ITEM_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        items: list[Item] = []
        for number in range(1, ITEM_ROWS + 1):
            what_name, cost_name = f"item_{number}_what", f"item_{number}_cost"
            if what_name in self.errors or cost_name in self.errors:
                continue
            what, cost = (cleaned.get(what_name) or "").strip(), cleaned.get(cost_name)
            if what and cost is None:
                self.add_error(cost_name, f"Enter how much item {number} costs")
            elif cost is not None and not what:
                self.add_error(what_name, f"Enter what item {number} is")
            elif what and cost is not None:
                items.append(Item(what, cost))
        cleaned["items"] = items
        amount = cleaned.get("amount")
        if not items and not any(name in self.errors for name in self.item_names()):
            self.add_error("item_1_what", "Enter at least one item in the budget: what it is and how much it costs")
        elif amount is not None and items and not any(name in self.errors for name in self.item_names()):
            total = sum((item.amount for item in items), Decimal("0.00"))
            if total != amount:
                self.add_error("amount", f"The items add up to {money(total)}, not {money(amount)}: "
                                         "change the items or the amount so that they match")
        if amount is not None and self.maximum is not None and amount > self.maximum:
            self.add_error("amount", f"The amount you are asking for must be {money(self.maximum)} or less")
        return cleaned

    def proposal(self, *, title: str = "", purpose: str = "") -> Proposal:
        data = self.cleaned_data
        place = self.places.get(data.get("where") or "")
        return Proposal(
            title=title or data.get("title", ""), purpose=purpose or data.get("purpose", ""),
            amount=data["amount"], items=data["items"], beneficiaries=data["beneficiaries"],
            evidence=data["evidence"], beneficiary_count=data.get("beneficiary_count"),
            ward_code=place.ward_code if place else "", area_code=place.area_code if place else "",
        )


for _number in range(1, ITEM_ROWS + 1):  # the item rows, declared as if written out in the class
    ProposalForm.base_fields.update(item_fields(_number))
    ProposalForm.declared_fields.update(item_fields(_number))


class ApplyForm(PublicForm, ProposalForm):
    """The public application form: the applicant, and what they ask for."""

    applicant_name = forms.CharField(
        label="Your full name", max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your full name", "max_length": "Your name must be 150 characters or fewer"})
    applicant_email = forms.CharField(
        label="Email address", required=False, max_length=254,
        help_text="We will tell you the decision by email, or by phone if you give no email",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"max_length": "Your email address must be 254 characters or fewer"})
    applicant_phone = forms.CharField(
        label="Phone number", required=False, max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={"max_length": "Your phone number must be 30 characters or fewer"})
    group_name = forms.CharField(label="The group or organisation applying (optional)", required=False,
                                 max_length=200, help_text="Leave this empty if you are applying as a resident",
                                 error_messages={"max_length": "Keep the group's name to 200 characters or fewer"})

    idea = forms.ChoiceField(
        label="Is it for a community idea? (optional)", required=False,
        help_text="If you shared your idea on the ideas page, choose it: the team will see how it has grown",
        error_messages={"invalid_choice": "Choose a community idea from the list, or none"})

    field_order = ["applicant_name", "applicant_email", "applicant_phone", "group_name", "idea"]

    def __init__(self, *args: Any, ideas: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.ideas = {idea.uuid.hex: idea for idea in ideas}
        self.fields["idea"].choices = [("", "It is not for a community idea")] + [  # type: ignore[attr-defined]
            (key, idea.title) for key, idea in self.ideas.items()]
        if not self.ideas:
            del self.fields["idea"]

    def chosen_idea(self) -> Any:
        return self.ideas.get(self.cleaned_data.get("idea") or "")

    def clean_applicant_email(self) -> str:
        email = "".join((self.cleaned_data.get("applicant_email") or "").split()).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError("Enter an email address in the correct format, like name@example.com") from None
        return email

    def clean_applicant_phone(self) -> str:
        phone = " ".join((self.cleaned_data.get("applicant_phone") or "").split())
        if phone and sum(ch.isdigit() for ch in phone) < 10:
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors.get("applicant_email") and not self.errors.get("applicant_phone") and not (
                cleaned.get("applicant_email") or cleaned.get("applicant_phone")):
            self.add_error("applicant_email", "Enter an email address or a phone number, so that we can tell you "
                                              "the decision")
        return cleaned


class IdeaApplicationForm(ProposalForm):
    """An application made from a community idea: the idea (its title and description become the
    application's), an open round if any, and what is asked for."""

    idea = forms.ChoiceField(label="Which community idea is it for?",
                             error_messages={"required": "Choose the community idea",
                                             "invalid_choice": "Choose a community idea from the list"})
    round = forms.ChoiceField(label="Which round is it for?", required=False,
                              error_messages={"invalid_choice": "Choose a round from the list"})

    def __init__(self, *args: Any, ideas: list[Any], rounds: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["title"], self.fields["purpose"]
        self.ideas = {idea.uuid.hex: idea for idea in ideas}
        self.fields["idea"].choices = [("", "Choose an idea")] + [  # type: ignore[attr-defined]
            (key, f"{idea.title} ({idea.get_stage_display().lower()})") for key, idea in self.ideas.items()]
        self.rounds = {round_.slug: round_ for round_ in rounds}
        self.fields["round"].choices = [  # type: ignore[attr-defined]
            ("", "No round"), *[(slug, r.title) for slug, r in self.rounds.items()]]
        if not rounds:
            del self.fields["round"]
        self.order_fields(["idea", "round"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = self.rounds.get(cleaned.get("round") or "")
        amount = cleaned.get("amount")
        if chosen is not None and amount is not None and amount > chosen.maximum_per_application:
            self.add_error("amount", f"The amount must be {money(chosen.maximum_per_application)} or less, "
                                     f"the most one application may ask {chosen.title} for")
        return cleaned

    def chosen_idea(self) -> Any:
        return self.ideas[self.cleaned_data["idea"]]

    def chosen_round(self) -> Any:
        return self.rounds.get(self.cleaned_data.get("round") or "")


class WithdrawForm(govuk.Form):
    reason = forms.CharField(label="Why is the application withdrawn?", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the application is withdrawn"})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FilterForm(govuk.Form):
    mark_optional = False
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *Application.Status.choices])
    round = forms.ChoiceField(label="Round", required=False)

    def __init__(self, *args: Any, rounds: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [  # type: ignore[attr-defined]
            ("", "Any round"), *[(r.slug, r.title) for r in rounds]]
