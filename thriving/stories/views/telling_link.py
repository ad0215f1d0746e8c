"""The teller's private link (no account: the link's secret is the key): their story's page, where
they can take back some of what they agreed to, and withdrawing the whole story after confirming.
And, for the project's managers, a story's recording (served privately) and its transcript."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thriving.core import audit
from thriving.core.access import get_visible_or_404
from thriving.core.policy import policy, public, require
from thriving.stories.forms import telling as forms
from thriving.stories.models import Story
from thriving.stories.services import telling as services
from thriving.stories.services import withdrawal
from thriving.stories.views.telling import _private


def _bad_link(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "stories/telling/bad_link.html", status=404))


@public
def my_story(request: HttpRequest, token: str) -> HttpResponse:
    """The teller's story, with what they agreed to: untick any of quoting, sharing, publishing."""
    story = withdrawal.story_for_link(token)
    if story is None:
        return _bad_link(request)
    initial = {"consent_quote": story.consent_quote, "consent_share": story.consent_share,
               "consent_publish": story.consent_publish}
    form = forms.ConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.narrow_consent(token=token, quote=data["consent_quote"], share=data["consent_share"],
                                    publish=data["consent_publish"])
        except services.TellingRefused:
            return _bad_link(request)
        messages.success(request, "Your choices are saved.")
        return redirect("stories:my_story", token=token)
    return _private(render(request, "stories/telling/my_story.html", {"story": story, "form": form, "token": token}))


@public
def my_story_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """Withdrawing the whole story, after a confirmation."""
    story = withdrawal.story_for_link(token)
    if story is None:
        return _bad_link(request)
    if request.method == "POST":
        project = story.project
        withdrawal.withdraw_with_link(token=token)
        return _private(render(request, "stories/telling/withdrawn.html", {"project": project}))
    return _private(render(request, "stories/telling/withdraw.html", {"story": story, "token": token}))


def _story_with_audio(request: HttpRequest, uuid: str) -> Story:
    story = get_visible_or_404(Story.objects.select_related("project"), request.user, "view", uuid=uuid)
    require(request.user, "stories.manage", story.project)
    return story


@policy("stories.manage")
def transcribe(request: HttpRequest, uuid: str) -> HttpResponse:
    """A manager listens to the recording and types it into the story's words; the recording is
    then deleted."""
    story = _story_with_audio(request, uuid)
    form = forms.TranscriptForm(request.POST if request.method == "POST" else None)
    error_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.transcribe(acting_user=request.user, story=story, transcript=form.cleaned_data["transcript"])
        except services.TellingRefused as error:
            error_message = str(error)
        else:
            messages.success(request, "The transcript is saved and the recording deleted.")
            return redirect("stories:transcribe", uuid=story.uuid)
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "stories/telling/transcribe.html",
                           {"story": story, "form": form, "error_message": error_message,
                            "has_errors": bool(error_message or form.errors)}, status=status))


@require_GET
@policy("stories.manage")
def audio(request: HttpRequest, uuid: str) -> HttpResponse:
    """The recording, served privately to a manager (each listen is recorded)."""
    story = _story_with_audio(request, uuid)
    if not story.audio:
        raise Http404("No recording")
    audit.record(request.user, "story.audio_played", story, action=audit.Action.VIEWED,
                 subject=story.teller_name, purpose="transcribing the recording")
    kind = services.check_audio(story.audio.open("rb"))
    types = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav", "webm": "audio/webm", "m4a": "audio/mp4"}
    response = FileResponse(story.audio.open("rb"), content_type=types[kind])
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
