"""Forms for a coaching relationship: finding the person for a self-referral or a team's decision,
starting coaching, consent, its coaches, handing the lead over, and ending it."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.coaching.models import CoachingConsent, CoachingRelationship
from thriving.coaching.queries import relationships as queries
from thriving.core.forms import govuk as forms_govuk
from thriving.core.models import User
from thriving.frontdoor.forms import common as dates
from thriving.places.models import Locality

COACHING_STATEMENT = ("I agree to coaching, and to my coach keeping notes of our sessions, my goals and how I "
                      "rate my progress.")


class CoachChoice(forms.ModelChoiceField):
    """A coach, by name, with the organisation and locality of their coaching role."""

    def label_from_instance(self, obj: Any) -> str:
        roles = [m for m in getattr(obj, "all_memberships", []) if m.role in queries.COACH_ROLES]
        where = "; ".join(" · ".join(str(s) for s in (m.organisation, m.locality) if s) or "everywhere"
                          for m in roles)
        return f"{obj.full_name or obj.email} ({where})" if where else str(obj.full_name or obj.email)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError("Choose a coach from the list.") from None


def coach_field(label: str, **kwargs: Any) -> CoachChoice:
    """A choice of coach; the form sets its queryset (`queries.coach_choices`)."""
    return CoachChoice(label=label, queryset=User.objects.none(), to_field_name="uuid", empty_label="Choose a coach",
                       error_messages={"required": "Choose a coach.",
                                       "invalid_choice": "Choose a coach from the list."}, **kwargs)


class FindPersonForm(forms_govuk.Form):
    mark_optional = False
    q = forms.CharField(label="Name, phone, email or postcode of the person", max_length=200, required=False,
                        help_text="For example, Dana Marsh, 07700 900982 or NG20 8AA",
                        widget=forms.TextInput(attrs={"spellcheck": "false"}))


def _person_choices(people: list[Any]) -> list[tuple[str, str]]:
    return [(str(p.uuid), p.full_name + (f" ({p.household_relationship})" if p.household_relationship else ""))
            for p in people]


class ConsentFields(forms_govuk.Form):
    """How consent was given and the words agreed to, and by whom."""

    consent_method = forms.ChoiceField(label="How did they give their consent?", widget=forms.RadioSelect,
                                       choices=CoachingConsent.Method.choices,
                                       error_messages={"required": "Choose how they gave their consent."})
    consent_statement = forms.CharField(
        label="The words they agreed to", widget=forms.Textarea(attrs={"rows": 3}), initial=COACHING_STATEMENT,
        help_text="Read them to the person, or show them, and change them to what they agreed to",
        error_messages={"required": "Enter the words the person agreed to."})
    consent_by = forms.ChoiceField(label="Who gave it", widget=forms.RadioSelect,
                                   error_messages={"required": "Choose who gave their consent."})

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.uuid): p for p in people}
        self.fields["consent_by"].choices = _person_choices(people)
        if len(people) == 1:
            self.fields["consent_by"].initial = str(people[0].uuid)

    def given_by(self) -> Any:
        return self.people.get(self.cleaned_data.get("consent_by", ""))


class StartForm(dates.PeopleFormMixin, ConsentFields):
    kind = forms.ChoiceField(label="Who is coached?", widget=forms.RadioSelect,
                             choices=[("person", "The person"), ("family", "The family: the person and the "
                                                                           "household members chosen below")],
                             initial="person", error_messages={"required": "Choose who is coached."})
    members = forms.MultipleChoiceField(label="Household members coached with them", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.order_by("name"),
                                      to_field_name="slug", empty_label="Choose a locality",
                                      help_text="Where the coaching belongs: the person's locality, unless you "
                                                "change it",
                                      error_messages={"required": "Choose the locality the coaching belongs to."})
    review_weeks = forms.IntegerField(label="Review goals every", min_value=1, max_value=52, initial=6,
                                      help_text="In weeks, from 1 to 52",
                                      widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                    "class": "govuk-input--width-3"}),
                                      error_messages={"required": "Enter how often goals are reviewed, in weeks.",
                                                      "invalid": "Enter how often goals are reviewed as a number of "
                                                                 "weeks, like 6.",
                                                      "min_value": "Review goals at least every 52 weeks and at "
                                                                   "most every week.",
                                                      "max_value": "Review goals at least every 52 weeks and at "
                                                                   "most every week."})
    started_on = dates.GovukDateField(label="Coaching starts on", past_only=False,
                                      error_messages={"required": "Enter the day coaching starts."})
    route_note = forms.CharField(label="How it came about", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label="They agreed to coaching", required=False,
                                 help_text="Coaching cannot start without their consent")
    lead = coach_field("Lead coach", help_text="A coach in the coaching's locality, or in its connected team; the "
                                               "coaching becomes their organisation's")
    share_team = forms.BooleanField(label="They agreed to share their progress with the connected team",
                                    required=False, help_text="Their goals and ratings only, never the notes")
    share_referrer = forms.BooleanField(label="They agreed to share their progress with the person who referred "
                                              "them", required=False,
                                        help_text="Their goals and ratings only, never the notes")

    field_order = ["kind", "members", "locality", "lead", "review_weeks", "started_on", "route_note", "consent",
                   "consent_method", "consent_statement", "consent_by", "share_team", "share_referrer"]

    def __init__(self, *args: Any, person: Any, household: list[Any], route: str, team: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, people=[person, *household], **kwargs)
        self.person, self.household, self.route, self.team = person, household, route, team
        self.fields["lead"].queryset = queries.coach_choices(team=team)
        self.fields["started_on"].initial = timezone.localdate()
        if person.locality_id:
            self.fields["locality"].initial = person.locality.slug
        if household:
            self.fields["members"].choices = _person_choices(household)
        else:
            del self.fields["kind"], self.fields["members"]
        if route == CoachingRelationship.Route.TEAM:
            self.fields["route_note"].required = True
            self.fields["route_note"].label = "What the team decided"
            self.fields["route_note"].error_messages["required"] = "Enter what the team decided."
        else:
            self.fields["route_note"].help_text = "Anything the coach should know about the referral"
        if team is None:
            del self.fields["share_team"]
        if route == CoachingRelationship.Route.SELF:
            del self.fields["share_referrer"]

    def clean_started_on(self) -> datetime.date:
        day = self.cleaned_data["started_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The day coaching starts cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "family" and not data.get("members"):
            self.add_error("members", "Choose the household members coached with them, or choose the person alone.")
        return data

    def chosen_members(self) -> list[Any]:
        by_uuid = {str(p.uuid): p for p in self.household}
        return [by_uuid[u] for u in self.cleaned_data.get("members", []) if u in by_uuid]


class ConsentForm(ConsentFields):
    scope = forms.ChoiceField(label="What did they agree to?", widget=forms.RadioSelect,
                              choices=CoachingConsent.Scope.choices,
                              error_messages={"required": "Choose what they agreed to."})
    field_order = ["scope", "consent_method", "consent_statement", "consent_by"]

    def __init__(self, *args: Any, relationship: CoachingRelationship, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.fields["consent_statement"].initial = ""
        choices = [c for c in CoachingConsent.Scope.choices
                   if not (c[0] == CoachingConsent.Scope.SHARE_TEAM and relationship.team_id is None)
                   and not (c[0] == CoachingConsent.Scope.SHARE_REFERRER and relationship.referred_by_id is None)]
        self.fields["scope"].choices = choices


class WithdrawForm(forms_govuk.Form):
    consent = forms.UUIDField(widget=forms.HiddenInput)


class AddCoachForm(forms_govuk.Form):
    coach = coach_field("Coach to add",
                        help_text="From any organisation: a coach in the coaching's locality, or in its connected team")

    def __init__(self, *args: Any, relationship: CoachingRelationship, current: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = queries.coach_choices(relationship.locality, relationship.team,
                                                              exclude=[c.user for c in current])


class EndCoachForm(forms_govuk.Form):
    coach = forms.UUIDField(widget=forms.HiddenInput)


class TransferForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_user = coach_field("New lead coach", help_text="A coach in the coaching's locality, or in its connected team")
    note = forms.CharField(label="Handover note", widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="What the new lead coach should know: where things are, what is next",
                           error_messages={"required": "Write a handover note for the new lead coach."})
    keep_old = forms.BooleanField(label="Keep the coach handing over as one of the coaches", required=False)

    def __init__(self, *args: Any, relationship: CoachingRelationship, lead: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = queries.coach_choices(relationship.locality, relationship.team,
                                                                exclude=[lead] if lead else [])


class EndForm(forms_govuk.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label="Why is the coaching ending?", widget=forms.RadioSelect,
                               choices=CoachingRelationship.EndReason.choices,
                               error_messages={"required": "Choose why the coaching is ending."})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="How it went, and anything for whoever reads it later")
