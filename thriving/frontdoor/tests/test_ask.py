"""Ask for help: the public journey through its real pages, with the Django test client."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from thriving.core.models import AuditEvent
from thriving.directory.models import TaxonomyTerm
from thriving.directory.queries import needs
from thriving.frontdoor.models import Consent, HelpRequest, Person
from thriving.frontdoor.services import requests as request_services
from thriving.frontdoor.tests.factories import HelpRequestFactory, ReferralFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_ask")]


def url(name: str) -> str:
    return reverse(f"frontdoor:{name}")


@pytest.fixture
def place(cotmanhay, taxonomy):
    """Cotmanhay, where DE7 8QA is, with the needs to choose from."""
    return cotmanhay


def need(name: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(name=name, parent__isnull=True, taxonomy__name=needs.THRIVING_NEEDS)


ANSWERS = {
    "ask-danger": {"danger": "no"},
    "ask-who": {"asked_by": "self"},
    "ask-asker": {"asker_name": "Pat Friend", "asker_contact": "07700 900111", "asker_relationship": "neighbour",
                  "agreed": "on"},
    "ask-name": {"given_name": "Sam", "family_name": "Jones"},
    "ask-story": {"description": "I have no money for food until Friday."},
    "ask-needs": {"needs": []},
    "ask-postcode": {"postcode": "de7 8qa"},
    "ask-contact": {"contact_method": "phone", "contact_times": "Weekday mornings"},
    "ask-contact-detail": {"detail": "07700 900123"},
    "ask-consent": {"consent": "yes"},
}


LATER_THAN_WHO = tuple(list(ANSWERS)[2:])


def answer(client, name: str, **data):
    response = client.post(url(name), {**ANSWERS[name], **data})
    assert response.status_code == 302, (name, response.content.decode()[:3000])
    return response


def walk(client, *, skip=(), **changes) -> None:
    """Answer every question, with `changes` replacing the answers to the named steps."""
    someone_else = changes.get("ask-who", ANSWERS["ask-who"])["asked_by"] == "someone_else"
    for name in ANSWERS:
        if name in skip or (name == "ask-asker" and not someone_else):
            continue
        answer(client, name, **changes.get(name, {}))


def send(client):
    return client.post(url("ask-check"))


def errors_of(response) -> str:
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    return html


# ---------------------------------------------------------------------------------------------
# The whole journey


def test_the_whole_journey_makes_one_request_with_everything(client, place):
    food, housing = need("Food"), need("Housing")
    assert client.get(url("ask-start")).status_code == 200
    walk(client, **{"ask-needs": {"needs": [str(food.uuid), str(housing.uuid)]}})

    check = client.get(url("ask-check"))
    assert check.status_code == 200
    page = check.content.decode()
    for shown in ("Sam Jones", "I have no money for food until Friday.", "Food, Housing", "DE7 8QA",
                  "Phone call", "07700 900123", "Weekday mornings"):
        assert shown in page
    assert page.count(">Change<") >= 10

    response = send(client)
    assert response.status_code == 302
    assert response["Location"] == url("ask-done")

    request = HelpRequest.objects.get()
    assert request.channel == HelpRequest.Channel.ONLINE
    assert request.asked_by == HelpRequest.Asker.SELF
    assert request.description == "I have no money for food until Friday."
    assert set(request.needs.all()) == {food, housing}
    assert request.postcode == "DE7 8QA"
    assert request.locality == place
    assert request.contact_method == "phone"
    assert request.contact_times == "Weekday mornings"
    assert request.immediate_risk is False
    assert request.urgency == HelpRequest.Urgency.ROUTINE
    assert request.submission_key is not None
    person = request.person
    assert (person.given_name, person.family_name, person.phone) == ("Sam", "Jones", "07700 900123")
    assert person.locality == place
    assert person.phone_key == "7700900123"
    consent = Consent.objects.get()
    assert (consent.person, consent.scope, consent.method) == (person, Consent.Scope.SHARE, Consent.Method.ONLINE)
    assert consent.statement == request_services.SHARE_STATEMENT
    assert consent.request == request

    done = client.get(url("ask-done"))
    assert done.status_code == 200
    assert request.reference in done.content.decode()
    assert "govuk-panel--confirmation" in done.content.decode()
    # The answers are gone: a new visit starts again.
    assert client.get(url("ask-check"))["Location"] == url("ask-danger")

    created = AuditEvent.objects.get(event="request.created")
    assert created.actor is None
    assert created.actor_label == "public form"
    assert created.object_id == str(request.uuid)


def test_asking_for_someone_else_records_who_asked_and_consent_on_their_behalf(client, place):
    walk(client, **{
        "ask-who": {"asked_by": "someone_else"},
        "ask-name": {"given_name": "Ada", "family_name": ""},
        "ask-contact": {"contact_method": "email", "contact_times": ""},
        "ask-contact-detail": {"detail": "ada@example.org"},
    })
    page = client.get(url("ask-check")).content.decode()
    assert "Pat Friend" in page
    assert "neighbour" in page
    assert "Their name" in page
    send(client)

    request = HelpRequest.objects.get()
    assert request.asked_by == HelpRequest.Asker.SOMEONE_ELSE
    assert (request.asker_name, request.asker_contact, request.asker_relationship) == (
        "Pat Friend", "07700 900111", "neighbour")
    assert request.person.full_name == "Ada"
    assert request.person.email == "ada@example.org"
    assert request.contact_method == "email"
    consent = Consent.objects.get()
    assert consent.method == Consent.Method.ONLINE_ON_BEHALF
    assert "Pat Friend" in consent.statement
    assert request_services.SHARE_STATEMENT in consent.statement


def test_asking_for_someone_else_needs_their_agreement(client, place):
    walk(client, skip=LATER_THAN_WHO, **{"ask-who": {"asked_by": "someone_else"}})
    # The next question is about the person asking; later pages send them back to it.
    assert client.get(url("ask-name"))["Location"] == url("ask-asker")
    response = client.post(url("ask-asker"), {"asker_name": "Pat", "asker_contact": "07700 900111",
                                              "asker_relationship": "friend"})
    assert response.status_code == 400
    assert "Confirm that the person knows you are asking and agrees" in errors_of(response)
    assert 'value="Pat"' in response.content.decode()


def test_immediate_risk_shows_what_to_do_now_first_and_makes_the_request_urgent(client, place):
    response = client.post(url("ask-danger"), {"danger": "yes"})
    assert response["Location"] == url("ask-urgent")
    page = client.get(url("ask-urgent")).content.decode()
    main = page[page.index('id="main-content"'):]
    numbers = ["999", "111", "option 2", "116 123", "0808 2000 247", "0800 1111"]
    for number in numbers:
        assert number in main
    # The numbers come before anything else: the heading, then the numbers, then the way on.
    assert main.index("999") < main.index("0800 1111") < main.index("Continue to ask for help")
    assert "<form" not in main[: main.index("0800 1111")]
    assert f'href="{url("ask-who")}"' in main
    # Back from the next question leads to what to do now, not past it.
    assert f'href="{url("ask-urgent")}" class="govuk-back-link"' in client.get(url("ask-who")).content.decode()

    walk(client, skip=("ask-danger",))
    send(client)
    request = HelpRequest.objects.get()
    assert request.immediate_risk is True
    assert request.urgency == HelpRequest.Urgency.URGENT


def test_the_urgent_page_is_open_to_anyone(client, db):
    response = client.get(url("ask-urgent"))
    assert response.status_code == 200
    assert "116 123" in response.content.decode()


def test_not_agreeing_to_share_still_takes_the_request(client, place):
    walk(client, **{"ask-consent": {"consent": "no"}})
    send(client)
    request = HelpRequest.objects.get()
    assert not Consent.objects.filter(person=request.person).exists()
    page = client.get(url("ask-done")).content.decode()
    assert "someone from the hub will contact you to talk about it" in page


def test_not_knowing_the_postcode_is_an_answer(client, place):
    walk(client, **{"ask-postcode": {"postcode": "", "dont_know": "on"}})
    assert "Not known" in client.get(url("ask-check")).content.decode()
    send(client)
    request = HelpRequest.objects.get()
    assert request.postcode == ""
    assert request.locality is None
    assert "You did not give a postcode" in client.get(url("ask-done")).content.decode()


# ---------------------------------------------------------------------------------------------
# Moving about the journey


def test_a_later_question_sends_you_to_the_first_one_not_answered(client, place):
    assert client.get(url("ask-postcode"))["Location"] == url("ask-danger")
    assert client.post(url("ask-check"))["Location"] == url("ask-danger")
    answer(client, "ask-danger")
    answer(client, "ask-who")
    assert client.get(url("ask-contact"))["Location"] == url("ask-name")
    assert client.get(url("ask-name")).status_code == 200
    assert not HelpRequest.objects.exists()


def test_change_links_come_back_to_check_your_answers(client, place):
    walk(client)
    page = client.get(url("ask-name")).content.decode()
    assert 'value="Sam"' in page  # the earlier answer is shown
    assert f'href="{url("ask-check")}" class="govuk-back-link"' in page
    response = client.post(url("ask-name"), {"given_name": "Samantha", "family_name": "Jones"})
    assert response["Location"] == url("ask-check")
    assert "Samantha Jones" in client.get(url("ask-check")).content.decode()


def test_changing_to_someone_else_asks_about_the_asker(client, place):
    walk(client)
    response = client.post(url("ask-who"), {"asked_by": "someone_else"})
    assert response["Location"] == url("ask-asker")
    assert client.get(url("ask-check"))["Location"] == url("ask-asker")


# ---------------------------------------------------------------------------------------------
# Mistakes: every one at once, in an error summary, keeping what was typed


EMAIL = {"ask-contact": {"contact_method": "email"}}
TEXT = {"ask-contact": {"contact_method": "text"}}
LETTER = {"ask-contact": {"contact_method": "letter"}}

BAD_ANSWERS = [
    ("ask-danger", {}, ["Select yes if anyone is in immediate danger"], []),
    ("ask-who", {}, ["Select who needs help"], []),
    ("ask-name", {"given_name": "", "family_name": "Jones"}, ["Enter a first name"], ['value="Jones"']),
    ("ask-name", {"given_name": "S" * 101, "family_name": ""}, ["The first name must be 100 characters or fewer"],
     ['value="' + "S" * 101 + '"']),
    ("ask-story", {"description": "   "}, ["Tell us what is going on"], []),
    ("ask-story", {"description": "x" * 5001}, ["What is going on must be 5,000 characters or fewer"], ["x" * 5001]),
    ("ask-needs", {"needs": ["not-a-need"]}, ["Select needs from the list"], []),
    ("ask-postcode", {"postcode": ""}, ["Enter a postcode, or select"], []),
    ("ask-postcode", {"postcode": "XYZ 123"}, ["Enter a real postcode"], ['value="XYZ 123"']),
    ("ask-postcode", {"postcode": "DE99 9ZZ"}, ["We do not know the postcode DE99 9ZZ"], ['value="DE99 9ZZ"']),
    ("ask-postcode", {"postcode": "SW1A 1AA"}, ["Thriving covers Derby and Derbyshire"], ['value="SW1A 1AA"']),
    ("ask-postcode", {"postcode": "DE7 8QA", "dont_know": "on"}, ["not both"], ['value="DE7 8QA"']),
    ("ask-contact", {"contact_method": ""}, ["Select how we should contact you"], []),
    ("ask-contact", {"contact_method": "phone", "contact_times": "m" * 201},
     ["When to get in touch must be 200 characters or fewer"], ["m" * 201]),
    ("ask-contact-detail", {"detail": "sam@@example"}, ["Enter an email address in the correct format"],
     ['value="sam@@example"'], EMAIL),
    ("ask-contact-detail", {"detail": "sam.example.org"}, ["Enter an email address in the correct format"],
     ['value="sam.example.org"'], EMAIL),
    ("ask-contact-detail", {"detail": ""}, ["Enter an email address"], [], EMAIL),
    ("ask-contact-detail", {"detail": ""}, ["Enter a phone number"], []),
    ("ask-contact-detail", {"detail": "12345"}, ["Enter a UK phone number"], ['value="12345"']),
    ("ask-contact-detail", {"detail": "0770 09"}, ["too short"], ['value="0770 09"']),
    ("ask-contact-detail", {"detail": "07700 900123 999"}, ["too long"], ['value="07700 900123 999"']),
    ("ask-contact-detail", {"detail": "07700 9OO123"}, ["using only numbers"], ['value="07700 9OO123"']),
    ("ask-contact-detail", {"detail": "+1 212 555 0100"}, ["Enter a UK phone number"], []),
    ("ask-contact-detail", {"detail": "04000 000000"}, ["Enter a real UK phone number"], []),
    ("ask-contact-detail", {"detail": "01332 640000"}, ["Enter a UK mobile phone number"], ['value="01332 640000"'],
     TEXT),
    ("ask-contact-detail", {"detail": ""}, ["Enter the address for letters"], [], LETTER),
    ("ask-contact-detail", {"detail": "a" * 301}, ["The address must be 300 characters or fewer"], ["a" * 301],
     LETTER),
    ("ask-consent", {}, ["Select yes if you agree"], []),
]


@pytest.mark.parametrize(("step", "data", "messages", "kept", "before"), [(*case, {})[:5] for case in BAD_ANSWERS])
def test_each_mistake_is_shown_with_what_was_typed(client, place, step, data, messages, kept, before):
    walk(client, skip=tuple(list(ANSWERS)[list(ANSWERS).index(step):]), **before)
    response = client.post(url(step), data)
    assert response.status_code == 400
    html = errors_of(response)
    for message in messages:
        assert message in html
    for typed in kept:
        assert typed in html
    assert not HelpRequest.objects.exists()


def test_every_mistake_is_reported_at_once(client, place):
    walk(client, skip=LATER_THAN_WHO, **{"ask-who": {"asked_by": "someone_else"}})
    response = client.post(url("ask-asker"), {"asker_contact": "not an email@", "asker_relationship": ""})
    html = errors_of(response)
    summary = html[html.index("govuk-error-summary"): html.index("</ul>", html.index("govuk-error-summary"))]
    assert summary.count("<li>") == 4
    assert 'href="#id_asker_name"' in summary
    assert 'href="#id_agreed"' in summary


def test_good_phone_numbers_are_taken_as_written(client, place):
    walk(client, skip=("ask-contact-detail", "ask-consent"))
    for number in ("+44 7700 900123", "+44 (0)1332 640000", "01332 640000", "020 7946 0000", "0044 7700900123"):
        response = client.post(url("ask-contact-detail"), {"detail": number})
        assert response.status_code == 302, number
    answer(client, "ask-contact", contact_method="text")
    response = client.post(url("ask-contact-detail"), {"detail": "+44 7700  900123"})
    assert response.status_code == 302
    answer(client, "ask-consent")
    send(client)
    assert Person.objects.get().phone == "+44 7700 900123"


# ---------------------------------------------------------------------------------------------
# Sending twice, robots and too many tries


def test_sending_twice_makes_one_request_and_shows_the_same_reference(client, place):
    walk(client)
    first = send(client)
    second = send(client)  # a double click or a refresh after the answers were taken
    assert first["Location"] == second["Location"] == url("ask-done")
    assert HelpRequest.objects.count() == 1
    reference = HelpRequest.objects.get().reference
    assert reference in client.get(url("ask-done")).content.decode()
    assert reference in client.get(url("ask-done")).content.decode()


def test_the_same_submission_key_twice_opens_one_request(client, place):
    """Two sends of the same answers at the same moment (both read the journey before either
    finished) meet at the submission key."""
    walk(client)
    journey = client.session["frontdoor_ask"]
    from thriving.frontdoor.views.journey import new_request

    first, created = request_services.create_request(new_request(journey))
    again, created_again = request_services.create_request(new_request(journey))
    assert created
    assert not created_again
    assert first == again
    send(client)
    assert HelpRequest.objects.count() == 1
    assert first.reference in client.get(url("ask-done")).content.decode()


@pytest.mark.parametrize("step", ["ask-story", "ask-check"])
def test_the_honeypot_saves_nothing(client, place, step):
    if step == "ask-story":
        walk(client, **{"ask-story": {"website": "http://spam.example"}})
        send(client)
    else:
        walk(client)
        client.post(url("ask-check"), {"website": "http://spam.example"})
    assert not HelpRequest.objects.exists()
    assert not Person.objects.exists()
    page = client.get(url("ask-done")).content.decode()
    assert "Request sent" in page
    assert 'data-testid="reference"' not in page


def test_sending_too_fast_says_so_and_sending_again_goes_through(client, place, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    walk(client)
    response = send(client)
    assert response.status_code == 400
    html = errors_of(response)
    assert "<title>Error: Check your answers" in html
    assert "This form was sent very quickly after it was shown" in html
    assert "I have no money for food until Friday." in html  # every answer kept
    assert not HelpRequest.objects.exists()
    settings.FRONTDOOR_MIN_SECONDS = 0
    assert send(client)["Location"] == url("ask-done")
    assert HelpRequest.objects.count() == 1


def test_a_robot_filling_the_honeypot_quickly_sees_the_usual_page(client, place, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    walk(client)
    assert client.post(url("ask-check"), {"website": "http://spam.example"})["Location"] == url("ask-done")
    assert not HelpRequest.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, place):
    walk(client, skip=tuple(list(ANSWERS)[list(ANSWERS).index("ask-story"):]))
    html = client.get(url("ask-story")).content.decode()
    trap = re.search(r'<div class="thriving-honeypot" aria-hidden="true">.*?</div>', html, re.S)
    assert trap
    assert 'tabindex="-1"' in trap.group(0)
    assert 'autocomplete="off"' in trap.group(0)


@override_settings(FRONTDOOR_ASK_RATE="1/h")
def test_too_many_requests_from_one_address_are_refused_and_nothing_saved(client, place):
    walk(client)
    send(client)
    assert HelpRequest.objects.count() == 1
    walk(client, **{"ask-name": {"given_name": "Another", "family_name": "Person"}})
    response = send(client)
    assert response.status_code == 429
    assert "too many tries" in response.content.decode()
    assert HelpRequest.objects.count() == 1
    # The answers are kept for later.
    assert "Another Person" in client.get(url("ask-check")).content.decode()


@override_settings(FRONTDOOR_ASK_RATE="2/h")
def test_the_status_check_is_rate_limited(client, place):
    for _ in range(2):
        assert client.post(url("ask-status"), {"reference": "TH-AAAA-BBBB", "postcode": "DE7 8QA"}).status_code == 400
    assert client.post(url("ask-status"), {"reference": "TH-AAAA-BBBB", "postcode": "DE7 8QA"}).status_code == 429


# ---------------------------------------------------------------------------------------------
# Where has my request got to?


GENERIC = "We could not find a request with that reference and postcode"


def test_the_status_check_shows_only_the_stage(client, place):
    request = HelpRequestFactory(postcode="DE7 8QA", person__given_name="Secretive", description="Private words")
    response = client.post(url("ask-status"), {"reference": request.reference.lower().replace("-", " "),
                                               "postcode": "de78qa"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Received" in page
    assert "Secretive" not in page
    assert "Private words" not in page


def test_the_status_check_names_the_organisations_only(client, place):
    referral = ReferralFactory(request__postcode="DE7 8QA", service__organisation__name="Cotmanhay Community Larder",
                               service__name="Secret service name")
    response = client.post(url("ask-status"), {"reference": referral.request.reference, "postcode": "DE7 8QA"})
    page = response.content.decode()
    assert "Passed to an organisation" in page
    assert "Cotmanhay Community Larder" in page
    assert "Secret service name" not in page


def test_a_wrong_postcode_and_an_unknown_reference_look_the_same(client, place):
    request = HelpRequestFactory(postcode="DE7 8QA")
    wrong_postcode = client.post(url("ask-status"), {"reference": request.reference, "postcode": "DE7 8QB"})
    unknown = client.post(url("ask-status"), {"reference": "TH-ZZZZ-ZZZZ", "postcode": "DE7 8QA"})
    assert wrong_postcode.status_code == unknown.status_code == 400
    assert GENERIC in errors_of(wrong_postcode)
    assert GENERIC in errors_of(unknown)

    def main(response):
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r'<meta name="csrf-token" content="[^"]+">', "", html)
        html = re.sub(r'nonce="[^"]+"', "", html)
        return re.sub(r'value="[^"]*"', "", html)

    assert main(wrong_postcode) == main(unknown)


def test_the_status_check_explains_what_is_missing(client, db):
    response = client.post(url("ask-status"), {"reference": "", "postcode": "nope"})
    assert response.status_code == 400
    html = errors_of(response)
    assert "Enter your reference" in html
    assert "Enter a real postcode" in html


def test_the_public_menu_offers_ask_for_help(client, db):
    html = client.get(url("ask-privacy")).content.decode()
    assert f'href="{url("ask-start")}"' in html
    assert "Ask for help" in html


def test_about_you_is_only_asked_when_asking_for_someone_else(client, place):
    walk(client, skip=LATER_THAN_WHO)
    assert client.get(url("ask-asker"))["Location"] == url("ask-name")


def test_how_to_reach_the_asker_is_a_phone_number_or_an_email_address(client, place):
    walk(client, skip=LATER_THAN_WHO, **{"ask-who": {"asked_by": "someone_else"}})
    for contact, message in (("ring the shop", "Enter a UK phone number or an email address"),
                             ("pat@", "Enter an email address in the correct format"),
                             ("0770", "too short")):
        response = client.post(url("ask-asker"), {**ANSWERS["ask-asker"], "asker_contact": contact})
        assert response.status_code == 400
        assert message in errors_of(response)
    response = client.post(url("ask-asker"), {**ANSWERS["ask-asker"], "asker_contact": "pat@example.org"})
    assert response.status_code == 302


def test_behind_a_proxy_the_client_is_the_address_the_proxy_added(rf):
    from thriving.core.public_forms import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
