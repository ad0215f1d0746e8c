"""The themes pages: the list with its counts and weak fits, asking for suggestions (refused with
too few stories), a theme's page, deciding with the version check, and a withdrawn story gone."""

import pytest
from django.urls import reverse

from thriving.stories.models import Theme, ThemeMembership
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import StoryFactory


@pytest.fixture
def theme(story_project):
    made = Theme.objects.create(project=story_project, label="Heating and boiler", key_phrases=["heating", "boiler"])
    for i in range(3):
        story = StoryFactory(project=story_project, title=f"Cold house {i}", text=f"The boiler broke, story {i}.")
        ThemeMembership.objects.create(theme=made, story=story, strength=0.8 - i * 0.3, is_weak=i == 2,
                                       is_typical=i == 0)
    return made


@pytest.mark.django_db
def test_list_shows_counts_weak_fits_and_typical_excerpts(client, story_member, story_project, theme):
    client.force_login(story_member)
    page = client.get(reverse("stories:themes", kwargs={"slug": story_project.slug})).content.decode()
    assert "Heating and boiler" in page
    assert "heating, boiler" in page
    assert "Suggested" in page
    assert "The boiler broke, story 0." in page
    assert "needs 17 more" in page


@pytest.mark.django_db
def test_suggest_with_too_few_stories_says_how_many_more(client, story_member, story_project):
    StoryFactory.create_batch(5, project=story_project)
    client.force_login(story_member)
    response = client.post(reverse("stories:themes-suggest", kwargs={"slug": story_project.slug}), follow=True)
    assert "needs 15 more" in response.content.decode()


@pytest.mark.django_db
def test_confirm_renames_and_stale_version_is_409(client, story_member, story_project, theme):
    client.force_login(story_member)
    url = reverse("stories:theme-decide", kwargs={"slug": story_project.slug, "uuid": theme.uuid})
    stale = client.post(url, {"decision": "confirm", "label": "Cold homes", "version": theme.version + 5})
    assert stale.status_code == 409
    response = client.post(url, {"decision": "confirm", "label": "Cold homes", "version": theme.version})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.status, theme.label, theme.decided_by) == (Theme.Status.CONFIRMED, "Cold homes", story_member)


@pytest.mark.django_db
def test_withdrawn_story_gone_from_theme_page(client, story_member, story_project, theme):
    client.force_login(story_member)
    story = theme.memberships.order_by("-strength").first().story
    url = reverse("stories:theme", kwargs={"slug": story_project.slug, "uuid": theme.uuid})
    assert story.text in client.get(url).content.decode()
    withdrawal.withdraw(acting_user=story_member, story=story, reason="Asked by phone")
    page = client.get(url).content.decode()
    assert "The boiler broke, story 0." not in page
    assert "Its stories (2)" in page
