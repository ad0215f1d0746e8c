"""The outcomes across people, through the page and its CSV download: counts and changes only,
small numbers suppressed (primary and secondary), scoped by the "report" scope."""

import csv
import datetime
import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thriving.coaching.models import CoachingRelationship, Measure
from thriving.coaching.queries import suppression
from thriving.coaching.tests.factories import CoachingRelationshipFactory, GoalFactory, RatingFactory, weeks_ago
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import PersonFactory
from thriving.places.tests.factories import LocalityFactory

URL = reverse("coaching:outcomes")
CSV = reverse("coaching:outcomes-csv")


def coached(locality, organisation, *, status="active", reason="", given="Zebedee", family="Quill", **extra):
    person = PersonFactory(given_name=given, family_name=family, locality=locality)
    fields = {"status": status, "end_reason": reason, **extra}
    if status == "ended":
        fields["ended_on"] = weeks_ago(1)
    return CoachingRelationshipFactory(person=person, locality=locality, organisation=organisation, **fields)


def goal_change(relationship, start: int, *reviews: int):
    """A goal rated `start` at the start and each of `reviews` at a review, a week apart."""
    goal = GoalFactory(relationship=relationship)
    RatingFactory(goal=goal, value=start, rated_on=relationship.started_on)
    for n, value in enumerate(reviews, start=1):
        RatingFactory(goal=goal, value=value, occasion="review",
                      rated_on=relationship.started_on + datetime.timedelta(weeks=n))
    return goal


def wellbeing(relationship, key: str, *values: int):
    measure = Measure.objects.get(key=key)
    for n, value in enumerate(values):
        RatingFactory(relationship=relationship, measure=measure, value=value,
                      occasion="start" if n == 0 else "review",
                      rated_on=relationship.started_on + datetime.timedelta(weeks=n))


def cells(response, table_id: str) -> dict[str, list[str]]:
    """The table's rows by their label, each the texts of its cells."""
    html = response.content.decode()
    start = html.index(f'data-testid="{table_id}"')
    body = html[html.index("<tbody", start):html.index("</tbody>", start)]
    found = {}
    for row in body.split("<tr")[1:]:
        label = row.split("</th>")[0].rsplit(">", 1)[1].strip()
        found[label] = [part.split("</td>")[0].rsplit(">", 1)[1].strip() for part in row.split("<td")[1:]]
    return found


@pytest.fixture(autouse=True)
def _fresh_figures():
    """The figures are kept for a few minutes: each test starts without them."""
    caches["snapshots"].clear()


@pytest.fixture
def analyst(user_with_role):
    return user_with_role(Role.ANALYST)


@pytest.fixture
def places_(db):
    return LocalityFactory(name="Ashby"), LocalityFactory(name="Bolton Fold"), OrganisationFactory()


# --- Suppression itself ---------------------------------------------------------------------


def test_four_is_withheld_and_five_is_shown():
    assert suppression.suppress({"a": 4, "b": 5, "c": 0}, []) == {"a": suppression.PRIMARY}


def test_one_withheld_part_takes_the_next_smallest_with_it():
    counts = {"total": 30, "a": 3, "b": 6, "c": 21, "d": 0}
    withheld = suppression.suppress(counts, [suppression.Constraint("total", ("a", "b", "c", "d"))])
    assert withheld == {"a": suppression.PRIMARY, "b": suppression.SECONDARY}


def test_a_withheld_total_takes_a_part_with_it():
    # Rows and columns: row total 4 is small, so one of its parts must go too, and then its column.
    counts = {("r1", "x"): 2, ("r1", "y"): 2, ("r1", "all"): 4, ("r2", "x"): 10, ("r2", "y"): 12, ("r2", "all"): 22,
              ("all", "x"): 12, ("all", "y"): 14, ("all", "all"): 26}
    withheld = suppression.suppress(counts, suppression.grid(["r1", "r2"], ["x", "y"], "all", "all"))
    # r1's cells and total are withheld; each column then has one withheld part, so r2's go too.
    assert set(withheld) >= {("r1", "x"), ("r1", "y"), ("r1", "all"), ("r2", "x"), ("r2", "y")}
    for constraint in suppression.grid(["r1", "r2"], ["x", "y"], "all", "all"):
        members = (constraint.total, *constraint.parts)
        assert sum(cell in withheld for cell in members) != 1


# --- The page ---------------------------------------------------------------------------------


