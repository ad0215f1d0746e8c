"""What the role-by-page matrix (`test_role_matrix.py`) asks of each page, where it is not a GET
answering 200: the method the page takes, what is sent, the status it answers a person it allows,
and, for pages about one object, the rules about that object the page applies after the policy:

- `scope`: whether the person may see the object at all (the query the page finds it with); a
  person outside it gets `hidden` (404, so that the object's existence is not revealed);
- `rule`: whether the person may do this to an object they can see (such as: only the note-taker
  corrects the minutes); a person it refuses gets 403.

The scope and rule functions ask the scopes the apps register (`thriving.core.access`) or their
own public queries, so that the matrix follows the rule each page uses rather than a copy of it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from thriving.api.tests.matrix_world import World, public_function
from thriving.community.models import Idea, LocalNet, LocalNetSession, PledgeCampaign
from thriving.core import access
from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Person, Referral
from thriving.teams.models import Action, Ask, Team


@dataclass(frozen=True)
class Page:
    method: str = "get"
    ok: int = 200  # the status for a person the policy (and the object's rules) allow
    signed_in: int | None = None  # the status instead for anyone signed in, on a public page
    data: Callable[[World], dict] | None = None  # the form (or JSON body) sent
    scope: Callable[[Any, World, dict], bool] | None = None
    hidden: int = 404
    rule: Callable[[Any, World, dict], bool] | None = None


def post(ok: int = 302, data: Callable[[World], dict] | None = None, **rules: Any) -> Page:
    return Page(method="post", ok=ok, data=data, **rules)


# --- The apps' rules about objects -------------------------------------------------------------

LOCAL_NETS = ("thriving.community.queries.local_nets", "thriving.community.queries_local_nets")


def sees_request(user: Any, w: World, kw: dict) -> bool:
    return visible(HelpRequest, user, reference=kw["reference"])


def sees_person(user: Any, w: World, kw: dict) -> bool:
    return visible(Person, user, uuid=kw["uuid"])


def sees_referral(user: Any, w: World, kw: dict) -> bool:
    return visible(Referral, user, uuid=kw["uuid"])


def took_request(user: Any, w: World, kw: dict) -> bool:
    """The page that shows a worker the reference of a request they took, to them alone."""
    return w.made["request"].taken_by_id == user.pk


def visible(model: Any, user: Any, action: str = "view", **lookup: Any) -> bool:
    """Whether the object is within the person's scope for the action, as the page fetches it."""
    return access.restrict(model._default_manager.all(), user, action).filter(**lookup).exists()


def sees_team(user: Any, w: World, kw: dict) -> bool:
    return visible(Team, user, slug=kw["slug"])


def works_in_team(user: Any, w: World, kw: dict) -> bool:
    """Huddles, their agenda and actions: current members and linked enablers of the team."""
    return visible(Team, user, "work", slug=kw["slug"])


def owns_or_works_on_action(user: Any, w: World, kw: dict) -> bool:
    """Its owner, or a current member of its team."""
    return visible(Action, user, uuid=kw["action_uuid"])


def sees_team_asks(user: Any, w: World, kw: dict) -> bool:
    return visible(Team, user, "view_asks", slug=kw["slug"])


def asks_for_team(user: Any, w: World, kw: dict) -> bool:
    return visible(Team, user, "ask", slug=kw["slug"])


def sees_ask(user: Any, w: World, kw: dict) -> bool:
    return visible(Ask, user, uuid=kw["uuid"])


def asks_in_team(user: Any, w: World, kw: dict) -> bool:
    """Only the team's own members and volunteers withdraw its asks (not its linked enablers)."""
    return visible(Team, user, "ask", pk=w.team.pk)


def takes_notes(user: Any, w: World, kw: dict) -> bool:
    return w.made["finished"].note_taker_id == user.pk


def sees_local_net(user: Any, w: World, kw: dict) -> bool:
    return visible(LocalNet, user, slug=kw["slug"])


def sees_session(user: Any, w: World, kw: dict) -> bool:
    return visible(LocalNetSession, user, uuid=kw["uuid"])


def adds_team_actions(user: Any, w: World, kw: dict) -> bool:
    return public_function("may_add_actions", *LOCAL_NETS)(user, w.made["local_net"].team)


def sees_idea(user: Any, w: World, kw: dict) -> bool:
    return visible(Idea, user, uuid=kw["uuid"])


def runs_campaign(user: Any, w: World, kw: dict) -> bool:
    return visible(PledgeCampaign, user, slug=kw["slug"])


def own_story(user: Any, w: World, kw: dict) -> bool:
    return w.made["ambassador"].user_id == user.pk


