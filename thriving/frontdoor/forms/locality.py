"""The form on a request's page for setting or changing the locality it belongs to, and what the
page shows about where the request came from."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk
from thriving.places import queries as places


class LocalityForm(forms_govuk.Form):
    prefix = "locality"

    version = forms.IntegerField(widget=forms.HiddenInput)
    locality = forms.ModelChoiceField(
        label="Locality", queryset=places.localities(), to_field_name="slug", empty_label="Choose a locality",
        error_messages={"required": "Choose the locality", "invalid_choice": "Choose a locality from the list"},
    )
    reason = forms.CharField(label="Why (optional)", required=False, max_length=500)


def locality_context(help_request: Any, form: LocalityForm | None = None) -> dict[str, Any]:
    """The locality form for the request's page, offering the nearest locality first when the
    request has none."""
    if form is None:
        chosen = help_request.locality or help_request.nearest_locality
        form = LocalityForm(initial={"version": help_request.version, "locality": chosen.slug if chosen else ""})
    metres = help_request.nearest_locality_metres
    return {"locality_form": form, "nearest_distance": places.distance_words(metres) if metres is not None else None}
