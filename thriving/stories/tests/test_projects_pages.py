"""A project's page and the moderation of stories told on the public form: counts, who may
moderate, approving, refusing with a note, the version check, and nobody else seeing a story
until it is taken."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import StoryFactory, TriadFactory


@pytest.fixture
def waiting(story_project):
    return StoryFactory(project=story_project, title="The warm space", moderation=Story.Moderation.PENDING)


def _moderate(client, story, **data):
    url = reverse("stories:moderate", kwargs={"slug": story.project.slug, "uuid": story.uuid})
    return client.post(url, {"version": story.version, **data})


@pytest.mark.django_db
def test_the_project_page_counts_its_stories_and_links_its_pages(client, story_member, story_project, waiting):
    TriadFactory(project=story_project, prompt="The help came from…")
    StoryFactory.create_batch(2, project=story_project)
    StoryFactory(project=story_project, channel=Story.Channel.IN_PERSON)
    withdrawal.withdraw_with_link(token=withdrawal.new_link(StoryFactory(project=story_project)))
    client.force_login(story_member)
    page = client.get(reverse("stories:project", kwargs={"slug": story_project.slug})).content.decode()
    assert escape(story_project.question) in page
    assert "The help came from…" in page
    figures = page.split('data-testid="figures"')[1].split("</table>")[0]
    assert [cell.split("<")[0] for cell in figures.split('numeric">')[1:]] == ["2", "1", "0", "1", "0", "1"]
    assert reverse("stories:waiting", kwargs={"slug": story_project.slug}) in page


@pytest.mark.django_db
def test_a_manager_approves_a_waiting_story_and_then_the_coders_see_it(client, story_member, coder, waiting):
    assert not Story.objects.visible_to(coder).filter(pk=waiting.pk).exists()
    client.force_login(story_member)
    listing = client.get(reverse("stories:waiting", kwargs={"slug": waiting.project.slug})).content.decode()
    assert "The warm space" in listing
    response = _moderate(client, waiting, decision="approve")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.moderation == Story.Moderation.APPROVED
    assert waiting.moderated_by == story_member
    assert Story.objects.visible_to(coder).filter(pk=waiting.pk).exists()
    assert AuditEvent.objects.filter(event="story.approved", object_id=str(waiting.uuid)).exists()


@pytest.mark.django_db
def test_refusing_needs_a_note_and_a_refused_story_stays_with_the_managers(client, story_member, coder, waiting):
    client.force_login(story_member)
    response = _moderate(client, waiting, decision="refuse", note="")
    assert response.status_code == 400
    assert "Say why the story is not taken." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.moderation == Story.Moderation.PENDING
    assert _moderate(client, waiting, decision="refuse", note="It names a neighbour").status_code == 302
    waiting.refresh_from_db()
    assert waiting.moderation == Story.Moderation.REJECTED
    assert waiting.moderation_note == "It names a neighbour"
    assert not Story.objects.visible_to(coder).filter(pk=waiting.pk).exists()
    assert Story.objects.visible_to(story_member).filter(pk=waiting.pk).exists()


@pytest.mark.django_db
def test_an_unchosen_decision_shows_the_error_summary(client, story_member, waiting):
    client.force_login(story_member)
    response = _moderate(client, waiting)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Choose whether to take this story" in response.content.decode()


@pytest.mark.django_db
def test_someone_else_moderating_first_is_a_conflict(client, story_member, waiting):
    client.force_login(story_member)
    stale = waiting.version
    assert _moderate(client, waiting, decision="approve").status_code == 302
    url = reverse("stories:moderate", kwargs={"slug": waiting.project.slug, "uuid": waiting.uuid})
    assert client.post(url, {"version": stale, "decision": "refuse", "note": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_that_keeps_what_was_typed(client, story_member, waiting):
    client.force_login(story_member)
    url = reverse("stories:moderate", kwargs={"slug": waiting.project.slug, "uuid": waiting.uuid})
    response = client.post(url, {"version": waiting.version - 1 if waiting.version > 1 else 99,
                                 "decision": "refuse", "note": "Typed note"})
    assert response.status_code == 409
    assert "Typed note" in response.content.decode()


@pytest.mark.django_db
def test_coders_and_outsiders_may_not_moderate(client, coder, user_with_role, waiting):
    for person in (coder, user_with_role(Role.TEAM_MEMBER)):
        client.force_login(person)
        assert _moderate(client, waiting, decision="approve").status_code in (403, 404)
    waiting.refresh_from_db()
    assert waiting.moderation == Story.Moderation.PENDING


@pytest.mark.django_db
def test_a_withdrawn_story_is_not_waiting_any_more(client, story_member, waiting):
    withdrawal.withdraw_with_link(token=withdrawal.new_link(waiting))
    client.force_login(story_member)
    listing = client.get(reverse("stories:waiting", kwargs={"slug": waiting.project.slug})).content.decode()
    assert "none-waiting" in listing
    assert _moderate(client, waiting, decision="approve").status_code == 404
