"""A person's timeline through its page: everything in one list, newest first, with the front
door's requests and referrals the reader may see; scope (404), the audit trail, and a bounded
number of queries however long the history."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thriving.coaching.models import CoachingConsent, GoalWording, Handover, Measure, Rating
from thriving.coaching.tests.factories import (
    CoachFactory,
    CoachingConsentFactory,
    CoachingSessionFactory,
    GoalFactory,
    RatingFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import MembershipFactory, OrganisationFactory
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def url(relationship) -> str:
    return f"/coaching/{relationship.uuid}/timeline/"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def at(days: int) -> datetime.datetime:
    """Midday, local time, `days` days ago: so that the history's moments fall on the days the
    test means whatever the hour it runs at (late in the evening, or across the clocks' change)."""
    return timezone.make_aware(datetime.datetime.combine(days_ago(days), datetime.time(12)))


def entries(html: str) -> list[tuple[str, str]]:
    """(kind, text) of each entry, in the page's order."""
    found = re.findall(r'<li data-testid="item-([a-z_]+)">(.*?)</li>\s*(?=<li data-testid|</ul>\s*</section>)',
                       html, re.S)
    return [(kind, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for kind, text in found]


@pytest.fixture
def history(relationship, family, coach, user_with_role, shirebrook):
    """The Marsh family's coaching, eight weeks in: a front-door request and referral, consents,
    a second coach, a handover, two sessions, goals set, reworded and met, and two sittings of scores."""
    dana, lee, kai = family[1]
    started = relationship.started_on
    CoachingConsent.objects.filter(relationship=relationship).update(given_at=at(56))  # Dana's, at the start
    request = HelpRequestFactory(person=lee, locality=shirebrook, created_at=at(70), reference="TH-LEE1-0001")
    ReferralFactory(request=request, service__name="Shirebrook Family Hub", created_at=at(69),
                    service__organisation=OrganisationFactory(name="Derbyshire Family Help"))
    HelpRequestFactory(person=dana, taken_by=coach, created_at=at(65), reference="TH-DANA-0001")
    HelpRequestFactory(reference="TH-ELSE-0001")  # someone else's
    CoachingConsentFactory(relationship=relationship, person=lee, scope=CoachingConsent.Scope.SHARE_TEAM,
                           given_at=at(40), withdrawn_at=at(10))
    partner = CoachFactory(relationship=relationship, user__full_name="Pat Partner", started_on=days_ago(30))
    Handover.objects.create(relationship=relationship, from_user=coach, to_user=partner.user, at=at(5), by=coach,
                            note="Kai likes to be called before school.")
    CoachingSessionFactory(relationship=relationship, held_on=days_ago(28), notes="First line of notes\nPrivate rest")
    CoachingSessionFactory(relationship=relationship, held_on=days_ago(7), where="phone", is_review=True,
                           notes="\nCalled about the review")
    goal = GoalFactory(relationship=relationship, person=dana, words="Get to work on time", set_on=started)
    GoalWording.objects.filter(goal=goal).update(at=at(56))  # the first wording, when the goal was set
    GoalWording.objects.create(goal=goal, words="Get to work on time most days", reason="More realistic", at=at(14))
    goal.words = "Get to work on time most days"
    goal.save()
    shared = GoalFactory(relationship=relationship, person=None, words="Eat together on Sundays", set_on=started,
                         status="met", closed_on=days_ago(3))
    gbo, anxiety = Measure.objects.get(key="gbo"), Measure.objects.get(key="ons4-anxiety")
    RatingFactory(goal=goal, person=dana, value=2, rated_on=started)
    RatingFactory(relationship=relationship, measure=anxiety, person=dana, value=8, rated_on=started)
    RatingFactory(goal=shared, person=lee, value=4, rated_on=started)
    RatingFactory(goal=goal, person=dana, value=6, rated_on=days_ago(7), occasion=Rating.Occasion.REVIEW)
    assert gbo
    return relationship


def test_the_timeline_shows_everything_newest_first(client, coach, history):
    client.force_login(coach)
    response = client.get(url(history))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    shown = entries(html)
    kinds = [kind for kind, _ in shown]
    assert kinds == [
        "goal_closed", "handover", "ratings", "session", "consent_withdrawn", "goal_reworded", "session",
        "coach_joined", "consent", "ratings", "goal_set", "goal_set", "coach_joined", "consent", "started", "request",
    ]
    text = dict(reversed(shown))  # the first (newest) of each kind
    assert text["goal_closed"] == "Goal closed (met): “Eat together on Sundays”"
    assert "Handed over to Pat Partner by" in text["handover"]
    assert "called before school" in text["handover"]
    assert text["consent_withdrawn"].startswith("Consent withdrawn : Lee Marsh no longer agrees to sharing progress")
    assert text["session"] == "Session : on the phone (goals reviewed) Called about the review"
    sessions = [t for k, t in shown if k == "session"]
    assert sessions[1] == "Session : at home First line of notes"  # the first line only
    assert "Private rest" not in html
    assert text["goal_reworded"] == "Goal reworded : “Get to work on time most days” (More realistic)"
    goals_set = [t for k, t in shown if k == "goal_set"]
    assert goals_set == ["Goal set by the family together: “Eat together on Sundays”",
                         "Goal set by Dana Marsh: “Get to work on time”"]  # in the words first chosen
    ratings = [t for k, t in shown if k == "ratings"]
    assert ratings[0].startswith("Scores at a review")
    assert "Goal-Based Outcome for “Get to work on time most days”: " \
        "Dana Marsh gave 6" in ratings[0]
    assert ratings[1].startswith("Scores at the start")
    assert "Dana Marsh gave 2" in ratings[1]
    assert "Lee Marsh gave 4" in ratings[1]
    assert "Anxiety: Dana Marsh gave 8" \
        in ratings[1]
    assert text["request"].startswith("Asked for help (front door): TH-DANA-0001 for Dana Marsh")
    assert "TH-LEE1-0001" not in html
    assert "TH-ELSE-0001" not in html
    assert text["started"] == "Coaching began : self-referral"


def test_a_hub_worker_who_coaches_sees_the_familys_front_door_history(client, coach, history, shirebrook):
    MembershipFactory(user=coach, role=Role.HUB_WORKER, locality=shirebrook)
    client.force_login(coach)
    shown = entries(client.get(url(history)).content.decode())
    front_door = [(k, t) for k, t in shown if k in ("request", "referral")]
    assert front_door == [
        ("request", "Asked for help (front door): TH-DANA-0001 for Dana Marsh, new"),
        ("referral",
         "Referred to Shirebrook Family Hub (Derbyshire Family Help) from TH-LEE1-0001 : awaiting an answer"),
        ("request", "Asked for help (front door): TH-LEE1-0001 for Lee Marsh, new"),
    ]
    assert "TH-ELSE-0001" not in str(shown)


def test_a_coach_or_lead_elsewhere_gets_404_and_the_lead_over_it_sees_it(client, history, team_lead, user_with_role,
                                                                          shirebrook):
    for outsider in (user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook),
                     user_with_role(Role.COACH_LEAD, organisation=OrganisationFactory(), locality=shirebrook),
                     user_with_role(Role.HUB_WORKER, locality=shirebrook)):
        client.force_login(outsider)
        assert client.get(url(history)).status_code == 404
    assert not AuditEvent.objects.filter(event="coaching.timeline_viewed").exists()
    client.force_login(team_lead)
    assert client.get(url(history)).status_code == 200


def test_each_view_of_the_timeline_is_audited_with_whose_it_is(client, coach, history):
    client.force_login(coach)
    client.get(url(history))
    event = AuditEvent.objects.get(event="coaching.timeline_viewed")
    assert (event.actor, event.action, event.subject, event.purpose) == (
        coach, AuditEvent.Action.VIEWED, "Dana Marsh (family)", "coaching")
    assert event.object_id == str(history.uuid)


def queries_for(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_the_history(client, coach, relationship, family,
                                                  django_assert_max_num_queries):
    dana = family[1][0]
    client.force_login(coach)

    def more(number: int) -> None:
        for n in range(number):
            session = CoachingSessionFactory(relationship=relationship, held_on=days_ago(n + 1))
            goal = GoalFactory(relationship=relationship, person=dana)
            RatingFactory(goal=goal, person=dana, session=session, rated_on=days_ago(n + 1))
            HelpRequestFactory(person=dana, taken_by=coach)

    more(3)
    client.get(url(relationship))  # what the first page of a visit reads once
    small = queries_for(client, url(relationship))
    more(27)
    with django_assert_max_num_queries(10):
        html = client.get(url(relationship)).content.decode()
    assert len(re.findall(r'data-testid="item-session"', html)) == 30
    assert queries_for(client, url(relationship)) == small