def test_five_people_are_shown_and_four_withheld(client, analyst, places_):
    ashby, bolton, organisation = places_
    creswell = LocalityFactory(name="Creswell")
    for locality, count in ((ashby, 5), (bolton, 4), (creswell, 3)):
        for _ in range(count):
            coached(locality, organisation)
    client.force_login(analyst)

    found = cells(client.get(URL), "table-relationships")

    assert found["Ashby"] == ["5", "5", "0"]
    assert found["Bolton Fold"] == [suppression.FEWER, suppression.FEWER, "0"]
    assert found["Creswell"] == [suppression.FEWER, suppression.FEWER, "0"]
    assert found["All"] == ["12", "12", "0"]


def test_one_withheld_cell_takes_the_next_smallest_with_it(client, analyst, places_):
    ashby, bolton, organisation = places_
    creswell = LocalityFactory(name="Creswell")
    for locality, count in ((ashby, 5), (bolton, 4), (creswell, 7)):
        for _ in range(count):
            coached(locality, organisation)
    client.force_login(analyst)

    response = client.get(URL)
    found = cells(response, "table-relationships")

    # Bolton Fold's 4 could be worked out from the total (16) and the others: Ashby's 5, the next
    # smallest, is withheld too (secondary); Creswell's 7 is shown.
    assert found["Bolton Fold"][:2] == [suppression.FEWER, suppression.FEWER]
    assert found["Ashby"][:2] == [suppression.FEWER, suppression.FEWER]
    assert found["Creswell"][:2] == ["7", "7"]
    assert found["All"][:2] == ["16", "16"]
    assert 'data-withheld="secondary"' in response.content.decode()


def test_goal_change_shares_and_mean_with_suppression(client, analyst, places_):
    ashby, bolton, organisation = places_
    # Ashby: 6 goals, changes +3, +5, +2, -3, 0, +1 (the latest review counts, not the best).
    for start, reviews in [(2, (4, 5)), (1, (6,)), (3, (5,)), (7, (4,)), (5, (5,)), (2, (9, 3))]:
        goal_change(coached(ashby, organisation), start, *reviews)
    goal_change(coached(ashby, organisation), 4)  # never reviewed: not counted
    # Bolton Fold: 3 goals, withheld.
    for _ in range(3):
        goal_change(coached(bolton, organisation), 1, 8)
    # Creswell: 5 goals, no change; withheld as the next smallest, so Bolton Fold's cannot be worked out.
    creswell = LocalityFactory(name="Creswell")
    for _ in range(5):
        goal_change(coached(creswell, organisation), 6, 6)
    client.force_login(analyst)

    response = client.get(URL)
    found = cells(response, "table-goals")

    assert found["Ashby"] == ["6", "33%", "17%", "+1.3"]
    assert found["Bolton Fold"] == [suppression.FEWER] * 4
    assert found["Creswell"] == [suppression.FEWER] * 4
    # All: 14 goals, 5 improved by 3 or more, 1 went back; mean (8 + 21 + 0) / 14.
    assert found["All"] == ["14", "36%", "7%", "+2.1"]


def test_wellbeing_before_and_after_follows_polarity(client, analyst, places_):
    ashby, _, organisation = places_
    for n in range(5):
        relationship = coached(ashby, organisation)
        wellbeing(relationship, "ons4-anxiety", 8, 6, 4 + n)  # 8 -> 4..8: lower is better
        wellbeing(relationship, "ons4-happiness", 3, 5 + n)
    wellbeing(coached(ashby, organisation), "ons4-anxiety", 2)  # rated once: not counted
    client.force_login(analyst)

    response = client.get(URL)
    anxiety = cells(response, "table-measure-ons4-anxiety")
    happiness = cells(response, "table-measure-ons4-happiness")

    # Latest anxiety 4, 5, 6, 7, 8 against 8 each: four of five lower, which is better.
    assert anxiety["Ashby"] == ["5", "8.0", "6.0", "80%"]
    assert happiness["Ashby"] == ["5", "3.0", "7.0", "100%"]
    assert "lower is better" in response.content.decode()
    assert "table-measure-ons4-worthwhile" not in response.content.decode()


def test_no_name_or_identifier_in_the_page_or_the_csv(client, analyst, places_):
    ashby, _, organisation = places_
    relationships = [coached(ashby, organisation, given="Philippa", family="Orrinshaw") for _ in range(6)]
    for relationship in relationships:
        goal_change(relationship, 2, 7)
    client.force_login(analyst)

    page = client.get(URL).content.decode()
    download = client.get(CSV)
    text = b"".join(download.streaming_content).decode("utf-8-sig")

    for content in (page, text):
        assert "Orrinshaw" not in content
        assert "Philippa" not in content
        for relationship in relationships:
            assert str(relationship.uuid) not in content
            assert str(relationship.person.uuid) not in content
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Table", "Breakdown", "Group", "Figure", "Value"]
    assert [line[2:] for line in lines if line[3] == "Goals rated at the start and reviewed"] == [
        ["Ashby", "Goals rated at the start and reviewed", "6"], ["All", "Goals rated at the start and reviewed", "6"]]
    assert AuditEvent.objects.filter(event="coaching.outcomes.exported", actor=analyst).exists()


