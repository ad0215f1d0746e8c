"""Reporting a problem is open to anyone, so it is throttled as every public form is: a rate limit
per client address, a honeypot and a time trap (thriving/core/public_forms.py)."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from thriving.core.models import Role
from thriving.core.public_forms import make_token
from thriving.directory.models import ProblemReport
from thriving.directory.tests.factories import ServiceFactory


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    cache.clear()  # the rate-limit counts live in the cache
    settings.FRONTDOOR_ASK_RATE = "10/h"
    settings.FRONTDOOR_MIN_SECONDS = 3
    yield
    cache.clear()


@pytest.fixture
def url(db, user_with_role):
    user_with_role(Role.DIRECTORY_EDITOR)  # who is emailed each report
    return reverse("directory:report", args=[ServiceFactory().uuid])


def report(client, url, *, shown_seconds_ago=60, **data):
    fields = {"description": "The phone number is wrong", "email": "", **data}
    fields.setdefault("token", make_token(shown_at=time.time() - shown_seconds_ago))
    return client.post(url, fields)


def test_the_form_carries_a_honeypot_and_a_token(client, url):
    html = client.get(url).content.decode()
    assert re.search(r'<div class="thriving-honeypot" aria-hidden="true">\s*<label for="id_website">', html)
    assert re.search(r'<input type="hidden" name="token" value="[^"]+"', html)


def test_sixty_one_posts_in_seconds_make_ten_reports_and_ten_emails(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [report(client, url, description=f"Report number {n}") for n in range(1, 62)]
    assert [answer.status_code for answer in answers] == [302] * 10 + [429] * 51
    assert ProblemReport.objects.count() == 10
    assert len(mail.outbox) == 10
    last = answers[-1].content.decode()
    assert "You have sent this form too many times from your connection" in last
    assert "try again in an hour" in last
    assert "Report number 61" in last  # what was typed is kept


def test_a_filled_honeypot_saves_and_sends_nothing(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, url, website="https://spam.example")
    assert response.status_code == 302  # the robot sees the usual "sent" page
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_shown_again_to_send_again(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, url, shown_seconds_ago=1)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was sent very quickly after it was shown" in html
    assert "The phone number is wrong" in html
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["", "forged", make_token(shown_at=time.time() - 2 * 86400)])
def test_a_missing_forged_or_stale_token_asks_to_send_again(client, url, token):
    response = report(client, url, token=token)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form had expired. Check your answers and send it again." in html
    assert "The phone number is wrong" in html
    assert not ProblemReport.objects.exists()
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh != token
