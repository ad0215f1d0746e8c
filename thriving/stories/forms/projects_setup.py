"""The form for starting or changing a story project: its words, place, team, dates, consent
wording, what it takes, its gatherers and coders, and its status."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from thriving.frontdoor.forms import common as dates
from thriving.places import queries as places
from thriving.stories.models import StoryProject
from thriving.stories.services import projects as services
from thriving.teams.queries import teams as teams_queries


class DateField(dates.GovukDateField):
    """A GOV.UK date input whose "required" message is the one given."""

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"])


class ProjectForm(dates.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Title", max_length=150, help_text="Such as: Getting help in Shirebrook",
                            error_messages={"required": "Enter the project's title",
                                            "max_length": "Keep the title to 150 characters or fewer"})
    slug = forms.SlugField(
        label="Short name for its address", max_length=160, required=False,
        help_text=("Small letters, numbers and hyphens, such as shirebrook-getting-help. "
                   "Left empty, it is made from the title."),
        error_messages={"invalid": "Use only small letters, numbers and hyphens in the short name",
                        "max_length": "Keep the short name to 160 characters or fewer"})
    question = forms.CharField(label="The question tellers answer", max_length=300,
                               help_text=("In plain words: Tell us about a time when you got help, "
                                          "or didn't, in Shirebrook"),
                               error_messages={"required": "Enter the question tellers answer",
                                               "max_length": "Keep the question to 300 characters or fewer"})
    prompt = forms.CharField(label="A few words to help people start", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Shown under the question",
                             error_messages={"max_length": "Keep the prompt to 2,000 characters or fewer"})
    locality = forms.ModelChoiceField(label="Locality", queryset=StoryProject.objects.none(),
                                      empty_label="Choose a locality",
                                      error_messages={"required": "Choose the project's locality",
                                                      "invalid_choice": "Choose a locality from the list"})
    team = forms.ModelChoiceField(label="The connected team running it", queryset=StoryProject.objects.none(),
                                  required=False, empty_label="None: the council runs it",
                                  help_text="A team of the project's locality",
                                  error_messages={"invalid_choice": "Choose a team from the list"})
    opens_on = DateField(label="Opens on", past_only=False, help_text="For example, 27 3 2027",
                                    error_messages={"required": "Enter the date the project opens"})
    closes_on = DateField(label="Closes on", past_only=False, required=False,
                                     help_text="Leave empty to keep it open. For example, 27 6 2027")
    consent_wording = forms.CharField(label="What tellers agree to", widget=forms.Textarea(attrs={"rows": 5}),
                                      max_length=4000, initial=services.DEFAULT_CONSENT,
                                      help_text="Shown above the consent choices",
                                      error_messages={"required": "Enter what tellers agree to",
                                                      "max_length": "Keep the consent wording to 4,000 "
                                                                    "characters or fewer"})
    accepts_public = forms.BooleanField(label="Residents may tell a story on the public form", required=False,
                                        initial=True)
    accepts_audio = forms.BooleanField(label="Tellers may add a recording, kept until it is written down",
                                       required=False)
    gatherers = forms.MultipleChoiceField(label="Gatherers", required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text="Who gathers stories in person or from paper",
                                          error_messages={"invalid_choice": "Choose gatherers from the list"})
    coders = forms.MultipleChoiceField(label="Coders", required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text="Who codes the stories with the codebook",
                                       error_messages={"invalid_choice": "Choose coders from the list"})
    status = forms.ChoiceField(label="Status", choices=StoryProject.Status.choices, widget=forms.RadioSelect,
                               initial=StoryProject.Status.DRAFT,
                               error_messages={"required": "Choose the project's status"})

    def __init__(self, *args: Any, user: Any, project: StoryProject | None = None, **kwargs: Any) -> None:
        if project is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {
                **{name: getattr(project, name) for name in services.FIELDS},
                "version": project.version,
                "gatherers": [str(person.uuid) for person in project.gatherers.all()],
                "coders": [str(person.uuid) for person in project.coders.all()],
            })
        super().__init__(*args, **kwargs)
        self.project = project
        localities = services.localities_for(user)
        teams = services.teams_for(user)
        if project is not None:
            localities = places.localities().filter(Q(pk__in=localities.values("pk")) | Q(pk=project.locality_id))
            teams = teams_queries.active_teams().filter(Q(pk__in=teams.values("pk")) | Q(pk=project.team_id))
        self.fields["locality"].queryset = localities  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.locality.name})"  # type: ignore[attr-defined]
        self.people = {str(person.uuid): person for person in services.people_for(user, project)}
        choices = [(key, person.full_name or person.email) for key, person in self.people.items()]
        for name in services.PEOPLE:
            self.fields[name].choices = choices  # type: ignore[attr-defined]
            if not choices:
                self.fields[name].help_text = "No team members to choose from yet"

    def clean_slug(self) -> str:
        slug = (self.cleaned_data.get("slug") or "").lower()
        if not slug:
            return ""
        if slug in services.RESERVED:
            raise ValidationError(f"“{slug}” cannot be a project's short name: choose another")
        taken = StoryProject.objects.filter(slug=slug)
        if self.project is not None:
            taken = taken.exclude(pk=self.project.pk)
        if taken.exists():
            raise ValidationError(f"Another project has the address “{slug}”: choose another short name")
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if isinstance(opens, datetime.date) and isinstance(closes, datetime.date) and closes < opens:
            self.add_error("closes_on", "Closes on must be the same as or after the date it opens")
        team, locality = data.get("team"), data.get("locality")
        if team is not None and locality is not None and team.locality_id != locality.pk:
            self.add_error("team", "Choose a team of the project's locality, or none")
        if "title" in data and not data.get("slug") and "slug" not in self.errors:
            slug = services.free_slug(data["title"])
            taken = StoryProject.objects.filter(slug=slug)
            if self.project is not None:
                slug = self.project.slug
                taken = taken.none()
            if not slug or slug in services.RESERVED:
                self.add_error("slug", "Enter a short name for the project's address")
            elif taken.exists():
                self.add_error("slug", f"Another project has the address “{slug}”: choose another short name")
            data["slug"] = slug
        for name in services.PEOPLE:
            data[name] = [self.people[key] for key in data.get(name, []) if key in self.people]
        return data
