"""Schemas of the coaching API's operations (`thriving.api.coaching`): what they answer and the
filters they take."""

import datetime

from ninja import Field, Schema

from thriving.api.frontdoor_schemas import LocalityRefOut, NamedOut, Paging, _enum
from thriving.coaching.queries import api as coaching

RelationshipStatus = _enum("CoachingStatus", coaching.RelationshipStatus)
RelationshipKind = _enum("CoachingKind", coaching.RelationshipKind)
Route = _enum("CoachingRoute", coaching.Route)
EndReason = _enum("CoachingEndReason", coaching.EndReason)
GoalStatus = _enum("GoalStatus", coaching.GoalStatus)
Occasion = _enum("RatingOccasion", coaching.Occasion)
Where = _enum("SessionWhere", coaching.Where)
ConsentScope = _enum("CoachingConsentScope", coaching.ConsentScope)


class RelationshipSummaryOut(Schema):
    """A coaching relationship (a plan) in a list: no names (open it to see who)."""

    id: str
    kind: RelationshipKind
    status: RelationshipStatus
    route: Route
    locality: LocalityRefOut
    organisation: NamedOut
    team: NamedOut | None
    started_on: datetime.date
    review_weeks: int
    ended_on: datetime.date | None
    end_reason: EndReason | None
    last_session_on: datetime.date | None
    last_review_on: datetime.date | None
    version: int


class MemberOut(Schema):
    id: str = Field(..., description="The person's id")
    name: str
    role: str
    joined_on: datetime.date
    left_on: datetime.date | None


class CoachOut(Schema):
    name: str
    organisation: str | None
    is_lead: bool
    started_on: datetime.date
    ended_on: datetime.date | None


class ConsentOut(Schema):
    person: str = Field(..., description="The person's id")
    scope: ConsentScope
    statement: str
    given_at: datetime.datetime
    withdrawn_at: datetime.datetime | None


class RelationshipOut(RelationshipSummaryOut):
    """One coaching relationship, with who is coached, who coaches and the consent it rests on.
    Reading it is recorded in the audit trail."""

    person: NamedOut = Field(..., description="The person coached, or the family's main contact")
    members: list[MemberOut]
    coaches: list[CoachOut]
    consents: list[ConsentOut]


class WordingOut(Schema):
    words: str
    reason: str
    at: datetime.datetime


class GoalOut(Schema):
    id: str
    words: str = Field(..., description="The goal in the person's own words (the latest wording)")
    person: str | None = Field(..., description="Whose goal (the person's id); none for a shared family goal")
    aspiration: str | None = Field(..., description="The aspiration it works toward, in the person's words")
    status: GoalStatus
    set_on: datetime.date
    closed_on: datetime.date | None
    wordings: list[WordingOut] = Field(..., description="Every wording, oldest first")


class SessionOut(Schema):
    id: str
    held_on: datetime.date
    where: Where
    place: str = Field(..., description="The Space & Place, or where else it was")
    people: list[str] = Field(..., description="The ids of the people who were there")
    coaches: list[str] = Field(..., description="The names of the coaches who were there")
    is_review: bool
    notes: str = Field(..., description="What was talked about")


class RatingOut(Schema):
    id: str
    measure: str = Field(..., description="The measure's key: gbo, ons4-life-satisfaction, … or an own measure's")
    measure_name: str
    goal: str | None = Field(..., description="The goal's id, on a measure rated per goal")
    person: str = Field(..., description="The id of the person who gave the rating")
    value: int
    scale_min: int
    scale_max: int
    higher_is_better: bool
    rated_on: datetime.date
    occasion: Occasion
    session: str | None


class RelationshipFilters(Paging):
    status: RelationshipStatus | None = None


class RatingFilters(Schema):
    measure: str | None = Field(None, description="Only this measure's ratings, by its key")


class RelationshipPage(Schema):
    items: list[RelationshipSummaryOut]
    total: int
    page: int
    per_page: int


class GoalList(Schema):
    items: list[GoalOut]


class SessionList(Schema):
    items: list[SessionOut]


class RatingList(Schema):
    items: list[RatingOut]

