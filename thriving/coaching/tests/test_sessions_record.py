"""Recording a session through its page: what is saved, the next steps, the review's way on to the
ratings, `last_session_on`, the audit trail, and every bad input answered with an error summary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from thriving.coaching.models import CoachingSession, NextStep
from thriving.coaching.tests.factories import CoachFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import OrganisationFactory, UserFactory
from thriving.directory.tests.factories import LocationFactory
from thriving.frontdoor.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def date_parts(prefix: str, day: datetime.date | None) -> dict:
    if day is None:
        return {}
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def step(number: int, text: str = "", owner: str = "", due: datetime.date | None = None) -> dict:
    found = {f"step{number}-text": text, f"step{number}-owner": owner}
    found.update(date_parts(f"step{number}-due_on", due))
    return found


def data(people, **extra) -> dict:
    return {**date_parts("held_on", today()), "where": "home", "people": [str(p.uuid) for p in people],
            "notes": "Talked about the school run.", **extra}


def add_url(relationship) -> str:
    return reverse("coaching:session-add", kwargs={"uuid": relationship.uuid})


def errors(response) -> str:
    content = response.content.decode()
    assert "There is a problem" in content
    return content


def test_the_page_offers_the_members_the_other_coaches_and_the_places_in_the_locality(
    client, relationship, coach, family, shirebrook, user_with_role
):
    partner = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    partner.full_name = "Pat Partner"
    partner.save()
    CoachFactory(relationship=relationship, user=partner)
    LocationFactory(name="Shirebrook Library", locality=shirebrook, is_space_and_place=True)
    LocationFactory(name="Bolsover Leisure Centre", is_space_and_place=True)  # another locality
    LocationFactory(name="The council offices", locality=shirebrook)  # not a Space & Place
    client.force_login(coach)
    response = client.get(add_url(relationship))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Shirebrook Library" in page
    assert "Which Space &amp; Place</label>" in page  # needed only with its choice: not "(optional)"
    assert "What was talked about (optional)</label>" in page
    assert "Bolsover Leisure Centre" not in page
    assert "The council offices" not in page
    for name in ("Dana Marsh", "Lee Marsh", "Kai Marsh", "Pat Partner"):
        assert name in page
    assert f'name="held_on_day" type="text" inputmode="numeric" value="{today().day}"' in page


def test_recording_a_session_with_two_next_steps(client, relationship, coach, family, shirebrook, user_with_role):
    dana, lee, _kai = family[1]
    partner = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    CoachFactory(relationship=relationship, user=partner)
    library = LocationFactory(name="Shirebrook Library", locality=shirebrook, is_space_and_place=True)
    due = today() + datetime.timedelta(days=7)
    client.force_login(coach)
    response = client.post(add_url(relationship), {
        **data([dana, lee], where="place", place=str(library.uuid), others_present="Dana's mum",
               coaches=[str(partner.uuid)]),
        **step(1, "Ring the school about breakfast club", f"person:{dana.uuid}", due),
        **step(2, "Find the number for the debt advice line", f"user:{coach.uuid}", due),
        **step(3),
    })
    session = CoachingSession.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("coaching:session", kwargs={"uuid": relationship.uuid,
                                                               "session_uuid": session.uuid})
    assert session.held_on == today()
    assert session.place == library
    assert set(session.people.all()) == {dana, lee}
    assert set(session.coaches.all()) == {coach, partner}  # the recording coach is added
    assert session.others_present == "Dana's mum"
    assert session.created_by == coach
    assert list(NextStep.objects.order_by("pk").values_list("text", "owner_person", "owner_user", "due_on")) == [
        ("Ring the school about breakfast club", dana.pk, None, due),
        ("Find the number for the debt advice line", None, coach.pk, due)]
    relationship.refresh_from_db()
    assert relationship.last_session_on == today()
    event = AuditEvent.objects.get(event="coaching.session_recorded")
    assert event.actor == coach
    assert event.subject == "Dana Marsh (family)"
    assert event.purpose == "coaching"
    assert event.changes["next_steps"] == 2


def test_a_session_on_another_day(client, relationship, coach, family):
    earlier = today() - datetime.timedelta(days=10)
    client.force_login(coach)
    client.post(add_url(relationship), data([family[1][0]], **date_parts("held_on", earlier)))
    assert list(CoachingSession.objects.values_list("held_on", flat=True)) == [earlier]


def test_an_older_session_does_not_move_the_last_session_back(client, relationship, coach, family):
    dana = family[1][0]
    client.force_login(coach)
    client.post(add_url(relationship), data([dana], **date_parts("held_on", today() - datetime.timedelta(days=1))))
    client.post(add_url(relationship), data([dana], **date_parts("held_on", today() - datetime.timedelta(days=20))))
    relationship.refresh_from_db()
    assert relationship.last_session_on == today() - datetime.timedelta(days=1)
    assert CoachingSession.objects.count() == 2


def test_a_review_goes_on_to_the_ratings_of_the_review(client, relationship, coach, family):
    dana = family[1][0]
    client.force_login(coach)
    response = client.post(add_url(relationship), data([dana], is_review="on"))
    session = CoachingSession.objects.get()
    assert session.is_review
    assert response.status_code == 302
    ratings = reverse("coaching:ratings-add", kwargs={"uuid": relationship.uuid})
    assert response.url == f"{ratings}?occasion=review&session={session.uuid}"


def test_somewhere_else_keeps_its_words(client, relationship, coach, family):
    dana = family[1][0]
    client.force_login(coach)
    client.post(add_url(relationship), data([dana], where="elsewhere", place_text="The park café"))
    assert CoachingSession.objects.get().place_text == "The park café"


@pytest.mark.parametrize(("change", "message"), [
    (date_parts("held_on", timezone.localdate() + datetime.timedelta(days=1)), "a session in the future"),
    (date_parts("held_on", timezone.localdate() - datetime.timedelta(weeks=9)), "cannot be before the coaching began"),
    ({"held_on_day": "", "held_on_month": "", "held_on_year": ""}, "Enter the date of the session"),
    ({"held_on_day": "31", "held_on_month": "2", "held_on_year": "2024"}, "must be a real date"),
    ({"held_on_month": ""}, "Date of the session must include a month"),
    ({"where": ""}, "Choose where the session was"),
    ({"where": "place"}, "Choose the Space &amp; Place the session was at"),
    ({"where": "elsewhere", "place_text": "  "}, "Say where the session was"),
    ({"people": []}, "Choose who was there"),
])
def test_a_bad_session_is_shown_again_with_its_error_and_nothing_is_saved(
    client, relationship, coach, family, change, message
):
    LocationFactory(locality=relationship.locality, is_space_and_place=True)
    client.force_login(coach)
    response = client.post(add_url(relationship), {**data([family[1][0]]), **change})
    assert response.status_code == 400
    assert message in errors(response)
    assert not CoachingSession.objects.exists()


def test_a_space_and_place_elsewhere_and_a_stranger_are_refused(client, relationship, coach, family):
    far = LocationFactory(name="Far Hall", is_space_and_place=True)
    LocationFactory(name="Near Hall", locality=relationship.locality, is_space_and_place=True)
    client.force_login(coach)
    response = client.post(add_url(relationship), data([family[1][0]], where="place", place=str(far.uuid)))
    assert response.status_code == 400
    stranger = PersonFactory()
    response = client.post(add_url(relationship), {**data([family[1][0]]), "people": [str(stranger.uuid)]})
    assert response.status_code == 400
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize(("row", "message"), [
    (step(2, "Ring the school"), "Next step 2: choose who will do it"),
    (step(2, "Ring the school", "OWNER"), "Next step 2: enter the date it is due by"),
    (step(2, owner="OWNER", due=timezone.localdate()), "Next step 2: say what will be done"),
    (step(2, "Ring the school", "OWNER", timezone.localdate() - datetime.timedelta(days=2)),
     "Next step 2: it cannot be due before the session"),
    ({**step(2, "Ring the school", "OWNER"), "step2-due_on_day": "3"}, "Next step 2: by when must include a month"),
    (step(2, "x" * 301, "OWNER", timezone.localdate()), "Next step 2: say what will be done in 300 characters"),
    (step(2, "Ring the school", "person:00000000-0000-0000-0000-000000000000", timezone.localdate()),
     "Next step 2: select a valid choice"),
])
def test_a_next_step_half_filled_is_an_error_naming_its_row(client, relationship, coach, family, row, message):
    dana = family[1][0]
    row = {key: (f"person:{dana.uuid}" if value == "OWNER" else value) for key, value in row.items()}
    client.force_login(coach)
    response = client.post(add_url(relationship), {
        **data([dana]), **step(1, "Book the GP", f"user:{coach.uuid}", today()), **row})
    assert response.status_code == 400
    assert message in errors(response).replace("&#x27;", "'")
    assert not CoachingSession.objects.exists()
    assert not NextStep.objects.exists()


def test_a_next_step_due_before_an_earlier_session_is_refused(client, relationship, coach, family):
    dana = family[1][0]
    held = today() - datetime.timedelta(days=5)
    client.force_login(coach)
    response = client.post(add_url(relationship), {
        **data([dana], **date_parts("held_on", held)),
        **step(1, "Book the GP", f"user:{coach.uuid}", held - datetime.timedelta(days=1))})
    assert response.status_code == 400
    assert "Next step 1: it cannot be due before the session" in errors(response)


def test_only_a_current_coach_records_a_session(client, relationship, team_lead, user_with_role, family, shirebrook):
    other = user_with_role(Role.COACH, organisation=OrganisationFactory(), locality=shirebrook)
    for user in (team_lead, other):
        client.force_login(user)
        assert client.get(add_url(relationship)).status_code == 404
        assert client.post(add_url(relationship), data([family[1][0]])).status_code == 404
    assert not CoachingSession.objects.exists()


def test_an_ended_coaching_takes_no_more_sessions(client, relationship, coach, family):
    relationship.status, relationship.ended_on = "ended", today()
    relationship.save()
    client.force_login(coach)
    assert client.get(add_url(relationship)).status_code == 404


def test_the_service_refuses_what_the_form_would_too(relationship, coach, family):
    from thriving.coaching.services import sessions as services
    from thriving.coaching.services.common import CoachingRefused

    dana = family[1][0]
    common = {"acting_user": coach, "relationship": relationship, "where": "home", "people": [dana]}
    with pytest.raises(CoachingRefused, match="a session in the future"):
        services.record_session(held_on=today() + datetime.timedelta(days=1), **common)
    with pytest.raises(CoachingRefused, match="Next step 1: it cannot be due before"):
        services.record_session(held_on=today(), steps=[services.Step(
            "Ring", today() - datetime.timedelta(days=1), owner_person=dana)], **common)
    with pytest.raises(CoachingRefused, match="Next step 1: the person doing it"):
        services.record_session(held_on=today(), steps=[services.Step("Ring", today(), owner_person=PersonFactory())],
                                **common)
    with pytest.raises(CoachingRefused, match="Only this coaching's coaches"):
        services.record_session(held_on=today(), coaches=[UserFactory()], **common)
    with pytest.raises(PermissionDenied):
        services.record_session(held_on=today(), **{**common, "acting_user": UserFactory()})
    assert not CoachingSession.objects.exists()
