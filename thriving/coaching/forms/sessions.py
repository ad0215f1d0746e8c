"""The session form, on one short page: when (today filled in), where, who was
there, what was talked about, up to three next steps (what, who, by when; an empty row is left out,
a row half filled is an error naming the row), and whether goals were reviewed. Dates are GOV.UK
date inputs (day, month and year boxes). A next-step done/reopen form carries the step's version."""

import datetime
from typing import Any

from django import forms
from django.forms.utils import ErrorList
from django.utils import timezone

from thriving.coaching.models import Coach, CoachingRelationship, CoachingSession, Member
from thriving.coaching.services.sessions import MAX_STEPS, Step
from thriving.core.forms.govuk import GovukBoundField
from thriving.frontdoor.forms import common as dates

FUTURE = "The date cannot be in the future: a session in the future is recorded once it is held."


def _example(day: datetime.date) -> str:
    return f"For example, {day.day} {day.month} {day.year}"


def _name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}".strip()


def owner_choices(members: list[Member], coaches: list[Coach]) -> list[tuple[str, Any]]:
    """Who may do a next step: a person coached, or one of the coaches."""
    people = [(f"person:{m.person.uuid}", _name(m.person)) for m in members]
    staff = [(f"user:{c.user.uuid}", f"{c.user.full_name or c.user.email} (coach)") for c in coaches]
    return [("", "Choose who"), *people, *staff]


class ChosenWithItsRadio(GovukBoundField):
    """A field that belongs to one choice of a radio (the Space & Place, the words for somewhere
    else): needed only with that choice, so not marked "(optional)"."""

    @property
    def marked_optional(self) -> bool:
        return False


