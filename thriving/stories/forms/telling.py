"""Forms for telling a story: the public form (with the protections every public form shares), the
gatherer's form (in person or typed in from paper), narrowing consent with the private link,
confirming a withdrawal, and a manager's transcript. The signifier answers are read beside the form
by `services.telling.parse_answers`; `signifier_rows` gives the template what to draw for each."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from thriving.core.forms import govuk
from thriving.core.public_forms import PublicForm, make_token, read_token
from thriving.stories.models import Signifier, Story
from thriving.stories.services import telling as services


class StoryFields(govuk.Form):
    """What the teller gives, in their words: the story, where, consent, contact. Labels say
    "(optional)" themselves where a field may be left empty."""

    mark_optional = False

    title = forms.CharField(label="A title for your story (optional)", required=False, max_length=150)
    text = forms.CharField(label="Your story", widget=forms.Textarea(attrs={"rows": 10}), max_length=20000,
                           required=False,
                           error_messages={"max_length": "Your story must be 20,000 characters or fewer"})
    area = forms.ChoiceField(label="Where did it happen? (optional)", required=False)
    consent_use = forms.BooleanField(label="I agree to my story being used in this project", required=False)
    consent_quote = forms.BooleanField(label="You may quote my story, without my name", required=False)
    consent_share = forms.BooleanField(label="You may share my story with partner organisations", required=False)
    consent_publish = forms.BooleanField(label="You may publish my story", required=False)
    teller_name = forms.CharField(label="Your name (optional)", required=False, max_length=150,
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    teller_email = forms.EmailField(label="Your email address (optional)", required=False,
                                    help_text="We send you a private link to withdraw your story or change your mind",
                                    widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    wants_feedback = forms.BooleanField(label="I would like to hear what became of my story", required=False)
    audio = forms.FileField(label="A recording of your story (optional)", required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}))
    no_consent = "We can only take your story if you agree to it being used in this project"
    audio_until_transcribed = forms.BooleanField(
        label="Keep my recording only until it has been written down, then delete it", required=False)

    def __init__(self, *args: Any, project: Any, areas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.areas = {str(area.pk): area for area in areas}
        self.fields["area"].choices = [("", "Choose a place, or leave blank"),
                                       *((str(area.pk), area.name) for area in areas)]
        if not areas:
            del self.fields["area"]
        if not project.accepts_audio:
            del self.fields["audio"]
            del self.fields["audio_until_transcribed"]

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        if text and services.unsafe_html(text):
            raise forms.ValidationError(services.UNSAFE)
        return text

    def clean_title(self) -> str:
        title = self.cleaned_data.get("title", "")
        if title and services.unsafe_html(title):
            raise forms.ValidationError("Your title contains HTML code. Take it out and send your story again.")
        return title

    def clean_audio(self) -> Any:
        audio = self.cleaned_data.get("audio")
        if audio:
            try:
                services.check_audio(audio)
            except services.TellingRefused as error:
                raise forms.ValidationError(str(error)) from error
        return audio

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("consent_use"):
            self.add_error("consent_use", self.no_consent)
        if "text" in cleaned and not cleaned["text"].strip() and not cleaned.get("audio"):
            self.add_error("text", "Tell your story" + (" or add a recording" if self.project.accepts_audio else ""))
        if cleaned.get("audio") and not cleaned.get("audio_until_transcribed"):
            self.add_error("audio_until_transcribed",
                           "Tick the box to say we may keep your recording until it has been written down")
        if cleaned.get("wants_feedback") and not cleaned.get("teller_email"):
            self.add_error("teller_email", "Give your email address to hear what became of your story")
        return cleaned

    def telling(self, answers: list[services.Answer]) -> services.Telling:
        data = self.cleaned_data
        return services.Telling(
            text=data.get("text", ""), title=data.get("title", ""), answers=answers,
            area=self.areas.get(data.get("area") or ""),
            consent_use=bool(data.get("consent_use")), consent_quote=bool(data.get("consent_quote")),
            consent_share=bool(data.get("consent_share")), consent_publish=bool(data.get("consent_publish")),
            teller_name=data.get("teller_name", ""), teller_email=data.get("teller_email", ""),
            wants_feedback=bool(data.get("wants_feedback")), audio=data.get("audio"),
        )


class TellForm(PublicForm, StoryFields):
    pass


class GatherForm(StoryFields):
    channel = forms.ChoiceField(label="How was the story told?", widget=forms.RadioSelect, choices=[
        (Story.Channel.IN_PERSON, "In person, to me, today"),
        (Story.Channel.PAPER, "On paper: I am typing it in"),
    ])
    told_on = forms.DateField(label="The date on the paper", required=False,
                              widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"},
                                                     format="%Y-%m-%d"))
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    no_consent = "A story can only be recorded if the teller agreed to it being used in this project"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_use"].label = "The teller agreed to their story being used in this project"
        self.fields["consent_quote"].label = "The teller agreed to it being quoted, without their name"
        self.fields["consent_share"].label = "The teller agreed to it being shared with partner organisations"
        self.fields["consent_publish"].label = "The teller agreed to it being published"
        self.fields["teller_name"].label = "The teller's name (optional)"
        self.fields["teller_email"].label = "The teller's email address (optional)"
        self.fields["teller_email"].help_text = "We send them the private link to withdraw their story"
        self.fields["wants_feedback"].label = "The teller would like to hear what became of it"
        self.fields["text"].label = "The story, in the teller's words"
        self.fields["title"].label = "A title for the story (optional)"
        if not self.is_bound:
            self.initial.setdefault("token", make_token())

    def clean_told_on(self) -> datetime.date | None:
        told_on = self.cleaned_data.get("told_on")
        if told_on and told_on > timezone.localdate():
            raise forms.ValidationError("The date on the paper must be today or in the past")
        return told_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        paper = cleaned.get("channel") == Story.Channel.PAPER
        if paper and not cleaned.get("told_on") and "told_on" not in self.errors:
            self.add_error("told_on", "Give the date on the paper")
        return cleaned

    @property
    def submission_key(self) -> Any:
        read = read_token(self.cleaned_data.get("token", ""), max_age=None)
        return read[0] if read else None


class ConsentForm(govuk.Form):
    consent_quote = forms.BooleanField(label="You may quote my story, without my name", required=False)
    consent_share = forms.BooleanField(label="You may share my story with partner organisations", required=False)
    consent_publish = forms.BooleanField(label="You may publish my story", required=False)


class TranscriptForm(govuk.Form):
    transcript = forms.CharField(label="What the recording says", widget=forms.Textarea(attrs={"rows": 12}),
                                 max_length=40000, error_messages={"required": "Type what the recording says"})


def signifier_rows(signifiers: list[Signifier], data: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """For each signifier, what the template draws: its field names and the values typed."""
    def value(field: str) -> str:
        return data.get(field, "") if data is not None else ""

    rows = []
    for signifier in signifiers:
        row: dict[str, Any] = {"signifier": signifier, "error": errors.get(signifier.key, ""),
                               "name": services.name(signifier), "id": f"sig-{signifier.key}"}
        if signifier.kind == Signifier.Kind.TRIAD:
            row["corners"] = [{"label": label, "name": services.name(signifier, part),
                               "value": value(services.name(signifier, part))}
                              for label, part in zip(signifier.labels, "abc", strict=False)]
        elif signifier.kind == Signifier.Kind.DYAD:
            row["value"] = value(services.name(signifier))
            row["low"], row["high"] = (list(signifier.labels) + ["", ""])[:2]
        elif signifier.kind == Signifier.Kind.STONES:
            labels = (list(signifier.labels) + ["", "", "", ""])[:4]
            row["axes"] = labels
            row["stones"] = [{"label": item, "index": index,
                              "x_name": services.name(signifier, index, "x"),
                              "y_name": services.name(signifier, index, "y"),
                              "x": value(services.name(signifier, index, "x")),
                              "y": value(services.name(signifier, index, "y"))}
                             for index, item in enumerate(signifier.options)]
        else:
            chosen = data.getlist(services.name(signifier)) if data is not None else []
            row["options"] = [{"label": option, "checked": str(option) in chosen, "index": index}
                              for index, option in enumerate(signifier.options)]
            row["many"] = signifier.kind == Signifier.Kind.CHOICE and signifier.allow_many
        rows.append(row)
    return rows
