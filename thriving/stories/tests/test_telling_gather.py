"""Gathering in person or from paper, the teller's private link pages (narrowing consent,
withdrawing after a confirmation, a bad link), and a manager transcribing a recording (served
privately, then deleted), through the pages."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.core.public_forms import make_token
from thriving.stories.models import SignifierAnswer, Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import SignifierAnswerFactory, StoryFactory, TriadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(story_project):
    TriadFactory(project=story_project, key="help", prompt="The help came from")
    return story_project


@pytest.fixture
def gatherer(user_with_role, project):
    user = user_with_role(Role.TEAM_MEMBER)
    project.gatherers.add(user)
    return user


def gather_url(project) -> str:
    return reverse("stories:gather", kwargs={"slug": project.slug})


def gathered(**changes) -> dict:
    data = {"token": make_token(), "channel": "in_person", "text": "Told at the coffee morning.",
            "s-help-a": "10", "s-help-b": "10", "s-help-c": "80", "consent_use": "on", "consent_share": "on"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_gatherer_records_a_story_told_in_person(client, project, gatherer):
    client.force_login(gatherer)
    response = client.post(gather_url(project), gathered())
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.moderation == Story.Moderation.APPROVED
    assert story.gathered_by == gatherer
    assert story.channel == Story.Channel.IN_PERSON
    assert story.told_on == timezone.localdate()
    assert story.consent_share
    assert not story.consent_quote
    done = client.get(response["Location"])
    assert done["Cache-Control"] == "no-store"
    link = done.context["sent"]["link"]
    assert withdrawal.story_for_link(link.rstrip("/").rsplit("/", 1)[1]) == story
    assert AuditEvent.objects.filter(event="story.gathered").exists()


def test_typed_in_from_paper_keeps_the_date_on_the_paper(client, project, gatherer):
    client.force_login(gatherer)
    on_paper = timezone.localdate() - datetime.timedelta(days=9)
    client.post(gather_url(project), gathered(channel="paper", told_on=on_paper.isoformat()))
    story = Story.objects.get()
    assert story.channel == Story.Channel.PAPER
    assert story.told_on == on_paper


@pytest.mark.parametrize(("changes", "message"), [
    ({"channel": "paper"}, "Give the date on the paper"),
    ({"channel": "paper", "told_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
     "must be today or in the past"),
    ({"consent_use": None}, "only be recorded if the teller agreed"),
    ({"s-help-c": "10"}, "must add up to 100"),
    ({"text": "<script>x</script>"}, "Take it out"),
])
def test_gathering_mistakes_are_errors(client, project, gatherer, changes, message):
    client.force_login(gatherer)
    response = client.post(gather_url(project), gathered(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Story.objects.exists()


def test_the_same_gathering_sent_twice_makes_one_story(client, project, gatherer):
    client.force_login(gatherer)
    data = gathered()
    client.post(gather_url(project), data)
    client.post(gather_url(project), data)
    assert Story.objects.count() == 1


def test_someone_not_gathering_for_the_project_cannot(client, project, user_with_role):
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert client.get(gather_url(project)).status_code in (403, 404)
    assert client.post(gather_url(project), gathered()).status_code in (403, 404)
    assert not Story.objects.exists()


@pytest.fixture
def told(project):
    story = StoryFactory(project=project, consent_quote=True, consent_share=True, consent_publish=True)
    SignifierAnswerFactory(story=story, signifier=project.signifiers.get())
    return story, withdrawal.new_link(story)


def test_the_teller_narrows_their_consent_with_the_link(client, told):
    story, token = told
    page = client.get(reverse("stories:my_story", kwargs={"token": token}))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert story.text in page.content.decode()
    response = client.post(reverse("stories:my_story", kwargs={"token": token}), {"consent_share": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.consent_use, story.consent_quote, story.consent_share, story.consent_publish) == (
        True, False, True, False)
    assert story.withdrawn_at is None
    # Never widened by the link: ticking again does not bring quoting back.
    client.post(reverse("stories:my_story", kwargs={"token": token}), {"consent_quote": "on", "consent_share": "on"})
    story.refresh_from_db()
    assert not story.consent_quote
    assert AuditEvent.objects.filter(event="story.consent_narrowed").count() == 1


def test_the_teller_withdraws_after_confirming(client, told):
    story, token = told
    confirm = client.get(reverse("stories:my_story_withdraw", kwargs={"token": token}))
    assert "Are you sure" in confirm.content.decode()
    story.refresh_from_db()
    assert story.withdrawn_at is None
    response = client.post(reverse("stories:my_story_withdraw", kwargs={"token": token}))
    assert "has been withdrawn" in response.content.decode()
    story.refresh_from_db()
    assert story.withdrawn_at
    assert not story.text
    assert not SignifierAnswer.objects.exists()
    assert client.get(reverse("stories:my_story", kwargs={"token": token})).status_code == 404


def test_a_bad_link_says_so(client, told):
    for name in ("stories:my_story", "stories:my_story_withdraw"):
        response = client.get(reverse(name, kwargs={"token": "not-a-real-link"}))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert client.post(reverse("stories:my_story_withdraw", kwargs={"token": "nope"})).status_code == 404
    assert Story.objects.get().withdrawn_at is None


WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


@pytest.fixture
def recorded(project):
    project.accepts_audio = True
    project.save()
    story = StoryFactory(project=project, text="", moderation=Story.Moderation.PENDING, teller_name="Sam Testwood")
    story.audio.save("told.wav", ContentFile(WAV))
    return story


def test_a_manager_plays_and_transcribes_a_recording(client, story_member, recorded,
                                                     django_capture_on_commit_callbacks):
    client.force_login(story_member)
    page = client.get(reverse("stories:transcribe", kwargs={"uuid": recorded.uuid}))
    assert page.status_code == 200
    assert "recording is deleted" in page.content.decode()
    played = client.get(reverse("stories:story_audio", kwargs={"uuid": recorded.uuid}))
    assert played.status_code == 200
    assert played["Content-Type"] == "audio/wav"
    assert played["Cache-Control"] == "no-store"
    assert played["X-Content-Type-Options"] == "nosniff"
    assert b"".join(played.streaming_content).startswith(b"RIFF")
    assert AuditEvent.objects.filter(event="story.audio_played", subject="Sam Testwood").exists()
    name, storage = recorded.audio.name, recorded.audio.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stories:transcribe", kwargs={"uuid": recorded.uuid}),
                               {"transcript": "I went to the warm room."})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.text == "I went to the warm room."
    assert recorded.transcribed_at
    assert not recorded.audio
    assert not storage.exists(name)
    assert client.get(reverse("stories:story_audio", kwargs={"uuid": recorded.uuid})).status_code == 404


def test_a_coder_or_gatherer_cannot_hear_a_recording(client, recorded, gatherer):
    client.force_login(gatherer)
    assert client.get(reverse("stories:story_audio", kwargs={"uuid": recorded.uuid})).status_code in (403, 404)
    assert client.get(reverse("stories:transcribe", kwargs={"uuid": recorded.uuid})).status_code in (403, 404)


def test_a_withdrawn_story_reaches_none_of_these_pages(client, story_member, recorded):
    token = withdrawal.new_link(recorded)
    withdrawal.withdraw_with_link(token=token)
    client.force_login(story_member)
    assert client.get(reverse("stories:transcribe", kwargs={"uuid": recorded.uuid})).status_code == 404
    assert client.get(reverse("stories:story_audio", kwargs={"uuid": recorded.uuid})).status_code == 404
    assert client.get(reverse("stories:my_story", kwargs={"token": token})).status_code == 404



def test_the_demo_does_nothing_without_its_project_and_adds_its_stories_once(story_team):
    import io

    from thriving.stories.demo import telling as demo
    from thriving.stories.tests.factories import StoryProjectFactory

    demo.load(io.StringIO(), 1)
    assert not Story.objects.exists()
    project = StoryProjectFactory(slug=demo.SLUG, team=story_team)
    TriadFactory(project=project, key="demo-help")
    demo.load(io.StringIO(), 1)
    demo.load(io.StringIO(), 1)
    assert Story.objects.count() == 2
    assert SignifierAnswer.objects.filter(signifier__key="demo-help").count() == 2
