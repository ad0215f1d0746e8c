"""The patterns page and its CSV: figures for every kind of signifier over the approved stories the
person may see, small numbers withheld (and totals that would give them away not stated), the
filters (place, theme, months; a bad month answered with the error summary), the dyads' grouping,
withdrawn and waiting stories never counted, who may not see it, the export audited, and the
page's queries not growing with the stories."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.places.tests.factories import AreaFactory
from thriving.stories.models import Story, Theme, ThemeMembership
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import (
    ChoiceFactory,
    DemographicFactory,
    DyadFactory,
    SignifierAnswerFactory,
    StonesFactory,
    StoryFactory,
    StoryProjectFactory,
    TriadFactory,
)

TOLD = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fresh_figures():
    """The figures are kept between requests (`queries.sensemaking.CACHE_SECONDS`): none from another test."""
    caches["snapshots"].clear()
    yield
    caches["snapshots"].clear()


@pytest.fixture
def world(story_project):
    """Twelve stories: eight in North (mostly family; slider low; aged 25 to 64), four in South
    (mostly services; slider high; under 25), with stones and a choice; a theme of the South ones."""
    project = story_project
    project.opens_on = datetime.date(2026, 1, 1)
    project.save()
    north = AreaFactory(locality=project.locality, name="North")
    south = AreaFactory(locality=project.locality, name="South")
    s = {
        "triad": TriadFactory(project=project, key="help-from", labels=["family", "community", "services"]),
        "dyad": DyadFactory(project=project, key="felt", labels=["on my own", "part of something"]),
        "stones": StonesFactory(project=project, key="who-helped"),
        "choice": ChoiceFactory(project=project, key="about"),
        "age": DemographicFactory(project=project, key="age-band"),
    }
    theme = Theme.objects.create(project=project, label="Winter help", status=Theme.Status.CONFIRMED)
    stories = []
    for n in range(12):
        in_north = n < 8
        story = StoryFactory(project=project, area=north if in_north else south,
                             told_on=TOLD if in_north else datetime.date(2026, 4, 2), title=f"Story {n}")
        weights = (0.8, 0.1, 0.1) if in_north else (0.1, 0.1, 0.8)
        SignifierAnswerFactory(story=story, signifier=s["triad"], a=weights[0], b=weights[1], c=weights[2])
        SignifierAnswerFactory(story=story, signifier=s["dyad"], a=0.15 if in_north else 0.85, b=None, c=None)
        SignifierAnswerFactory(story=story, signifier=s["stones"], item="Family", a=0.9, b=0.8, c=None)
        SignifierAnswerFactory(story=story, signifier=s["choice"], item="Money" if in_north else "Housing",
                               a=None, b=None, c=None)
        SignifierAnswerFactory(story=story, signifier=s["age"], item="25 to 64" if in_north else "Under 25",
                               a=None, b=None, c=None)
        if not in_north:
            ThemeMembership.objects.create(theme=theme, story=story, strength=0.9)
        stories.append(story)
    return {"project": project, "signifiers": s, "stories": stories, "north": north, "south": south, "theme": theme}


def _url(project, name="stories:sensemaking"):
    return reverse(name, kwargs={"slug": project.slug})


def _page(client, project, **query):
    response = client.get(_url(project), query)
    return response, response.content.decode()


@pytest.mark.django_db
def test_page_shows_every_kind_with_small_numbers_withheld(client, story_member, world):
    client.force_login(story_member)
    response, page = _page(client, world["project"])
    assert response.status_code == 200
    assert "Stories counted: <strong>not stated</strong>" in page
    assert "Patterns across the signifiers" in page
    # The triad: 8 mostly family shown, 4 mostly services withheld, and so no total.
    assert "Mostly family</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">8<" in page
    assert "Mostly services</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">fewer than 5<" in page
    assert "not stated" in page
    assert 'data-testid="triangle-help-from"' in page
    assert 'data-testid="mean-help-from"' in page
    # The dyad's histogram and its groups by place: North 8 (median 0.15), South withheld.
    assert 'data-testid="chart-felt"' in page
    assert "By place" in page
    assert ">North</th>" in page
    assert ">South</th>" in page
    # The stones: Family placed in all 12.
    assert 'data-testid="scatter-who-helped"' in page
    assert ">0.90<" in page
    # The choice and the demographic question.
    assert ">Money</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">8<" in page
    assert ">Housing</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">fewer than 5<" in page
    assert "Small numbers are withheld" in page


@pytest.mark.django_db
def test_withheld_cells_are_not_drawn(client, story_member, world):
    client.force_login(story_member)
    _, page = _page(client, world["project"])
    triangle = page.split('data-testid="triangle-help-from"')[1].split("</svg>")[0]
    assert triangle.count('fill="#1d70b8"') + triangle.count('fill="#d2e2f1"') + sum(
        triangle.count(f'fill="{shade}"') for shade in ("#a5c6e3", "#77a9d4", "#4a8dc6")) == 1


@pytest.mark.django_db
def test_totals_are_stated_when_every_part_is_shown(client, story_member, world):
    client.force_login(story_member)
    _, page = _page(client, world["project"], place=world["north"].code)
    assert "Stories counted: <strong>8</strong>" in page
    table = page.split('data-testid="table-help-from"')[1].split("</table>")[0]
    assert "All stories</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">8<" in table
    assert "fewer than 5" not in table


@pytest.mark.django_db
def test_filters_by_theme_and_months(client, story_member, world):
    client.force_login(story_member)
    _, page = _page(client, world["project"], theme=str(world["theme"].uuid))
    assert "Stories counted: <strong>not stated</strong>" in page
    _, page = _page(client, world["project"], told_from="2026-03", told_to="2026-03")
    assert "Stories counted: <strong>8</strong>" in page
    _, page = _page(client, world["project"], told_from="2026-04")
    assert "Stories counted: <strong>not stated</strong>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"told_from": "2026-13"}, {"told_from": "2026-04", "told_to": "2026-03"}, {"place": "nowhere"},
    {"theme": "not-a-theme"}, {"by": "shoe-size"},
])
def test_bad_filters_are_answered_with_the_error_summary(client, story_member, world, query):
    client.force_login(story_member)
    response, page = _page(client, world["project"], **query)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    assert "Stories counted" not in page
    assert client.get(_url(world["project"], "stories:sensemaking-csv"), query).status_code == 400


@pytest.mark.django_db
def test_dyads_grouped_by_theme_and_by_age_band(client, story_member, world):
    client.force_login(story_member)
    _, page = _page(client, world["project"], by="age-band")
    groups = page.split('data-testid="groups-table-felt"')[1].split("</table>")[0]
    assert ">25 to 64</th>" in groups
    assert ">Under 25</th>" in groups
    assert ">0.15<" in groups  # the median of the eight North stories
    _, page = _page(client, world["project"], by="theme")
    groups = page.split('data-testid="groups-table-felt"')[1].split("</table>")[0]
    assert ">Winter help</th>" in groups
    assert "fewer than 5" in groups


@pytest.mark.django_db
def test_withdrawn_and_waiting_stories_are_never_counted(client, story_member, world):
    client.force_login(story_member)
    _, page = _page(client, world["project"])  # the figures are kept: a withdrawal must still show at once
    assert "Stories counted: <strong>not stated</strong>" in page
    StoryFactory(project=world["project"], moderation=Story.Moderation.PENDING, area=world["north"])
    for story in world["stories"][:2]:
        withdrawal.withdraw(acting_user=story_member, story=story, reason="Asked by phone")
    _, page = _page(client, world["project"])
    assert "Stories counted: <strong>not stated</strong>" in page
    assert "Mostly family</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">6<" in page
    csv = b"".join(client.get(_url(world["project"], "stories:sensemaking-csv")).streaming_content).decode()
    assert "help-from,triad,region,Mostly family,6" in csv


@pytest.mark.django_db
def test_who_may_not_see_it(client, user_with_role, world):
    assert client.get(_url(world["project"])).status_code == 302  # to sign in
    outsider = user_with_role(Role.TEAM_MEMBER)
    client.force_login(outsider)
    assert client.get(_url(world["project"])).status_code in (403, 404)
    assert client.get(_url(world["project"], "stories:sensemaking-csv")).status_code in (403, 404)


@pytest.mark.django_db
def test_csv_has_the_same_tables_and_is_audited(client, story_member, world):
    client.force_login(story_member)
    response = client.get(_url(world["project"], "stories:sensemaking-csv"), {"by": "age-band"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].lstrip("\ufeff") == "signifier,kind,table,row,stories,mean,mean_2,mean_3,median"
    assert "help-from,triad,region,Mostly services,fewer than 5" in body
    assert "help-from,triad,all,All stories,not stated" in body
    assert "felt,dyad,by how old are you?,25 to 64,8,0.150,,,0.155" in body
    assert "who-helped,stones,item,Family,12,0.900,0.800" in body
    assert "about,choice,option,Housing,fewer than 5" in body
    event = AuditEvent.objects.get(event="stories.patterns.exported")
    assert event.actor == story_member
    assert event.action == AuditEvent.Action.EXPORTED


@pytest.mark.django_db
def test_htmx_asks_for_the_results_only(client, story_member, world):
    client.force_login(story_member)
    response = client.get(_url(world["project"]), {"place": world["north"].code}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="patterns"')
    assert "<html" not in page


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_stories(client, story_member, world):
    client.force_login(story_member)
    client.get(_url(world["project"]))
    with CaptureQueriesContext(connection) as kept:
        client.get(_url(world["project"]))
    caches["snapshots"].clear()
    with CaptureQueriesContext(connection) as few:
        client.get(_url(world["project"]))
    for n in range(20):
        story = StoryFactory(project=world["project"], area=world["south"])
        SignifierAnswerFactory(story=story, signifier=world["signifiers"]["dyad"], a=n / 20, b=None, c=None)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(world["project"]))
    assert len(many) == len(few) <= 20
    assert len(kept) <= len(few) - 3  # kept: no story count, distributions or groups


@pytest.mark.django_db
def test_a_project_without_signifiers_says_so(client, story_member, story_team):
    project = StoryProjectFactory(team=story_team)
    client.force_login(story_member)
    _, page = _page(client, project)
    assert "This project has no signifiers yet." in page
