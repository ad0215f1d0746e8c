"""Priorities' pages: setting one up from a confirmed theme, the list, a priority's page (its
trend with small numbers hidden, approved quotes only, what responds to it), changing it, and who
may not; a withdrawn story never reaching any of them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import Priority, Quote, Story
from thriving.stories.queries import priorities as queries
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import PriorityFactory, StoryFactory, ThemeFactory, in_theme


@pytest.fixture
def theme(story_project):
    return ThemeFactory(project=story_project, label="Somewhere warm to go")


@pytest.fixture
def priority(theme, story_team):
    return PriorityFactory(title="Somewhere warm", locality=story_team.locality, team=story_team, themes=[theme])


def errors(response) -> str:
    return response.content.decode()


def test_a_confirmed_theme_becomes_a_priority(client, story_member, theme, story_team):
    client.force_login(story_member)
    url = reverse("stories:priority-new") + f"?theme={theme.uuid}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Somewhere warm to go"' in page.content.decode()
    response = client.post(url, {"title": "Somewhere warm to go", "summary": "Warm spaces matter",
                                 "locality": story_team.locality.slug, "team": story_team.slug,
                                 "themes": [str(theme.uuid)]})
    made = Priority.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stories:priority", kwargs={"uuid": made.uuid})
    assert list(made.themes.all()) == [theme]
    assert (made.locality, made.team, made.created_by) == (story_team.locality, story_team, story_member)
    assert AuditEvent.objects.filter(event="priority.created", object_id=str(made.uuid)).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"title": ""}, "Enter a title"),
    ({"themes": []}, "Choose at least one confirmed theme"),
    ({"team": "not-a-team"}, "Select a valid choice"),
])
def test_bad_input_shows_the_error_summary_and_saves_nothing(client, story_member, theme, story_team, data, message):
    client.force_login(story_member)
    sent = {"title": "Warm", "locality": story_team.locality.slug, "themes": [str(theme.uuid)], **data}
    response = client.post(reverse("stories:priority-new") + f"?theme={theme.uuid}", sent)
    assert response.status_code == 400
    assert "govuk-error-summary" in errors(response)
    assert message in errors(response)
    assert not Priority.objects.exists()


def test_a_theme_not_confirmed_or_not_managed_cannot_be_taken_up(client, story_member, story_project, user_with_role):
    client.force_login(story_member)
    suggested = ThemeFactory(project=story_project, status="suggested")
    assert client.get(reverse("stories:priority-new") + f"?theme={suggested.uuid}").status_code == 404
    elsewhere = ThemeFactory()  # another team's project
    assert client.get(reverse("stories:priority-new") + f"?theme={elsewhere.uuid}").status_code == 404
    response = client.post(reverse("stories:priority-new"), {
        "title": "Taken", "locality": elsewhere.project.locality.slug, "themes": [str(elsewhere.uuid)]})
    assert response.status_code == 400
    assert not Priority.objects.exists()


def test_board_members_see_priorities_but_cannot_set_them_up(client, user_with_role, priority):
    board = user_with_role(Role.BOARD_MEMBER, locality=priority.locality)
    client.force_login(board)
    assert client.get(reverse("stories:priority-new")).status_code == 403
    assert client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).status_code == 200
    assert client.get(reverse("stories:priority-edit", kwargs={"uuid": priority.uuid})).status_code == 404
    assert client.get(reverse("stories:priority-links", kwargs={"uuid": priority.uuid})).status_code == 404


def test_people_of_another_place_do_not_see_the_priority(client, user_with_role, priority):
    other = user_with_role(Role.TEAM_MEMBER, locality=ThemeFactory().project.locality)
    client.force_login(other)
    assert client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).status_code == 404
    assert priority.title not in client.get(reverse("stories:priorities")).content.decode()


def test_the_list_is_by_locality_active_first(client, story_member, priority, story_team):
    PriorityFactory(title="Aardvark closed", locality=story_team.locality, status=Priority.Status.CLOSED)
    client.force_login(story_member)
    body = client.get(reverse("stories:priorities")).content.decode()
    assert body.index("Somewhere warm") < body.index("Aardvark closed")


def test_the_trend_shows_fewer_than_5_and_the_table(client, story_member, priority, theme, story_project):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    in_theme(theme, *[StoryFactory(project=story_project, told_on=today) for _ in range(6)])
    in_theme(theme, *[StoryFactory(project=story_project, told_on=last_month) for _ in range(2)])
    in_theme(theme, StoryFactory(project=story_project, told_on=today, moderation=Story.Moderation.PENDING))
    trend = queries.trend(priority, today)
    assert [month.shown for month in trend.months][-2:] == ["fewer than 5", "6"]
    assert len(trend.months) == 12
    assert trend.months[-2].height == trend.months[-1].height * 5 // 6
    client.force_login(story_member)
    body = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    assert 'data-testid="trend-chart"' in body
    assert "fewer than 5" in body
    assert f"{last_month:%B %Y}: fewer than 5" in body
    assert ">2<" not in body


def test_only_approved_quotes_show_and_a_withdrawn_story_leaves_no_trace(client, story_member, priority, theme,
                                                                          story_project):
    story = StoryFactory(project=story_project, told_on=timezone.localdate())
    in_theme(theme, story)
    Quote.objects.create(story=story, priority=priority, start=0, end=10, text="Approved words",
                         status=Quote.Status.APPROVED)
    Quote.objects.create(story=story, priority=priority, start=0, end=10, text="Draft words")
    client.force_login(story_member)
    url = reverse("stories:priority", kwargs={"uuid": priority.uuid})
    body = client.get(url).content.decode()
    assert "Approved words" in body
    shown = body.split("What people said")[1].split("Quotes waiting")[0]
    assert "Draft words" not in shown
    assert queries.for_place(story_member, priority.locality)[0].story_count == 1
    withdrawal.withdraw(acting_user=story_member, story=story, reason="The teller asked by phone")
    assert not Quote.objects.filter(story=story).exists()
    body = client.get(url).content.decode()
    assert "Approved words" not in body
    found = queries.for_place(story_member, priority.locality)[0]
    assert (found.story_count, found.quote_count) == (0, 0)
    assert all(month.count == 0 for month in queries.trend(priority).months)


def test_a_manager_changes_it_and_a_stale_version_is_a_conflict(client, story_member, priority, theme):
    client.force_login(story_member)
    url = reverse("stories:priority-edit", kwargs={"uuid": priority.uuid})
    assert client.get(url).status_code == 200
    sent = {"title": "Warm places", "summary": "", "themes": [str(theme.uuid)], "status": "closed",
            "team": priority.team.slug, "version": priority.version}
    assert client.post(url, sent).status_code == 302
    priority.refresh_from_db()
    assert (priority.title, priority.status, priority.version) == ("Warm places", "closed", 2)
    response = client.post(url, {**sent, "title": "Again", "version": 1})
    assert response.status_code == 409
    priority.refresh_from_db()
    assert priority.title == "Warm places"


def test_for_place_is_one_query_whatever_the_number(story_member, story_team, theme, django_assert_num_queries):
    for index in range(4):
        PriorityFactory(locality=story_team.locality, team=story_team, themes=[theme], title=f"P{index}")
    PriorityFactory(locality=story_team.locality, status=Priority.Status.CLOSED)
    with django_assert_num_queries(2):  # the person's places (policy), then the priorities with their counts
        found = queries.for_place(story_member, story_team.locality)
    assert len(found) == 4


def test_the_team_page_shows_the_places_priorities(client, story_member, story_team, priority, theme, story_project):
    in_theme(theme, *[StoryFactory(project=story_project) for _ in range(7)])
    client.force_login(story_member)
    body = client.get(reverse("teams:team", kwargs={"slug": story_team.slug})).content.decode()
    assert "Emerging community priorities" in body
    assert "Somewhere warm: 7 stories, 0 ideas linked" in body
    assert reverse("stories:priority", kwargs={"uuid": priority.uuid}) in body


def test_the_list_takes_a_fixed_number_of_queries(client, story_member, story_team, theme,
                                                  django_assert_max_num_queries):
    client.force_login(story_member)
    PriorityFactory(locality=story_team.locality, team=story_team, themes=[theme])
    client.get(reverse("stories:priorities"))  # the session and the layout, once
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("stories:priorities"))
    for index in range(5):
        PriorityFactory(locality=story_team.locality, team=story_team, themes=[theme], title=f"More {index}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("stories:priorities")).status_code == 200
