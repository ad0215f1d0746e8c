"""Forms for coding: a code of the codebook (its name, definition and parent), deleting one, a
passage of a story tagged with a code (by its start and end, or by typing it exactly), and the
two coders to compare."""

from typing import Any

from django import forms

from thriving.core.forms.govuk import Form


class CodeForm(Form):
    name = forms.CharField(label="Name", max_length=100, error_messages={"required": "Enter the code's name"})
    definition = forms.CharField(label="Definition", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="When to apply it, and when not")
    parent = forms.TypedChoiceField(label="Sits under", required=False, coerce=int, empty_value=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "Nothing: at the top of the codebook"), *choices]


class DeleteCodeForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CodingForm(Form):
    code = forms.TypedChoiceField(label="Code", coerce=int, error_messages={"required": "Choose the code"})
    start = forms.IntegerField(label="Passage starts at character", min_value=0, required=False)
    end = forms.IntegerField(label="Passage ends at character", min_value=1, required=False)
    passage = forms.CharField(label="Or type the passage exactly as the story has it", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), strip=False,
                              help_text="Used when the start and end are left empty")
    memo = forms.CharField(label="Memo", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Why you tagged it, for yourself and the other coders")

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a code"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, passage = data.get("start"), data.get("end"), data.get("passage") or ""
        if (start is None) != (end is None):
            self.add_error("end" if end is None else "start", "Give both the start and the end, or neither")
        elif start is None and not passage.strip():
            self.add_error("passage", "Select the passage in the story, give its start and end, or type it")
        elif start is not None and end is not None and end <= start:
            self.add_error("end", "The passage must end after it starts")
        return data


class ChooseCodersForm(Form):
    mark_optional = False
    first = forms.TypedChoiceField(label="First coder", coerce=int, required=False)
    second = forms.TypedChoiceField(label="Second coder", coerce=int, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") is not None and data.get("first") == data.get("second"):
            self.add_error("second", "Choose two different coders")
        return data

