"""Forms for spending an award: a payment (amount, day, how it was paid), an expense claim (what
for, amount, day, receipt; saved as a draft or submitted), submitting a draft, rejecting a claim
(with a reason), and what happened (with an optional photo and its description).

Amounts are typed in pounds and pence and read as exact `Decimal`s, never floats; files are checked
by what they hold, as the services check them again (`services.expenses.check_file`)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thriving.budgets.services.common import BudgetRefused, check_amount
from thriving.budgets.services.expenses import IMAGES, RECEIPTS, check_file, max_bytes
from thriving.frontdoor.forms import common as dates

DRAFT, SUBMIT = "draft", "submit"


class MoneyField(forms.Field):
    """An amount in pounds and pence, such as 12.50 or £1,200: an exact Decimal."""

    def __init__(self, *, label: str, what: str = "The amount", **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("help_text", "In pounds and pence, for example 12.50")
        kwargs.setdefault("error_messages", {"required": f"Enter {what.lower()}"})
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "20"}))
        super().__init__(label=label, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = re.sub(r"[£,\s]", "", str(value or ""))[:30]
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(f"{self.what} must be an amount in pounds and pence, such as 12.50") from error
        try:
            return check_amount(amount, self.what)
        except BudgetRefused as error:
            raise ValidationError(str(error)) from error


def _file_field(label: str, help_text: str, *, required: bool) -> forms.FileField:
    return forms.FileField(label=label, help_text=help_text, required=required,
                           error_messages={"required": f"Choose the {label.lower()} to upload"})


def _checked(upload: Any, kinds: tuple, what: str) -> Any:
    if not upload:
        return upload
    try:
        check_file(upload, kinds, what)
    except BudgetRefused as error:
        raise ValidationError(str(error)) from error
    return upload


def _megabytes() -> int:
    return max(max_bytes() // (1024 * 1024), 1)


class PaymentForm(dates.Form):
    amount = MoneyField(label="Amount paid", what="The payment")
    paid_on = dates.GovukDateField(label="Date it was paid", help_text="For example, 27 3 2026")
    reference = forms.CharField(
        label="How it was paid, and its reference", required=False, max_length=100,
        help_text="For example, BACS from the council's finance system, reference PAY-20417",
    )


class ExpenseForm(dates.Form):
    description = forms.CharField(label="What was the money spent on?", max_length=200,
                                  error_messages={"required": "Enter what the money was spent on"})
    amount = MoneyField(label="How much was spent?", what="The amount")
    spent_on = dates.GovukDateField(label="Date it was spent", help_text="For example, 27 3 2026")
    receipt = _file_field("Receipt", "", required=False)
    send = forms.ChoiceField(
        label="Submit it for approval now, or save it as a draft?", widget=forms.RadioSelect,
        choices=[(SUBMIT, "Submit it for approval"), (DRAFT, "Save it as a draft to finish later")],
        initial=SUBMIT, error_messages={"required": "Choose whether to submit the claim or save it as a draft"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receipt"].help_text = (
            f"A photo or scan of the receipt: a JPEG, PNG, WebP or HEIC image, or a PDF, smaller than "
            f"{_megabytes()} MB. You need it to submit the claim."
        )

    def clean_receipt(self) -> Any:
        return _checked(self.cleaned_data.get("receipt"), RECEIPTS, "The receipt")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("send") == SUBMIT and not data.get("receipt") and "receipt" not in self.errors:
            self.add_error("receipt", "Add a receipt to submit the claim, or save it as a draft")
        return data


class SubmitForm(dates.Form):
    receipt = _file_field("Receipt", "", required=False)

    def __init__(self, *args: Any, has_receipt: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_receipt = has_receipt
        self.fields["receipt"].label = "Replace the receipt" if has_receipt else "Receipt"
        self.fields["receipt"].help_text = (
            f"A JPEG, PNG, WebP or HEIC image, or a PDF, smaller than {_megabytes()} MB"
        )

    def clean_receipt(self) -> Any:
        upload = _checked(self.cleaned_data.get("receipt"), RECEIPTS, "The receipt")
        if not upload and not self.has_receipt:
            raise ValidationError("Add a receipt to submit the claim")
        return upload


class RejectForm(dates.Form):
    reason = forms.CharField(
        label="Why is the claim rejected?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The claimant is shown this", error_messages={"required": "Enter why the claim is rejected"},
    )


class OutcomeForm(dates.Form):
    what_happened = forms.CharField(
        label="What was done with the money?", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was done with the money"},
    )
    people_taking_part = forms.IntegerField(
        label="How many people took part?", required=False, min_value=0, max_value=1_000_000,
        error_messages={"invalid": "Enter the number of people as a whole number, such as 25",
                        "min_value": "The number of people cannot be below zero"},
    )
    story = forms.CharField(label="A story of what happened", required=False, max_length=8000,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="In the words of the people who took part, if they are happy to share them")
    photo = _file_field("Photo", "", required=False)
    photo_description = forms.CharField(
        label="What does the photo show?", required=False, max_length=200,
        help_text="For people who cannot see it. Needed when there is a photo",
    )
    is_public = forms.ChoiceField(
        label="Show this on the public spend page?", widget=forms.RadioSelect,
        choices=[("yes", "Yes, show it in public"), ("no", "No, keep it to the team")], initial="yes",
        error_messages={"required": "Choose whether to show this in public"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, has_photo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo
        self.fields["photo"].label = "Replace the photo" if has_photo else "Photo"
        self.fields["photo"].help_text = (
            f"A JPEG, PNG, WebP or HEIC image smaller than {_megabytes()} MB. Ask people before sharing their photo"
        )

    def clean_photo(self) -> Any:
        return _checked(self.cleaned_data.get("photo"), IMAGES, "The photo")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_photo = bool(data.get("photo")) or self.has_photo
        if has_photo and not (data.get("photo_description") or "").strip() and "photo" not in self.errors:
            self.add_error("photo_description", "Enter what the photo shows, for people who cannot see it")
        return data
