"""The world of the role-by-page matrix (`test_role_matrix.py`): a locality, an organisation in
it, one person per role scoped to them, a connected team, and the objects several pages share, made
with the apps' factories. The table of each page's objects is `matrix_samples.SAMPLES`."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from thriving.community.tests.factories import (
    AmbassadorProfileFactory,
    GoodNewsStoryFactory,
    IdeaFactory,
    LocalNetFactory,
    LocalNetSessionFactory,
    PledgeCampaignFactory,
)
from thriving.core.models import Role
from thriving.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from thriving.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from thriving.frontdoor.tests.factories import (
    ConsentFactory,
    HelpRequestFactory,
    HouseholdFactory,
    PersonFactory,
    ReferralFactory,
)
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory
from thriving.teams.tests.factories import (
    AgendaItemFactory,
    AskFactory,
    HuddleFactory,
    TeamFactory,
    TeamMemberFactory,
)

# Where each role's membership is scoped, as the demo gives them: by the world's locality, its
# organisation, both, or neither (everywhere).
SCOPES = {
    Role.HUB_WORKER: ("locality",),
    Role.ORGANISATION_STAFF: ("organisation",),
    Role.TEAM_MEMBER: ("organisation", "locality"),
    Role.COACH: ("organisation", "locality"),
    Role.COACH_LEAD: ("organisation", "locality"),
    Role.ENABLER: ("organisation",),
    Role.BOARD_MEMBER: ("organisation",),
    Role.ANALYST: ("organisation",),
    Role.DIRECTORY_EDITOR: ("organisation",),
    Role.ADMINISTRATOR: (),
    Role.DATA_PROTECTION_OFFICER: ("organisation",),
    Role.SAFEGUARDING_LEAD: ("locality",),
    Role.AMBASSADOR: ("locality",),
}


@dataclass
class World:
    locality: Any
    organisation: Any
    postcode: Any
    users: dict[str, Any]
    team: Any
    made: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """An object several pages share, made the first time one asks for it."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


def build_world() -> World:
    locality = LocalityFactory(name="Matrixton", slug="matrixton")
    postcode = PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality))
    organisation = OrganisationFactory(name="Matrix Community Group", slug="matrix-community-group")
    organisation.localities.add(locality)
    users = {}
    for role in Role.values:
        user = UserFactory(full_name=f"Matrix {Role(role).label}", email=f"matrix-{role}@example.org")
        scope = {name: {"locality": locality, "organisation": organisation}[name] for name in SCOPES[role]}
        MembershipFactory(user=user, role=role, **scope)
        users[role] = user
    team = TeamFactory(name="Matrixton Team", slug="matrixton-team", locality=locality)
    TeamMemberFactory(team=team, user=users[Role.TEAM_MEMBER])
    TeamMemberFactory(team=team, user=users[Role.ENABLER], kind="enabler")
    return World(locality=locality, organisation=organisation, postcode=postcode, users=users, team=team)


def public_function(name: str, *modules: str) -> Callable:
    """A function of another app's public module, wherever its layout keeps it now."""
    for module in modules:
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise LookupError(f"{name} is in none of {modules}")


# --- Shared objects --------------------------------------------------------------------------


def subject(w: World) -> Any:
    """A member of staff whose account the administrator pages show."""

    def make() -> Any:
        user = UserFactory(full_name="Matrix Subject")
        user.matrix_membership = MembershipFactory(user=user, role=Role.COACH, organisation=w.organisation)
        return user

    return w.once("subject", make)


def service(w: World) -> Any:
    def make() -> Any:
        found = ServiceFactory(organisation=w.organisation, name="Matrix Food Club")
        found.matrix_location = LocationFactory(locality=w.locality)
        ServiceAtLocationFactory(service=found, location=found.matrix_location)
        found.needs.add(term(w))
        return found

    return w.once("service", make)


def term(w: World) -> Any:
    return w.once("term", lambda: TaxonomyTermFactory(name="Food"))


def person(w: World) -> Any:
    def make() -> Any:
        found = PersonFactory(locality=w.locality, household=HouseholdFactory(), given_name="Robin",
                              family_name="Matrix")
        found.matrix_consent = ConsentFactory(person=found)
        return found

    return w.once("person", make)


def help_request(w: World) -> Any:
    """A request for food in the locality, taken by the hub worker, referred to the organisation."""

    def make() -> Any:
        found = HelpRequestFactory(person=person(w), locality=w.locality, status="referred",
                                   taken_by=w.users[Role.HUB_WORKER])
        found.needs.add(term(w))
        return found

    return w.once("request", make)


def referral(w: World) -> Any:
    return w.once("referral", lambda: ReferralFactory(
        request=help_request(w), service=service(w), consent=person(w).matrix_consent))


def huddle(w: World) -> Any:
    return w.once("huddle", lambda: HuddleFactory(team=w.team))


def agenda_item(w: World) -> Any:
    return w.once("item", lambda: AgendaItemFactory(huddle=huddle(w)))


def ask(w: World) -> Any:
    return w.once("ask", lambda: AskFactory(team=w.team, enabler=w.users[Role.ENABLER],
                                            created_by=w.users[Role.TEAM_MEMBER]))


def local_net(w: World) -> Any:
    return w.once("local_net", lambda: LocalNetFactory(locality=w.locality, team=w.team))


def local_net_session(w: World) -> Any:
    return w.once("session", lambda: LocalNetSessionFactory(local_net=local_net(w)))


def idea(w: World) -> Any:
    return w.once("idea", lambda: IdeaFactory(locality=w.locality))


def campaign(w: World) -> Any:
    return w.once("campaign", lambda: PledgeCampaignFactory(locality=w.locality, team=w.team))


def ambassador(w: World) -> Any:
    return w.once("ambassador", lambda: AmbassadorProfileFactory(user=w.users[Role.AMBASSADOR], locality=w.locality))


def story(w: World, key: str, status: str) -> Any:
    return w.once(f"story-{key}", lambda: GoodNewsStoryFactory(
        ambassador=ambassador(w), status=status,
        published_at=timezone.now() if status == "published" else None))


def second_service(w: World) -> Any:
    """Another service for food in the locality, not yet referred to: to refer to, or to send."""

    def make() -> Any:
        found = ServiceFactory(organisation=w.organisation, name="Matrix Pantry")
        ServiceAtLocationFactory(service=found, location=LocationFactory(locality=w.locality))
        found.needs.add(term(w))
        found.localities.add(w.locality)
        return found

    return w.once("second_service", make)
