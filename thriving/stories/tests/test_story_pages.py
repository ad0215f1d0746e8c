"""The staff list of a project's stories and a story's page: approved stories only, newest first,
filtered, no tellers' names on the list; a story's words escaped, its answers readable, the
teller's name and email for managers only (audited), withdrawn stories nowhere, and withdrawing a
story for its teller with a reason."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import expect

from thriving.core.models import AuditEvent, Role
from thriving.places.tests.factories import AreaFactory
from thriving.stories.models import Signifier, Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import DyadFactory, SignifierAnswerFactory, StoryFactory, TriadFactory


def _list(client, project, **query):
    return client.get(reverse("stories:stories", kwargs={"slug": project.slug}), query)


def _titles(response):
    page = response.content.decode()
    return [part.split("</a>")[0].split(">")[-1] for part in page.split('data-testid="story-row"')[1:]]


def _story_url(story, name="stories:story"):
    return reverse(name, kwargs={"slug": story.project.slug, "uuid": story.uuid})


@pytest.mark.django_db
def test_the_list_shows_approved_stories_newest_first_without_tellers(client, coder, story_project):
    today = datetime.date(2026, 11, 20)
    StoryFactory(project=story_project, title="Older", told_on=today - datetime.timedelta(days=40))
    StoryFactory(project=story_project, title="Newer", told_on=today, teller_name="Ada Lovelace",
                 teller_email="ada@example.org", text="word " * 100)
    StoryFactory(project=story_project, title="Waiting", moderation=Story.Moderation.PENDING)
    StoryFactory(project=story_project, title="Refused", moderation=Story.Moderation.REJECTED)
    gone = StoryFactory(project=story_project, title="Gone")
    withdrawal.withdraw_with_link(token=withdrawal.new_link(gone))
    StoryFactory(title="Another project's")
    client.force_login(coder)
    response = _list(client, story_project)
    assert response.status_code == 200
    assert _titles(response) == ["Newer", "Older"]
    page = response.content.decode()
    assert "Ada Lovelace" not in page
    assert "ada@example.org" not in page
    assert ("word " * 39).strip() in page
    assert ("word " * 45).strip() not in page  # cut near 200 characters


@pytest.mark.django_db
def test_the_list_filters_by_channel_area_month_and_words(client, coder, story_project):
    area = AreaFactory(locality=story_project.locality, name="Langwith")
    StoryFactory(project=story_project, title="Heating", channel=Story.Channel.IN_PERSON, area=area,
                 told_on=datetime.date(2026, 10, 3))
    StoryFactory(project=story_project, title="Food bank", text="The food bank helped",
                 told_on=datetime.date(2026, 11, 3))
    client.force_login(coder)
    assert _titles(_list(client, story_project, channel="in_person")) == ["Heating"]
    assert _titles(_list(client, story_project, area=str(area.pk))) == ["Heating"]
    assert _titles(_list(client, story_project, month="2026-11")) == ["Food bank"]
    assert _titles(_list(client, story_project, q="FOOD")) == ["Food bank"]
    assert _titles(_list(client, story_project, q="nothing like it")) == []
    assert _titles(_list(client, story_project, channel="nonsense")) == ["Food bank", "Heating"]


@pytest.mark.django_db
def test_the_list_reads_a_page_of_stories_in_a_fixed_number_of_queries(client, coder, story_project):
    area = AreaFactory(locality=story_project.locality)
    StoryFactory.create_batch(3, project=story_project, area=area)
    client.force_login(coder)
    _list(client, story_project)
    with CaptureQueriesContext(connection) as few:
        _list(client, story_project)
    StoryFactory.create_batch(12, project=story_project, area=area)
    with CaptureQueriesContext(connection) as many:
        _list(client, story_project)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_people_without_a_part_in_the_project_do_not_see_its_stories(client, user_with_role, story_project):
    story = StoryFactory(project=story_project)
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert _list(client, story_project).status_code == 404
    assert client.get(_story_url(story)).status_code == 404


@pytest.mark.django_db
def test_a_storys_page_shows_its_words_escaped_and_its_answers_readably(client, coder, story_project):
    story = StoryFactory(project=story_project, title="The <b>warm</b> space", text="First line\n\nSecond <i>para</i>",
                         channel=Story.Channel.IN_PERSON, gathered_by=coder, consent_share=True,
                         teller_name="Ada Lovelace")
    triad = TriadFactory(project=story_project, prompt="The help came from…", position=0)
    dyad = DyadFactory(project=story_project, prompt="I felt…", position=1)
    stones = Signifier.objects.create(project=story_project, kind="stones", key="stones", prompt="Place them",
                                      labels=["little", "a lot", "rarely", "often"], options=["Family", "Council"],
                                      position=2)
    choice = Signifier.objects.create(project=story_project, kind="choice", key="what", prompt="What helped?",
                                      options=["A neighbour", "Money"], allow_many=True, position=3)
    SignifierAnswerFactory(story=story, signifier=triad, a=0.333, b=0.333, c=0.334)
    SignifierAnswerFactory(story=story, signifier=dyad, a=0.62, b=None, c=None)
    SignifierAnswerFactory(story=story, signifier=stones, item="Family", a=0.2, b=0.9, c=None)
    SignifierAnswerFactory(story=story, signifier=choice, item="A neighbour", a=None, b=None, c=None)
    SignifierAnswerFactory(story=story, signifier=choice, item="Money", a=None, b=None, c=None)
    client.force_login(coder)
    page = client.get(_story_url(story)).content.decode()
    assert "The &lt;b&gt;warm&lt;/b&gt; space" in page
    assert "<p>First line</p>" in page
    assert "Second &lt;i&gt;para&lt;/i&gt;" in page
    answers = page.split('data-testid="answers"')[1].split("</dl>")[0]
    assert "family and friends: 33%" in answers
    assert "services: 34%" in answers
    assert "62% of the way from “on my own” to “part of something”" in answers
    assert "<th scope=\"row\" class=\"govuk-table__header\">Family</th>" in answers
    assert "20%" in answers
    assert "90%" in answers
    assert "A neighbour, Money" in answers
    assert "Gathered in person" in page
    assert coder.full_name in page.split('data-testid="gathered-by"')[1]
    consent = page.split('data-testid="consent"')[1].split("</dl>")[0]
    assert consent.count(">Yes<") == 3  # use, quote (the factory's), share
    assert "Ada Lovelace" not in page  # a coder does not see the teller
    assert 'data-testid="teller"' not in page
    assert not AuditEvent.objects.filter(event="story.teller_viewed").exists()


@pytest.mark.django_db
def test_a_manager_sees_the_teller_and_the_view_is_audited(client, story_member, story_project):
    story = StoryFactory(project=story_project, teller_name="Ada Lovelace", teller_email="ada@example.org")
    client.force_login(story_member)
    page = client.get(_story_url(story)).content.decode()
    assert "Ada Lovelace" in page
    assert "ada@example.org" in page
    assert _story_url(story, "stories:story-withdraw") in page
    event = AuditEvent.objects.get(event="story.teller_viewed")
    assert event.subject == "Ada Lovelace"
    assert event.object_id == str(story.uuid)


@pytest.mark.django_db
def test_a_withdrawn_story_is_not_found(client, story_member, story_project):
    story = StoryFactory(project=story_project)
    withdrawal.withdraw_with_link(token=withdrawal.new_link(story))
    client.force_login(story_member)
    assert client.get(_story_url(story)).status_code == 404
    assert client.get(_story_url(story, "stories:story-withdraw")).status_code == 404


@pytest.mark.django_db
def test_a_manager_withdraws_a_story_for_its_teller_with_a_reason(client, story_member, story_project):
    story = StoryFactory(project=story_project, title="To go")
    client.force_login(story_member)
    url = _story_url(story, "stories:story-withdraw")
    assert "This cannot be undone" in client.get(url).content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Say why the story is being withdrawn" in refused.content.decode()
    story.refresh_from_db()
    assert story.withdrawn_at is None
    done = client.post(url, {"reason": "The teller phoned and asked"})
    assert done.status_code == 302
    assert done["Location"] == reverse("stories:stories", kwargs={"slug": story_project.slug})
    story.refresh_from_db()
    assert story.withdrawn_at is not None
    assert story.text == ""
    assert AuditEvent.objects.filter(event="story.withdrawn", purpose="The teller phoned and asked").exists()
    assert _titles(_list(client, story_project)) == []


@pytest.mark.django_db
def test_a_coder_may_not_withdraw_a_story(client, coder, story_project):
    story = StoryFactory(project=story_project)
    client.force_login(coder)
    response = client.post(_story_url(story, "stories:story-withdraw"), {"reason": "I would like to"})
    assert response.status_code in {403, 404}
    story.refresh_from_db()
    assert story.withdrawn_at is None


@pytest.mark.browser
def test_a_manager_reads_the_stories_and_a_story_with_axe_on_every_page(page, axe, sign_in, story_member,
                                                                         story_project):
    story = StoryFactory(project=story_project, title="The warm space", teller_name="Ada Lovelace")
    triad = TriadFactory(project=story_project, prompt="The help came from…")
    SignifierAnswerFactory(story=story, signifier=triad)
    sign_in(page, story_member)
    page.goto(reverse("stories:stories", kwargs={"slug": story_project.slug}))
    axe(page, "a project's stories")
    page.get_by_role("link", name="The warm space").click()
    expect(page.get_by_test_id("teller")).to_contain_text("Ada Lovelace")
    axe(page, "a story's page")
    page.get_by_role("link", name="Withdraw this story for its teller").click()
    page.get_by_role("button", name="Withdraw the story").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the story is being withdrawn")
    axe(page, "withdrawing a story, with an error")
