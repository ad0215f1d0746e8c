"""Forms for priorities: setting one up or changing it, linking what responds to it, choosing a
passage of a story to quote, and reviewing a quote."""

from typing import Any

from django import forms

from thriving.core.forms.govuk import Form
from thriving.places.models import Locality
from thriving.stories.models import Priority, Theme
from thriving.stories.queries import priorities as queries
from thriving.teams.queries import teams as teams_queries


class ThemeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.project.title})"


class PriorityForm(Form):
    title = forms.CharField(label="Title", max_length=150, error_messages={"required": "Enter a title"})
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text="What people are saying, in a few sentences, with no names")
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.none(), to_field_name="slug",
                                      error_messages={"required": "Choose the locality"})
    team = forms.ModelChoiceField(label="Team taking it on", queryset=Locality.objects.none(),
                                  to_field_name="slug", required=False)
    themes = ThemeChoice(label="Themes it grows from", queryset=Theme.objects.none(), to_field_name="uuid",
                         widget=forms.CheckboxSelectMultiple,
                         error_messages={"required": "Choose at least one confirmed theme"})
    status = forms.ChoiceField(label="Is it still a priority?", widget=forms.RadioSelect,
                               choices=Priority.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, locality: Any = None, priority: Priority | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.priority = priority
        if priority is not None:
            locality = priority.locality
            del self.fields["locality"]
        else:
            del self.fields["status"], self.fields["version"]
            self.fields["locality"].queryset = queries.locality_choices(user)
            if locality is None and self.is_bound:
                locality = queries.locality_choices(user).filter(slug=self.data.get("locality")).first()
        themes = queries.theme_choices(user, locality)
        if priority is not None:
            themes = (themes | Theme.objects.filter(pk__in=priority.themes.values("pk"))).distinct()
        self.fields["themes"].queryset = themes
        self.fields["team"].queryset = queries.team_choices(locality) if locality is not None else \
            teams_queries.active_teams()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        locality = self.priority.locality if self.priority else data.get("locality")
        if locality is not None:
            wrong = [theme.label for theme in data.get("themes") or [] if theme.project.locality_id != locality.pk]
            if wrong:
                self.add_error("themes", f"Choose themes of {locality.name} only")
            team = data.get("team")
            if team is not None and team.locality_id != locality.pk:
                self.add_error("team", f"Choose a team of {locality.name}")
        return data


class Linked(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", obj))


class LinksForm(Form):
    mark_optional = False
    ideas = Linked(label="Community ideas in the locality", queryset=Locality.objects.none(),
                   to_field_name="uuid", required=False)
    actions = Linked(label="The team's actions", queryset=Locality.objects.none(), to_field_name="uuid",
                     required=False)
    asks = Linked(label="The team's asks", queryset=Locality.objects.none(), to_field_name="uuid",
                  required=False)
    awards = Linked(label="Budget awards in the locality", queryset=Locality.objects.none(),
                    to_field_name="uuid", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, priority: Priority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in queries.link_choices(user, priority).items():
            self.fields[name].queryset = queryset
        if not self.is_bound:
            self.initial.update({name: [row.uuid for row in getattr(priority, name).all()] for name in queries.LINKED})
            self.initial["version"] = priority.version


class QuoteForm(Form):
    passage = forms.CharField(
        label="The passage to quote", widget=forms.Textarea(attrs={"rows": 10}), required=False,
        help_text="This is the whole story: delete the words before and after the passage you want. "
                  "Do not change the words themselves.")
    start = forms.IntegerField(label="Or: the passage starts at character", min_value=0, required=False)
    end = forms.IntegerField(label="and ends at character", min_value=1, required=False)

    def __init__(self, *args: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        self.initial.setdefault("passage", text)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        passage = (data.get("passage") or "").replace("\r\n", "\n").strip()
        start, end = data.get("start"), data.get("end")
        if start is not None or end is not None:
            if start is None or end is None or not start < end <= len(self.text):
                self.add_error("start", f"Give a start before the end, within the story's {len(self.text)} characters")
                return data
        elif not passage:
            self.add_error("passage", "Enter the passage to quote")
            return data
        else:
            at = self.text.replace("\r\n", "\n").find(passage)
            if at < 0 or "\r\n" in self.text:
                self.add_error("passage", "The passage must be the story's own words: only delete the words "
                                          "before and after it")
                return data
            start, end = at, at + len(passage)
        data["span"] = (start, end)
        return data


class ReviewForm(Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect, choices=[
        ("approve", "Approve it: it may be quoted as it is below"), ("reject", "Reject it: it is not to be quoted")],
        error_messages={"required": "Choose whether to approve the quote"})
    text = forms.CharField(label="The quote as it will be shown", widget=forms.Textarea(attrs={"rows": 8}),
                           required=False, help_text="You may take out more; a phone number, email or postcode left "
                                                     "in is refused")
    version = forms.IntegerField(widget=forms.HiddenInput)
