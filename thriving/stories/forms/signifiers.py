"""Forms for a project's signifiers: adding or changing one (its labels and options typed one a
line), and the one check of a signifier's labels and options by kind (`check_signifier`), shared
with the admin site so that both refuse the same mistakes."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thriving.core.forms.govuk import Form
from thriving.stories.models import Signifier

ITEM_MAX = 150  # an answer's `item` holds an option (a stone, a choice) of at most this length

LABEL_WORDS = {
    Signifier.Kind.TRIAD: "A triad needs exactly three labels, one a line: its three corners",
    Signifier.Kind.DYAD: "A dyad needs exactly two labels, one a line: its two ends",
    Signifier.Kind.STONES: ("Stones need exactly four labels, one a line: the low and high ends of the across "
                            "axis, then the low and high ends of the up axis"),
}
OPTION_WORDS = {
    Signifier.Kind.STONES: "Stones need at least two items to place, one a line",
    Signifier.Kind.CHOICE: "A multiple choice needs at least two options, one a line",
    Signifier.Kind.DEMOGRAPHIC: "A question about the teller needs at least two options, one a line",
}


def lines(text: str) -> list[str]:
    """The lines typed in a textarea, each trimmed, blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for value in values:
        folded = value.casefold()
        if folded in seen and value not in repeated:
            repeated.append(value)
        seen.add(folded)
    return repeated


def check_signifier(kind: str, labels: list[Any], options: list[Any]) -> dict[str, list[str]]:
    """What is wrong with a signifier's labels and options for its kind, by field ("labels",
    "options"); empty when they are right. Labels and options are lists of strings, trimmed, with
    no blanks and no repeats (ignoring case); a triad has exactly three labels, a dyad two, stones
    four axis labels and at least two items, a choice and a demographic at least two options; a
    triad and a dyad have no options, a choice and a demographic no labels."""
    errors: dict[str, list[str]] = {}
    wanted = Signifier.LABEL_COUNTS.get(kind)
    if wanted is None:
        return {"kind": ["Choose what kind of signifier it is"]}
    for name, values in (("labels", labels), ("options", options)):
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            errors.setdefault(name, []).append(f"The {name} must be a list of words")
            continue
        if any(not value.strip() or value != value.strip() for value in values):
            errors.setdefault(name, []).append(f"The {name} must have no blank lines or spaces at either end")
        repeated = _duplicates([value.strip() for value in values])
        if repeated:
            errors.setdefault(name, []).append(f"The {name} must not repeat: {', '.join(repeated)}")
        if any(len(value) > ITEM_MAX for value in values):
            errors.setdefault(name, []).append(f"Keep each of the {name} to {ITEM_MAX} characters or fewer")
    if errors:
        return errors
    if wanted and len(labels) != wanted:
        errors["labels"] = [f"{LABEL_WORDS[kind]} (there are {len(labels)})"]
    if not wanted and labels:
        errors["labels"] = ["A multiple choice or a question about the teller has no labels: leave them empty"]
    if kind in OPTION_WORDS and len(options) < 2:
        errors["options"] = [OPTION_WORDS[kind]]
    if kind not in OPTION_WORDS and options:
        errors["options"] = ["A triad or a dyad has no options: leave them empty"]
    return errors


class SignifierForm(Form):
    """A signifier: its kind, key, prompt, labels and options (one a line), and its settings."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="What kind of signifier is it?", choices=Signifier.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose what kind of signifier it is"})
    prompt = forms.CharField(label="The question the teller answers about their story", max_length=300,
                             help_text="For example: The help in this story came from…",
                             error_messages={"required": "Enter the question the teller answers",
                                             "max_length": "Keep the question to 300 characters or fewer"})
    key = forms.SlugField(label="Short name", max_length=40,
                          help_text="For charts and exports: small letters, numbers and hyphens: help-came-from",
                          error_messages={"required": "Enter a short name, such as help-came-from",
                                          "invalid": "Use only small letters, numbers and hyphens in the short name",
                                          "max_length": "Keep the short name to 40 characters or fewer"})
    labels = forms.CharField(
        label="Labels, one a line", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=("A triad: its three corners. A dyad: its two ends. Stones: the low and high ends of the "
                   "across axis, then of the up axis. Leave empty for a choice or a question about the teller."))
    options = forms.CharField(
        label="Options, one a line", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Stones: the items to place. A choice or a question about the teller: its options. "
                  "Leave empty for a triad or a dyad.")
    allow_many = forms.BooleanField(label="The teller may choose more than one option (multiple choice only)",
                                    required=False)
    required = forms.BooleanField(label="The teller must answer it", required=False)

    def __init__(self, *args: Any, project: Any, signifier: Signifier | None = None, **kwargs: Any) -> None:
        if signifier is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                "version": signifier.version, "kind": signifier.kind, "prompt": signifier.prompt,
                "key": signifier.key, "labels": "\n".join(signifier.labels), "options": "\n".join(signifier.options),
                "allow_many": signifier.allow_many, "required": signifier.required,
            })
        super().__init__(*args, **kwargs)
        self.project = project
        self.signifier = signifier

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].lower()
        taken = Signifier.objects.filter(project=self.project, key=key)
        if self.signifier is not None:
            taken = taken.exclude(pk=self.signifier.pk)
        if taken.exists():
            raise ValidationError("Another signifier of this project has this short name: choose another")
        return key

    def clean_labels(self) -> list[str]:
        return lines(self.cleaned_data.get("labels", ""))

    def clean_options(self) -> list[str]:
        return lines(self.cleaned_data.get("options", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in data and "labels" in data and "options" in data:
            for name, messages in check_signifier(data["kind"], data["labels"], data["options"]).items():
                for message in messages:
                    self.add_error(name, message)
        if data.get("kind") != Signifier.Kind.CHOICE:
            data["allow_many"] = False
        return data


class MoveForm(Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
