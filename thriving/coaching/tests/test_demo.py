"""The coaching demo, loaded by the real `thriving demo` command: coaching for the front-door demo's
families, most of it in Shirebrook, with goals in people's words, ratings that change (up, flat,
down), sessions at Spaces & Places, at home and on the phone, and nothing made twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from thriving.coaching.models import (
    Aspiration,
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Member,
    NextStep,
    Rating,
)
from thriving.core.models import User
from thriving.directory.models import Location

pytestmark = pytest.mark.django_db

MODELS = (CoachingRelationship, Member, Coach, CoachingConsent, Aspiration, Goal, GoalWording, Rating,
          CoachingSession, NextStep)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def login(local: str) -> User:
    return User.objects.get(email=f"{local}@demo.thriving.test")


def test_the_demo_coaches_the_demo_families_once():
    """One test, as loading the whole demo takes a while: what it makes, then loading it again."""
    out = StringIO()
    call_command("demo", quiet_logins=True, stdout=out)
    assert "Coaching demo:" in out.getvalue()
    everyone = CoachingRelationship.objects.select_related("locality", "request")
    assert 20 <= everyone.count() <= 30
    shirebrook = everyone.filter(locality__slug="shirebrook")
    assert shirebrook.count() >= 15
    assert everyone.exclude(locality__slug="shirebrook").count() >= 2
    # Enough in Shirebrook, all of it the team lead's, for the outcomes page to show its figures.
    lead_sees = CoachingRelationship.objects.visible_to(login("coachlead"), "report")
    assert lead_sees.filter(locality__slug="shirebrook", last_review_on__isnull=False).count() >= 5
    assert CoachingRelationship.objects.visible_to(login("coach"), "view").count() >= 10
    families_rate_together_and_every_shape_is_there()
    ratings_are_honest_within_their_scales_and_never_before_a_start()
    sessions_are_where_people_are_and_nothing_is_dated_after_today()

    first = counts()
    again = StringIO()
    call_command("demo", skip_postcodes=True, quiet_logins=True, stdout=again)
    assert counts() == first
    assert "Coaching demo" not in again.getvalue()


def families_rate_together_and_every_shape_is_there() -> None:
    families = CoachingRelationship.objects.filter(kind="family", household__isnull=False)
    assert families.exists()
    together = None
    for relationship in families:
        shared = relationship.goals.filter(person__isnull=True, status="active").first()
        if shared is None:
            continue
        raters = set(shared.ratings.filter(occasion="start").values_list("person_id", flat=True))
        reviewed = set(shared.ratings.filter(occasion="review").values_list("person_id", flat=True))
        if len(raters) >= 2 and len(reviewed) >= 2:
            together = relationship
    assert together is not None, "a family rating its shared goals together"
    assert together.members.count() >= 3
    assert set(together.members.values_list("person__household_id", flat=True)) == {together.household_id}
    assert together.aspirations.filter(person__isnull=True).exists()
    partner = together.coaches.get(is_lead=False)
    assert partner.organisation != together.organisation
    assert together.consents.filter(scope="share_team", withdrawn_at__isnull=True).exists()
    assert CoachingRelationship.objects.visible_to(login("team"), "view_progress").filter(pk=together.pk).exists()
    assert not CoachingRelationship.objects.visible_to(login("team"), "view").filter(pk=together.pk).exists()

    alone = CoachingRelationship.objects.filter(kind="person", status="active", last_review_on__isnull=False)
    assert any(relationship.members.count() == 1 for relationship in alone)

    met = CoachingRelationship.objects.get(end_reason="goals_met")
    assert met.status == "ended"
    assert met.ended_on
    assert met.end_note
    assert met.goals.exists()
    assert not met.goals.exclude(status="met").exists()
    assert not met.goals.filter(closed_on__isnull=True).exists()

    referred = CoachingRelationship.objects.filter(route="front_door", request__level=3)
    assert referred.filter(locality__slug="shirebrook", referred_by=login("hub")).exists()
    for relationship in referred:
        assert relationship.request.person_id == relationship.person_id
        assert relationship.started_on >= timezone.localdate(relationship.request.created_at)
    team = CoachingRelationship.objects.filter(route="team", team__isnull=False)
    assert team.filter(locality__slug="shirebrook").exists()
    assert all(relationship.route_note for relationship in team)

    for relationship in CoachingRelationship.objects.all():
        consented = set(relationship.consents.filter(scope="coaching").values_list("person_id", flat=True))
        assert relationship.person_id in consented
        current_leads = relationship.coaches.filter(is_lead=True, ended_on__isnull=True).count()
        if relationship.status == "active":
            assert current_leads == 1
        else:  # ending coaching ends every coach's part in it, on the day it ended
            assert current_leads == 0
            assert not relationship.coaches.exclude(ended_on=relationship.ended_on).exclude(
                ended_on__lt=relationship.ended_on).exists()
        assert relationship.goals.filter(status="active").count() <= 3
        assert 1 <= relationship.goals.count() <= 4

    assert Goal.objects.filter(status="waiting").exists()
    assert not Rating.objects.filter(goal__status="waiting").exists()
    reworded = [goal for goal in Goal.objects.all() if goal.wordings.count() == 2]
    assert len(reworded) == 1
    first, second = reworded[0].wordings.all()
    assert first.words != second.words == reworded[0].words
    assert second.reason
    assert CoachingRelationship.objects.filter(handovers__isnull=False).count() == 1


def ratings_are_honest_within_their_scales_and_never_before_a_start() -> None:
    today = timezone.localdate()
    starts = {}
    for rating in Rating.objects.select_related("measure", "relationship").order_by("rated_on", "pk"):
        measure = rating.measure
        assert measure.scale_min <= rating.value <= measure.scale_max
        assert rating.relationship.started_on <= rating.rated_on <= today
        assert rating.session is not None
        assert rating.session.held_on == rating.rated_on
        key = (measure.pk, rating.goal_id, rating.person_id, rating.relationship_id)
        if rating.occasion == "start":
            assert key not in starts
            starts[key] = rating
        else:
            assert key in starts
            assert starts[key].rated_on < rating.rated_on
            assert rating.session.is_review
        assert (rating.goal_id is not None) == measure.per_goal
    # Every active goal was rated at the start, by each person who rates it.
    for goal in Goal.objects.filter(status="active"):
        assert goal.ratings.filter(occasion="start").exists()
    changes = []
    for (_measure_id, goal_id, person_id, _rel), start in starts.items():
        if goal_id is None:
            continue
        latest = Rating.objects.filter(goal_id=goal_id, person_id=person_id, occasion="review").order_by(
            "-rated_on").first()
        if latest is not None:
            changes.append(latest.value - start.value)
    assert sum(1 for change in changes if change >= 3) >= 5  # reliable change
    assert 0 in changes
    assert any(change < 0 for change in changes)
    ons4 = Rating.objects.filter(measure__kind="ons4", occasion="review")
    assert ons4.values("person").distinct().count() >= 5


def sessions_are_where_people_are_and_nothing_is_dated_after_today() -> None:
    today = timezone.localdate()
    sessions = CoachingSession.objects.select_related("relationship", "place")
    assert {"place", "home", "phone"} <= set(sessions.values_list("where", flat=True))
    for session in sessions.filter(where="place"):
        place = Location.objects.get(pk=session.place_id)
        assert place.is_space_and_place
        assert place.locality_id == session.relationship.locality_id
    assert not sessions.filter(notes="").exists()
    assert not sessions.filter(people__isnull=True).exists()
    for relationship in CoachingRelationship.objects.all():
        held = list(relationship.sessions.values_list("held_on", flat=True))
        assert held
        assert relationship.last_session_on == max(held)
        assert min(held) == relationship.started_on
        if relationship.ended_on:
            assert max(held) <= relationship.ended_on
        reviews = relationship.ratings.filter(occasion="review").values_list("rated_on", flat=True)
        assert relationship.last_review_on == (max(reviews) if reviews else None)
    for model, fields in ((CoachingRelationship, ["started_on", "ended_on"]), (CoachingSession, ["held_on"]),
                          (Goal, ["set_on", "closed_on"]), (Aspiration, ["recorded_on"]),
                          (Rating, ["rated_on"]), (NextStep, ["done_on"]), (Member, ["joined_on"])):
        for field in fields:
            assert not model.objects.filter(**{f"{field}__gt": today}).exists(), f"{model.__name__}.{field}"
    assert not CoachingConsent.objects.filter(given_at__gt=timezone.now()).exists()
    steps = NextStep.objects.all()
    assert steps.filter(done_on__isnull=False).exists()
    assert steps.filter(done_on__isnull=True, due_on__gte=today).exists()  # some due
    assert steps.filter(done_on__isnull=True, due_on__lt=today).exists()  # one slipped
    assert steps.filter(owner_user__isnull=False).exists()
    assert steps.filter(owner_person__isnull=False).exists()
    for step in steps.exclude(done_on=None).select_related("session"):
        assert step.done_on >= step.session.held_on