class StepForm(dates.Form):
    """One row of next steps; its messages name the row ("Next step 2: ...")."""

    mark_optional = False  # every row is optional; a row half filled says what is missing
    text = forms.CharField(label="What", max_length=300, required=False,
                           error_messages={"max_length": "Say what will be done in 300 characters or fewer"})
    owner = forms.ChoiceField(label="Who", required=False)
    due_on = dates.GovukDateField(label="By when", required=False, past_only=False)

    def __init__(self, *args: Any, number: int, choices: list[tuple[str, Any]], owners: dict[str, Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"step{number}", **kwargs)
        self.number = number
        self.owners = owners
        self.fields["owner"].choices = choices
        self.fields["due_on"].help_text = _example(timezone.localdate() + datetime.timedelta(days=7))

    def is_empty(self) -> bool:
        prefix = self.prefix
        raw = [self.data.get(f"{prefix}-text", ""), self.data.get(f"{prefix}-owner", "")]
        raw += [self.data.get(f"{prefix}-due_on_{part}", "") for part in ("day", "month", "year")]
        return not any(str(value).strip() for value in raw)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_empty():
            return data
        if not data.get("text", "").strip() and "text" not in self.errors:
            self.add_error("text", "say what will be done")
        if not data.get("owner") and "owner" not in self.errors:
            self.add_error("owner", "choose who will do it")
        if data.get("due_on") is None and "due_on" not in self.errors:
            self.add_error("due_on", "enter the date it is due by")
        return data

    def full_clean(self) -> None:
        super().full_clean()
        name = f"Next step {self.number}"
        for field, errors in (self._errors or {}).items():
            self._errors[field] = ErrorList([
                message if message.startswith(name) else f"{name}: {message[:1].lower()}{message[1:]}"
                for message in errors
            ])

    def step(self) -> Step | None:
        """The next step this row holds, or None for an empty row (call after validating)."""
        if self.is_empty():
            return None
        data = self.cleaned_data
        owner = self.owners[data["owner"]]
        is_person = data["owner"].startswith("person:")
        return Step(text=data["text"].strip(), due_on=data["due_on"], owner_person=owner if is_person else None,
                    owner_user=None if is_person else owner)


class SessionForm(dates.Form):
    held_on = dates.GovukDateField(label="Date of the session", past_only=False)
    where = forms.ChoiceField(label="Where was it?", widget=forms.RadioSelect,
                              error_messages={"required": "Choose where the session was"})
    place = forms.ChoiceField(label="Which Space & Place", required=False, bound_field_class=ChosenWithItsRadio)
    place_text = forms.CharField(label="Where", max_length=200, required=False, bound_field_class=ChosenWithItsRadio,
                                 error_messages={"max_length": "Say where in 200 characters or fewer"})
    people = forms.MultipleChoiceField(label="Who was there?", widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose who was there"})
    coaches = forms.MultipleChoiceField(label="Other coaches there", widget=forms.CheckboxSelectMultiple,
                                        required=False, help_text="You are added as there")
    others_present = forms.CharField(label="Anyone else there", max_length=200, required=False,
                                     help_text="Such as a support worker, a friend or a grandparent",
                                     error_messages={"max_length": "Say who else was there in 200 characters or fewer"})
    notes = forms.CharField(label="What was talked about", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    is_review = forms.BooleanField(label="We reviewed goals today", required=False,
                                   help_text="Next, you record the ratings")

    def __init__(self, data: Any = None, *, relationship: CoachingRelationship, members: list[Member],
                 coaches: list[Coach], places: list[Any], acting_user: Any) -> None:
        super().__init__(data)
        self.relationship = relationship
        self.places = {str(place.uuid): place for place in places}
        self.people = {str(m.person.uuid): m.person for m in members}
        others = [c for c in coaches if c.user_id != acting_user.pk]
        self.other_coaches = {str(c.user.uuid): c.user for c in others}
        where = list(CoachingSession.Where.choices)
        if not places:  # no Space & Place in the locality to choose
            where = [choice for choice in where if choice[0] != CoachingSession.Where.PLACE]
        self.fields["where"].choices = where
        self.fields["place"].choices = [("", "Choose a Space & Place"), *[(key, p.name) for key, p in
                                                                          self.places.items()]]
        self.fields["people"].choices = [(key, _name(person)) for key, person in self.people.items()]
        if len(members) == 1:
            self.fields["people"].initial = list(self.people)
        self.fields["coaches"].choices = [(key, user.full_name or user.email) for key, user in
                                          self.other_coaches.items()]
        if not others:
            del self.fields["coaches"]
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["held_on"].help_text = "Today is filled in: change it for a session on another day"
        owners: dict[str, Any] = {f"person:{key}": person for key, person in self.people.items()}
        owners.update({f"user:{c.user.uuid}": c.user for c in coaches})
        choices = owner_choices(members, coaches)
        self.steps = [StepForm(data, number=n, choices=choices, owners=owners) for n in range(1, MAX_STEPS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        held_on = data.get("held_on")
        if held_on is None and "held_on" not in self.errors:
            self.add_error("held_on", "Enter the date of the session")
        elif held_on is not None and held_on > today:
            self.add_error("held_on", FUTURE)
        elif held_on is not None and held_on < self.relationship.started_on:
            self.add_error("held_on", "The date cannot be before the coaching began "
                           f"({self.relationship.started_on:%-d %B %Y})")
        where = data.get("where")
        if where == CoachingSession.Where.PLACE and not data.get("place"):
            self.add_error("place", "Choose the Space & Place the session was at")
        if where == CoachingSession.Where.ELSEWHERE and not data.get("place_text", "").strip() \
                and "place_text" not in self.errors:
            self.add_error("place_text", "Say where the session was")
        return data

    def is_valid(self) -> bool:
        valid = super().is_valid()
        rows_valid = all([row.is_valid() for row in self.steps])  # every row checked, for every message
        held_on = self.cleaned_data.get("held_on") if valid else None
        for row in self.steps:
            due = row.cleaned_data.get("due_on") if row.is_bound and not row.errors else None
            if held_on is not None and due is not None and due < held_on:
                row.add_error("due_on", f"Next step {row.number}: it cannot be due before the session "
                              f"({held_on:%-d %B %Y})")
                rows_valid = False
        return valid and rows_valid

    def in_error(self) -> list[Any]:
        """The forms (this one and its rows) with mistakes, for the error summary."""
        return [form for form in (self, *self.steps) if form.is_bound and form.errors]

    def action(self) -> dict[str, Any]:
        """What to pass `services.sessions.record_session` (after `is_valid()`)."""
        data = self.cleaned_data
        where = data["where"]
        return {
            "held_on": data["held_on"], "where": where,
            "place": self.places.get(data["place"]) if where == CoachingSession.Where.PLACE else None,
            "place_text": data["place_text"], "people": [self.people[key] for key in data["people"]],
            "coaches": [self.other_coaches[key] for key in data.get("coaches", [])],
            "others_present": data["others_present"], "notes": data["notes"], "is_review": data["is_review"],
            "steps": [step for step in (row.step() for row in self.steps) if step is not None],
        }


class StepDoneForm(dates.Form):
    """Mark a next step done, or open it again, against the version the person read."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.ChoiceField(widget=forms.HiddenInput, choices=[("yes", "Done"), ("no", "Not done")])
    next = forms.ChoiceField(widget=forms.HiddenInput, required=False,
                             choices=[("", "The sessions"), ("sessions", "The sessions"), ("session", "The session")])
