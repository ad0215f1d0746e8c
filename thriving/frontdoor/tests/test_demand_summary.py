"""The weekly summary behind the demand picture: its histogram of hours to answer, figures equal
to those computed from the requests and referrals themselves, weeks marked stale by each change
through the services and brought up to date before the figures are read, overdue referrals as
time passes, and the command that refreshes or rebuilds it."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import Role
from thriving.directory.queries import needs
from thriving.directory.tests.factories import ServiceFactory, TaxonomyFactory, TaxonomyTermFactory
from thriving.frontdoor.demand import figures, histogram, sql
from thriving.frontdoor.demand import services as demand_services
from thriving.frontdoor.demand import tasks as demand_tasks
from thriving.frontdoor.demand.queries import picture
from thriving.frontdoor.demand.queries import summary as summary_queries
from thriving.frontdoor.demand.queries.live import compute_live
from thriving.frontdoor.models import DemandStale, DemandWeek, HelpRequest, Referral
from thriving.frontdoor.services import referrals as referral_services
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.tests.factories import ConsentFactory, HelpRequestFactory, ReferralFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = figures.week_start(timezone.localdate())


# --- The histogram ------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [0.0, 0.1, 0.25, 3.99, 4.0, 17.5, 71.99, 72.0, 335.9, 336.0, 2159.0, 2160.0, 9000.0])
def test_every_bucket_holds_its_hours(hours):
    low, high = histogram.bucket_bounds(histogram.bucket(hours))
    assert low <= hours < high


def test_buckets_follow_on_from_each_other():
    edges = [histogram.bucket_bounds(i) for i in range(histogram.OVERFLOW + 1)]
    assert edges[0][0] == 0
    assert all(edges[i][1] == edges[i + 1][0] for i in range(len(edges) - 1))
    assert edges[-1] == (2160.0, float("inf"))


def test_percentiles_are_exact_when_each_bucket_holds_one_answer():
    answered: histogram.Histogram = {}
    for hours in (2.0, 4.0, 10.0, 30.0, 100.0):
        histogram.add_hours(answered, hours)
    for fraction in (0, 0.1, 0.5, 0.9, 1):
        exact = sql.percentile([2.0, 4.0, 10.0, 30.0, 100.0], fraction)
        assert histogram.percentile(answered, fraction) == pytest.approx(exact)
    assert histogram.percentile({}, 0.5) is None


def test_percentiles_of_many_answers_are_within_a_bucket():
    rng = random.Random(7)
    values = [rng.lognormvariate(2.9, 0.9) for _ in range(5000)]
    answered: histogram.Histogram = {}
    for hours in values:
        histogram.add_hours(answered, hours)
    for fraction in (0.1, 0.5, 0.9, 0.99):
        exact = sql.percentile(values, fraction)
        low, high = histogram.bucket_bounds(histogram.bucket(exact))
        assert histogram.percentile(answered, fraction) == pytest.approx(exact, abs=high - low)


# --- The same figures as counting the requests themselves ----------------------------------------


@pytest.fixture
def generated():
    """A few hundred requests and referrals over ten weeks, in three localities, with needs in two
    branches of the taxonomy, every status and outcome, and referrals due before and after now."""
    rng = random.Random(2026)
    taxonomy = TaxonomyFactory(name="Thriving needs")
    food = TaxonomyTermFactory(taxonomy=taxonomy, name="Food", code="food")
    money = TaxonomyTermFactory(taxonomy=taxonomy, name="Money", code="money")
    terms = [food, money, TaxonomyTermFactory(taxonomy=taxonomy, name="Food bank", code="fb", parent=food),
             TaxonomyTermFactory(taxonomy=taxonomy, name="Debt", code="debt", parent=money)]
    needs.forget()
    places = [LocalityFactory(name=name) for name in ("Ilkeston", "Cotmanhay", "Shirebrook")] + [None]
    offered = [ServiceFactory(organisation__name=name) for name in ("Pantry Trust", "Advice Co", "Care Link")]
    now = timezone.now()
    for _ in range(160):
        created = now - datetime.timedelta(hours=rng.uniform(1, 10 * 7 * 24))
        closing = created + datetime.timedelta(days=rng.uniform(0.5, 20))
        extra = {}
        if closing < now and rng.random() < 0.6:
            outcome = rng.choice(HelpRequest.Outcome.values)
            extra = {"status": HelpRequest.Status.CLOSED, "outcome": outcome, "closed_at": closing,
                     "outcome_level": rng.choice([1, 2, 3, 4, None]) if outcome == "met" else None}
        request = HelpRequestFactory(created_at=created, locality=rng.choice(places),
                                     level=rng.choice([1, 2, 3, 4, None]), **extra)
        request.needs.set(rng.sample(terms, rng.choice([0, 1, 1, 2])))
        consent = ConsentFactory(person=request.person)
        for referred_to in rng.sample(offered, rng.choice([0, 1, 2])):  # one referral to a service
            made = created + datetime.timedelta(hours=rng.uniform(0, 24))
            status = rng.choice(Referral.Status.values)
            answered = status in ("accepted", "declined", "completed")
            ReferralFactory(
                request=request, service=referred_to, consent=consent, created_at=made, status=status,
                due_by=made + datetime.timedelta(days=rng.choice([1, 2, 4, 30])),
                responded_at=made + datetime.timedelta(hours=rng.uniform(0.1, 70)) if answered else None,
                decline_reason=rng.choice(Referral.DeclineReason.values) if status == "declined" else "",
            )
    demand_services.rebuild()
    return {"food": food, "money": money, "food bank": terms[2], "places": places}


def _same(summary: figures.Picture, live: figures.Picture, *, by_need: bool = True) -> None:
    assert [(w.week, w.by_level) for w in summary.weeks] == [(w.week, w.by_level) for w in live.weeks]
    assert summary.by_locality == live.by_locality
    if by_need:
        assert summary.by_need == live.by_need
    assert summary.wedge == live.wedge
    assert summary.declined == live.declined

    def counts(row):
        return (row.label, row.week, row.referrals, row.responded, row.declined, row.overdue)

    assert [counts(r) for r in summary.responses] == [counts(r) for r in live.responses]
    assert [counts(r) for r in summary.organisations] == [counts(r) for r in live.organisations]
    # Answers within 70 hours: buckets an hour wide at most.
    pairs = [(summary.median_hours, live.median_hours), (summary.p90_hours, live.p90_hours)]
    for mine, theirs in [*zip(summary.responses, live.responses, strict=True),
                         *zip(summary.organisations, live.organisations, strict=True)]:
        pairs += [(mine.median_hours, theirs.median_hours), (mine.p90_hours, theirs.p90_hours)]
    for estimate, exact in pairs:
        assert (estimate is None) == (exact is None)
        if exact is not None:
            assert estimate == pytest.approx(exact, abs=1.0)


def _filters(**extra) -> figures.Filters:
    return figures.Filters(start=THIS_WEEK - datetime.timedelta(weeks=11), end=timezone.localdate(), **extra)


def test_the_summary_gives_the_figures_counted_from_the_requests(generated):
    summary = picture.compute(_filters())
    assert summary.total_requests == 160
    assert summary.total_overdue > 0  # the generated referrals include overdue ones
    _same(summary, compute_live(_filters()))


@pytest.mark.parametrize("place", [0, 1, 2])
def test_the_summary_gives_the_same_figures_for_a_locality(generated, place):
    locality = generated["places"][place]
    filters = _filters(locality_id=locality.id, locality_name=locality.name)
    _same(picture.compute(filters), compute_live(filters))


@pytest.mark.parametrize("need", ["food", "money"])
def test_the_summary_gives_the_same_figures_for_a_top_level_need(generated, need):
    term = generated[need]
    for locality in (None, generated["places"][0]):
        filters = _filters(need_uuid=str(term.uuid), need_name=term.name,
                           locality_id=locality.id if locality else None)
        summary = picture.compute(filters)
        assert summary.total_requests > 0
        # By need, the summary shows the chosen need; counting live also shows needs asked alongside it.
        _same(summary, compute_live(filters), by_need=False)
        assert summary.by_need == [(term.name, summary.total_requests)]


def test_a_need_below_a_top_level_need_is_counted_live(generated):
    term = generated["food bank"]
    filters = _filters(need_uuid=str(term.uuid), need_name=term.name)
    expected = HelpRequest.objects.filter(needs=term).count()
    assert picture.compute(filters).total_requests == expected > 0
    assert summary_queries.top_level_need(filters) is False


def test_overdue_referrals_are_counted_as_time_passes(service, monkeypatch):
    request = HelpRequestFactory(created_at=timezone.now() - datetime.timedelta(hours=3))
    made = timezone.now() - datetime.timedelta(hours=2)
    another = ServiceFactory(organisation=service.organisation)
    for offered, due_after in ((service, datetime.timedelta(hours=1)), (another, datetime.timedelta(days=2))):
        ReferralFactory(request=request, service=offered, created_at=made, due_by=made + due_after)
    demand_services.rebuild()
    assert picture.compute(_filters()).total_overdue == 1
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(summary_queries.timezone, "now", lambda: later)
    found = picture.compute(_filters())
    assert found.total_overdue == 2  # nothing changed but the time; the summary was not rebuilt
    assert found.organisations[0].overdue == 2


# --- Kept up to date by the services -------------------------------------------------------------


def test_each_change_through_the_services_shows_in_the_figures(user_with_role, service):
    hub = user_with_role(Role.HUB_WORKER)
    demand_services.rebuild()
    request, _ = request_services.create_request(request_services.NewRequest(
        description="We have run out of food.", person_details={"given_name": "Ada", "family_name": "Lowe"},
        contact_method="phone", channel=HelpRequest.Channel.PHONE,
    ), acting_user=hub)
    assert DemandStale.objects.filter(week=THIS_WEEK).exists()

    def counted() -> figures.Picture:
        return picture.compute(_filters())

    assert counted().weeks[-1].by_level == {None: 1}
    assert not DemandStale.objects.exists()  # the figures brought the summary up to date
    request = request_services.triage(acting_user=hub, request=request, version=request.version, level=2,
                                      urgency="routine", need_ids=[])
    assert counted().weeks[-1].by_level == {2: 1}
    ConsentFactory(person=request.person)
    referral = referral_services.refer(acting_user=hub, request=request, service=service, notify=False)
    assert (counted().total_referrals, counted().responses[-1].responded) == (1, 0)
    referral_services.decline_referral(acting_user=service.staff, referral=referral, version=referral.version,
                                       reason=Referral.DeclineReason.NO_CAPACITY)
    found = counted()
    assert found.declined == [("No capacity at the moment", 1)]
    assert found.responses[-1].responded == 1
    assert found.organisations[0].label == "Larder Trust"
    request.refresh_from_db()
    request = request_services.close(acting_user=hub, request=request, version=request.version, outcome="met",
                                     outcome_level=2)
    assert counted().wedge[-1].met_community == 1
    request_services.reopen(acting_user=hub, request=request, version=request.version, reason="They rang back")
    assert counted().wedge_totals.met_community == 0


def test_a_reopened_request_leaves_the_week_it_had_closed_in(user_with_role):
    hub = user_with_role(Role.HUB_WORKER)
    closed_at = timezone.now() - datetime.timedelta(weeks=3)
    request = HelpRequestFactory(created_at=closed_at - datetime.timedelta(days=2), level=1,
                                 status=HelpRequest.Status.CLOSED, outcome="met", outcome_level=1,
                                 closed_at=closed_at)
    demand_services.rebuild()
    assert picture.compute(_filters()).wedge_totals.met_community == 1
    request_services.reopen(acting_user=hub, request=request, version=request.version, reason="Not sorted after all")
    assert picture.compute(_filters()).wedge_totals.met_community == 0


def test_notes_and_huddle_flags_mark_nothing(user_with_role):
    hub = user_with_role(Role.HUB_WORKER)
    request = HelpRequestFactory()
    request_services.add_note(acting_user=hub, request=request, text="Rang, no answer")
    request_services.set_huddle(acting_user=hub, request=request, version=request.version, flag=True)
    assert not DemandStale.objects.exists()


def test_changes_queue_one_refresh_and_the_task_takes_every_stale_week(django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    cache.delete(demand_services.QUEUED_KEY)
    # Midday today, local time: twelve weeks back from late on a Sunday, the clocks' change would
    # carry two of them into the same local week.
    midday = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        for weeks_ago in range(12):
            request = HelpRequestFactory(created_at=midday - datetime.timedelta(weeks=weeks_ago))
            with transaction.atomic():
                demand_services.mark_stale(request)
    assert len(default_task_backend.results) == 1  # queued once, however many changes
    assert summary_queries.pending() == 12
    assert demand_tasks.refresh_demand_summary.call() == 12
    assert summary_queries.pending() == 0
    assert DemandWeek.objects.filter(locality_key=0, need_key=0, organisation_key=0).count() == 12


def test_the_page_says_when_changes_are_still_being_counted(settings, client, user_with_role):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker ran yet
    cache.clear()
    HelpRequestFactory(level=2)
    DemandStale.objects.create(week=THIS_WEEK)
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get(reverse("frontdoor:demand"))
    assert response.context["picture"].weeks_waiting == 1
    assert "Recent changes in 1 week are still being counted" in response.content.decode()
    assert response.context["picture"].total_requests == 0  # not counted yet
    call_command("frontdoor_demand_summary", verbosity=0)  # the cron backstop
    cache.clear()
    response = client.get(reverse("frontdoor:demand"))
    assert response.context["picture"].total_requests == 1
    assert "still being counted" not in response.content.decode()


def test_the_rebuild_command(capsys):
    HelpRequestFactory(created_at=timezone.now() - datetime.timedelta(weeks=5), level=3)
    DemandStale.objects.create(week=THIS_WEEK)
    call_command("frontdoor_demand_summary", "--rebuild")
    assert "Rebuilt the demand summary: 6 weeks" in capsys.readouterr().out
    assert not DemandStale.objects.exists()
    assert picture.compute(_filters()).by_level[2] == ("Level 3", 1)
    call_command("frontdoor_demand_summary")
    assert "0 weeks rebuilt" in capsys.readouterr().out


def test_upgrading_marks_every_week_with_requests_as_stale():
    """Requests made before the summary existed are counted once the worker has run."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thriving.frontdoor.migrations.0002_demand_summary")
    HelpRequestFactory(created_at=timezone.now() - datetime.timedelta(weeks=3), level=1)
    migration.mark_every_week_stale(apps, None)
    assert summary_queries.pending() == 4
    assert demand_tasks.refresh_demand_summary.call() == 4
    assert picture.compute(_filters()).by_level[0] == ("Level 1", 1)