def test_the_csv_withholds_what_the_page_withholds(client, analyst, places_):
    ashby, bolton, organisation = places_
    for _ in range(6):
        coached(ashby, organisation)
    for _ in range(2):
        coached(bolton, organisation)
    client.force_login(analyst)

    text = b"".join(client.get(CSV).streaming_content).decode("utf-8-sig")
    started = {line[2]: line[4] for line in csv.reader(io.StringIO(text)) if line[3] == "Started"}

    assert started == {"Ashby": suppression.FEWER, "Bolton Fold": suppression.FEWER, "All": "8"}


def test_a_team_lead_sees_only_their_cover(client, user_with_role, places_):
    ashby, bolton, organisation = places_
    lead = user_with_role(Role.COACH_LEAD, organisation=organisation, locality=ashby)
    for _ in range(6):
        coached(ashby, organisation)
    for _ in range(9):
        coached(bolton, organisation)
        coached(ashby, OrganisationFactory())
    client.force_login(lead)

    found = cells(client.get(URL), "table-relationships")

    assert set(found) == {"Ashby", "All"}
    assert found["All"][0] == "6"


def test_a_coach_without_the_role_is_refused(client, user_with_role, places_):
    client.force_login(user_with_role(Role.COACH, organisation=places_[2], locality=places_[0]))
    assert client.get(URL).status_code == 403
    assert client.get(CSV).status_code == 403


def test_breakdown_by_month_and_filters(client, analyst, places_):
    ashby, bolton, organisation = places_
    for _ in range(5):
        coached(ashby, organisation, started_on=datetime.date(2026, 3, 10))
        coached(bolton, organisation, started_on=datetime.date(2026, 4, 2))
    client.force_login(analyst)

    by_month = cells(client.get(URL, {"breakdown": "month"}), "table-relationships")
    filtered = cells(client.get(URL, {"locality": ashby.slug, "breakdown": "month"}), "table-relationships")
    april = cells(client.get(URL, {"started_from": "2026-04", "started_to": "2026-04"}), "table-relationships")

    assert by_month["March 2026"][0] == "5"
    assert by_month["April 2026"][0] == "5"
    assert set(filtered) == {"March 2026", "All"}
    assert set(april) == {"Bolton Fold", "All"}


def test_bad_filters_are_a_400_with_an_error_summary(client, analyst):
    client.force_login(analyst)
    response = client.get(URL, {"started_from": "2026-05", "started_to": "2026-01", "locality": "nowhere"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Choose a locality from the list" in response.content.decode()


def test_ended_relationships_by_reason(client, analyst, places_):
    ashby, _, organisation = places_
    for _ in range(6):
        coached(ashby, organisation)
    for _ in range(5):
        coached(ashby, organisation, status="ended", reason=CoachingRelationship.EndReason.GOALS_MET)
    client.force_login(analyst)

    response = client.get(URL)
    found = cells(response, "table-relationships")

    assert found["All"] == ["11", "6", "5", "5"]
    assert "Ended: goals met" in response.content.decode()


def test_the_figures_are_kept_for_the_same_scope_and_filters_only(client, analyst, user_with_role, places_):
    ashby, bolton, organisation = places_
    for _ in range(5):
        coached(ashby, organisation)
    lead = user_with_role(Role.COACH_LEAD, organisation=organisation, locality=bolton)
    client.force_login(analyst)
    assert cells(client.get(URL), "table-relationships")["All"][0] == "5"
    for _ in range(5):
        coached(bolton, organisation)

    with CaptureQueriesContext(connection) as kept:
        assert cells(client.get(URL), "table-relationships")["All"][0] == "5"  # kept
    client.force_login(lead)
    assert cells(client.get(URL), "table-relationships")["All"][0] == "5"  # another scope: Bolton Fold's
    assert not [q for q in kept if "coaching_rating" in q["sql"]]


def test_the_page_takes_a_bounded_number_of_queries(client, analyst, places_):
    ashby, bolton, organisation = places_
    client.force_login(analyst)
    client.get(URL)  # the session and such, once
    caches["snapshots"].clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for locality in (ashby, bolton):
        for n in range(6):
            relationship = coached(locality, organisation)
            goal_change(relationship, 2, 5 + n % 3)
            wellbeing(relationship, "ons4-life-satisfaction", 4, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"breakdown": "team"})
    assert response.status_code == 200
    assert len(many) == len(few) <= 10, [q["sql"][:80] for q in many]
