"""The protection every public form shares (thriving/core/public_forms.py), through the password reset
page: a rate limit per client address and per (normalised) email address, a honeypot and a time
trap; and the shared database cache the limits count in when no CACHE_URL is set."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thriving.core import public_forms
from thriving.core.cache import TABLE
from thriving.core.models import Role
from thriving.core.tests.test_security import settings_in_a_fresh_process

URL = reverse("core:password-reset")
SENT = reverse("core:password-reset-sent")
DATABASE_CACHE = {"default": {"BACKEND": "thriving.core.cache.DatabaseCache", "LOCATION": TABLE}}


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    cache.clear()  # the rate-limit counts live in the cache
    settings.FRONTDOOR_ASK_RATE = "10/h"
    settings.FRONTDOOR_MIN_SECONDS = 3
    yield
    cache.clear()


@pytest.fixture
def person(user_with_role):
    person = user_with_role(Role.HUB_WORKER)
    person.email = "lockme@example.com"
    person.save()
    return person


def ask(client, email="lockme@example.com", *, shown_seconds_ago=60, address="192.0.2.1", **extra):
    data = {"email": email, "token": public_forms.make_token(shown_at=time.time() - shown_seconds_ago), **extra}
    return client.post(URL, data, REMOTE_ADDR=address)


def test_the_page_carries_a_honeypot_and_a_token(client, db):
    html = client.get(URL).content.decode()
    assert '<div class="thriving-honeypot" aria-hidden="true">' in html
    assert re.search(r'<input type="hidden" name="token" value="[^"]+"', html)


def test_the_eleventh_request_from_one_address_is_refused_keeping_what_was_typed(client, person):
    answers = [ask(client, f"someone{n}@example.org") for n in range(10)]
    assert [answer.status_code for answer in answers] == [302] * 10
    refused = ask(client)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You have sent this form too many times from your connection" in html
    assert 'value="lockme@example.com"' in html
    assert mail.outbox == []  # the ten addresses have no account; the refused one was not sent


@pytest.mark.parametrize("rate", ["3/h"])
def test_one_inbox_cannot_be_flooded_by_varying_the_capitals(client, person, settings, rate):
    settings.FRONTDOOR_ASK_RATE = rate
    typed = ["lockme@example.com", "LoCkMe@example.com", " LOCKME@EXAMPLE.COM ", "lockMe@Example.com"]
    answers = [ask(client, email, address=f"192.0.2.{n}") for n, email in enumerate(typed)]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_a_filled_honeypot_sends_nothing(client, person):
    response = ask(client, website="https://spam.example")
    assert response.status_code == 302
    assert response.url == SENT  # the robot sees the usual page
    assert mail.outbox == []


def test_a_form_sent_too_fast_says_so_keeps_the_answer_and_goes_through_when_sent_again(client, person):
    token = public_forms.make_token(shown_at=time.time() - 0.5)
    response = ask(client, token=token)
    assert response.status_code == 400
    html = response.content.decode()
    assert public_forms.TOO_FAST in html
    assert '<div class="govuk-error-summary"' in html
    assert 'value="lockme@example.com"' in html
    assert f'value="{token}"' in html  # still timed from when the form was first shown
    assert mail.outbox == []
    again = ask(client, token=public_forms.make_token(shown_at=time.time() - 4))
    assert again.url == SENT
    assert len(mail.outbox) == 1


def test_a_robot_filling_the_honeypot_quickly_still_sees_the_usual_page(client, person):
    response = ask(client, website="https://spam.example", shown_seconds_ago=0.1)
    assert response.url == SENT
    assert mail.outbox == []


def test_a_form_without_its_token_asks_to_send_again(client, person):
    response = client.post(URL, {"email": person.email})
    assert "This form had expired. Check your answers and send it again." in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("rate", "words"), [("10/h", "an hour"), ("100/d", "a day"), ("5/m", "a minute"), ("20/7d", "7 days")]
)
def test_the_refusal_says_how_long_to_wait(settings, rate, words):
    settings.FRONTDOOR_ASK_RATE = rate
    assert public_forms.wait_words() == words


def test_behind_a_proxy_the_client_is_the_last_forwarded_address(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert public_forms.client_ip(request) == "203.0.113.9"
    assert public_forms.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


# --- The shared cache --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "thriving.core.cache.DatabaseCache"),
        ("redis://cache.internal:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_production_shares_its_cache_between_processes_unless_told_otherwise(cache_url, backend):
    result = settings_in_a_fresh_process(
        {"SECRET_KEY": "x" * 50, "CACHE_URL": cache_url}, "settings.CACHES['default']['BACKEND']"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://cache.internal:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_snapshots_every_page_reads_never_cost_a_database_round_trip(cache_url, backend):
    result = settings_in_a_fresh_process(
        {"SECRET_KEY": "x" * 50, "CACHE_URL": cache_url}, "settings.CACHES['snapshots']['BACKEND']"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_migrate_creates_the_cache_table(db):
    assert TABLE in connection.introspection.table_names()


@override_settings(CACHES=DATABASE_CACHE)
def test_with_the_database_cache_the_limit_is_counted_where_every_process_sees_it(client, person):
    assert [ask(client, f"someone{n}@example.org").status_code for n in range(10)] == [302] * 10
    assert ask(client).status_code == 429
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        assert cursor.fetchone()[0] >= 1
        # Another web process reads the same table: with its counts gone, the limit is lifted.
        cursor.execute(f"DELETE FROM {TABLE}")
    assert ask(client).status_code == 302
    assert len(mail.outbox) == 1


@override_settings(CACHES=DATABASE_CACHE)
def test_the_database_cache_increments_in_place_and_expires(db):
    shared = caches["default"]
    assert shared.add("count", 1, 60)
    assert not shared.add("count", 1, 60)
    assert shared.incr("count") == 2
    assert shared.incr("count", 5) == 7
    assert shared.get("count") == 7
    with pytest.raises(ValueError, match="not found"):
        shared.incr("never-set")
    shared.set("old", 1, 60)
    with connection.cursor() as cursor:
        past = timezone.now() - datetime.timedelta(minutes=5)
        cursor.execute(f"UPDATE {TABLE} SET expires = %s", [connection.ops.adapt_datetimefield_value(past)])
    with pytest.raises(ValueError, match="not found"):
        shared.incr("old")
