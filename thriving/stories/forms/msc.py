"""Forms for Most Significant Change rounds: setting one up, putting a story forward, moving the
round on, and the panel's selections."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from thriving.core.conflicts import ActionRefused
from thriving.core.forms.govuk import Form, GroupedCheckboxes
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound, Story
from thriving.stories.queries import msc as queries
from thriving.stories.services import msc as services


def _person(user: Any) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


class RoundForm(Form):
    title = forms.CharField(label="Title", max_length=150,
                            help_text="For example, “Shirebrook team: spring 2027”",
                            error_messages={"required": "Enter a title for the round"})
    level = forms.ChoiceField(label="Level", widget=forms.RadioSelect,
                              error_messages={"required": "Choose the level of the round"})
    team = forms.ModelChoiceField(label="Team", queryset=None, to_field_name="slug", required=False,
                                  help_text="For a connected team's round", empty_label="Choose the team")
    locality = forms.ModelChoiceField(label="Locality", queryset=None, to_field_name="slug", required=False,
                                      help_text="For a locality's round", empty_label="Choose the locality")
    project = forms.ModelChoiceField(label="Story project", queryset=None, to_field_name="slug", required=False,
                                     help_text="The stories are put forward from this project",
                                     empty_label="No one project")
    panel = forms.MultipleChoiceField(label="Panel members", widget=GroupedCheckboxes, required=False,
                                      help_text="People of the team or locality (the board's members for the "
                                                "board) who read the stories together and select")
    meets_on = forms.DateField(label="The panel meets on", required=False,
                               widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
                               error_messages={"invalid": "Enter the date the panel meets as a real date"})
    passes_to = forms.ModelChoiceField(label="Passes its selections up to", queryset=None, to_field_name="uuid",
                                       required=False, empty_label="No round yet",
                                       help_text="A team's round passes up to a locality's round, a locality's to "
                                                 "the partnership board's")
    domains = forms.CharField(label="Domains of change", widget=forms.Textarea(attrs={"rows": 4}),
                              initial="\n".join(queries.DEFAULT_DOMAINS),
                              help_text="One a line. The panel selects the most significant story in each",
                              error_messages={"required": "Give the round at least one domain of change"})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        levels = [(MSCRound.Level.TEAM.value, MSCRound.Level.TEAM.label),
                  (MSCRound.Level.LOCALITY.value, MSCRound.Level.LOCALITY.label)]
        self.board_allowed = queries.may_set_up_board_round(user)
        if self.board_allowed:
            levels.append((MSCRound.Level.BOARD.value, MSCRound.Level.BOARD.label))
        self.fields["level"].choices = levels
        self.teams = list(queries.teams_for_round(user))
        self.localities = list(queries.localities_for_round(user))
        self.fields["team"].queryset = queries.teams_for_round(user)
        self.fields["locality"].queryset = queries.localities_for_round(user)
        self.fields["project"].queryset = queries.projects_for_round(user)
        rounds = queries.rounds_to_pass_to(user)
        self.fields["passes_to"].queryset = rounds
        self.fields["passes_to"].label_from_instance = lambda r: f"{r.title} ({r.get_level_display().lower()})"
        self.people: dict[str, Any] = {}
        groups = []
        for team in self.teams:
            groups.append((f"People of {team.name}", self._options(queries.people_of_team(team))))
        for locality in self.localities:
            groups.append((f"People working in {locality.name}", self._options(queries.people_of_locality(locality))))
        if self.board_allowed:
            groups.append(("The partnership board's members", self._options(queries.board_people())))
        self.fields["panel"].choices = [(label, options) for label, options in groups if options]

    def _options(self, people: Any) -> list[tuple[str, str]]:
        options = []
        for person in people:
            self.people[str(person.uuid)] = person
            options.append((str(person.uuid), _person(person)))
        return options

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        level = data.get("level")
        team, locality = data.get("team"), data.get("locality")
        allowed: set[int] | None = None
        if level == MSCRound.Level.TEAM:
            if team is None:
                self.add_error("team", "Choose the team whose round it is")
            else:
                allowed = set(queries.people_of_team(team).values_list("pk", flat=True))
                locality = team.locality
        elif level == MSCRound.Level.LOCALITY:
            if locality is None:
                self.add_error("locality", "Choose the locality whose round it is")
            else:
                allowed = set(queries.people_of_locality(locality).values_list("pk", flat=True))
        elif level == MSCRound.Level.BOARD:
            allowed = set(queries.board_people().values_list("pk", flat=True))
        panel = [self.people[value] for value in data.get("panel") or [] if value in self.people]
        if allowed is not None and any(person.pk not in allowed for person in panel):
            where = {"team": "the team", "locality": "the locality"}.get(level or "", "the partnership board")
            self.add_error("panel", f"Choose panel members from the people of {where}")
        data["panel"] = panel
        passes_to = data.get("passes_to")
        if passes_to is not None and level and not self.has_error("level"):
            try:
                services.check_passes_to(self.user, level, locality, passes_to)
            except ActionRefused as error:
                self.add_error("passes_to", str(error))
        names = [line.strip() for line in (data.get("domains") or "").splitlines() if line.strip()]
        if "domains" in data and not names:
            self.add_error("domains", "Give the round at least one domain of change")
        if any(len(name) > 150 for name in names):
            self.add_error("domains", "Keep each domain to 150 characters or fewer")
        data["domain_names"] = names
        return data


class CandidateForm(Form):
    story = forms.ModelChoiceField(label="Story", queryset=Story.objects.none(), to_field_name="uuid",
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Choose the story to put forward",
                                                   "invalid_choice": "Choose one of the stories listed"})
    domain = forms.ModelChoiceField(label="Domain of change", queryset=MSCDomain.objects.none(), to_field_name="uuid",
                                    widget=forms.RadioSelect, empty_label=None,
                                    error_messages={"required": "Choose the domain to put it forward in"})
    note = forms.CharField(label="Why you put it forward", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)

    def __init__(self, *args: Any, user: Any, round_: MSCRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = queries.story_choices(user, round_)
        self.fields["domain"].queryset = MSCDomain.objects.visible_to(user).filter(round=round_).order_by(
            "position", "name")


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SelectionForm(Form):
    """One choice and one reason for each domain with stories put forward, and who was there."""

    present = forms.ModelMultipleChoiceField(label="Who was there", queryset=None, to_field_name="uuid",
                                             widget=forms.CheckboxSelectMultiple, required=False,
                                             help_text="Tick the panel members who took part")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, round_: MSCRound, domains: list[queries.ShownDomain], **kwargs: Any) -> None:
        extra: dict[str, forms.Field] = {}
        self.domain_fields: list[tuple[queries.ShownDomain, str, str]] = []
        for shown in domains:
            if not shown.candidates:
                continue
            key = str(shown.domain.uuid)
            ids = [c.candidate.pk for c in shown.candidates]
            choice = forms.ModelChoiceField(
                label=f"The most significant story in “{shown.domain.name}”",
                queryset=MSCCandidate.objects.filter(pk__in=ids).select_related("story").order_by("created_at", "pk"),
                to_field_name="uuid", widget=forms.RadioSelect, empty_label=None,
                error_messages={"required": f"Choose the most significant story in “{shown.domain.name}”",
                                "invalid_choice": f"Choose one of the stories put forward in “{shown.domain.name}”"})
            choice.label_from_instance = _story_title  # type: ignore[method-assign]
            extra[f"choice_{key}"] = choice
            extra[f"reason_{key}"] = forms.CharField(
                label=f"Why the panel chose it in “{shown.domain.name}”", widget=forms.Textarea(attrs={"rows": 4}),
                max_length=4000, error_messages={"required": f"Say why the panel chose it in “{shown.domain.name}”"})
            self.domain_fields.append((shown, f"choice_{key}", f"reason_{key}"))
        # The domains' fields join the declared ones before the form copies them.
        self.base_fields = {**extra, **self.base_fields}
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = get_user_model().objects.filter(msc_panels=round_).order_by(
            "full_name", "email")
        self.fields["present"].label_from_instance = _person

    def domain_rows(self) -> list[tuple[queries.ShownDomain, Any, Any]]:
        return [(shown, self[choice], self[reason]) for shown, choice, reason in self.domain_fields]

    def choices(self) -> dict[int, tuple[MSCCandidate, str]]:
        data = self.cleaned_data
        return {shown.domain.pk: (data[choice], data[reason]) for shown, choice, reason in self.domain_fields}



def _story_title(candidate: MSCCandidate) -> str:
    return candidate.story.title or "A story with no title"
