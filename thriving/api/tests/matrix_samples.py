"""SAMPLES, the one table of the role-by-page matrix (`test_role_matrix.py`) from a URL name to the
function that makes that page's objects with the apps' factories (in the world of
`matrix_world.py`) and returns the URL's keyword arguments. A URL with parameters that is missing
here fails the matrix.

The objects are made once for the whole matrix; each test runs in a transaction rolled back after it.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from thriving.api.tests.matrix_world import (
    World,
    agenda_item,
    ambassador,
    ask,
    campaign,
    help_request,
    huddle,
    idea,
    local_net,
    local_net_session,
    person,
    public_function,
    referral,
    second_service,
    service,
    story,
    subject,
    term,
)
from thriving.community.tests.factories import OrganisationPledgeFactory, SessionSignupFactory
from thriving.core.models import Role
from thriving.core.tests.factories import MembershipFactory, UserFactory
from thriving.directory.tests.factories import (
    FeedFactory,
    ImportRunFactory,
    PlatformFactory,
    ProblemReportFactory,
    ServiceChangeFactory,
)
from thriving.frontdoor.feedback import queries as feedback_queries
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory
from thriving.teams.tests.factories import ActionFactory, HuddleFactory, HuddleSeriesFactory, TeamMemberFactory


def _password_reset(w: World) -> dict:
    user = subject(w)
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _household_member(w: World) -> dict:
    member = w.once("household_member", lambda: PersonFactory(locality=w.locality, household=person(w).household))
    return {"uuid": person(w).uuid, "member": member.uuid}


def _duplicate(w: World) -> dict:
    other = w.once("duplicate", lambda: PersonFactory(locality=w.locality, given_name="Robin", family_name="Matrix"))
    return {"uuid": person(w).uuid, "other": other.uuid}


def _team_member(w: World) -> dict:
    volunteer = w.once("volunteer", lambda: TeamMemberFactory(team=w.team, kind="volunteer"))
    return {"slug": w.team.slug, "member_uuid": volunteer.uuid}


def _series(w: World) -> dict:
    found = w.once("series", lambda: HuddleSeriesFactory(team=w.team))
    return {"slug": w.team.slug, "series_uuid": found.uuid}


def _huddle(w: World) -> dict:
    return {"slug": w.team.slug, "huddle_uuid": huddle(w).uuid}


def _item(w: World) -> dict:
    return {**_huddle(w), "item_uuid": agenda_item(w).uuid}


def _minutes(w: World) -> dict:
    """A finished huddle whose notes the team member took."""
    finished = w.once("finished", lambda: HuddleFactory(
        team=w.team, status="finished", note_taker=w.users[Role.TEAM_MEMBER],
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(hours=1)))
    return {"slug": w.team.slug, "huddle_uuid": finished.uuid}


def _action(w: World) -> dict:
    found = w.once("action", lambda: ActionFactory(team=w.team, owner=w.users[Role.TEAM_MEMBER]))
    return {"action_uuid": found.uuid}


def _signup_token(w: World) -> dict:
    signup = w.once("signup", lambda: SessionSignupFactory(session=local_net_session(w)))
    cancel_token = public_function("cancel_token", "thriving.community.services.local_nets",
                                   "thriving.community.services_local_nets")
    return {"token": cancel_token(signup)}


def _insight(w: World) -> dict:
    found = w.once("insight", lambda: local_net_session(w).insights.create(text="More benches", recorded_by=None))
    return {"uuid": local_net_session(w).uuid, "insight": found.uuid}


def _organisation_pledge(w: World) -> dict:
    found = w.once("organisation_pledge", lambda: OrganisationPledgeFactory(campaign=campaign(w)))
    return {"slug": campaign(w).slug, "pledge_uuid": found.uuid}


def _published_story(w: World) -> dict:
    return {"slug": ambassador(w).slug, "story_uuid": story(w, "public", "published").uuid}


def _refer(w: World) -> dict:
    second_service(w)
    return _reference(w)


def _escalate(w: World) -> dict:
    """Another enabler, to pass the ask on to."""

    def make() -> Any:
        user = UserFactory(full_name="Matrix Second Enabler")
        MembershipFactory(user=user, role=Role.ENABLER)
        return user

    w.once("second_enabler", make)
    return {"uuid": ask(w).uuid}


def _uuid(make: Callable[[World], Any]) -> Callable[[World], dict]:
    return lambda w: {"uuid": make(w).uuid}


def _slug(make: Callable[[World], Any]) -> Callable[[World], dict]:
    return lambda w: {"slug": make(w).slug}


def _reference(w: World) -> dict:
    return {"reference": help_request(w).reference}


def _at_risk_reference(w: World) -> dict:
    """A request in the locality that says someone is at immediate risk."""
    return {"reference": w.once("at_risk_request", lambda: HelpRequestFactory(
        person=person(w), locality=w.locality, immediate_risk=True, urgency="urgent")).reference}


def _oruk(make: Callable[[World], Any]) -> Callable[[World], dict]:
    return lambda w: {"id": str(make(w).uuid)}


def _team(w: World) -> dict:
    return {"slug": w.team.slug}


SAMPLES: dict[str, Callable[[World], dict]] = {
    # core
    "core:locality-detail": lambda w: {"slug": w.locality.slug},
    "core:password-reset-confirm": _password_reset,
    "core:organisation-detail": lambda w: {"slug": w.organisation.slug},
    "core:organisation-edit": lambda w: {"slug": w.organisation.slug},
    "core:user-detail": _uuid(subject),
    "core:user-edit": _uuid(subject),
    "core:user-add-role": _uuid(subject),
    "core:user-remove-role": _uuid(subject),
    "core:user-reset-second-factor": _uuid(subject),
    # directory
    "directory:service": _uuid(service),
    "directory:report": _uuid(service),
    "directory:report-sent": _uuid(service),
    "directory:location": lambda w: {"uuid": service(w).matrix_location.uuid},
    "directory:platform": _slug(lambda w: w.once("platform", lambda: PlatformFactory(coordinator=w.organisation))),
    "directory:service-edit": _uuid(service),
    "directory:service-confirm": _uuid(service),
    "directory:service-history": _uuid(service),
    "directory:change-review": _uuid(lambda w: w.once("change", lambda: ServiceChangeFactory(service=service(w)))),
    "directory:change-approve": _uuid(lambda w: w.once("change", lambda: ServiceChangeFactory(service=service(w)))),
    "directory:change-reject": _uuid(lambda w: w.once("change", lambda: ServiceChangeFactory(service=service(w)))),
    "directory:problem-resolve": _uuid(lambda w: w.once("report", lambda: ProblemReportFactory(service=service(w)))),
    "directory:import-run": _uuid(lambda w: w.once("import run", ImportRunFactory)),
    **dict.fromkeys([f"directory:{name}" for name in (
        "feed", "feed-edit", "feed-progress", "feed-pause", "feed-harvest", "feed-apply",
    )], _uuid(lambda w: w.once("feed", lambda: FeedFactory(url="https://feed.invalid/oruk")))),
    # front door
    "frontdoor:person": _uuid(person),
    "frontdoor:person-edit": _uuid(person),
    "frontdoor:person-consent": _uuid(person),
    "frontdoor:consent-withdraw": lambda w: {"uuid": person(w).uuid, "consent": person(w).matrix_consent.uuid},
    "frontdoor:household-add": _uuid(person),
    "frontdoor:household-link": _uuid(person),
    "frontdoor:household-remove": _household_member,
    "frontdoor:safeguarding-add": _uuid(person),
    "frontdoor:person-merge": _uuid(person),
    "frontdoor:person-merge-confirm": _duplicate,
    "frontdoor:ask-answer": lambda w: {"token": feedback_queries.link_token(help_request(w))},
    "frontdoor:intake-done": _reference,
    "frontdoor:request": _reference,
    "frontdoor:request-triage": _reference,
    "frontdoor:request-refer": _refer,
    "frontdoor:request-huddle": _reference,
    "frontdoor:request-note": _reference,
    "frontdoor:request-safeguarding-concern": _at_risk_reference,
    "frontdoor:request-locality": _reference,
    "frontdoor:request-close": _reference,
    "frontdoor:request-reopen": _reference,
    "frontdoor:request-send": _refer,
    "frontdoor:referral": _uuid(referral),
    "frontdoor:referral-accept": _uuid(referral),
    "frontdoor:referral-decline": _uuid(referral),
    "frontdoor:referral-complete": _uuid(referral),
    # teams
    "teams:team": _team,
    "teams:members": _team,
    "teams:member-remove": _team_member,
    "teams:schedule": _team,
    "teams:series-new": _team,
    "teams:series-change": _series,
    "teams:series-end": _series,
    "teams:huddle-new": _team,
    "teams:huddle": _huddle,
    "teams:huddle-change": _huddle,
    "teams:huddle-cancel": _huddle,
    "teams:item-add": _huddle,
    "teams:item-remove": _item,
    "teams:item-move": _item,
    "teams:huddle-start": _huddle,
    "teams:item-record": _item,
    "teams:item-action": _item,
    "teams:item-chip-in": _item,
    "teams:item-bring-back": _item,
    "teams:huddle-note-taker": _huddle,
    "teams:huddle-attendance": _huddle,
    "teams:huddle-finish": _huddle,
    "teams:minutes-correct": _minutes,
    "teams:huddle-share": _minutes,
    "teams:action-close": _action,
    "teams:team-asks": _team,
    "teams:ask-new": _team,
    "teams:ask": _uuid(ask),
    "teams:ask-grant": _uuid(ask),
    "teams:ask-decline": _uuid(ask),
    "teams:ask-escalate": _escalate,
    "teams:ask-withdraw": _uuid(ask),
    # community
    "community:local-net-session": _uuid(local_net_session),
    "community:local-net-signed-up": _uuid(local_net_session),
    "community:local-net-signup-cancel": _signup_token,
    "community:local-net": _slug(local_net),
    "community:local-net-session-manage": _uuid(local_net_session),
    "community:local-net-signups": _uuid(local_net_session),
    "community:local-net-session-cancel": _uuid(local_net_session),
    "community:local-net-session-attendance": _uuid(local_net_session),
    "community:local-net-insight-add": _uuid(local_net_session),
    "community:local-net-insight-idea": _insight,
    "community:local-net-action-add": _uuid(local_net_session),
    "community:local-net-manage": _slug(local_net),
    "community:local-net-edit": _slug(local_net),
    "community:local-net-session-add": _slug(local_net),
    "community:idea-manage": _uuid(idea),
    "community:idea-contact": _uuid(idea),
    "community:idea-facilitator": _uuid(idea),
    "community:idea-stage": _uuid(idea),
    "community:idea-support": _uuid(idea),
    "community:idea-link": _uuid(idea),
    "community:pledge": _slug(campaign),
    "community:pledge-sign": _slug(campaign),
    "community:pledge-sign-organisation": _slug(campaign),
    "community:pledge-signed": _slug(campaign),
    "community:pledge-campaign": _slug(campaign),
    "community:pledge-campaign-publish": _slug(campaign),
    "community:pledge-signatures-csv": _slug(campaign),
    "community:pledge-progress": _organisation_pledge,
    "community:ambassador": _slug(ambassador),
    "community:ambassador-story": _published_story,
    "community:my-story": lambda w: {"story_uuid": story(w, "draft", "draft").uuid},
    "community:my-story-publish": lambda w: {"story_uuid": story(w, "draft", "draft").uuid},
    "community:my-story-withdraw": lambda w: {"story_uuid": story(w, "withdrawn", "published").uuid},
    # Open Referral UK
    "openreferral:service": _oruk(service),
    "openreferral:service-at-location": _oruk(lambda w: service(w).service_at_locations.get()),
    "openreferral:organization": _oruk(lambda w: w.organisation),
    "openreferral:taxonomy": _oruk(lambda w: term(w).taxonomy),
    "openreferral:taxonomy-term": _oruk(term),
    "openreferral:not-found": lambda w: {"path": "no/such/endpoint"},
    # the API (operations by their path's URL name)
    "^api/(?P<rest>.*)$": lambda w: {"rest": "no/such/operation"},
    "api-1:get_request": _reference,
    "api-1:triage_request": _reference,
    "api-1:accept_referral": lambda w: {"referral_id": str(referral(w).uuid)},
    "api-1:decline_referral": lambda w: {"referral_id": str(referral(w).uuid)},
    "api-1:get_locality": lambda w: {"slug": w.locality.slug},
    "api-1:get_postcode": lambda w: {"postcode": w.postcode.postcode},
}



# The coaching app's sample objects, one module per concept (`matrix_coaching/`).
from thriving.api.tests.matrix_coaching import tables as _coaching_tables  # noqa: E402

SAMPLES.update(_coaching_tables("SAMPLES"))

# The budgets app's sample objects, one module per concept (`matrix_budgets/`).
from thriving.api.tests.matrix_budgets import tables as _budgets_tables  # noqa: E402

SAMPLES.update(_budgets_tables("SAMPLES"))

# The stories app's sample objects, one module per concept (`matrix_stories/`).
from thriving.api.tests.matrix_stories import tables as _stories_tables  # noqa: E402

SAMPLES.update(_stories_tables("SAMPLES"))
