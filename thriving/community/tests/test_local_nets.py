"""Local Nets for residents: the public listing, a Local Net's page, and signing up to a session
without an account (full, past and cancelled sessions, the same person twice, bad contacts,
robots and the rate limit)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from thriving.community.models import SessionSignup
from thriving.community.services import local_nets as services
from thriving.community.tests.factories import LocalNetFactory, LocalNetSessionFactory, SessionSignupFactory
from thriving.core.models import AuditEvent
from thriving.core.public_forms import make_token
from thriving.places.tests.factories import LocalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_time_trap")]


def url(session) -> str:
    return reverse("community:local-net-session", kwargs={"uuid": session.uuid})


def sign_up(client, session, **answers):
    data = {"name": "Ada Example", "email": "", "phone": "", "places": "1", "token": make_token(), **answers}
    return client.post(url(session), data)


# --- The listing ----------------------------------------------------------------------------


def test_the_listing_shows_upcoming_sessions_with_place_and_places_left(client, session):
    SessionSignupFactory(session=session, places=2)
    response = client.get(reverse("community:local-nets"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cotmanhay Local Net" in html
    assert "Getting to know your neighbours" in html
    assert reverse("directory:location", args=[session.local_net.place.uuid]) in html
    assert "3 Bridge Street" in html
    assert "3 places left" in html


def test_the_listing_leaves_out_past_cancelled_and_unlisted_sessions(client, session):
    now = timezone.now()
    LocalNetSessionFactory(local_net=session.local_net, starts_at=now - datetime.timedelta(days=2))
    LocalNetSessionFactory(local_net=session.local_net, starts_at=now + datetime.timedelta(days=9),
                           cancelled_at=now)
    LocalNetSessionFactory(local_net=LocalNetFactory(title="Hidden Net", is_listed=False))
    response = client.get(reverse("community:local-nets"))
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert "Hidden Net" not in response.content.decode()


def test_the_listing_filters_by_locality(client, session):
    other = LocalNetSessionFactory(local_net=LocalNetFactory(title="Shirebrook Local Net",
                                                             locality=LocalityFactory(slug="shirebrook")))
    everywhere = client.get(reverse("community:local-nets"))
    assert {s.pk for s in everywhere.context["sessions"]} == {session.pk, other.pk}
    only = client.get(reverse("community:local-nets"), {"locality": "shirebrook"})
    assert [s.pk for s in only.context["sessions"]] == [other.pk]


def test_the_listing_counts_places_in_a_fixed_number_of_queries(client, session, django_assert_max_num_queries):
    for _ in range(5):
        SessionSignupFactory(session=LocalNetSessionFactory(local_net=LocalNetFactory(), capacity=10))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("community:local-nets"))
    assert len(response.context["sessions"]) == 6


def test_a_local_nets_page_lists_its_sessions(client, session):
    response = client.get(reverse("community:local-net", kwargs={"slug": session.local_net.slug}))
    assert response.status_code == 200
    assert url(session) in response.content.decode()


def test_an_unlisted_local_net_has_no_public_page(client):
    hidden = LocalNetSessionFactory(local_net=LocalNetFactory(is_listed=False))
    assert client.get(reverse("community:local-net", kwargs={"slug": hidden.local_net.slug})).status_code == 404
    assert client.get(url(hidden)).status_code == 404


# --- Signing up -------------------------------------------------------------------------------


def test_a_resident_signs_up_without_an_account(client, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, session, name="  Ada   Example ", email="Ada@Example.org", places="2")
    assert response.status_code == 302
    signup = SessionSignup.objects.get()
    assert (signup.name, signup.email, signup.places, signup.person_key) == (
        "Ada Example", "Ada@Example.org", 2, "email:ada@example.org")
    done = client.get(response["Location"])
    assert "You are signed up" in done.content.decode()
    event = AuditEvent.objects.get(event="session_signup.created")
    assert (event.subject, event.actor_label) == ("Ada Example", "public form")
    assert [m.to for m in mail.outbox] == [["Ada@Example.org"]]
    assert "Cotmanhay Local Net" in mail.outbox[0].body


@pytest.mark.parametrize(("first", "second"), [
    ({"email": "ada@example.org"}, {"name": "A. Example", "email": " ADA@example.org "}),
    ({"phone": "07700 900982"}, {"name": "Someone", "phone": "+44 7700 900982"}),
    ({"name": "Ada Example"}, {"name": "  ada   EXAMPLE"}),
], ids=["email", "phone", "name"])
def test_the_same_person_twice_is_one_signup(client, session, first, second):
    sign_up(client, session, **first)
    response = sign_up(client, session, places="3", **second)
    assert response.status_code == 302
    assert SessionSignup.objects.count() == 1
    assert SessionSignup.objects.get().places == 1
    page = client.get(response["Location"])
    assert "You are already signed up" in page.content.decode()
    assert AuditEvent.objects.filter(event="session_signup.created").count() == 1


def test_already_signed_up_to_a_full_session_says_so_rather_than_full(client, session):
    sign_up(client, session, email="ada@example.org", places="5")
    response = sign_up(client, session, email="ada@example.org")
    assert response.status_code == 302
    assert "You are already signed up" in client.get(response["Location"]).content.decode()


def test_a_full_session_is_refused_with_an_error_summary(client, session):
    SessionSignupFactory(session=session, places=4)
    response = sign_up(client, session, places="2")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is only 1 place left. Ask for 1 or fewer." in html
    assert 'value="Ada Example"' in html  # what was typed is kept
    assert SessionSignup.objects.count() == 1


def test_a_session_with_no_places_left_says_it_is_full(client, session):
    SessionSignupFactory(session=session, places=5)
    assert "This session is full" in client.get(url(session)).content.decode()
    response = sign_up(client, session)
    assert response.status_code == 400
    assert "This session is full. Choose another session." in response.content.decode()


def test_a_session_with_no_limit_is_never_full(client, session):
    session.capacity = None
    session.save()
    SessionSignupFactory(session=session, places=40)
    assert sign_up(client, session, places="10").status_code == 302


@pytest.mark.parametrize("which", ["past", "cancelled"])
def test_a_past_or_cancelled_session_is_refused(client, session, which):
    if which == "past":
        session.starts_at = timezone.now() - datetime.timedelta(hours=3)
        session.ends_at = timezone.now() - datetime.timedelta(hours=1)
    else:
        session.cancelled_at = timezone.now()
    session.save()
    page = client.get(url(session))
    assert 'data-testid="closed"' in page.content.decode()
    assert "Sign up</button>" not in page.content.decode()
    response = sign_up(client, session)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    expected = "has already happened" if which == "past" else "has been cancelled"
    assert f"This session {expected}, so you cannot sign up to it." in html
    assert not SessionSignup.objects.exists()


def test_every_mistake_is_reported_at_once(client, session):
    response = sign_up(client, session, name="", email="not-an-email", phone="12", places="0")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "phone", "places"}
    assert "Enter an email address in the correct format" in errors["email"][0]
    assert not SessionSignup.objects.exists()


def test_a_forged_token_is_a_mistake_and_a_fresh_token_is_given(client, session):
    response = sign_up(client, session, token="forged")
    assert response.status_code == 400
    assert "This form had expired" in response.content.decode()
    assert response.context["form"].data["token"] != "forged"
    assert not SessionSignup.objects.exists()


def test_a_race_on_the_same_person_gives_the_first_signup(session):
    first, created = services.sign_up(session, name="Ada", email="ada@example.org")
    assert created
    real = services.active_signups
    calls = []

    def blind_at_first(found_session):
        """The racing request's first look sees nobody; the database constraint then stops it."""
        calls.append(found_session)
        return SessionSignup.objects.none() if len(calls) == 1 else real(found_session)

    with mock.patch.object(services, "active_signups", side_effect=blind_at_first):
        again, created_again = services.sign_up(session, name="Ada", email="ada@example.org")
    assert not created_again
    assert again.pk == first.pk
    assert SessionSignup.objects.count() == 1
    assert AuditEvent.objects.filter(event="session_signup.created").count() == 1


