"""Forms for measures: an organisation's own (all of it), and a built-in one's wording."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk

NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})
BETTER = [("higher", "A higher score is better"), ("lower", "A lower score is better")]


def _score(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=-100, max_value=100, widget=NUMBER, error_messages={
        "required": f"Enter the {label.lower()}", "invalid": f"Enter the {label.lower()} as a whole number",
        "min_value": "Scores run from -100 at the lowest", "max_value": "Scores run to 100 at the highest"}, **kwargs)


class WordingForm(forms_govuk.Form):
    """The wording of a measure: what every measure has that can be reworded."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    question = forms.CharField(label="The question, as it is asked", max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter the question as it is asked",
                                               "max_length": "Keep the question to 1,000 characters or fewer"})
    low_label = forms.CharField(label="What the lowest score means", max_length=100, required=False,
                                help_text="Such as: Not at all",
                                error_messages={"max_length": "Keep it to 100 characters or fewer"})
    high_label = forms.CharField(label="What the highest score means", max_length=100, required=False,
                                 help_text="Such as: Completely",
                                 error_messages={"max_length": "Keep it to 100 characters or fewer"})


class MeasureForm(WordingForm):
    """An organisation's own measure, whole."""

    name = forms.CharField(label="Name", max_length=100, help_text="Short, as it shows in tables: such as Confidence",
                           error_messages={"required": "Enter the measure's name",
                                           "max_length": "Keep the name to 100 characters or fewer"})
    organisation = forms.ChoiceField(label="Whose measure is it?", widget=forms.RadioSelect,
                                     error_messages={"required": "Choose the organisation",
                                                     "invalid_choice": "Choose the organisation"})
    scale_min = _score("Lowest score")
    scale_max = _score("Highest score")
    better = forms.ChoiceField(label="Which way is better?", choices=BETTER, widget=forms.RadioSelect,
                               error_messages={"required": "Choose which way is better"})
    active = forms.BooleanField(label="Used in ratings now", required=False, initial=True,
                                help_text="Untick to stop asking it; its scores so far are kept")

    def __init__(self, *args: Any, organisations: list[Any] | None = None, adding: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {org.slug: org for org in organisations or []}
        if adding and len(self.organisations) > 1:
            self.fields["organisation"].choices = [(org.slug, org.name) for org in self.organisations.values()]
        else:
            self.fields.pop("organisation")
        if adding:
            self.fields.pop("active")
        self.order_fields(["organisation", "name", "question", "scale_min", "scale_max", "low_label", "high_label",
                           "better", "active"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", f"The highest score must be above the lowest ({low})")
        return data

    def chosen_organisation(self) -> Any:
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in ("name", "question", "low_label", "high_label", "scale_min",
                                                "scale_max") if name in data}
        values["higher_is_better"] = data["better"] == "higher"
        if "active" in self.fields:
            values["active"] = data["active"]
        return values
