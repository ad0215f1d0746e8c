"""Factories for the coaching models. `CoachingRelationshipFactory` makes a relationship for one
person with that person as its member; give it `lead=user` to add a lead coach."""

import datetime

import factory
from django.utils import timezone

from thriving.coaching.models import (
    Aspiration,
    Coach,
    CoachingConsent,
    CoachingRelationship,
    CoachingSession,
    Goal,
    GoalWording,
    Measure,
    Member,
    NextStep,
    Rating,
)
from thriving.coaching.services import outcomes
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import PersonFactory
from thriving.places.tests.factories import LocalityFactory


def weeks_ago(weeks: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=weeks)


class CoachingRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingRelationship
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    locality = factory.SubFactory(LocalityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    route = CoachingRelationship.Route.SELF
    started_on = factory.LazyFunction(lambda: weeks_ago(8))

    @factory.post_generation
    def member(obj, create, extracted, **kwargs):  # noqa: N805
        """The person coached is the relationship's first member."""
        if create:
            Member.objects.create(relationship=obj, person=obj.person, joined_on=obj.started_on)

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):  # noqa: N805
        """`lead=user`: that person leads the coaching, from its start."""
        if create and extracted is not None:
            Coach.objects.create(relationship=obj, user=extracted, organisation=obj.organisation, is_lead=True,
                                 started_on=obj.started_on)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    person = factory.SubFactory(PersonFactory)
    joined_on = factory.LazyAttribute(lambda o: o.relationship.started_on)


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    user = factory.SubFactory("thriving.core.tests.factories.UserFactory")
    started_on = factory.LazyAttribute(lambda o: o.relationship.started_on)


class CoachingConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingConsent

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    person = factory.LazyAttribute(lambda o: o.relationship.person)
    scope = CoachingConsent.Scope.COACHING
    method = CoachingConsent.Method.IN_PERSON
    statement = "I agree to coaching, and to my coach keeping notes of our sessions."
    given_at = factory.LazyFunction(timezone.now)


class AspirationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aspiration

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    person = factory.LazyAttribute(lambda o: o.relationship.person)
    words = "I want my kids to be proud of me."
    recorded_on = factory.LazyAttribute(lambda o: o.relationship.started_on)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    person = factory.LazyAttribute(lambda o: o.relationship.person)
    words = factory.Sequence(lambda n: f"Get out of the house more, goal {n}")
    set_on = factory.LazyAttribute(lambda o: o.relationship.started_on)

    @factory.post_generation
    def wording(obj, create, extracted, **kwargs):  # noqa: N805
        """Its first wording, as the services keep it."""
        if create:
            GoalWording.objects.create(goal=obj, words=obj.words, at=timezone.now())


class MeasureFactory(factory.django.DjangoModelFactory):
    """An organisation's own measure; the built-in ones come from the migration (`Measure.objects.get(key="gbo")`)."""

    class Meta:
        model = Measure

    key = factory.Sequence(lambda n: f"own-measure-{n}")
    kind = Measure.Kind.OWN
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Confidence {n}")
    question = "How confident do you feel about managing money?"
    scale_min = 1
    scale_max = 5


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    relationship = factory.LazyAttribute(lambda o: o.goal.relationship if o.goal else CoachingRelationshipFactory())
    goal = None
    measure = factory.LazyFunction(lambda: Measure.objects.get(key="gbo"))
    person = factory.LazyAttribute(lambda o: o.relationship.person)
    value = 3
    rated_on = factory.LazyAttribute(lambda o: o.relationship.started_on)
    occasion = Rating.Occasion.START

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the ratings service saves one: with its relationship's kept changes refreshed."""
        rating = super()._create(model_class, *args, **kwargs)
        outcomes.refresh([rating.relationship_id])
        return rating


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    held_on = factory.LazyFunction(lambda: weeks_ago(1))
    where = CoachingSession.Where.HOME
    notes = "Talked about the week, and the school run."


class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextStep

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    text = "Ring the school about the breakfast club"
    owner_person = factory.LazyAttribute(lambda o: o.relationship.person)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
