"""Aspirations and goals through their pages: words kept verbatim, whose they are, at most three
worked on (the fourth offered as waiting, and held under concurrency by the relationship's lock),
rewording with the history kept, status changes, 409 on a stale edit, scope and the audit trail."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import Goal, GoalWording, Measure
from thriving.coaching.services import goals as goal_services
from thriving.coaching.services.common import CoachingRefused
from thriving.coaching.tests.factories import (
    AspirationFactory,
    CoachFactory,
    CoachingConsentFactory,
    GoalFactory,
    RatingFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def url(name, relationship, **kwargs):
    return reverse(f"coaching:{name}", kwargs={"uuid": relationship.uuid, **kwargs})


def errors(response) -> str:
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


def add_goal(client, relationship, person, words="Get Kai to school on time", start="now", **extra):
    return client.post(url("goal-add", relationship), {"whose": person.uuid.hex if person else "family",
                                                       "words": words, "start": start, **extra})


def test_a_coach_adds_an_aspiration_and_goals_in_the_persons_own_words(client, relationship, coach, family):
    dana, lee, kai = family[1]
    client.force_login(coach)
    said = "  I want us to have\n  mornings without shouting.  "
    response = client.post(url("aspiration-add", relationship), {"whose": "family", "words": said})
    assert response.status_code == 302
    aspiration = relationship.aspirations.get()
    assert aspiration.words == "I want us to have\n  mornings without shouting."  # only the outside trimmed
    assert aspiration.person is None
    response = add_goal(client, relationship, kai, words=" get up b4 8  ", aspiration=aspiration.uuid.hex)
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.words, goal.person, goal.aspiration, goal.status) == ("get up b4 8", kai, aspiration, "active")
    assert list(goal.wordings.values_list("words", "by")) == [("get up b4 8", coach.pk)]
    add_goal(client, relationship, None, words="Eat together on Sundays")
    assert Goal.objects.get(words="Eat together on Sundays").is_shared

    page = client.get(url("goals", relationship))
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "I want us to have\n  mornings without shouting." in html
    assert "get up b4 8" in html
    assert "The family, together" in html
    assert "Working on (2 of 3)" in html
    assert 'aria-current="page"' in html  # the relationship's tabs, at "Goals and ratings"


def test_a_goal_with_no_words_is_refused(client, relationship, coach, family):
    client.force_login(coach)
    response = add_goal(client, relationship, family[1][0], words="   \n  ")
    assert response.status_code == 400
    assert "Enter the goal in the person’s own words" in errors(response)
    assert not Goal.objects.exists()
    goal = GoalFactory(relationship=relationship, person=family[1][0])
    response = client.post(url("goal-change", relationship, goal_uuid=goal.uuid),
                           {"reword-version": goal.version, "reword-words": "  "})
    assert response.status_code == 400
    assert "own words" in errors(response)
    assert goal.wordings.count() == 1


def test_a_fourth_active_goal_is_refused_and_offered_as_waiting(client, relationship, coach, family):
    dana = family[1][0]
    GoalFactory.create_batch(3, relationship=relationship, person=dana)
    client.force_login(coach)
    form = client.get(url("goal-add", relationship)).content.decode()
    assert 'value="waiting" checked' in form  # with three being worked on, a new one waits by default
    response = add_goal(client, relationship, dana, words="Learn to drive")
    assert response.status_code == 400
    assert "working on 3 goals already" in errors(response)
    assert "Keep it waiting" in errors(response)
    html = response.content.decode()
    assert 'value="waiting" checked' in html
    assert "Learn to drive" in html
    assert Goal.objects.count() == 3
    assert add_goal(client, relationship, dana, words="Learn to drive", start="waiting").status_code == 302
    assert Goal.objects.get(words="Learn to drive").status == Goal.Status.WAITING
    waiting = Goal.objects.get(words="Learn to drive")
    response = client.post(url("goal-change", relationship, goal_uuid=waiting.uuid),
                           {"status-version": waiting.version, "status-status": "active"})
    assert response.status_code == 400
    assert "working on 3 goals already" in errors(response)
    first = Goal.objects.filter(status="active").first()
    client.post(url("goal-change", relationship, goal_uuid=first.uuid),
                {"status-version": first.version, "status-status": "met"})
    first.refresh_from_db()
    assert first.status == "met"
    assert first.closed_on == timezone.localdate()
    response = client.post(url("goal-change", relationship, goal_uuid=waiting.uuid),
                           {"status-version": waiting.version, "status-status": "active"})
    assert response.status_code == 302
    assert Goal.objects.filter(status="active").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_coaches_adding_goals_at_once_cannot_make_four_active(relationship, coach, family, user_with_role,
                                                                  shirebrook, coaching_org):
    """The relationship's row is locked while a goal is added: the second waits, then counts the first's."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time whatever the lock; the row lock needs PostgreSQL")
    dana = family[1][0]
    other = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    CoachFactory(relationship=relationship, user=other)
    GoalFactory.create_batch(2, relationship=relationship, person=dana)
    outcomes, barrier = [], threading.Barrier(2)

    def add(user, words):
        barrier.wait()
        try:
            goal_services.add_goal(acting_user=user, relationship=relationship, words=words, person=dana)
            outcomes.append("added")
        except CoachingRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(user, words)) for user, words in ((coach, "One"), (other, "Two"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "refused"]
    assert Goal.objects.filter(status="active").count() == 3


def test_rewording_keeps_the_history_and_a_stale_edit_is_409(client, relationship, coach, family):
    goal = GoalFactory(relationship=relationship, person=family[1][0], words="Go out more")
    client.force_login(coach)
    page = client.get(url("goal-change", relationship, goal_uuid=goal.uuid))
    assert page.status_code == 200
    assert "Go out more" in page.content.decode()
    response = client.post(url("goal-change", relationship, goal_uuid=goal.uuid), {
        "reword-version": goal.version, "reword-words": "Go to the Friday group", "reword-reason": "More exact"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.words == "Go to the Friday group"
    assert list(goal.wordings.values_list("words", "reason")) == [("Go out more", ""),
                                                                   ("Go to the Friday group", "More exact")]
    stale = client.post(url("goal-change", relationship, goal_uuid=goal.uuid), {
        "reword-version": goal.version - 1, "reword-words": "Go to the group every week"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Someone else changed this" in html
    assert "Go to the group every week" in html
    assert f'name="reword-version" value="{goal.version}"' in html  # a second try applies to what is there now
    goal.refresh_from_db()
    assert goal.words == "Go to the Friday group"
    assert goal.wordings.count() == 2
    stale_status = client.post(url("goal-change", relationship, goal_uuid=goal.uuid),
                               {"status-version": goal.version - 1, "status-status": "stopped"})
    assert stale_status.status_code == 409
    page = client.get(url("goals", relationship)).content.decode()
    assert "Wording history (2 wordings)" in page
    assert "More exact" in page
    assert "Go out more" in page
    assert AuditEvent.objects.filter(event="coaching.goal_reworded", subject="Dana Marsh (family)").exists()


def test_the_goals_page_shows_each_raters_start_latest_and_change_in_a_fixed_number_of_queries(
    client, relationship, coach, family, django_assert_max_num_queries
):
    dana, lee, kai = family[1]
    gbo = Measure.objects.get(key="gbo")
    shared = GoalFactory(relationship=relationship, person=None, words="Sunday dinners together")
    start = relationship.started_on
    for person, first, last in ((dana, 2, 7), (lee, 4, 5)):
        RatingFactory(goal=shared, measure=gbo, person=person, value=first, rated_on=start)
        RatingFactory(goal=shared, measure=gbo, person=person, value=last, rated_on=timezone.localdate(),
                      occasion="review")
    anxiety = Measure.objects.get(key="ons4-anxiety")
    RatingFactory(relationship=relationship, measure=anxiety, person=dana, value=8, rated_on=start)
    RatingFactory(relationship=relationship, measure=anxiety, person=dana, value=3, rated_on=timezone.localdate(),
                  occasion="review")
    client.force_login(coach)
    html = client.get(url("goals", relationship)).content.decode()
    assert "+5" in html
    assert "+1" in html
    assert "-5 (better)" in html
    with CaptureQueriesContext(connection) as few:
        client.get(url("goals", relationship))
    for n in range(6):
        goal = GoalFactory(relationship=relationship, person=kai, status="waiting" if n > 2 else "active")
        RatingFactory(goal=goal, measure=gbo, person=kai, rated_on=start)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("goals", relationship))


def test_scope_another_organisations_coach_gets_404_and_progress_viewers_see_no_aspirations(
    client, relationship, coach, family, user_with_role, shirebrook
):
    AspirationFactory(relationship=relationship, words="A home of our own")
    goal = GoalFactory(relationship=relationship, person=family[1][0], words="Save £10 a week")
    outsider = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    client.force_login(outsider)
    for name, extra in (("goals", {}), ("goal-add", {}), ("aspiration-add", {}), ("ratings-add", {}),
                        ("goal-change", {"goal_uuid": goal.uuid})):
        assert client.get(url(name, relationship, **extra)).status_code == 404, name
    assert client.post(url("goal-add", relationship), {"words": "x", "start": "now"}).status_code == 404

    team = TeamFactory(locality=shirebrook)
    relationship.team = team
    relationship.save()
    member = user_with_role(Role.TEAM_MEMBER, locality=shirebrook)
    TeamMemberFactory(team=team, user=member)
    CoachingConsentFactory(relationship=relationship, scope="share_team")
    client.force_login(member)
    html = client.get(url("goals", relationship)).content.decode()
    assert "Save £10 a week" in html
    assert "A home of our own" not in html
    assert "Add a goal" not in html
    assert client.get(url("goal-add", relationship)).status_code == 403  # not a coach
    assert AuditEvent.objects.filter(event="coaching.goals_viewed", actor=member, action="viewed",
                                     subject="Dana Marsh (family)", purpose="coaching").exists()


def test_adding_and_changing_are_audited_and_only_current_wordings_change(client, relationship, coach, family):
    client.force_login(coach)
    add_goal(client, relationship, family[1][1], words="Find work I enjoy")
    goal = Goal.objects.get()
    client.post(url("goal-change", relationship, goal_uuid=goal.uuid),
                {"status-version": goal.version, "status-status": "stopped"})
    events = sorted(AuditEvent.objects.filter(object_id=str(goal.uuid)).values_list("event", flat=True))
    assert events == ["coaching.goal_added", "coaching.goal_status_changed"]
    assert GoalWording.objects.count() == 1
