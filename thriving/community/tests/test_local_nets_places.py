"""Places on a Local Net session: a resident giving their place back from the private link on their
confirmation (no account), used and tampered links, and the race for the last place."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from thriving.community.models import SessionSignup
from thriving.community.services import local_nets as services
from thriving.community.tests.factories import LocalNetSessionFactory, SessionSignupFactory
from thriving.core.models import AuditEvent
from thriving.core.public_forms import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_time_trap")]
SESSION_PLACES = 2  # the `session` fixture's places: two, so the last place is quickly reached

LINK = re.compile(r"/local-nets/sign-ups/([^/\s\"]+)/cancel/")


def sign_up(client, session, **answers):
    data = {"name": "Ada Example", "email": "", "phone": "", "places": "1", "token": make_token(), **answers}
    return client.post(reverse("community:local-net-session", kwargs={"uuid": session.uuid}), data)


def cancel_address(signup) -> str:
    return reverse("community:local-net-signup-cancel", kwargs={"token": services.cancel_token(signup)})


def places_left(client, session) -> str:
    page = client.get(reverse("community:local-net-session", kwargs={"uuid": session.uuid}))
    cell = page.content.decode().split('data-testid="places-left">', 1)[1].split("</dd>", 1)[0]
    return " ".join(strip_tags(cell).split())


# --- The private link ---------------------------------------------------------------------------


def test_the_confirmation_page_and_email_carry_the_same_private_cancel_link(
        client, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, session, email="ada@example.org", places="2")
    signup = SessionSignup.objects.get()
    page = client.get(response["Location"]).content.decode()
    on_page = LINK.search(page).group(1)
    in_email = LINK.search(mail.outbox[0].body).group(1)
    assert on_page == in_email
    assert signing.loads(on_page, salt=services.CANCEL_SALT) == {"s": str(signup.uuid)}  # the uuid, no row id
    assert "private to you" in mail.outbox[0].body


def test_someone_already_signed_up_is_not_shown_a_cancel_link(client, session):
    SessionSignupFactory(session=session, name="Ada Example", person_key="name:ada example")
    response = sign_up(client, session, name="Ada Example")
    page = client.get(response["Location"]).content.decode()
    assert "You are already signed up" in page
    assert not LINK.search(page)
    assert "link in your confirmation email" in page


def test_a_resident_gives_their_places_back_from_the_link(client, session):
    response = sign_up(client, session, name="Ada Example", places="2")
    link = LINK.search(client.get(response["Location"]).content.decode()).group(0)
    assert places_left(client, session) == "Full"
    fresh = client.__class__()  # the link works in any browser, without an account or the same cookies
    confirm = fresh.get(link)
    assert confirm.status_code == 200
    assert "Cancel your place" in confirm.content.decode()
    assert "Ada Example" in confirm.content.decode()
    done = fresh.post(link)
    assert done.status_code == 302
    assert "Your places have been given back" in fresh.get(done["Location"]).content.decode()
    signup = SessionSignup.objects.get()
    assert signup.cancelled_at is not None
    assert places_left(client, session) == "2 places left"
    event = AuditEvent.objects.get(event="session_signup.cancelled")
    assert (event.actor, event.actor_label, event.subject, event.object_id) == (
        None, "public form", "Ada Example", str(signup.uuid))
    assert sign_up(client, session, name="Grace Example", places="2").status_code == 302  # the places are free again


def test_a_used_link_says_so_and_changes_nothing(client, session):
    signup = SessionSignupFactory(session=session)
    link = cancel_address(signup)
    assert client.post(link).status_code == 302
    cancelled_at = SessionSignup.objects.get().cancelled_at
    again = client.post(link)
    assert again.status_code == 409
    assert "already been given back" in again.content.decode()
    assert "govuk-error-summary" in again.content.decode()
    later = client.__class__().get(link)
    assert "already been given back" in later.content.decode()
    assert "Give back my place" not in later.content.decode()
    assert SessionSignup.objects.get().cancelled_at == cancelled_at
    assert AuditEvent.objects.filter(event="session_signup.cancelled").count() == 1


@pytest.mark.parametrize("how", ["cut short", "changed", "another form's token", "unknown sign-up", "not a uuid"])
def test_a_tampered_link_gets_a_clear_message(client, session, how):
    signup = SessionSignupFactory(session=session)
    token = services.cancel_token(signup)
    bad = {
        "cut short": token[:-3],
        "changed": services.cancel_token(SessionSignupFactory.build(session=session)).split(":")[0] + token[
            token.index(":"):],
        "another form's token": make_token(),
        "unknown sign-up": signing.dumps({"s": "8d6f3b0e-0000-4000-8000-000000000000"}, salt=services.CANCEL_SALT),
        "not a uuid": signing.dumps({"s": str(signup.pk)}, salt=services.CANCEL_SALT),
    }[how]
    address = reverse("community:local-net-signup-cancel", kwargs={"token": bad})
    for response in (client.get(address), client.post(address)):
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert SessionSignup.objects.get().cancelled_at is None
    assert not AuditEvent.objects.filter(event="session_signup.cancelled").exists()


@pytest.mark.parametrize("which", ["started", "cancelled"])
def test_a_place_cannot_be_given_back_once_the_session_started_or_was_cancelled(client, session, which):
    signup = SessionSignupFactory(session=session)
    if which == "started":
        session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    else:
        session.cancelled_at = timezone.now()
    session.save()
    link = cancel_address(signup)
    shown = client.get(link)
    assert shown.status_code == 200
    assert "You cannot cancel this place" in shown.content.decode()
    refused = client.post(link)
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode()
    assert SessionSignup.objects.get().cancelled_at is None


# --- The last place -----------------------------------------------------------------------------


def test_two_signups_for_the_last_place_one_after_the_other_the_second_is_full(client, session):
    SessionSignupFactory(session=session, places=1)
    first = sign_up(client, session, name="Ada Example")
    second = sign_up(client.__class__(), session, name="Grace Example")
    assert first.status_code == 302
    assert second.status_code == 400
    assert "This session is full" in second.content.decode()
    assert services.places_taken(session) == 2
    assert list(SessionSignup.objects.order_by("id").values_list("name", flat=True))[1:] == ["Ada Example"]


def test_the_service_refuses_the_last_place_twice_even_from_a_stale_session(session):
    """Both sign-ups hold the session as read before either saved: the count is made again inside
    the locked transaction, so the second is refused."""
    stale = type(session).objects.get(pk=session.pk)
    SessionSignupFactory(session=session, places=1)
    services.sign_up(session, name="Ada Example")
    with pytest.raises(services.SessionFull):
        services.sign_up(stale, name="Grace Example")
    assert services.places_taken(session) == 2


@pytest.mark.django_db(transaction=True)
def test_signing_up_takes_the_write_lock_before_counting_places():
    """Two sign-ups at once are counted one after the other: on SQLite the transaction begins
    IMMEDIATE (the write lock, from settings), on PostgreSQL the session row is locked FOR UPDATE,
    in both cases before the places taken are counted."""
    session = LocalNetSessionFactory(capacity=1)
    with CaptureQueriesContext(connection) as captured:
        services.sign_up(session, name="Ada Example")
    statements = [q["sql"].upper() for q in captured.captured_queries]
    counting = next(i for i, sql in enumerate(statements) if "SUM(" in sql)
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        lock = next(i for i, sql in enumerate(statements) if sql.startswith("BEGIN"))
        assert statements[lock] == "BEGIN IMMEDIATE"
    else:
        lock = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    assert lock < counting
    assert not any(sql.startswith(("COMMIT", "ROLLBACK")) for sql in statements[lock:counting])
