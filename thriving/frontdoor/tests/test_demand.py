"""The demand picture: the figures for a small, known set of requests and referrals, the filters,
bad filters, the CSV download and its audit entry, who may see it, and how many queries it takes."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from thriving.core.models import AuditEvent, Role
from thriving.directory.queries import needs
from thriving.directory.tests.factories import ServiceFactory, TaxonomyFactory, TaxonomyTermFactory
from thriving.frontdoor.demand import download, figures, sql
from thriving.frontdoor.demand import services as demand_services
from thriving.frontdoor.demand.queries import picture
from thriving.frontdoor.models import HelpRequest, Referral
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.usefixtures("fresh_cache")

PAGE = reverse("frontdoor:demand")
CSV = reverse("frontdoor:demand-csv")
W0 = figures.week_start(timezone.localdate()) - datetime.timedelta(weeks=4)
W1 = W0 + datetime.timedelta(weeks=1)
PERIOD = {"date_from": W0.isoformat(), "date_to": (W1 + datetime.timedelta(days=6)).isoformat()}


def at(week: datetime.date, day: int, hour: int = 10) -> datetime.datetime:
    """A moment, local time: `day` days into the week (0 = Monday)."""
    moment = datetime.datetime.combine(week + datetime.timedelta(days=day), datetime.time(hour))
    return timezone.make_aware(moment)


def closed(outcome: str, level: int | None, when: datetime.datetime) -> dict:
    return {"status": HelpRequest.Status.CLOSED, "outcome": outcome, "outcome_level": level, "closed_at": when}


@pytest.fixture
def world(db):
    """Six requests in two weeks (and one long before), five referrals to two organisations."""
    taxonomy = TaxonomyFactory(name="Thriving needs")
    food = TaxonomyTermFactory(taxonomy=taxonomy, name="Food", code="food")
    food_bank = TaxonomyTermFactory(taxonomy=taxonomy, name="Food bank", code="food-bank", parent=food)
    money = TaxonomyTermFactory(taxonomy=taxonomy, name="Money", code="money")
    needs.forget()
    ilkeston, cotmanhay = LocalityFactory(name="Ilkeston"), LocalityFactory(name="Cotmanhay")
    met = HelpRequest.Outcome.MET
    r1 = HelpRequestFactory(created_at=at(W0, 1), locality=ilkeston, level=1, **closed(met, 1, at(W1, 2)))
    r2 = HelpRequestFactory(created_at=at(W0, 2), locality=ilkeston, level=3, **closed(met, 3, at(W1, 3)))
    r3 = HelpRequestFactory(created_at=at(W0, 3), locality=cotmanhay, level=2, **closed(met, 2, at(W1, 3)))
    r4 = HelpRequestFactory(created_at=at(W1, 0), locality=cotmanhay)
    r5 = HelpRequestFactory(created_at=at(W1, 1), locality=ilkeston, level=4,
                            **closed(HelpRequest.Outcome.UNMET, None, at(W1, 4)))
    r6 = HelpRequestFactory(created_at=at(W1, 1), level=2, **closed(HelpRequest.Outcome.WITHDRAWN, None, at(W1, 4)))
    HelpRequestFactory(created_at=at(W0 - datetime.timedelta(weeks=10), 1), locality=ilkeston, level=1)
    r1.needs.set([food_bank])
    r2.needs.set([food, money])
    r3.needs.set([money])
    pantry, advice = ServiceFactory(organisation__name="Pantry Trust"), ServiceFactory(organisation__name="Advice Co")

    def refer(request: HelpRequest, service, created, hours=None, status=Referral.Status.ACCEPTED, reason=""):
        responded = created + datetime.timedelta(hours=hours) if hours is not None else None
        return ReferralFactory(request=request, service=service, created_at=created, responded_at=responded,
                               status=status, decline_reason=reason, due_by=created + datetime.timedelta(days=2))

    declined = Referral.Status.DECLINED
    refer(r1, pantry, at(W0, 1, 12), hours=2)
    refer(r2, pantry, at(W0, 2, 12), hours=4, status=declined, reason="no_capacity")
    refer(r3, pantry, at(W0, 3, 12), hours=10, status=declined, reason="no_capacity")
    refer(r5, advice, at(W1, 1, 12), status=Referral.Status.AWAITING)
    refer(r5, advice, at(W1, 1, 13), hours=6, status=declined, reason="not_eligible")
    demand_services.rebuild()  # made with factories, not the services that mark weeks stale
    return {"ilkeston": ilkeston, "cotmanhay": cotmanhay, "food": food, "money": money, "r4": r4, "r6": r6,
            "food_bank": food_bank}


def counted(**extra) -> figures.Picture:
    filters = figures.Filters(start=W0, end=W1 + datetime.timedelta(days=6), **extra)
    return picture.compute(filters)


def test_requests_by_week_level_locality_and_need(world):
    found = counted()
    assert [w.week for w in found.weeks] == [W0, W1]
    assert [w.total for w in found.weeks] == [3, 3]
    assert found.weeks[0].counts == [1, 1, 1, 0, 0]  # levels 1-4, then not yet triaged
    assert found.weeks[1].counts == [0, 1, 0, 1, 1]
    assert found.by_level == [("Level 1", 1), ("Level 2", 2), ("Level 3", 1), ("Level 4", 1), ("Not yet triaged", 1)]
    # In alphabetical order, with requests in no locality last.
    assert found.by_locality == [("Cotmanhay", 2), ("Ilkeston", 3), ("No locality recorded", 1)]
    # The request with food and money counts under each; the food bank counts under food.
    assert found.by_need == [("Food", 2), ("Money", 2)]


def test_the_wedge_and_closed_counts(world):
    found = counted()
    first, second = found.wedge
    assert (first.met_community, first.met_services, first.unmet, first.withdrawn) == (0, 0, 0, 0)
    assert first.share_community is None
    assert (second.met_community, second.met_services, second.unmet, second.withdrawn) == (2, 1, 1, 1)
    assert second.share_community == pytest.approx(200 / 3)


def test_referral_response_times_and_declines(world):
    found = counted()
    first, second = found.responses
    assert (first.referrals, first.responded, first.declined, first.overdue) == (3, 3, 2, 0)
    assert first.median_hours == pytest.approx(4)
    assert first.p90_hours == pytest.approx(8.8)  # as percentile_cont: 4 + 0.8 * (10 - 4)
    assert (second.referrals, second.responded, second.overdue) == (2, 1, 1)
    assert second.median_hours == pytest.approx(6)
    assert found.median_hours == pytest.approx(5)
    assert found.total_overdue == 1
    assert found.declined == [("No capacity at the moment", 2), ("Not eligible for this service", 1)]
    advice, pantry = found.organisations  # in alphabetical order
    assert (pantry.label, pantry.referrals, pantry.responded, pantry.declined) == ("Pantry Trust", 3, 3, 2)
    assert pantry.median_hours == pytest.approx(4)
    assert (advice.label, advice.referrals, advice.overdue, advice.median_hours) == ("Advice Co", 2, 1, 6)


def test_filters_by_locality_and_need(world):
    ilkeston = counted(locality_id=world["ilkeston"].id, locality_name="Ilkeston")
    assert [w.total for w in ilkeston.weeks] == [2, 1]
    assert ilkeston.total_referrals == 4
    food = counted(need_uuid=str(world["food"].uuid), need_name="Food")
    assert [w.total for w in food.weeks] == [2, 0]  # the food bank request is found under food
    assert food.total_referrals == 2
    assert food.wedge[1].met_community == 1
    assert food.wedge[1].met_services == 1
    money_in_cotmanhay = counted(locality_id=world["cotmanhay"].id, need_uuid=str(world["money"].uuid))
    assert money_in_cotmanhay.total_requests == 1


def test_percentile_matches_postgresql_percentile_cont():
    assert sql.percentile([], 0.5) is None
    assert sql.percentile([7.0], 0.9) == 7.0
    assert sql.percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert sql.percentile([10.0, 2.0, 4.0], 0.9) == pytest.approx(8.8)


def test_page_shows_charts_and_tables(hub_client, world):
    response = hub_client.get(PAGE, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') >= 7
    assert "<title id=\"chart-weeks-title\">Requests for help by week</title>" in html
    assert "6 requests in 2 weeks" in html  # the chart's description sums it up
    assert 'data-testid="table-wedge"' in html
    assert "67%" in html  # the wedge share in week two
    assert "Pantry Trust" in html
    assert "No capacity at the moment" in html


def test_default_period_is_the_last_26_weeks(hub_client, world):
    response = hub_client.get(PAGE)
    assert response.status_code == 200
    found = response.context["picture"]
    assert found.filters.end == figures.week_end(timezone.localdate())  # whole weeks
    assert found.total_requests == 7  # the request from 14 weeks ago is in it too
    assert found.filters.start == W0 - datetime.timedelta(weeks=21)
    # The 11 empty weeks at the start of the 26 are left out: the figures start with that request.
    assert len(found.weeks) == 15
    assert found.weeks[0].week == W0 - datetime.timedelta(weeks=10)
    assert [w.week for w in found.wedge] == [w.week for w in found.weeks]
    assert [r.week for r in found.responses] == [w.week for w in found.weeks]
    assert "so the figures start then" in response.content.decode()


def test_page_filters(hub_client, world):
    response = hub_client.get(PAGE, {**PERIOD, "locality": world["ilkeston"].slug, "need": str(world["food"].uuid)})
    assert response.status_code == 200
    found = response.context["picture"]
    assert found.total_requests == 2
    assert "Ilkeston; Food" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2025-02-30"}, "Enter a real &#x27;from&#x27; date"),
        ({"date_from": "2025-06-01", "date_to": "2025-05-01"}, "must be the same as or after"),
        ({"date_from": "2020-01-01", "date_to": "2025-01-01"}, "Choose a period of 3 years or less"),
        ({"locality": "atlantis"}, "Choose a locality from the list"),
        ({"need": "not-a-need"}, "Choose a need from the list"),
    ],
)
def test_bad_filters_are_refused_with_an_error_summary(hub_client, world, params, message):
    response = hub_client.get(PAGE, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert hub_client.get(CSV, params).status_code == 400
    assert not AuditEvent.objects.filter(event="demand.exported").exists()


def test_csv_gives_the_same_figures_and_is_audited(hub_client, world):
    response = hub_client.get(CSV, {**PERIOD, "locality": world["ilkeston"].slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # so that spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == download.CSV_COLUMNS

    def value(measure, **where):
        found = [r for r in rows if r["measure"] == measure and all(r[k] == v for k, v in where.items())]
        assert len(found) == 1, (measure, where, found)
        return found[0]["value"]

    assert value("requests", week_commencing=W0.isoformat()) == "2"
    assert value("requests_by_level", week_commencing=W1.isoformat(), level="4") == "1"
    assert value("requests_by_locality", locality="Ilkeston") == "3"
    assert value("closed_met_levels_1_2", week_commencing=W1.isoformat()) == "1"
    assert value("share_met_at_levels_1_2_percent", week_commencing=W1.isoformat()) == "50.0"
    assert value("response_hours_median", week_commencing=W0.isoformat()) == "3.0"
    assert value("referrals_declined_by_reason", reason="Not eligible for this service") == "1"
    assert all(r["locality"] == "Ilkeston" for r in rows)
    event = AuditEvent.objects.get(event="demand.exported")
    assert event.action == AuditEvent.Action.EXPORTED
    assert "Ilkeston" in event.object_label


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.ANALYST, Role.BOARD_MEMBER, Role.ENABLER])
def test_who_may_see_the_demand_picture(client, user_with_role, role, db):
    client.force_login(user_with_role(role))
    assert client.get(PAGE).status_code == 200
    assert client.get(CSV).status_code == 200


@pytest.mark.parametrize("role", [Role.ORGANISATION_STAFF, Role.DIRECTORY_EDITOR, Role.TEAM_MEMBER])
def test_others_are_refused(client, user_with_role, role, db):
    client.force_login(user_with_role(role))
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, db):
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("core:sign-in") in response["Location"]


def test_query_count_is_bounded_and_the_cache_is_used(hub_client, world):
    assert hub_client.get(PAGE, PERIOD).status_code == 200  # the session, site settings and needs snapshot
    key = figures.Filters(start=W0, end=W1 + datetime.timedelta(days=6)).cache_key
    cache.delete_many([key, make_template_fragment_key("frontdoor-demand-figures", [key])])
    with CaptureQueriesContext(connection) as cold:
        assert hub_client.get(PAGE, PERIOD).status_code == 200
    assert len(cold) <= 12, "\n".join(q["sql"][:150] for q in cold.captured_queries)
    with CaptureQueriesContext(connection) as warm:
        assert hub_client.get(PAGE, PERIOD).status_code == 200
    # Not asked again: whether any week is stale, the summary rows, each organisation's hours,
    # the sums by locality and need, and the names of the organisations and localities.
    assert len(warm) <= len(cold) - 6


@pytest.mark.browser
def test_the_demand_picture_in_a_browser_is_accessible(page, axe, sign_in, world, user_with_role):
    sign_in(page, user_with_role(Role.ANALYST))
    page.goto(f"{PAGE}?date_from={PERIOD['date_from']}&date_to={PERIOD['date_to']}")
    assert page.get_by_role("img", name="Requests for help by week").is_visible()
    assert page.get_by_role("table", name="Requests closed, by the week they were closed and how").is_visible()
    axe(page, "demand picture")
    # Filtering by a locality counts its requests, and the choice stays selected.
    page.get_by_label("Locality", exact=True).select_option(label="Ilkeston")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**locality=*")
    assert page.get_by_test_id("demand-summary").inner_text().split()[:2] == ["3", "requests"]
    assert "Ilkeston" in page.get_by_test_id("demand-scope").inner_text()
    assert page.get_by_label("Locality", exact=True).input_value() == world["ilkeston"].slug
    axe(page, "demand picture for a locality")
    page.locator("#id_date_from").fill("2025-06-01")
    page.locator("#id_date_to").fill("2025-05-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "demand picture with errors")


def test_figures_are_cached_by_filters(world, django_assert_num_queries):
    filters = figures.Filters(start=W0, end=W1 + datetime.timedelta(days=6))
    first = picture.picture(filters)
    with django_assert_num_queries(0):
        assert picture.picture(filters).total_requests == first.total_requests
    other = figures.Filters(start=W0, end=W1 + datetime.timedelta(days=6), locality_id=world["ilkeston"].id)
    assert picture.picture(other).total_requests == 3


# --- Filtering by locality, lists in alphabetical order, a table with every chart ---------------


def _make(postcode: str, need=None, *, hub=None, close_it=False):  # noqa: ANN001, ANN202
    """A request made (and perhaps triaged and closed) through the services, as people make them."""
    from thriving.frontdoor.services import requests as request_services

    made, _ = request_services.create_request(request_services.NewRequest(
        description="Help, please", person_details={"given_name": "Testing", "family_name": "Resident"},
        postcode=postcode, need_ids=[need.id] if need else []))
    if close_it:
        request_services.close(acting_user=hub, request=made, version=made.version, outcome="met", outcome_level=1)
    return made


def test_filtering_the_page_by_a_locality_counts_the_requests_made_there(hub_client, hub, cotmanhay, taxonomy):
    from thriving.places.tests.factories import AreaFactory, PostcodeFactory

    shirebrook = LocalityFactory(name="Shirebrook", slug="shirebrook")
    PostcodeFactory(postcode="NG20 8AA", area=AreaFactory(locality=shirebrook))
    food_bank = taxonomy["food-banks"]  # a need below a top-level one: counted live
    _make("DE7 8QA", food_bank)
    _make("DE7 8QA", hub=hub, close_it=True)
    _make("NG20 8AA", food_bank)
    _make("")  # no postcode, so no locality

    def shown(**params) -> figures.Picture:
        response = hub_client.get(PAGE, params)
        assert response.status_code == 200
        return response.context["picture"]

    assert shown().total_requests == 4
    cotmanhay_only = shown(locality="cotmanhay")
    assert cotmanhay_only.total_requests == 2
    assert cotmanhay_only.by_locality == [("Cotmanhay", 2)]
    assert cotmanhay_only.wedge_totals.met_community == 1
    assert shown(locality="shirebrook").total_requests == 1
    assert shown(locality="cotmanhay", need=str(food_bank.uuid)).total_requests == 1
    assert shown(locality="shirebrook", need=str(food_bank.uuid)).total_requests == 1
    assert shown(locality="shirebrook", need=str(food_bank.parent.uuid)).total_requests == 1


def test_the_locality_filter_lists_localities_in_alphabetical_order(hub_client, db):
    from thriving.places.tests.factories import LocalAuthorityFactory

    amber = LocalAuthorityFactory(code="E07000032", name="Amber Valley")
    erewash = LocalAuthorityFactory(code="E07000036", name="Erewash")
    for name, authority in (("Cotmanhay", erewash), ("Langley Mill", amber), ("Alfreton", amber),
                            ("Bramcote", erewash)):
        LocalityFactory(name=name, local_authority=authority)
    response = hub_client.get(PAGE)
    labels = [label for _, label, _ in response.context["locality_options"]]
    assert labels == ["All localities", "Alfreton", "Bramcote", "Cotmanhay", "Langley Mill"]


def test_the_organisations_shown_are_those_with_most_referrals_in_alphabetical_order():
    rows = [figures.ResponseRow(label=f"Org {chr(90 - i)}", referrals=i) for i in range(25)]
    found = figures.Picture(filters=figures.Filters(start=W0, end=W1), computed_at=timezone.now(), weeks=[],
                            by_locality=[], by_need=[], wedge=[], responses=[], organisations=rows, declined=[])
    shown = [row.label for row in found.organisations_shown]
    assert len(shown) == figures.ORGANISATIONS_SHOWN
    assert shown == sorted(shown)
    assert "Org Z" not in shown  # the one with no referrals


def test_every_chart_has_a_table_of_its_figures_after_it(hub_client, world):
    html = hub_client.get(PAGE, PERIOD).content.decode()
    import re

    marks = [(m.start(), "chart", m.group(1)) for m in re.finditer(r'<figure [^>]*data-testid="(chart-[a-z-]+)"', html)]
    marks += [(m.start(), "table", "") for m in re.finditer(r'<table class="govuk-table"', html)]
    marks.sort()
    charts_seen = [name for _, kind, name in marks if kind == "chart"]
    assert len(charts_seen) == 8
    for (_, kind, name), (_, after, _) in zip(marks, [*marks[1:], (0, "end", "")], strict=True):
        if kind == "chart":
            assert after == "table", f"{name} has no table of its figures after it"
