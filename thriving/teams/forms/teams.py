"""Forms for setting a team up and for its members."""

from typing import Any

from django import forms

from thriving.core.forms import govuk as forms_govuk
from thriving.core.models import Organisation, Role, User
from thriving.places.models import Locality
from thriving.teams.models import TeamMember


class TeamForm(forms_govuk.Form):
    name = forms.CharField(label="Team name", max_length=150)
    locality = forms.ModelChoiceField(label="Locality", queryset=Locality.objects.order_by("name"),
                                      empty_label="Choose a locality",
                                      error_messages={"required": "Choose the team's locality."})
    about = forms.CharField(label="What the team is for", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    enablers = forms.ModelMultipleChoiceField(
        label="Enablers linked to the team", required=False, widget=forms.CheckboxSelectMultiple,
        queryset=User.objects.filter(is_active=True, memberships__role=Role.ENABLER).distinct().order_by("full_name"),
    )


class MemberForm(forms_govuk.Form):
    email = forms.EmailField(label="Their email address", help_text="They need an account on Thriving",
                             error_messages={"required": "Enter the email address of the person to add."})
    kind = forms.ChoiceField(label="How they take part", widget=forms.RadioSelect,
                             error_messages={"required": "Choose how they take part."})
    organisation = forms.ModelChoiceField(label="Organisation they come from", required=False,
                                          queryset=Organisation.objects.order_by("name"),
                                          empty_label="None, or a volunteer")

    def __init__(self, *args: Any, may_link_enablers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [c for c in TeamMember.Kind.choices if may_link_enablers or c[0] != TeamMember.Kind.ENABLER]
        self.fields["kind"].choices = kinds

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError("No one with that email address has an account on Thriving.")
        return user
