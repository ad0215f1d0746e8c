"""The directory's forms, rendered the GOV.UK way."""

import functools
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thriving.core.forms import govuk as forms_govuk
from thriving.core.models import Organisation
from thriving.core.public_forms import PublicForm
from thriving.directory import search, search_form_html
from thriving.directory.interchange.models import Feed
from thriving.directory.models import Location, Service
from thriving.directory.queries import needs
from thriving.places import queries as places

Choices = tuple[tuple[str, Any], ...]


@functools.lru_cache(maxsize=8)
def _keys(choices: Choices) -> frozenset[str]:
    """Every key that may be chosen, optgroups opened."""
    return frozenset(
        str(key) for group, label in choices for key, _ in (label if isinstance(label, tuple) else ((group, label),))
    )


@functools.lru_cache(maxsize=1024)
def _options(choices: Choices, selected: str) -> str:
    """The options written out, one of them selected. Cached: the same snapshot of needs or
    localities is rendered on every search page, with few different choices."""

    def option(key: str, label: str) -> str:
        return format_html('<option value="{}"{}>{}</option>', key, " selected" if str(key) == selected else "", label)

    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<optgroup label="{}">{}</optgroup>',
                    key,
                    format_html_join("", "{}", ((option(*sub),) for sub in label)),
                )
                if isinstance(label, tuple)
                else option(key, label),
            )
            for key, label in choices
        ),
    )


class QuickSelect(forms.Select):
    """A select whose options are written once per snapshot of choices and chosen value rather
    than through a template per option: the search page lists every need and every locality, and
    it is the busiest page there is."""

    snapshot: Choices = ()

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        selected = "" if value is None else str(value[0] if isinstance(value, list | tuple) else value)
        if selected not in _keys(self.snapshot):
            selected = ""
        final = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt({k: v for k, v in final.items() if v is not False}),
            _options(self.snapshot, selected),
        )


class SnapshotChoiceField(forms.ChoiceField):
    """A choice field over a cached snapshot (needs, localities): the choices are kept as given,
    not normalised afresh on every request, and checking a value is a set look-up."""

    widget = QuickSelect

    def set_snapshot(self, choices: list[tuple[str, Any]]) -> None:
        frozen = tuple(
            (key, tuple(tuple(sub) for sub in label) if isinstance(label, list) else label) for key, label in choices
        )
        self._snapshot = frozen
        self.widget.snapshot = frozen  # type: ignore[attr-defined]

    def valid_value(self, value: Any) -> bool:
        return str(value) in _keys(self._snapshot)


