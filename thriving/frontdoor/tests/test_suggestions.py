"""Suggested services follow the Hierarchy of Help: the level a request was triaged at first, then
each level closer to home, then services with no level; within a level the nearest first. Services
more specialist than the level are shown apart, as also relevant at another level, never dropped
without a word."""

import re

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.frontdoor.models import Referral
from thriving.frontdoor.queries import suggestions
from thriving.frontdoor.tests.factories import COTMANHAY
from thriving.frontdoor.tests.test_work import a_request, offer, signed_in

pytestmark = pytest.mark.usefixtures("fresh_cache")

NEAR = {"lat": COTMANHAY[0], "lng": COTMANHAY[1]}
A_KM_AWAY = {"lat": COTMANHAY[0] + 0.009, "lng": COTMANHAY[1]}
FIVE_KM_AWAY = {"lat": COTMANHAY[0] + 0.045, "lng": COTMANHAY[1]}


def names(found: list[suggestions.Suggestion]) -> list[str]:
    return [s.service.name for s in found]


def triaged(locality, level, *needs):  # noqa: ANN001, ANN002, ANN201
    request = a_request(locality, level=level, status="triaged")
    request.needs.set(needs)
    return request


def test_the_triaged_level_comes_first_then_each_level_closer_to_home_then_no_level(cotmanhay, taxonomy):
    food = taxonomy["food-banks"]
    offer("No level larder", level=None, needs=[food], **NEAR)
    offer("Level 1 leaflet", level=1, needs=[food], **NEAR)
    offer("Level 2 pantry", level=2, needs=[food], **NEAR)
    offer("Level 3 far", level=3, needs=[food], **FIVE_KM_AWAY)
    offer("Level 3 near", level=3, needs=[food], **A_KM_AWAY)
    offer("Level 4 dietitians", level=4, needs=[food], **NEAR)
    found = suggestions.suggest(triaged(cotmanhay, 3, food))
    assert names(found.at_level) == ["Level 3 near", "Level 3 far", "Level 2 pantry", "Level 1 leaflet",
                                     "No level larder"]
    assert names(found.other_levels) == ["Level 4 dietitians"]


def test_within_a_level_the_nearest_comes_first_whatever_else_it_meets(cotmanhay, taxonomy):
    food, debt = taxonomy["food-banks"], taxonomy["debt-advice"]
    offer("Far, meets both", level=2, needs=[food, debt], **FIVE_KM_AWAY)
    offer("Near, meets one", level=2, needs=[food], **A_KM_AWAY)
    found = suggestions.suggest(triaged(cotmanhay, 2, food, debt))
    assert names(found.at_level) == ["Near, meets one", "Far, meets both"]


def test_before_triage_the_earliest_help_comes_first(cotmanhay, taxonomy):
    food = taxonomy["food-banks"]
    offer("Specialist", level=4, needs=[food], **NEAR)
    offer("No level", level=None, needs=[food], **NEAR)
    offer("Community far", level=2, needs=[food], **FIVE_KM_AWAY)
    offer("Self-help", level=1, needs=[food], **FIVE_KM_AWAY)
    offer("Community near", level=2, needs=[food], **NEAR)
    request = a_request(cotmanhay)
    request.needs.set([food])
    found = suggestions.suggest(request)
    assert names(found.at_level) == ["Self-help", "Community near", "Community far", "Specialist", "No level"]
    assert found.other_levels == []


def test_a_need_met_only_at_another_level_is_shown_as_also_relevant_with_why(client, user_with_role, cotmanhay,
                                                                             taxonomy):
    food, debt = taxonomy["food-banks"], taxonomy["debt-advice"]
    offer("Cotmanhay Food Bank", level=2, needs=[food], **NEAR)
    offer("Specialist debt service", level=4, needs=[debt], **A_KM_AWAY)
    offer("Hospital dietitians", level=4, needs=[food], **NEAR)
    request = triaged(cotmanhay, 2, food, debt)
    html = signed_in(client, user_with_role(Role.HUB_WORKER)).get(
        reverse("frontdoor:request", args=[request.reference])).content.decode()
    main = html[html.index('data-testid="suggestions"'):html.index('id="other-levels"')]
    other = html[html.index('data-testid="other-level-suggestions"'):]
    assert re.findall(r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', main) == [
        "Cotmanhay Food Bank"]
    assert '<h3 class="govuk-heading-s" id="other-levels">Also relevant, at another level</h3>' in html
    assert re.findall(r'<h4 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', other) == [
        "Hospital dietitians", "Specialist debt service"]  # nearest first
    debt_reasons = other[other.index("Specialist debt service"):]
    assert "Nothing at level 2 or closer to home meets Debt advice" in debt_reasons
    assert "4. Specialist and statutory services: more specialist than level 2" in debt_reasons
    dietitians = other[other.index("Hospital dietitians"):other.index("Specialist debt service")]
    assert "Nothing at level 2" not in dietitians  # the food bank meets food closer to home


def test_when_nothing_at_the_level_meets_the_needs_the_page_says_so_and_shows_the_others(
    client, user_with_role, cotmanhay, taxonomy
):
    debt = taxonomy["debt-advice"]
    specialist = offer("Specialist debt service", level=4, needs=[debt], **NEAR)
    request = triaged(cotmanhay, 2, debt)
    signed_in(client, user_with_role(Role.HUB_WORKER))
    html = client.get(reverse("frontdoor:request", args=[request.reference])).content.decode()
    assert "No local services at level 2 or closer to home meet these needs near the person." in html
    assert "Also relevant, at another level" in html
    # A worker may still refer to it, and send information about it.
    response = client.post(reverse("frontdoor:request-refer", args=[request.reference]),
                           {"refer-service": str(specialist.uuid)})
    assert response.status_code == 302
    assert Referral.objects.get().service == specialist
    assert f'value="{specialist.uuid}"' in client.get(
        reverse("frontdoor:request", args=[request.reference])).content.decode()


def test_a_request_with_no_needs_suggests_nothing(cotmanhay, taxonomy):
    offer("Cotmanhay Food Bank", level=2, needs=[taxonomy["food-banks"]])
    found = suggestions.suggest(a_request(cotmanhay, level=2, status="triaged"))
    assert not found
    assert found.services == []
