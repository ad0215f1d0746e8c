"""Asking for help when someone is at risk: the confirmation says what happens now (a call today,
999 and the other numbers), not the usual two working days; "Exit this page" on every page of the
journey."""

import datetime

import pytest
from django.urls import reverse

from thriving.frontdoor.queries import ask as ask_queries
from thriving.frontdoor.tests.helpers import at
from thriving.frontdoor.tests.test_ask import answer, send, url, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_ask")]


@pytest.fixture
def place(cotmanhay, taxonomy):
    return cotmanhay


def main_of(response) -> str:  # noqa: ANN001
    html = response.content.decode()
    return html[html.index('id="main-content"'):]


def test_an_at_risk_request_says_the_hub_will_call_now_and_gives_the_numbers(client, place):
    walk(client, **{"ask-danger": {"danger": "yes"}})
    send(client)
    main = main_of(client.get(url("ask-done")))
    assert 'data-testid="urgent-next"' in main
    assert "What happens now" in main
    assert "Someone from the hub will try to call you" in main
    assert 'href="tel:999"' in main
    for number in ("116 123", "0808 2000 247"):
        assert number in main
    assert "2 working days" not in main


def test_someone_asking_for_another_at_risk_is_told_the_hub_will_call_them(client, place):
    walk(client, **{"ask-danger": {"danger": "yes"}, "ask-who": {"asked_by": "someone_else"}})
    send(client)
    main = main_of(client.get(url("ask-done")))
    assert "will try to call the person who needs help" in main


def test_a_routine_request_keeps_the_usual_two_working_days(client, place):
    walk(client)
    send(client)
    main = main_of(client.get(url("ask-done")))
    assert "usually within 2 working days" in main
    assert 'data-testid="urgent-next"' not in main


@pytest.mark.parametrize(("now", "words"), [
    (at(2025, 5, 7, 10, 0), "today"),                    # a Wednesday
    (at(2025, 5, 10, 10, 0), "first thing on Monday 12 May"),  # a Saturday
    (at(2025, 5, 3, 23, 0), "first thing on Tuesday 6 May"),  # Saturday before the May bank holiday
])
def test_the_hub_calls_today_on_a_working_day_and_names_the_next_one_otherwise(now: datetime.datetime, words: str):
    assert ask_queries.urgent_call_words(now) == words


def test_every_page_of_the_journey_offers_exit_this_page(client, place, settings):
    settings.EXIT_THIS_PAGE_URL = "https://weather.example/"
    pages = [url("ask-start"), url("ask-danger")]
    answer(client, "ask-danger", danger="yes")
    pages.append(url("ask-urgent"))
    for name in ("ask-who", "ask-name", "ask-story", "ask-needs", "ask-postcode", "ask-contact",
                 "ask-contact-detail", "ask-consent"):
        pages.append(url(name))
        answer(client, name)
    pages += [url("ask-check"), url("ask-status"), url("ask-privacy")]
    for page in pages:
        html = client.get(page).content.decode()
        assert 'data-module="govuk-exit-this-page"' in html, page
        assert 'href="https://weather.example/"' in html, page
    send(client)
    assert 'data-module="govuk-exit-this-page"' in client.get(url("ask-done")).content.decode()


def test_staff_pages_do_not_offer_exit_this_page(admin_client):
    assert "govuk-exit-this-page" not in admin_client.get(reverse("core:home")).content.decode()
