"""Recording ratings through the ratings page: each person's GBO for their goals and the family's,
ONS4 with its questions and anxiety's polarity, the organisation's own measures; start and review
asking only what fits; all or nothing; the service's refusals in the error summary naming the item;
two people rating at once; scope."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import Measure, Rating
from thriving.coaching.queries.goals import Item
from thriving.coaching.services import ratings as rating_services
from thriving.coaching.tests.factories import (
    CoachFactory,
    CoachingSessionFactory,
    GoalFactory,
    MeasureFactory,
    RatingFactory,
)
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def ratings_url(relationship, occasion="start", **extra):
    query = "&".join(f"{k}={v}" for k, v in {"occasion": occasion, **extra}.items())
    return reverse("coaching:ratings-add", kwargs={"uuid": relationship.uuid}) + f"?{query}"


def key(person, measure_key, goal=None):
    return Item(person, Measure.objects.get(key=measure_key), goal).key


def day(value: datetime.date) -> dict:
    return {"rated_on_day": value.day, "rated_on_month": value.month, "rated_on_year": value.year}


def errors(response) -> str:
    html = response.content.decode()
    start = html.find('data-testid="errors"')
    return html[start:html.find("</ul>", start)] if start >= 0 else ""


@pytest.fixture
def goals(relationship, family):
    dana, lee, kai = family[1]
    return {"dana": GoalFactory(relationship=relationship, person=dana, words="Walk Kai to school"),
            "family": GoalFactory(relationship=relationship, person=None, words="Sunday dinners together"),
            "waiting": GoalFactory(relationship=relationship, person=dana, status="waiting", words="Learn to drive")}


def test_the_form_asks_each_person_their_goals_the_familys_and_ons4(client, relationship, coach, family, goals):
    dana, lee, kai = family[1]
    own = MeasureFactory(organisation=relationship.organisation, name="Confidence with money", low_label="Not at all",
                         high_label="Very")
    MeasureFactory(name="Another organisation's")
    client.force_login(coach)
    page = client.get(ratings_url(relationship))
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert f'name="{key(dana, "gbo", goals["dana"])}"' in html
    for person in (dana, lee, kai):  # the shared goal is rated by every member
        assert f'name="{key(person, "gbo", goals["family"])}"' in html
    assert f'name="{key(lee, "gbo", goals["dana"])}"' not in html  # Dana's goal is Dana's to rate
    assert "Learn to drive" not in html  # a waiting goal is not rated
    assert "Overall, how satisfied are you with your life nowadays?" in html
    assert "For this question a lower score is better." in html
    assert "a lower score is better: 0 means not anxious at all" in html
    assert "From 0 to 10: 0 means not started, 10 means goal reached." in html
    assert own.question in html
    assert "Another organisation's" not in html
    assert f'value="{timezone.localdate().day}"' in html  # the day defaults to today
    assert len(re.findall(r'inputmode="numeric"', html)) >= 3 * 4 + 4


def test_start_scores_are_saved_together_and_a_person_may_skip_one(client, relationship, coach, family, goals):
    dana, lee, kai = family[1]
    client.force_login(coach)
    started = relationship.started_on
    response = client.post(ratings_url(relationship), {
        **day(started), key(dana, "gbo", goals["dana"]): "2", key(lee, "gbo", goals["family"]): " 4 ",
        key(dana, "ons4-anxiety"): "8", key(kai, "ons4-happiness"): "",
    })
    assert response.status_code == 302
    assert set(Rating.objects.values_list("person__given_name", "measure__key", "value", "occasion", "rated_on")) == {
        ("Dana", "gbo", 2, "start", started), ("Lee", "gbo", 4, "start", started),
        ("Dana", "ons4-anxiety", 8, "start", started)}
    html = client.get(ratings_url(relationship)).content.decode()
    assert f'name="{key(dana, "gbo", goals["dana"])}"' not in html  # started: not asked at the start again
    assert f'name="{key(kai, "ons4-happiness")}"' in html  # skipped: still to give
    review = client.get(ratings_url(relationship, "review")).content.decode()
    assert f'name="{key(dana, "gbo", goals["dana"])}"' in review
    assert f'name="{key(kai, "ons4-happiness")}"' not in review  # no start to compare with
    assert AuditEvent.objects.filter(event="coaching.ratings_start", action="created").exists()


@pytest.mark.parametrize("value", ["11", "-1"])
def test_a_score_outside_its_scale_is_refused_naming_it_and_nothing_is_saved(client, relationship, coach, family,
                                                                             goals, value):
    dana = family[1][0]
    client.force_login(coach)
    response = client.post(ratings_url(relationship), {
        **day(relationship.started_on), key(dana, "ons4-anxiety"): "5", key(dana, "gbo", goals["dana"]): value})
    assert response.status_code == 400
    assert f"Goal-Based Outcome for the goal “Walk Kai to school” (Dana): the score must be from 0 to 10, not {value}" \
        in errors(response)
    assert f'value="{value}"' in response.content.decode()  # what was typed is kept
    assert not Rating.objects.exists()


def test_an_own_measure_uses_its_own_scale(client, relationship, coach, family):
    dana = family[1][0]
    own = MeasureFactory(organisation=relationship.organisation, name="Confidence", scale_min=1, scale_max=5)
    client.force_login(coach)
    field = Item(dana, own).key
    response = client.post(ratings_url(relationship), {**day(relationship.started_on), field: "0"})
    assert response.status_code == 400
    assert "from 1 to 5, not 0" in errors(response)
    assert client.post(ratings_url(relationship), {**day(relationship.started_on), field: "5"}).status_code == 302


def test_words_an_empty_form_and_days_out_of_range_are_refused(client, relationship, coach, family, goals):
    dana = family[1][0]
    client.force_login(coach)
    gbo = key(dana, "gbo", goals["dana"])
    cases = [
        ({**day(relationship.started_on), gbo: "six"}, "enter the score as a whole number"),
        ({**day(relationship.started_on)}, "Enter at least one score"),
        ({**day(timezone.localdate() + datetime.timedelta(days=1)), gbo: "3"}, "must be in the past"),
        ({**day(relationship.started_on - datetime.timedelta(days=1)), gbo: "3"}, "before the coaching began"),
    ]
    for data, message in cases:
        response = client.post(ratings_url(relationship), data)
        assert response.status_code == 400, message
        assert message in errors(response)
    assert not Rating.objects.exists()


def test_a_review_before_the_start_is_refused(client, relationship, coach, family, goals):
    dana = family[1][0]
    gbo = Measure.objects.get(key="gbo")
    start_day = timezone.localdate() - datetime.timedelta(days=7)
    RatingFactory(goal=goals["dana"], measure=gbo, person=dana, value=2, rated_on=start_day)
    client.force_login(coach)
    field = key(dana, "gbo", goals["dana"])
    response = client.post(ratings_url(relationship, "review"),
                           {**day(start_day - datetime.timedelta(days=1)), field: "6"})
    assert response.status_code == 400
    assert "a review cannot be before the starting score" in errors(response)
    response = client.post(ratings_url(relationship, "review"), {**day(timezone.localdate()), field: "6"})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.last_review_on == timezone.localdate()
    html = client.get(reverse("coaching:goals", kwargs={"uuid": relationship.uuid})).content.decode()
    assert "+4" in html


def test_with_nothing_to_review_the_page_says_so(client, relationship, coach, goals):
    client.force_login(coach)
    html = client.get(ratings_url(relationship, "review")).content.decode()
    assert "record the starting scores first" in html


def test_two_coaches_rating_at_once_the_second_is_told_clearly(client, relationship, coach, family, goals,
                                                               user_with_role, shirebrook, coaching_org):
    """Both open the form; the other coach saves first; the second's save is refused, nothing half-saved."""
    dana, lee, _ = family[1]
    other = user_with_role(Role.COACH, organisation=coaching_org, locality=shirebrook)
    CoachFactory(relationship=relationship, user=other)
    client.force_login(coach)
    started = relationship.started_on
    field = key(dana, "gbo", goals["dana"])
    assert field in client.get(ratings_url(relationship)).content.decode()  # the form, as both see it
    rating_services.record(acting_user=other, relationship=relationship, rated_on=started, occasion="start",
                           entries=[rating_services.Entry(Measure.objects.get(key="gbo"), dana, 3, goals["dana"])])
    response = client.post(ratings_url(relationship), {**day(started), field: "5",
                                                       key(lee, "ons4-happiness"): "7"})
    assert response.status_code == 400
    assert "the starting score was recorded on" in errors(response)
    assert list(Rating.objects.values_list("value", flat=True)) == [3]  # theirs kept, none of the second's saved

    # A review of the same day: the database's constraint holds it whatever the timing.
    today = timezone.localdate()
    rating_services.record(acting_user=other, relationship=relationship, rated_on=today, occasion="review",
                           entries=[rating_services.Entry(Measure.objects.get(key="gbo"), dana, 6, goals["dana"])])
    response = client.post(ratings_url(relationship, "review"), {**day(today), field: "4"})
    assert response.status_code == 400
    assert "recorded for this day already, perhaps by someone else just now" in errors(response)
    assert Rating.objects.filter(occasion="review").get().value == 6


def test_ratings_taken_at_a_session_are_linked_to_it(client, relationship, coach, family, goals):
    dana = family[1][0]
    session = CoachingSessionFactory(relationship=relationship, held_on=timezone.localdate() - datetime.timedelta(2))
    client.force_login(coach)
    url = ratings_url(relationship, session=session.uuid)
    assert f'value="{session.held_on.day}"' in client.get(url).content.decode()
    response = client.post(url, {**day(session.held_on), key(dana, "ons4-worthwhile"): "6"})
    assert response.status_code == 302
    assert Rating.objects.get().session == session
    other = CoachingSessionFactory()
    assert client.get(ratings_url(relationship, session=other.uuid)).status_code == 404
    assert client.get(ratings_url(relationship, "sometime")).status_code == 404


def test_only_the_current_coaches_record_ratings(client, relationship, team_lead, user_with_role, shirebrook):
    client.force_login(user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook))
    assert client.get(ratings_url(relationship)).status_code == 404
    client.force_login(team_lead)  # sees the coaching, does not coach in it
    assert client.get(ratings_url(relationship)).status_code == 404
    client.force_login(user_with_role(Role.HUB_WORKER, locality=shirebrook))
    assert client.get(ratings_url(relationship)).status_code == 403
