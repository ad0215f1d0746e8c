"""Starting coaching through its page: from a level-3 front-door request (a family), on a
connected team's decision, and by a coach's self-referral; every bad input refused clearly, with
nothing saved; and the front door's request page offering "Start coaching"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import Coach, CoachingConsent, CoachingRelationship, Member
from thriving.coaching.tests.factories import CoachingRelationshipFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
START = reverse("coaching:start")
STATEMENT = "I agree to coaching, and to my coach keeping notes."


@pytest.fixture
def hub(user_with_role, shirebrook):
    return user_with_role(Role.HUB_WORKER, locality=shirebrook)


@pytest.fixture
def level_3(family, shirebrook, hub):
    """Dana's request, triaged at level 3, taken by the hub worker."""
    return HelpRequestFactory(person=family[1][0], locality=shirebrook, level=3, status="triaged", taken_by=hub)


def started_on(when: datetime.date | None = None, **parts: str) -> dict:
    """The start date as the GOV.UK date input sends it: day, month and year (`parts` to change one)."""
    when = when or timezone.localdate()
    found = {"started_on_day": str(when.day), "started_on_month": str(when.month), "started_on_year": str(when.year)}
    found.update({f"started_on_{name}": value for name, value in parts.items()})
    return found


def answers(lead, person, **changes):
    data = {
        "kind": "person", "locality": person.locality.slug, "lead": str(lead.uuid), "review_weeks": "6",
        **started_on(), "route_note": "", "consent": "on",
        "consent_method": "in_person", "consent_statement": STATEMENT, "consent_by": str(person.uuid),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def from_request(level_3):
    return f"{START}?request={level_3.reference}"


def test_a_hub_worker_refers_a_family_from_a_level_3_request(client, hub, coach, coaching_org, level_3, family):
    _, (dana, lee, kai) = family
    client.force_login(hub)
    page = client.get(from_request(level_3))
    assert page.status_code == 200
    body = page.content.decode()
    for shown in ("Dana Marsh", "Lee Marsh", level_3.reference):
        assert shown in body
    assert page["Cache-Control"] == "no-store"
    response = client.post(from_request(level_3), answers(
        coach, dana, kind="family", members=[str(lee.uuid), str(kai.uuid)], share_referrer="on",
        route_note="Dana asked for help with the children's school mornings"))
    assert response.status_code == 302, response.content.decode()[:2000]
    relationship = CoachingRelationship.objects.get()
    assert (relationship.kind, relationship.route, relationship.request, relationship.referred_by) == (
        "family", "front_door", level_3, hub)
    assert relationship.household == dana.household
    assert relationship.organisation == coaching_org
    assert set(Member.objects.filter(relationship=relationship).values_list("person__given_name", flat=True)) == {
        "Dana", "Lee", "Kai"}
    assert list(relationship.coaches.values_list("user", "is_lead")) == [(coach.pk, True)]
    assert set(relationship.consents.values_list("scope", "statement")) == {
        ("coaching", STATEMENT), ("share_referrer", CoachingConsent.objects.get(scope="share_referrer").statement)}
    assert AuditEvent.objects.filter(event="coaching.started", subject="Dana Marsh (family)", actor=hub).exists()
    # The hub worker does not coach: they see its progress, with Dana's consent, and no more.
    assert response.url == reverse("coaching:relationship", args=[relationship.uuid])
    overview = client.get(response.url)
    assert overview.status_code == 200
    assert 'data-testid="progress-only"' in overview.content.decode()


def test_a_request_not_at_level_3_cannot_be_referred(client, hub, coach, level_3, family):
    level_3.level = 2
    level_3.save()
    client.force_login(hub)
    page = client.get(from_request(level_3))
    assert page.status_code == 400
    assert "Only a request triaged at level 3" in page.content.decode()
    response = client.post(from_request(level_3), answers(coach, family[1][0]))
    assert response.status_code == 400
    assert not CoachingRelationship.objects.exists()


def test_a_request_the_worker_does_not_work_on_is_not_found(client, user_with_role, level_3):
    elsewhere = user_with_role(Role.HUB_WORKER, locality=LocalityFactory())
    client.force_login(elsewhere)
    assert client.get(from_request(level_3)).status_code == 404
    assert client.get(f"{START}?request=TH-NONE-XXXX").status_code == 404


def test_no_consent_to_coaching_is_refused_and_nothing_is_saved(client, hub, coach, level_3, family):
    client.force_login(hub)
    response = client.post(from_request(level_3), answers(coach, family[1][0], consent=None))
    assert response.status_code == 400
    assert "cannot start without the person&#x27;s consent to coaching" in response.content.decode()
    assert 'data-testid="errors"' in response.content.decode()
    assert not CoachingRelationship.objects.exists()


def test_a_coach_who_is_not_in_the_persons_locality_or_team_is_refused(
    client, hub, user_with_role, level_3, family
):
    away = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=LocalityFactory(name="Bolsover"))
    client.force_login(hub)
    response = client.post(from_request(level_3), answers(away, family[1][0]))
    assert response.status_code == 400
    assert "a coach who is not in the person&#x27;s locality or team" in response.content.decode()
    assert not CoachingRelationship.objects.exists()
    # Someone with no coaching role is not offered at all.
    response = client.post(from_request(level_3), answers(hub, family[1][0]))
    assert response.status_code == 400
    assert "Choose a coach from the list." in response.content.decode()


