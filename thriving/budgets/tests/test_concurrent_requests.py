"""Many people paying through the payment page at the same moment, over HTTP to a live server on
PostgreSQL: an award is never paid more than it was given, and a refused request leaves nothing.

SQLite runs one writer at a time whatever the locks, so this proves the row locks only where
they matter; the ledger's own tests (`test_ledger.py`) prove the same of its service."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thriving.budgets.models import Entry, Payment
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.tests.factories import spending_people

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 6


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _csrf(response) -> str:
    """The CSRF cookie the form's page set, as `name=value`."""
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(settings.CSRF_COOKIE_NAME + "="):
            return header.split(";", 1)[0]
    raise AssertionError("the form's page set no CSRF cookie")


def send_at_once(forms: list[tuple[str, Any, dict]]) -> list[int]:
    """Each (url, user, fields): the person opens the form's page (their own session and CSRF
    token), then all of them send their form at the same moment. Answers the statuses, sorted."""
    # Sessions are made here, not in the threads, which then open no database connection.
    prepared = [(url, _session(user), fields) for url, user, fields in forms]
    statuses: list[int] = []
    lock, barrier = threading.Lock(), threading.Barrier(len(prepared))

    def send(url: str, session: str, fields: dict) -> None:
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})) as response:
            page, csrf = response.read().decode(), _csrf(response)
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url, "Cookie": f"{cookie}; {csrf}"})
        barrier.wait()
        try:
            with urllib.request.urlopen(request) as answer:
                status = answer.status
        except urllib.error.HTTPError as refused:
            status = refused.code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=form) for form in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_many_paying_at_once_over_http_never_overpay(live_server, administrator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time whatever the lock; the row locks need PostgreSQL")
    s = spending_people(administrator, "2000.00", "500.00")
    url = live_server.url + reverse("budgets:payment-add", kwargs={"uuid": s.award.uuid})
    today = timezone.localdate()
    payment = {"amount": "150.00", "paid_on_day": today.day, "paid_on_month": today.month,
               "paid_on_year": today.year, "reference": "BACS"}

    statuses = send_at_once([(url, s.enabler, payment)] * PEOPLE)

    # £500 pays three parts of £150; the other three are refused with the page's error.
    assert statuses == [200, 200, 200, 400, 400, 400]
    assert Payment.objects.filter(award=s.award).count() == 3
    money = ledger_queries.award_money(s.award)
    assert (money.paid, money.remaining) == (Decimal("450.00"), Decimal("50.00"))
    assert sum(Entry.objects.filter(pot=s.pot).values_list("amount", flat=True)) == 0


def test_many_awarding_at_once_over_http_never_take_a_pot_below_zero(live_server, administrator):
    """Six consent decisions of £400 each recorded at the same moment in a pot with £1,000: two
    are awarded, four are refused with the decision page's error, and the pot is never below zero."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time whatever the lock; the row locks need PostgreSQL")
    from thriving.budgets.models import Application, Award
    from thriving.budgets.tests.factories import ApplicationFactory, deciding_team

    pot, member, _enabler, huddle = deciding_team(administrator, "1000.00", "500.00")
    decision = {"huddle": str(huddle.uuid), "proposal": "Fund it", "present": str(member.uuid), "outcome": "fund",
                "amount": "400.00", "reason": ""}
    forms = [(live_server.url + reverse("budgets:decide", kwargs={"reference": application.reference}), member,
              decision) for application in ApplicationFactory.create_batch(
                  PEOPLE, pot=pot, amount_requested=Decimal("400.00"))]

    statuses = send_at_once(forms)

    assert statuses == [200, 200, 400, 400, 400, 400]
    assert Award.objects.filter(pot=pot).count() == 2
    assert Application.objects.filter(pot=pot, status="awarded").count() == 2
    balance = ledger_queries.pot_balance(pot)
    assert (balance.available, balance.committed, balance.trial_balance) == (
        Decimal("200.00"), Decimal("800.00"), Decimal("0.00"))
