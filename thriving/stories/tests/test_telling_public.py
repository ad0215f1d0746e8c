"""The public tell-a-story form, through the page: a resident tells a story with no account, places
it on the project's signifiers and gives their consent; each protection (honeypot, time trap, rate
limit, double submit) and each mistake (no consent, unsafe HTML, a triad not adding up, a required
signifier missing, a recording too big or not audio) is refused with nothing saved."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from thriving.core.public_forms import TOO_FAST, make_token
from thriving.places.tests.factories import AreaFactory
from thriving.stories.models import Signifier, SignifierAnswer, Story, StoryProject
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import DyadFactory, StoryProjectFactory, TriadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    settings.FRONTDOOR_MIN_SECONDS = 3
    yield
    cache.clear()


@pytest.fixture
def project(story_project):
    TriadFactory(project=story_project, key="help-came-from", prompt="The help came from",
                 labels=["family", "community", "services"], position=1)
    DyadFactory(project=story_project, key="how-it-felt", prompt="I felt", labels=["alone", "part of something"],
                position=2)
    Signifier.objects.create(project=story_project, kind=Signifier.Kind.STONES, key="places", prompt="Place these",
                             labels=["far", "near", "rarely", "often"], options=["library", "GP"], position=3)
    Signifier.objects.create(project=story_project, kind=Signifier.Kind.CHOICE, key="kind", prompt="What kind",
                             options=["money", "food", "company"], allow_many=True, position=4)
    Signifier.objects.create(project=story_project, kind=Signifier.Kind.DEMOGRAPHIC, key="age", prompt="Your age",
                             options=["under 25", "25 to 64", "65 and over"], position=5)
    return story_project


def url(project) -> str:
    return reverse("stories:tell", kwargs={"slug": project.slug})


def form(**changes) -> dict:
    data = {
        "token": make_token(shown_at=time.time() - 60), "website": "", "title": "The warm room",
        "text": "The warm room at the library kept me going when the heating broke. 3 < 4 & all that.",
        "s-help-came-from-a": "20", "s-help-came-from-b": "50", "s-help-came-from-c": "30.2",
        "s-how-it-felt": "75", "s-places-0-x": "10", "s-places-0-y": "90",
        "s-kind": ["food", "company"], "s-age": "65 and over",
        "consent_use": "on", "consent_quote": "on", "teller_name": "Sam Testwood", "teller_email": "sam@example.org",
        "wants_feedback": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_shows_the_question_signifiers_and_consent_wording(client, project):
    page = client.get(url(project)).content.decode()
    assert escape(project.question) in page
    assert escape(project.consent_wording) in page
    for name in ("s-help-came-from-a", "s-how-it-felt", "s-places-1-y", "s-kind", "s-age", "consent_share"):
        assert f'name="{name}"' in page


def test_a_resident_tells_a_story_which_waits_for_moderation(client, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(project), form())
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.moderation == Story.Moderation.PENDING
    assert story.channel == Story.Channel.PUBLIC
    assert (story.consent_use, story.consent_quote, story.consent_share, story.consent_publish) == (
        True, True, False, False)
    assert story.wants_feedback
    assert story.teller_email == "sam@example.org"
    assert story.submission_key
    answers = {(a.signifier.key, a.item): (a.a, a.b, a.c) for a in SignifierAnswer.objects.select_related("signifier")}
    triad = answers[("help-came-from", "")]
    assert sum(triad) == pytest.approx(1)
    assert triad[0] == pytest.approx(20 / 100.2)
    assert answers[("how-it-felt", "")][0] == pytest.approx(0.75)
    assert answers[("places", "library")][:2] == pytest.approx((0.1, 0.9))
    assert ("places", "GP") not in answers
    assert {("kind", "food"), ("kind", "company"), ("age", "65 and over")} <= set(answers)
    # The confirmation shows the private link once, and it was emailed.
    thanks = client.get(response["Location"])
    assert thanks["Cache-Control"] == "no-store"
    link = thanks.context["sent"]["link"]
    assert link in thanks.content.decode()
    assert link not in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert mail.outbox[0].to == ["sam@example.org"]
    assert withdrawal.story_for_link(link.rstrip("/").rsplit("/", 1)[1]) == story


def test_optional_signifiers_left_alone_store_nothing(client, project):
    response = client.post(url(project), form(**{"s-how-it-felt": "", "s-places-0-x": "", "s-places-0-y": "",
                                                 "s-kind": None, "s-age": None, "teller_email": "",
                                                 "wants_feedback": None}))
    assert response.status_code == 302
    assert list(SignifierAnswer.objects.values_list("signifier__key", flat=True)) == ["help-came-from"]


def refused(response, message: str) -> None:
    assert response.status_code == 400, response.status_code
    assert message in response.content.decode()
    assert not Story.objects.exists()
    assert not SignifierAnswer.objects.exists()


def test_a_triad_not_adding_up_to_100_names_the_signifier(client, project):
    refused(client.post(url(project), form(**{"s-help-came-from-c": "40"})),
            "For “The help came from”, the three numbers must add up to 100")


def test_a_triad_within_half_a_point_is_normalised(client, project):
    client.post(url(project), form(**{"s-help-came-from-c": "29.6"}))
    answer = SignifierAnswer.objects.get(signifier__key="help-came-from")
    assert answer.a + answer.b + answer.c == pytest.approx(1)


def test_a_required_signifier_missing_is_an_error(client, project):
    refused(client.post(url(project), form(**{"s-help-came-from-a": "", "s-help-came-from-b": "",
                                              "s-help-came-from-c": ""})), "Place your story on “The help came from”")


def test_bad_numbers_and_choices_are_errors(client, project):
    refused(client.post(url(project), form(**{"s-how-it-felt": "120"})), "For “I felt”, give a number from 0 to 100")
    refused(client.post(url(project), form(**{"s-places-0-y": ""})), "give “library” a number")
    refused(client.post(url(project), form(**{"s-age": "102"})), "For “Your age”, choose from the answers shown")


def test_no_consent_to_use_is_refused(client, project):
    refused(client.post(url(project), form(consent_use=None)), "agree to it being used in this project")


@pytest.mark.parametrize("text", ["Hello <script>alert(1)</script>", "<iframe src=x></iframe>",
                                  '<b onmouseover="x()">hi</b>', "<img src=x onerror=alert(1)>"])
def test_unsafe_html_in_a_story_is_refused(client, project, text):
    refused(client.post(url(project), form(text=text)), "Take it out and send your story again")


def test_a_story_is_required(client, project):
    refused(client.post(url(project), form(text="  ")), "Tell your story")


def test_the_honeypot_shows_the_usual_thanks_and_saves_nothing(client, project):
    response = client.post(url(project), form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Story.objects.exists()
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_a_form_sent_too_fast_comes_back_with_what_was_typed(client, project):
    response = client.post(url(project), form(token=make_token()))
    refused(response, TOO_FAST.split(",")[0])
    assert "The warm room at the library" in response.content.decode()


def test_past_the_rate_limit_the_form_comes_back_with_429(client, project, settings):
    settings.FRONTDOOR_ASK_RATE = "1/h"
    client.post(url(project), form())
    response = client.post(url(project), form(token=make_token(shown_at=time.time() - 60)))
    assert response.status_code == 429
    assert Story.objects.count() == 1
    assert "too many times" in response.content.decode()


def test_the_same_form_sent_twice_makes_one_story(client, project):
    data = form()
    client.post(url(project), data)
    second = client.post(url(project), data)
    assert second.status_code == 302
    assert Story.objects.count() == 1


def test_an_area_of_the_locality_is_kept(client, project):
    area = AreaFactory(locality=project.locality, name="Shirebrook North")
    AreaFactory(name="Elsewhere")
    page = client.get(url(project)).content.decode()
    assert "Shirebrook North" in page
    assert "Elsewhere" not in page
    client.post(url(project), form(area=str(area.pk)))
    assert Story.objects.get().area == area


def test_closed_and_draft_projects_say_so(client, project):
    project.status = StoryProject.Status.CLOSED
    project.save()
    response = client.get(url(project))
    assert response.status_code == 410
    assert "has closed" in response.content.decode()
    assert client.post(url(project), form()).status_code == 410
    assert not Story.objects.exists()
    draft = StoryProjectFactory(status=StoryProject.Status.DRAFT)
    response = client.get(url(draft))
    assert response.status_code == 404
    assert "not taking stories yet" in response.content.decode()
    assert draft.title not in response.content.decode()
    private = StoryProjectFactory(accepts_public=False)
    assert client.get(url(private)).status_code == 404


WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
MP3 = b"ID3\x03\x00" + b"\x00" * 40


@pytest.fixture
def audio_project(project):
    project.accepts_audio = True
    project.save()
    return project


def test_a_recording_is_kept_until_transcribed(client, audio_project):
    page = client.get(url(audio_project)).content.decode()
    assert "Keep my recording only until it has been written down" in page
    response = client.post(url(audio_project), form(text="", audio=SimpleUploadedFile("s.wav", WAV),
                                                     audio_until_transcribed="on"))
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.audio
    assert story.audio.read().startswith(b"RIFF")


def test_a_recording_must_be_chosen_to_be_kept_until_transcribed(client, audio_project):
    refused(client.post(url(audio_project), form(audio=SimpleUploadedFile("s.mp3", MP3))),
            "we may keep your recording until it has been written down")


def test_a_file_that_is_not_audio_is_refused(client, audio_project):
    fake = SimpleUploadedFile("s.mp3", b"<html>not a recording</html>", content_type="audio/mpeg")
    refused(client.post(url(audio_project), form(audio=fake, audio_until_transcribed="on")),
            "The recording must be an audio file")


def test_an_oversized_recording_is_refused(client, audio_project, settings):
    settings.STORIES_AUDIO_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("s.wav", WAV + b"\x00" * (1024 * 1024))
    refused(client.post(url(audio_project), form(audio=big, audio_until_transcribed="on")),
            "The recording must be smaller than 1 MB")


def test_a_project_without_audio_offers_no_recording(client, project):
    assert 'name="audio"' not in client.get(url(project)).content.decode()
    client.post(url(project), form(audio=SimpleUploadedFile("s.wav", WAV)))
    assert not Story.objects.get().audio