class SearchForm(forms_govuk.Form):
    q = forms.CharField(label="Words", required=False, max_length=200, help_text="For example, food, debt or walking")
    need = SnapshotChoiceField(label="Need", required=False)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=30,
        error_messages={"max_length": "Enter a real postcode, like DE7 4AA"},
        help_text="For example, DE7 8QA",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}),
    )
    distance = forms.IntegerField(
        label="Distance from the postcode, in kilometres",
        required=False,
        help_text=f"From {search.MIN_DISTANCE_KM} to {search.MAX_DISTANCE_KM}. If you leave it empty, "
        f"we search within {search.DEFAULT_DISTANCE_KM} kilometres.",
        min_value=search.MIN_DISTANCE_KM,
        max_value=search.MAX_DISTANCE_KM,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Distance must be a whole number of kilometres, like 5",
            "min_value": f"Distance must be {search.MIN_DISTANCE_KM} kilometre or more",
            "max_value": f"Distance must be {search.MAX_DISTANCE_KM} kilometres or fewer",
        },
    )
    locality = SnapshotChoiceField(label="Locality", required=False)
    open_now = forms.BooleanField(label="Open now", required=False)
    free = forms.BooleanField(label="Free of charge", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked_need, asked_locality = self.data.get("need"), self.data.get("locality")
        # A need or locality added since the snapshots were taken is found by taking them afresh.
        if asked_need and asked_need not in needs.index().by_uuid:
            needs.forget()
        if asked_locality and asked_locality not in search.localities():
            search.forget_localities()
        need = self.fields["need"]
        need.set_snapshot([("", "Any need"), *needs.index().choices()])  # type: ignore[attr-defined]
        need.error_messages["invalid_choice"] = "Choose a need from the list"
        locality = self.fields["locality"]
        locality.set_snapshot(  # type: ignore[attr-defined]
            [("", "Anywhere")]
            + [(place.slug, place.name) for place in sorted(search.localities().values(), key=lambda p: p.name)]
        )
        locality.error_messages["invalid_choice"] = "Choose a locality from the list"

    def render(self, template_name: str | None = None, context: Any = None, renderer: Any = None) -> SafeString:
        """`{{ form }}`: the same HTML as the GOV.UK templates, written in one pass
        (`search_form_html`)."""
        if template_name is None and context is None and renderer is None and search_form_html.can_write(self):
            return search_form_html.form_html(self)
        return super().render(template_name, context, renderer)

    __str__ = render
    __html__ = render

    def clean_postcode(self) -> places.PostcodeAnswer | None:
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return None
        try:
            return places.lookup_postcode(raw)
        except places.PostcodeError as error:
            raise ValidationError(str(error)) from error

    def criteria(self) -> search.Criteria:
        data = self.cleaned_data
        distance = data.get("distance")
        return search.Criteria(
            q=data.get("q", ""),
            need=data.get("need", ""),
            postcode=data.get("postcode"),
            distance_km=distance if distance is not None else search.DEFAULT_DISTANCE_KM,
            locality=search.localities().get(data["locality"]) if data.get("locality") else None,
            open_now=bool(data.get("open_now")),
            free=bool(data.get("free")),
        )


class ProblemReportForm(PublicForm, forms_govuk.Form):
    """Anyone may report a problem with a service's page: the honeypot, time trap and rate limit of
    every public form (`thriving.core.public_forms`) keep robots out."""

    description = forms.CharField(
        label="What is wrong with this page?",
        max_length=2000,
        help_text="For example, the opening times have changed. Do not include personal details.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what is wrong with this page",
            "max_length": "What is wrong must be 2,000 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        help_text="Only if you would like us to reply",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )


class RejectForm(forms_govuk.Form):
    reason = forms.CharField(
        label="Why are you rejecting this change?",
        max_length=2000,
        help_text="The person who proposed it will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are rejecting this change"},
    )


class ServiceForm(forms_govuk.Form):
    """A proposed service, or proposed changes to one."""

    organisation = forms.ChoiceField(label="Organisation", required=False)
    name = forms.CharField(label="Name of the service", max_length=200, error_messages={"required": "Enter a name"})
    description = forms.CharField(
        label="What it offers", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    access = forms.MultipleChoiceField(
        label="How people can use it",
        choices=Service.Access.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    url = forms.URLField(label="Website", required=False, max_length=500, assume_scheme="https")
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    is_free = forms.BooleanField(label="It is free of charge", required=False)
    fees_description = forms.CharField(label="What it costs", required=False, max_length=1000)
    help_level = forms.TypedChoiceField(
        label="Level of help",
        choices=[("", "Not set"), *Service._meta.get_field("help_level").choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="The level of the Hierarchy of Help at which it mostly helps, used to suggest it at triage",
    )
    languages = forms.CharField(
        label="Languages", required=False, max_length=200, help_text="Codes separated by commas, such as en, pl, ur"
    )
    accessibility = forms.CharField(label="Accessibility", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    eligibility_description = forms.CharField(
        label="Who it is for", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needs = forms.MultipleChoiceField(label="Needs it meets", widget=forms_govuk.GroupedCheckboxes, required=False)
    localities = forms.MultipleChoiceField(
        label="Localities it serves", widget=forms.CheckboxSelectMultiple, required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=Service.Status.choices, widget=forms.RadioSelect, initial=Service.Status.ACTIVE
    )
    locations = forms.MultipleChoiceField(
        label="Where it happens",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Places your organisation already uses",
    )
    new_location_name = forms.CharField(label="Add a new place: its name", required=False, max_length=200)
    new_location_address = forms.CharField(label="Address of the new place", required=False, max_length=200)
    new_location_postcode = forms.CharField(label="Postcode of the new place", required=False, max_length=10)

    def __init__(
        self, *args: Any, organisations: list, locations: list[Location], fixed_organisation: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if fixed_organisation or len(organisations) <= 1:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [(str(o.uuid), o.name) for o in organisations]  # type: ignore[attr-defined]
            self.fields["organisation"].required = True
        self.organisations = {str(o.uuid): o for o in organisations}
        # Grouped under their top-level need, one fieldset each, as on a help request's triage.
        self.fields["needs"].choices = [  # type: ignore[attr-defined]
            (root.name, [(root.uuid, f"{root.name} in general" if root.children else root.name),
                         *((child.uuid, child.name) for child in root.children)])
            for root in needs.tree()
        ]
        self.fields["localities"].choices = [  # type: ignore[attr-defined]
            (place.slug, place.name) for place in sorted(search.localities().values(), key=lambda p: p.name)
        ]
        self.fields["locations"].choices = [  # type: ignore[attr-defined]
            (str(location.uuid), f"{location.name}, {location.postcode}".strip(", ")) for location in locations
        ]
        if not locations:
            del self.fields["locations"]

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",") if code.strip()]
        if any(not code.isalpha() or len(code) > 3 for code in codes):
            raise ValidationError("Enter language codes of 2 or 3 letters separated by commas, such as en, pl")
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, postcode = data.get("new_location_name"), data.get("new_location_postcode", "").strip()
        data["new_location"] = None
        if name or postcode:
            if not name:
                self.add_error("new_location_name", "Enter the name of the new place")
            try:
                answer = places.lookup_postcode(postcode)
            except places.PostcodeError as error:
                self.add_error("new_location_postcode", str(error))
            else:
                data["new_location"] = {
                    "name": name,
                    "address_1": data.get("new_location_address", ""),
                    "postcode": answer.postcode,
                    "latitude": answer.lat,
                    "longitude": answer.lng,
                    "locality": answer.locality.slug if answer.locality else "",
                }
        return data

    def chosen_organisation(self) -> Any:
        chosen = self.cleaned_data.get("organisation")
        return self.organisations.get(chosen) if chosen else next(iter(self.organisations.values()), None)

    def proposal(self) -> dict[str, Any]:
        """The proposed service as stored on the change."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "access": list(data["access"]),
            "help_level": data.get("help_level"),
            "url": data["url"],
            "email": data["email"],
            "phone": data["phone"],
            "is_free": data["is_free"],
            "fees_description": data["fees_description"],
            "languages": data["languages"],
            "accessibility": data["accessibility"],
            "eligibility_description": data["eligibility_description"],
            "status": data["status"],
            "needs": sorted(data["needs"]),
            "localities": sorted(data["localities"]),
            "locations": sorted(data.get("locations", [])),
            "new_location": data.get("new_location"),
        }


def initial_from(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A service's snapshot (see queries.editing.snapshot) as the form's initial values."""
    initial = dict(snapshot)
    initial["languages"] = ", ".join(snapshot.get("languages", []))
    return initial


class FeedForm(forms_govuk.Form):
    """A partner's feed: where it is, what it is, whose it is and how often to harvest it."""

    name = forms.CharField(label="Name of the feed", max_length=200,
                           help_text="Such as the council's name: shown on the records that come from it")
    url = forms.URLField(label="Address of the feed", max_length=1000, assume_scheme="https",
                         help_text="The base URL of an Open Referral UK API, or the address of a JSON file or a .zip")
    format = forms.ChoiceField(label="What the feed is", choices=Feed.Format.choices, widget=forms.RadioSelect,
                               initial=Feed.Format.DETECT)
    organisation = forms.ModelChoiceField(label="Organisation that publishes it", queryset=Organisation.objects.none(),
                                          empty_label="Choose an organisation")
    frequency = forms.ChoiceField(label="How often to harvest it", choices=Feed.Frequency.choices,
                                  widget=forms.RadioSelect, initial=Feed.Frequency.DAILY)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError("Enter an address starting with https:// or http://")
        return url
