"""Caseloads through their pages: a coach's own and a team lead's, their flags on crafted dates
(relative to today), filters, counts, scope, the audit trail, and the same few queries however
big the caseload."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.coaching.models import CoachingRelationship, Measure, Rating
from thriving.coaching.tests.factories import (
    CoachFactory,
    CoachingRelationshipFactory,
    GoalFactory,
    RatingFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
CASELOAD, TEAM = "/coaching/caseload/", "/coaching/team-caseload/"


def ago(weeks: int = 0, days: int = 0) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks, days=days)


def coaching(coach, org, locality, name: str, *, started: datetime.date, **fields) -> CoachingRelationship:
    person = PersonFactory(given_name=name, family_name="Example", locality=locality)
    return CoachingRelationshipFactory(person=person, organisation=org, locality=locality, lead=coach,
                                       started_on=started, **fields)


def with_goal(relationship, *, reviewed: bool) -> None:
    goal = GoalFactory(relationship=relationship)
    RatingFactory(goal=goal, value=2)
    if reviewed:
        RatingFactory(goal=goal, value=5, occasion=Rating.Occasion.REVIEW, rated_on=timezone.localdate())


def row_of(html: str, relationship) -> str:
    found = re.search(rf'data-testid="row-{relationship.uuid}">(.*?)</tr>', html, re.S)
    return found.group(1) if found else ""


def flags(html: str, relationship) -> list[str]:
    return re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', row_of(html, relationship).split(
        'data-testid="flags"')[-1])


def count(html: str, key: str) -> int:
    block = re.search(rf'data-testid="count-{key}">(.*?)</(?:li|span)>', html, re.S).group(1)
    return int(re.search(r"(\d+)", re.sub(r"<[^>]+>", "", block)).group(1))


@pytest.fixture
def caseload(coach, coaching_org, shirebrook):
    """Five coachings of `coach`, each crafted to carry (or not) each flag, and one ended."""
    made = {
        "fresh": coaching(coach, coaching_org, shirebrook, "Fresh", started=ago(2), last_session_on=ago(1)),
        "unseen": coaching(coach, coaching_org, shirebrook, "Unseen", started=ago(10), last_session_on=ago(5),
                           last_review_on=ago(3)),
        "overdue": coaching(coach, coaching_org, shirebrook, "Overdue", started=ago(8), last_session_on=ago(1)),
        "due": coaching(coach, coaching_org, shirebrook, "Due", started=ago(6, days=-3), last_session_on=ago(0, 2)),
        "never": coaching(coach, coaching_org, shirebrook, "Never", started=ago(5), review_weeks=12),
        "ended": coaching(coach, coaching_org, shirebrook, "Ended", started=ago(30), status="ended",
                          ended_on=ago(2), last_session_on=ago(20)),
        "boundary": coaching(coach, coaching_org, shirebrook, "Boundary", started=ago(6), last_session_on=ago(4),
                             last_review_on=ago(1)),
    }
    with_goal(made["unseen"], reviewed=True)
    with_goal(made["overdue"], reviewed=False)
    with_goal(made["due"], reviewed=True)
    with_goal(made["never"], reviewed=True)
    with_goal(made["boundary"], reviewed=True)
    stopped = GoalFactory(relationship=made["boundary"], status="stopped")  # not worked on: not flagged
    RatingFactory(goal=stopped)
    return made


def test_each_coaching_carries_exactly_its_flags(client, coach, caseload):
    client.force_login(coach)
    html = client.get(CASELOAD).content.decode()
    assert flags(html, caseload["fresh"]) == ["No goals yet"]
    assert flags(html, caseload["unseen"]) == ["Not seen for 5 weeks"]
    assert flags(html, caseload["overdue"]) == ["Review overdue", "Goals not rated since the start"]
    assert flags(html, caseload["due"]) == ["Review due"]
    assert flags(html, caseload["never"]) == ["No session yet"]
    assert flags(html, caseload["boundary"]) == []  # seen exactly 4 weeks ago: not yet "not seen"
    assert row_of(html, caseload["ended"]) == ""  # active ones unless asked
    overdue = row_of(html, caseload["overdue"])
    assert f'<time datetime="{caseload["overdue"].started_on + datetime.timedelta(weeks=6):%Y-%m-%d}">' in overdue
    unseen = row_of(html, caseload["unseen"])
    assert f'<time datetime="{ago(3) + datetime.timedelta(weeks=6):%Y-%m-%d}">' in unseen  # from the last review
    assert "Never Example" in row_of(html, caseload["never"])
    # active first, then the longest unseen first
    shown = sorted((key for key in caseload if row_of(html, caseload[key])),
                   key=lambda key: html.find(f"row-{caseload[key].uuid}"))
    assert shown == ["unseen", "never", "boundary", "fresh", "overdue", "due"]


def test_the_counts_at_the_top_and_the_flag_and_weeks_filters(client, coach, caseload):
    client.force_login(coach)
    html = client.get(CASELOAD).content.decode()
    assert [count(html, key) for key in ("total", "not_seen", "review_due", "not_rated", "no_goals")] == [6, 2, 2, 1, 1]
    html = client.get(CASELOAD, {"flag": "not_seen"}).content.decode()
    assert {key for key, r in caseload.items() if row_of(html, r)} == {"unseen", "never"}
    html = client.get(CASELOAD, {"flag": "not_seen", "weeks": 6}).content.decode()
    assert {key for key, r in caseload.items() if row_of(html, r)} == set()
    assert count(html, "not_seen") == 0
    html = client.get(CASELOAD, {"status": "ended"}).content.decode()
    assert {key for key, r in caseload.items() if row_of(html, r)} == {"ended"}
    assert flags(html, caseload["ended"]) == []  # an ended coaching needs no attention
    assert "Ended</strong>" in row_of(html, caseload["ended"])
    html = client.get(CASELOAD, {"status": "all"}).content.decode()
    assert len(re.findall(r'data-testid="row-', html)) == 7
    assert html.find(f"row-{caseload['ended'].uuid}") > html.find(f"row-{caseload['fresh'].uuid}")  # active first


@pytest.mark.parametrize(("query", "message"), [
    ({"weeks": "four"}, "Enter the number of weeks as a whole number, like 4"),
    ({"weeks": "0"}, "The number of weeks must be 1 or more"),
    ({"flag": "sad"}, "Choose one of the flags from the list"),
    ({"status": "paused"}, "Choose active, ended, or both"),
])
def test_a_wrong_filter_is_shown_with_its_error(client, coach, caseload, query, message):
    client.force_login(coach)
    response = client.get(CASELOAD, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert 'data-testid="row-' not in html


def test_a_family_is_named_by_its_family_name_and_a_second_coach_sees_it_too(client, relationship, user_with_role,
                                                                          shirebrook, coaching_org):
    partner = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    CoachFactory(relationship=relationship, user=partner)
    client.force_login(partner)
    html = client.get(CASELOAD).content.decode()
    assert ">Marsh family</a>" in row_of(html, relationship)


def test_a_coach_sees_only_the_coaching_they_do_now(client, coach, caseload, user_with_role, coaching_org,
                                                    shirebrook):
    colleague = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    theirs = coaching(colleague, coaching_org, shirebrook, "Colleague", started=ago(3))
    handed = CoachFactory(relationship=theirs, user=coach, ended_on=ago(1), started_on=ago(3))  # coached, not now
    assert handed.ended_on
    client.force_login(coach)
    assert row_of(client.get(CASELOAD).content.decode(), theirs) == ""
    elsewhere = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    client.force_login(elsewhere)
    html = client.get(CASELOAD).content.decode()
    assert 'data-testid="row-' not in html
    assert count(html, "total") == 0
    other_lead = user_with_role(Role.COACH_LEAD, organisation=OrganisationFactory(), locality=shirebrook)
    client.force_login(other_lead)
    html = client.get(TEAM).content.decode()
    assert 'data-testid="row-' not in html
    assert "No active coaching." in html


def test_the_team_caseload_shows_every_coach_and_filters_by_one(client, team_lead, coach, caseload, user_with_role,
                                                                 coaching_org, shirebrook):
    coach.full_name = "Ash Coach"
    coach.save()
    colleague = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    colleague.full_name = "Cass Colleague"
    colleague.save()
    theirs = coaching(colleague, coaching_org, shirebrook, "Colleague", started=ago(3))
    CoachFactory(relationship=caseload["fresh"], user=colleague)  # coaching alongside
    client.force_login(team_lead)
    html = client.get(TEAM).content.decode()
    assert len(re.findall(r'data-testid="row-', html)) == 7
    assert '<td class="govuk-table__cell">Ash Coach</td>' in row_of(html, caseload["due"])
    assert '<td class="govuk-table__cell">Cass Colleague</td>' in row_of(html, theirs)
    summary = re.search(r'data-testid="coach-summary">(.*?)</table>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd] [^>]*>(.*?)</t[hd]>", summary, re.S)]
    assert cells[3:] == ["Ash Coach", "6", "6", "Cass Colleague", "1", "2"]
    html = client.get(TEAM, {"coach": str(colleague.uuid)}).content.decode()
    assert {key for key, r in caseload.items() if row_of(html, r)} == {"fresh"}
    assert row_of(html, theirs)
    response = client.get(TEAM, {"coach": "not-a-coach"})
    assert response.status_code == 400
    assert "Choose a coach from the list" in response.content.decode()


def test_each_page_view_is_one_audit_event_naming_the_rows_by_their_ids(client, coach, caseload):
    client.force_login(coach)
    client.get(CASELOAD, {"flag": "not_seen"})
    event = AuditEvent.objects.get(event="coaching.caseload_viewed")
    assert event.actor == coach
    assert event.action == AuditEvent.Action.VIEWED
    assert sorted(event.changes["relationships"]) == sorted([str(caseload["unseen"].uuid), str(caseload["never"].uuid)])
    assert "Example" not in event.subject + str(event.changes)  # no names
    client.get(CASELOAD)
    assert AuditEvent.objects.filter(event="coaching.caseload_viewed").count() == 2


def many(coach, org, locality, number: int) -> None:
    gbo = Measure.objects.get(key="gbo")
    for n in range(number):
        r = coaching(coach, org, locality, f"Person{n}", started=ago(8 + n % 5), last_session_on=ago(n % 7))
        goal = GoalFactory(relationship=r)
        RatingFactory(goal=goal, measure=gbo)
        CoachFactory(relationship=r)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [CASELOAD, TEAM, f"{CASELOAD}?flag=not_rated&page=2", f"{TEAM}?flag=review_due"])
def test_the_queries_do_not_grow_with_the_caseload(client, coach, team_lead, coaching_org, shirebrook, url,
                                                   django_assert_max_num_queries):
    client.force_login(team_lead if url.startswith(TEAM) else coach)
    many(coach, coaching_org, shirebrook, 3)
    client.get(url)
    small = queries_for(client, url)
    many(coach, coaching_org, shirebrook, 27)
    with django_assert_max_num_queries(10):
        client.get(url)
    assert queries_for(client, url) == small
