"""Recording ratings through `services.ratings.record`: every rule, all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thriving.coaching.models import Measure, MeasureChange, Rating
from thriving.coaching.services import ratings
from thriving.coaching.services.common import CoachingRefused
from thriving.coaching.tests.factories import GoalFactory, MeasureFactory
from thriving.core.models import AuditEvent
from thriving.frontdoor.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
START, REVIEW = Rating.Occasion.START, Rating.Occasion.REVIEW


def gbo():
    return Measure.objects.get(key="gbo")


def test_start_and_review_scores_are_kept_with_who_rated_and_when(relationship, coach, family):
    dana = family[1][0]
    goal = GoalFactory(relationship=relationship, person=dana)
    started = relationship.started_on
    ratings.record(acting_user=coach, relationship=relationship, rated_on=started, occasion=START,
                   entries=[ratings.Entry(gbo(), dana, 2, goal),
                            ratings.Entry(Measure.objects.get(key="ons4-anxiety"), dana, 8)])
    review_day = timezone.localdate()
    ratings.record(acting_user=coach, relationship=relationship, rated_on=review_day, occasion=REVIEW,
                   entries=[ratings.Entry(gbo(), dana, 6, goal)])
    assert list(goal.ratings.values_list("occasion", "value", "person__given_name", "created_by")) == [
        ("start", 2, "Dana", coach.pk), ("review", 6, "Dana", coach.pk)]
    relationship.refresh_from_db()
    assert relationship.last_review_on == review_day
    # What the outcomes page adds up is kept as the ratings are recorded: one goal, from 2 to 6.
    kept = MeasureChange.objects.get(relationship=relationship, measure=gbo())
    assert (kept.pairs, kept.before_sum, kept.after_sum, kept.improved, kept.worse) == (1, 2, 6, 1, 0)
    assert not MeasureChange.objects.filter(measure__key="ons4-anxiety").exists()  # rated once: no change yet
    assert AuditEvent.objects.filter(event="coaching.ratings_review", subject="Dana Marsh (family)").exists()


@pytest.mark.parametrize(("value", "message"), [(11, "from 0 to 10, not 11"), (-1, "from 0 to 10, not -1"),
                                            (None, "enter a score")])
def test_a_score_outside_the_scale_is_refused_and_nothing_is_saved(relationship, coach, family, value, message):
    dana = family[1][0]
    first, second = GoalFactory.create_batch(2, relationship=relationship, person=dana)
    entries = [ratings.Entry(gbo(), dana, 4, first), ratings.Entry(gbo(), dana, value, second)]
    with pytest.raises(CoachingRefused, match=message):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on,
                       occasion=START, entries=entries)
    assert not Rating.objects.exists()


def test_a_review_needs_a_start_before_it(relationship, coach, family):
    dana = family[1][0]
    goal = GoalFactory(relationship=relationship, person=dana)
    with pytest.raises(CoachingRefused, match="starting score before a review"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=timezone.localdate(), occasion=REVIEW,
                       entries=[ratings.Entry(gbo(), dana, 5, goal)])
    ratings.record(acting_user=coach, relationship=relationship, rated_on=timezone.localdate(), occasion=START,
                   entries=[ratings.Entry(gbo(), dana, 5, goal)])
    with pytest.raises(CoachingRefused, match="cannot be before the starting score"):
        ratings.record(acting_user=coach, relationship=relationship, occasion=REVIEW,
                       rated_on=timezone.localdate() - datetime.timedelta(days=1),
                       entries=[ratings.Entry(gbo(), dana, 5, goal)])
    with pytest.raises(CoachingRefused, match="record a review"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=timezone.localdate(), occasion=START,
                       entries=[ratings.Entry(gbo(), dana, 5, goal)])


def test_days_in_the_future_or_before_the_coaching_are_refused(relationship, coach, family):
    dana = family[1][0]
    entry = ratings.Entry(Measure.objects.get(key="ons4-happiness"), dana, 5)
    for day, message in ((timezone.localdate() + datetime.timedelta(days=1), "future"),
                         (relationship.started_on - datetime.timedelta(days=1), "before the coaching began")):
        with pytest.raises(CoachingRefused, match=message):
            ratings.record(acting_user=coach, relationship=relationship, rated_on=day, occasion=START, entries=[entry])


def test_only_the_people_coached_rate_and_only_on_measures_the_coaching_uses(relationship, coach, family):
    dana = family[1][0]
    with pytest.raises(CoachingRefused, match="only the people coached"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on, occasion=START,
                       entries=[ratings.Entry(Measure.objects.get(key="ons4-happiness"), PersonFactory(), 5)])
    elsewhere = MeasureFactory()  # another organisation's own
    with pytest.raises(CoachingRefused, match="not one this coaching uses"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on, occasion=START,
                       entries=[ratings.Entry(elsewhere, dana, 3)])
    own = MeasureFactory(organisation=relationship.organisation)
    with pytest.raises(CoachingRefused, match="from 1 to 5, not 0"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on, occasion=START,
                       entries=[ratings.Entry(own, dana, 0)])


def test_a_shared_family_goal_is_rated_by_several_members(relationship, coach, family):
    dana, lee, kai = family[1]
    shared = GoalFactory(relationship=relationship, person=None, words="Eat together as a family on Sundays")
    ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on, occasion=START,
                   entries=[ratings.Entry(gbo(), who, value, shared) for who, value in ((dana, 3), (lee, 4), (kai, 1))])
    assert shared.ratings.count() == 3
    own_goal = GoalFactory(relationship=relationship, person=dana)
    with pytest.raises(CoachingRefused, match="rated by the person whose goal it is"):
        ratings.record(acting_user=coach, relationship=relationship, rated_on=relationship.started_on, occasion=START,
                       entries=[ratings.Entry(gbo(), lee, 3, own_goal)])


def test_someone_who_does_not_coach_may_not_record(relationship, team_lead, family):
    dana = family[1][0]
    with pytest.raises(PermissionDenied):
        ratings.record(acting_user=team_lead, relationship=relationship, rated_on=relationship.started_on,
                       occasion=START, entries=[ratings.Entry(Measure.objects.get(key="ons4-happiness"), dana, 5)])
