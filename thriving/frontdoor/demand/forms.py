"""The demand picture's filters: a period in whole weeks, a locality and a need."""

from typing import Any

from django import forms

from thriving.core.forms.govuk import Form
from thriving.directory.queries import needs as needs_index
from thriving.frontdoor.demand import figures
from thriving.places import queries as places


class DemandFilterForm(Form):
    """Which requests to count. Every field is optional; the period defaults to the last 26 weeks."""

    use_required_attribute = False

    locality = forms.ModelChoiceField(
        label="Locality",
        required=False,
        # In alphabetical order, with no maps (not needed here).
        queryset=places.localities().order_by("name", "slug").defer("boundary", "ward_codes", "ward_names"),
        to_field_name="slug",
        empty_label="All localities",
    )
    need = forms.ChoiceField(label="Need", required=False)
    date_from = forms.DateField(
        label="From",
        help_text="Figures are counted in whole weeks, Monday to Sunday: the week with this day in is the first",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'from' date, such as 2025-03-27"},
    )
    date_to = forms.DateField(
        label="To",
        help_text="The week with this day in is the last",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real 'to' date, such as 2025-09-30"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "All needs"), *needs_index.index().choices()]
        self.fields["need"].error_messages["invalid_choice"] = "Choose a need from the list"
        self.fields["locality"].error_messages["invalid_choice"] = "Choose a locality from the list"
        start, end = figures.default_period()
        self.default_start, self.default_end = start, end
        for name, value in (("date_from", start), ("date_to", end)):
            self.fields[name].initial = value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start = cleaned.get("date_from") or self.default_start
        end = cleaned.get("date_to") or self.default_end
        if "date_from" in self.errors or "date_to" in self.errors:
            return cleaned
        if start.year < 2000:
            self.add_error("date_from", "The 'from' date must be in 2000 or later")
        elif start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        elif (end - start).days > figures.MAX_DAYS:
            self.add_error("date_to", "Choose a period of 3 years or less")
        cleaned["date_from"], cleaned["date_to"] = start, end
        return cleaned

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """The select's options as (value, label, selected), flattening groups, for the template."""
        chosen = str(self.data.get(name, "") if self.is_bound else "")
        field = self.fields[name]
        if name == "locality":
            pairs = [("", "All localities"), *((slug, label) for slug, label in self._localities())]
        else:
            pairs = []
            for value, label in field.choices:
                if isinstance(label, list | tuple):
                    pairs.extend(label)
                else:
                    pairs.append((value, label))
        return [(str(value), label, str(value) == chosen) for value, label in pairs]

    def _localities(self) -> list[tuple[str, str]]:
        return list(self.fields["locality"].queryset.values_list("slug", "name"))

    def filters(self) -> figures.Filters:
        data = self.cleaned_data
        locality = data.get("locality")
        need = needs_index.index().by_uuid.get(data.get("need") or "")
        return figures.Filters(
            start=data["date_from"],
            end=data["date_to"],
            locality_id=locality.id if locality else None,
            locality_name=locality.name if locality else "",
            need_uuid=need.uuid if need else "",
            need_name=need.name if need else "",
        )