def test_the_database_keeps_one_active_signup_per_person(session):
    SessionSignupFactory(session=session, person_key="email:ada@example.org")
    with pytest.raises(IntegrityError):
        SessionSignupFactory(session=session, person_key="email:ada@example.org")


# --- Robots ------------------------------------------------------------------------------------


def test_the_honeypot_shows_the_confirmation_and_saves_nothing(client, session):
    response = sign_up(client, session, website="http://spam.example")
    assert response.status_code == 302
    assert "You are signed up" in client.get(response["Location"]).content.decode()
    assert not SessionSignup.objects.exists()


def test_sending_too_fast_is_shown_again_with_the_answers(client, session, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    response = sign_up(client, session)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was sent very quickly after it was shown" in html
    assert '<div class="govuk-error-summary"' in html
    assert not SessionSignup.objects.exists()
    settings.FRONTDOOR_MIN_SECONDS = 0
    assert sign_up(client, session).status_code == 302
    assert SessionSignup.objects.count() == 1


def test_signing_up_is_rate_limited(client, session, settings):
    settings.FRONTDOOR_ASK_RATE = "2/h"
    sign_up(client, session, name="One")
    sign_up(client, session, name="Two")
    response = sign_up(client, session, name="Three")
    assert response.status_code == 429
    assert "too many tries" in response.content.decode()
    assert SessionSignup.objects.count() == 2


def test_the_confirmation_page_needs_a_signup(client, session):
    response = client.get(reverse("community:local-net-signed-up", kwargs={"uuid": session.uuid}))
    assert response.status_code == 302
    assert response["Location"] == url(session)