def test_a_second_active_coaching_with_the_same_organisation_is_refused(
    client, hub, coach, coaching_org, level_3, family, shirebrook
):
    dana = family[1][0]
    CoachingRelationshipFactory(person=dana, organisation=coaching_org, locality=shirebrook, lead=coach)
    client.force_login(hub)
    response = client.post(from_request(level_3), answers(coach, dana))
    assert response.status_code == 400
    assert "Dana Marsh already has active coaching with Bolsover Family Coaching" in response.content.decode()
    assert CoachingRelationship.objects.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"review_weeks": "0"}, "Review goals at least every 52 weeks"),
    ({"review_weeks": "often"}, "as a number of weeks"),
    (started_on(timezone.localdate() + datetime.timedelta(days=2)), "cannot be in the future"),
    (started_on(day="31", month="2", year="2025"), "must be a real date"),
    (started_on(year="25"), "Year must include 4 numbers"),
    ({"locality": ""}, "Choose the locality"),
    ({"consent_statement": ""}, "Enter the words the person agreed to"),
    ({"consent_method": ""}, "Choose how they gave their consent"),
    ({"kind": "family", "members": None}, "Choose the household members"),
])
def test_bad_answers_are_shown_in_the_error_summary(client, hub, coach, level_3, family, changes, message):
    client.force_login(hub)
    response = client.post(from_request(level_3), answers(coach, family[1][0], **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CoachingRelationship.objects.exists()


def test_a_connected_team_member_starts_coaching_on_the_teams_decision(
    client, user_with_role, shirebrook, family
):
    team = TeamFactory(locality=shirebrook)
    member = user_with_role(Role.TEAM_MEMBER, locality=shirebrook)
    TeamMemberFactory(team=team, user=member)
    # A coach of a partner organisation from elsewhere, who is in the team: eligible through it.
    partner = user_with_role(Role.COACH, organisation=OrganisationFactory(name="Partner Coaching"),
                             locality=LocalityFactory())
    TeamMemberFactory(team=team, user=partner)
    dana = family[1][0]
    HelpRequestFactory(person=dana, locality=shirebrook, taken_by=member)  # so the member may see Dana
    client.force_login(member)
    found = client.get(f"{START}?team={team.slug}&q=Dana Marsh")
    assert found.status_code == 200
    assert "Start coaching for Dana Marsh" in found.content.decode()
    url = f"{START}?team={team.slug}&q=Dana+Marsh&person={dana.uuid}"
    assert client.get(url).status_code == 200
    response = client.post(url, answers(partner, dana, route_note=""))
    assert response.status_code == 400
    assert "Enter what the team decided." in response.content.decode()
    response = client.post(url, answers(partner, dana, route_note="The huddle agreed Dana wants coaching",
                                        share_team="on"))
    assert response.status_code == 302
    relationship = CoachingRelationship.objects.get()
    assert (relationship.route, relationship.team, relationship.route_note) == (
        "team", team, "The huddle agreed Dana wants coaching")
    assert relationship.organisation.name == "Partner Coaching"
    assert relationship.consents.filter(scope="share_team").exists()


def test_only_a_member_of_the_team_starts_coaching_on_its_decision(client, user_with_role, shirebrook):
    team = TeamFactory(locality=shirebrook)
    outsider = user_with_role(Role.ADMINISTRATOR)  # sees every team, is in none, may not start coaching
    client.force_login(outsider)
    assert client.get(f"{START}?team={team.slug}").status_code == 403
    coach = user_with_role(Role.COACH, locality=shirebrook)
    client.force_login(coach)
    assert client.get(f"{START}?team={team.slug}").status_code == 404  # a team they cannot see


def test_a_coach_takes_a_self_referral_for_a_person_they_may_see(client, coach, coaching_org, family, shirebrook):
    dana = family[1][0]
    client.force_login(coach)
    nobody = client.get(f"{START}?q=Dana Marsh")
    assert "Nobody found" in nobody.content.decode()  # not yet one of theirs
    HelpRequestFactory(person=dana, locality=shirebrook, taken_by=coach)
    url = f"{START}?q=Dana+Marsh&person={dana.uuid}"
    page = client.get(url)
    assert page.status_code == 200
    assert "share_referrer" not in page.content.decode()  # no one referred a self-referral
    response = client.post(url, answers(coach, dana, review_weeks="4"))
    assert response.status_code == 302
    relationship = CoachingRelationship.objects.get()
    assert (relationship.route, relationship.referred_by, relationship.review_weeks) == ("self", None, 4)
    assert Coach.objects.get(relationship=relationship).user == coach
    assert client.get(response.url).status_code == 200


def test_a_person_the_coach_may_not_see_is_not_found(client, coach):
    stranger = PersonFactory(given_name="Sam", family_name="Stranger")
    client.force_login(coach)
    assert client.get(f"{START}?q=Sam+Stranger&person={stranger.uuid}").status_code == 404


def test_a_hub_worker_without_a_request_is_told_where_to_start(client, hub):
    client.force_login(hub)
    response = client.get(START)
    assert response.status_code == 200
    assert "starts from a help request triaged at level 3" in response.content.decode()


# --- The front door's request page ------------------------------------------------------------


def test_the_request_page_offers_start_coaching_for_a_level_3_request(client, hub, level_3):
    client.force_login(hub)
    page = client.get(reverse("frontdoor:request", args=[level_3.reference])).content.decode()
    assert f'href="{START}?request={level_3.reference}"' in page
    assert "Start coaching" in page


def test_the_request_page_no_longer_offers_coaching_once_it_has_begun(client, hub, level_3, coach):
    CoachingRelationshipFactory(person=level_3.person, request=level_3, locality=level_3.locality, lead=coach)
    client.force_login(hub)
    assert "Start coaching" not in client.get(reverse("frontdoor:request", args=[level_3.reference])).content.decode()


def test_the_request_page_does_not_offer_coaching_below_level_3_or_to_others(
    client, hub, level_3, user_with_role, shirebrook
):
    url = reverse("frontdoor:request", args=[level_3.reference])
    staff = user_with_role(Role.ORGANISATION_STAFF, organisation=OrganisationFactory())
    level_3.taken_by = staff  # sees the request, does not work on it, may not start coaching
    level_3.save()
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert "Start coaching" not in client.get(url).content.decode()
    level_3.level = 2
    level_3.save()
    client.force_login(hub)
    assert "Start coaching" not in client.get(url).content.decode()