# --- What is sent --------------------------------------------------------------------------------


def _uuid(user: Any) -> str:
    return str(user.uuid)


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def _free_day() -> str:
    """A day in the future with no sample huddle on it (the sample huddle is a day from now, at
    whatever time the world was made, so a huddle asked for tomorrow could clash with it)."""
    return (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


def _request_version(w: World) -> int:
    return w.made["request"].version


PAGES: dict[str, Page] = {
    # core
    "core:sign-in": Page(signed_in=302),  # to the person's home
    "core:second-factor": Page(ok=302),  # to setting up an authenticator app, for a person without one
    "core:recovery-code": Page(ok=302),  # to the code step, for a person without recovery codes
    "core:recovery-codes": Page(ok=302),  # to setting up an authenticator app, for a person without one
    "core:sign-out": post(),
    "core:password-reset-confirm": Page(ok=302),  # a valid link goes on to choosing the password
    "core:user-add-role": post(data=lambda w: {"role": Role.ANALYST, "locality": w.locality.slug}),
    "core:user-remove-role": post(data=lambda w: {"membership": str(w.made["subject"].matrix_membership.uuid)}),
    "core:user-reset-second-factor": post(),
    # directory
    "directory:service-confirm": post(),
    "directory:change-approve": post(),
    "directory:change-reject": post(data=lambda w: {"reason": "Not quite right"}),
    "directory:problem-resolve": post(),
    "directory:feed-pause": post(),
    "directory:feed-harvest": post(),  # queued: the worker harvests it once the page's transaction commits
    "directory:feed-apply": post(),  # with no held harvest, back to the feed saying so
    # front door: the public journey goes back to its first unanswered question
    **dict.fromkeys([f"frontdoor:ask-{step}" for step in (
        "who", "asker", "name", "story", "needs", "postcode", "contact", "contact-detail", "consent", "check",
    )], Page(ok=302)),
    "frontdoor:ask-done": Page(ok=302),
    "frontdoor:person": Page(scope=sees_person),
    "frontdoor:person-edit": Page(scope=sees_person),
    "frontdoor:person-consent": Page(scope=sees_person),
    "frontdoor:consent-withdraw": Page(scope=sees_person),
    "frontdoor:household-add": Page(scope=sees_person),
    "frontdoor:household-link": Page(scope=sees_person),
    "frontdoor:household-remove": Page(scope=sees_person),
    "frontdoor:safeguarding-add": Page(scope=sees_person),
    "frontdoor:person-merge": Page(scope=sees_person),
    "frontdoor:person-merge-confirm": Page(scope=sees_person),
    "frontdoor:intake-done": Page(scope=took_request),
    "frontdoor:request": Page(scope=sees_request),
    "frontdoor:request-triage": post(scope=sees_request, data=lambda w: {
        "triage-version": _request_version(w), "triage-level": 2, "triage-urgency": "routine"}),
    "frontdoor:request-refer": post(scope=sees_request, data=lambda w: {
        "refer-service": str(w.made["second_service"].uuid), "refer-message": "Can you help?"}),
    "frontdoor:request-huddle": post(scope=sees_request, data=lambda w: {
        "huddle-version": _request_version(w), "huddle-flag": "on", "huddle-reason": "Stuck"}),
    "frontdoor:request-note": post(scope=sees_request, data=lambda w: {"note-text": "Called back"}),
    "frontdoor:request-safeguarding-concern": post(scope=sees_request, data=lambda w: {
        "safeguarding-text": "Said their partner locked them in"}),
    "frontdoor:request-locality": post(ok=400, scope=sees_request, data=lambda w: {  # it is there already
        "locality-version": _request_version(w), "locality-locality": w.locality.slug}),
    "frontdoor:request-close": post(scope=sees_request, data=lambda w: {
        "close-version": _request_version(w), "close-outcome": "met", "close-outcome_level": 2}),
    "frontdoor:request-reopen": post(ok=400, scope=sees_request, data=lambda w: {  # it is still open
        "reopen-version": _request_version(w), "reopen-reason": "More to do"}),
    "frontdoor:request-send": post(scope=sees_request, data=lambda w: {
        "send-services": str(w.made["second_service"].uuid), "send-email": "robin@example.org"}),
    "frontdoor:referral": Page(scope=sees_referral),
    "frontdoor:referral-accept": post(scope=sees_referral, data=lambda w: {
        "accept-version": w.made["referral"].version}),
    "frontdoor:referral-decline": post(scope=sees_referral, data=lambda w: {
        "decline-version": w.made["referral"].version, "decline-reason": "no_capacity"}),
    "frontdoor:referral-complete": post(ok=400, scope=sees_referral, data=lambda w: {  # not accepted yet
        "complete-version": w.made["referral"].version, "complete-note": "Helped"}),
    # teams
    "teams:team": Page(scope=sees_team),
    "teams:members": Page(scope=sees_team),
    "teams:member-remove": post(scope=sees_team),
    "teams:schedule": Page(scope=works_in_team),
    "teams:series-new": post(scope=works_in_team, data=lambda w: {
        "series-first_on": _free_day(), "series-starts_at": "10:00", "series-minutes": 60, "series-every": 1,
        "series-place_text": "The hall"}),
    "teams:series-change": Page(scope=works_in_team),
    "teams:series-end": post(scope=works_in_team),
    "teams:huddle-new": post(scope=works_in_team, data=lambda w: {
        "once-on": _free_day(), "once-starts_at": "10:00", "once-minutes": 60, "once-place_text": "The hall"}),
    "teams:huddle": Page(scope=works_in_team),
    "teams:huddle-change": Page(scope=works_in_team),
    "teams:huddle-cancel": post(scope=works_in_team, data=lambda w: {"version": w.made["huddle"].version}),
    "teams:item-add": post(scope=works_in_team, data=lambda w: {"title": "Benches"}),
    "teams:item-remove": post(scope=works_in_team),
    "teams:item-move": post(scope=works_in_team),
    "teams:huddle-start": post(scope=works_in_team, data=lambda w: {
        "version": w.made["huddle"].version, "note_taker": _uuid(w.users[Role.TEAM_MEMBER]),
        "confirm_early": "on"}),  # the huddle is planned for a later day
    "teams:item-record": post(ok=400, scope=works_in_team, data=lambda w: {  # not running yet
        f"item{w.made['item'].uuid.hex}-version": w.made["item"].version,
        f"item{w.made['item'].uuid.hex}-discussion": "Talked"}),
    "teams:item-action": post(scope=works_in_team, data=lambda w: {
        f"action{w.made['item'].uuid.hex}-title": "Ring the council",
        f"action{w.made['item'].uuid.hex}-owner": _uuid(w.users[Role.TEAM_MEMBER]),
        f"action{w.made['item'].uuid.hex}-due_on": _tomorrow()}),
    "teams:item-chip-in": post(scope=works_in_team),
    "teams:item-bring-back": post(ok=400, scope=works_in_team),  # not covered
    "teams:huddle-attendance": post(ok=400, scope=works_in_team, data=lambda w: {  # not running yet
        "attendance-version": w.made["huddle"].version, "attendance-attendees": [_uuid(w.users[Role.TEAM_MEMBER])]}),
    "teams:huddle-note-taker": post(ok=400, scope=works_in_team, data=lambda w: {  # not running yet
        "note-version": w.made["huddle"].version, "note-note_taker": _uuid(w.users[Role.ENABLER])}),
    "teams:huddle-finish": post(ok=400, scope=works_in_team, data=lambda w: {  # not running yet
        "version": w.made["huddle"].version}),
    "teams:minutes-correct": Page(scope=works_in_team, rule=takes_notes),
    "teams:huddle-share": post(scope=works_in_team, data=lambda w: {"version": w.made["finished"].version}),
    "teams:action-close": post(scope=owns_or_works_on_action, data=lambda w: {
        f"a{w.made['action'].uuid.hex}-version": w.made["action"].version,
        f"a{w.made['action'].uuid.hex}-status": "done", f"a{w.made['action'].uuid.hex}-outcome": "Done"}),
    "teams:team-asks": Page(scope=sees_team_asks),
    "teams:ask-new": Page(scope=asks_for_team),
    "teams:ask": Page(scope=sees_ask),
    "teams:ask-grant": post(scope=sees_ask, data=lambda w: {"grant-version": w.made["ask"].version}),
    "teams:ask-decline": post(scope=sees_ask, data=lambda w: {
        "decline-version": w.made["ask"].version, "decline-reason": "Not now"}),
    "teams:ask-escalate": post(scope=sees_ask, data=lambda w: {
        "escalate-version": w.made["ask"].version, "escalate-to": _uuid(w.made["second_enabler"]),
        "escalate-due_on": _tomorrow()}),
    "teams:ask-withdraw": post(scope=sees_ask, rule=asks_in_team, data=lambda w: {
        "withdraw-version": w.made["ask"].version, "withdraw-reason": "Sorted"}),
    # community: public pages that follow a sign-up go back to the page signed
    "community:local-net-signed-up": Page(ok=302),
    "community:pledge-signed": Page(ok=302),
    "community:idea-sent": Page(ok=302),
    "community:pledge-sign": post(ok=400),  # an empty pledge: its error summary
    "community:pledge-sign-organisation": post(ok=400),
    "community:local-net-manage": Page(scope=sees_local_net),
    "community:local-net-edit": Page(scope=sees_local_net),
    "community:local-net-session-add": post(ok=400, scope=sees_local_net),  # an empty session: its errors
    "community:local-net-session-manage": Page(scope=sees_session),
    "community:local-net-signups": Page(scope=sees_session),
    "community:local-net-session-cancel": post(scope=sees_session, data=lambda w: {
        "cancel-version": w.made["session"].version}),
    "community:local-net-session-attendance": post(ok=400, scope=sees_session, data=lambda w: {  # not held yet
        "attendance-version": w.made["session"].version, "attendance-attendance": 12}),
    "community:local-net-insight-add": post(scope=sees_session, data=lambda w: {"insight-text": "More benches"}),
    "community:local-net-insight-idea": post(scope=sees_session, data=lambda w: {"idea-title": "Benches"}),
    "community:local-net-action-add": post(scope=sees_session, rule=adds_team_actions, data=lambda w: {
        "action-title": "Ask for benches", "action-owner": _uuid(w.users[Role.TEAM_MEMBER]),
        "action-due_on": _tomorrow()}),
    "community:idea-manage": Page(scope=sees_idea),
    "community:idea-contact": post(ok=200, scope=sees_idea),  # shows the proposer's details, recorded
    "community:idea-facilitator": post(scope=sees_idea, data=lambda w: {
        "facilitator-version": w.made["idea"].version, "facilitator-facilitator": _uuid(w.users[Role.COACH])}),
    "community:idea-stage": post(scope=sees_idea, data=lambda w: {
        "stage-version": w.made["idea"].version, "stage-stage": "exploring"}),
    "community:idea-support": post(scope=sees_idea, data=lambda w: {"support-text": "Met the vicar"}),
    "community:idea-link": post(scope=sees_idea, data=lambda w: {"link-session": str(w.made["session"].uuid)}),
    "community:pledge-campaign": Page(scope=runs_campaign),
    "community:pledge-campaign-publish": post(scope=runs_campaign, data=lambda w: {
        "publish-version": w.made["campaign"].version, "publish-published": ""}),
    "community:pledge-signatures-csv": Page(scope=runs_campaign),
    "community:pledge-progress": post(scope=runs_campaign, data=lambda w: {
        f"progress-{w.made['organisation_pledge'].uuid}-status": "started",
        f"progress-{w.made['organisation_pledge'].uuid}-note": "Hall booked"}),
    "community:my-story": Page(scope=own_story),
    "community:my-story-publish": post(scope=own_story, data=lambda w: {
        "move-version": w.made["story-draft"].version}),
    "community:my-story-withdraw": post(scope=own_story, data=lambda w: {
        "move-version": w.made["story-withdrawn"].version}),
    # Open Referral UK and the API's own pages
    "openreferral:not-found": Page(ok=404),
    "api-1:api-root": Page(ok=404),
    "^api/(?P<rest>.*)$": Page(ok=404),
    # API operations, by their function's name
    "api-1:take_request": Page(method="post", ok=201, data=lambda w: {
        "person": {"given_name": "Sam"}, "description": "Needs food this week", "postcode": "DE7 8QA"}),
    "api-1:get_request": Page(scope=sees_request),
    "api-1:triage_request": Page(method="post", scope=sees_request, data=lambda w: {
        "level": 2, "urgency": "routine", "version": _request_version(w)}),
    "api-1:accept_referral": Page(method="post", data=lambda w: {"version": w.made["referral"].version}),
    "api-1:decline_referral": Page(method="post", data=lambda w: {
        "version": w.made["referral"].version, "reason": "no_capacity"}),
}


# The coaching app's pages, one module per concept (`matrix_coaching/`).
from thriving.api.tests.matrix_coaching import tables as _coaching_tables  # noqa: E402

PAGES.update(_coaching_tables("PAGES"))

# The budgets app's pages, one module per concept (`matrix_budgets/`).
from thriving.api.tests.matrix_budgets import tables as _budgets_tables  # noqa: E402

PAGES.update(_budgets_tables("PAGES"))

# The stories app's pages, one module per concept (`matrix_stories/`).
from thriving.api.tests.matrix_stories import tables as _stories_tables  # noqa: E402

PAGES.update(_stories_tables("PAGES"))
