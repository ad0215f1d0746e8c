"""People's names at the front door: a name made only of spaces, invisible or control characters
is refused with a GOV.UK message on every page that takes one (ask for help, intake, a person's
details, household members), and what surrounds a real name is trimmed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thriving.core.cleaning import clean_name
from thriving.core.models import Role
from thriving.frontdoor.models import HelpRequest, Person
from thriving.frontdoor.tests.factories import HelpRequestFactory, PersonFactory
from thriving.frontdoor.tests.test_intake import answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_ask", "taxonomy")]

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width non-joiner and joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space (byte order mark)
    "\u00ad",  # soft hyphen
    "\x07\x1b",  # control characters
    "\u3164",  # Hangul filler: a "letter" that shows nothing
    " \u200b\u00a0\u200b ",  # spaces around zero-width ones
]


@pytest.mark.parametrize("typed", INVISIBLE)
def test_a_name_with_no_visible_letter_is_refused(typed):
    with pytest.raises(ValidationError, match="Enter a name using letters"):
        clean_name(typed)


def test_a_name_with_no_letter_at_all_is_refused():
    with pytest.raises(ValidationError, match="Enter the given name using letters"):
        clean_name("1234", message="Enter the given name using letters")


@pytest.mark.parametrize(("typed", "kept"), [
    ("\u200bJane\u200b", "Jane"), ("\ufeff Zoë \u2060", "Zoë"), ("O'Brien-Smith", "O'Brien-Smith"),
    ("  ", ""), ("", ""),
])
def test_a_real_name_is_kept_without_what_surrounds_it(typed, kept):
    assert clean_name(typed) == kept


def url(name: str) -> str:
    return reverse(f"frontdoor:{name}")


def to_the_name_question(client) -> None:
    client.post(url("ask-danger"), {"danger": "no"})
    client.post(url("ask-who"), {"asked_by": "self"})


@pytest.mark.parametrize("typed", INVISIBLE)
def test_asking_for_help_refuses_an_invisible_first_name(client, cotmanhay, typed):
    to_the_name_question(client)
    response = client.post(url("ask-name"), {"given_name": typed, "family_name": "Jones"})
    assert response.status_code == 400
    assert "Enter a first name using letters" in response.content.decode()
    assert "given_name" not in client.session["frontdoor_ask"]["answers"]


def test_asking_for_help_refuses_an_invisible_last_name_and_trims_a_real_one(client, cotmanhay):
    to_the_name_question(client)
    response = client.post(url("ask-name"), {"given_name": "Sam", "family_name": "\u2060\u200b"})
    assert response.status_code == 400
    assert "Enter a last name using letters" in response.content.decode()
    response = client.post(url("ask-name"), {"given_name": "\u200bSam\u200d", "family_name": "Jones\ufeff"})
    assert response.status_code == 302
    assert client.session["frontdoor_ask"]["answers"]["given_name"] == "Sam"
    assert client.session["frontdoor_ask"]["answers"]["family_name"] == "Jones"


def test_asking_for_someone_else_refuses_an_invisible_name_for_who_asks(client, cotmanhay):
    client.post(url("ask-danger"), {"danger": "no"})
    client.post(url("ask-who"), {"asked_by": "someone_else"})
    response = client.post(url("ask-asker"), {"asker_name": "\u200b", "asker_contact": "07700 900111",
                                              "asker_relationship": "neighbour", "agreed": "on"})
    assert response.status_code == 400
    assert "Enter your full name using letters" in response.content.decode()


@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_intake_refuses_an_invisible_name(client, user_with_role, cotmanhay, field):
    client.force_login(user_with_role(Role.HUB_WORKER))
    response = client.post(url("intake"), answers(**{field: "\u200b\u200c"}))
    assert response.status_code == 400
    label = {"given_name": "given name", "family_name": "family name"}[field]
    assert f"Enter the {label} using letters" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_intake_refuses_an_invisible_name_for_who_asked(client, user_with_role, cotmanhay):
    client.force_login(user_with_role(Role.HUB_WORKER))
    response = client.post(url("intake"), answers(asked_by="someone_else", asker_name="\ufeff",
                                                  asker_contact="07700 900111"))
    assert response.status_code == 400
    assert "Enter the name of the person who asked using letters" in response.content.decode()
    assert not HelpRequest.objects.exists()


@pytest.fixture
def jane(cotmanhay):
    person = PersonFactory(given_name="Jane", family_name="Smith", postcode="DE7 8QA", locality=cotmanhay)
    HelpRequestFactory(person=person, locality=cotmanhay)
    return person


def test_a_persons_details_refuse_an_invisible_name(hub_client, jane):
    response = hub_client.post(reverse("frontdoor:person-edit", args=[jane.uuid]), {
        "version": jane.version, "given_name": "\u200d\u200d", "family_name": "Smith", "postcode": "DE7 8QA"})
    assert response.status_code == 400
    assert "Enter the given name using letters" in response.content.decode()
    jane.refresh_from_db()
    assert (jane.given_name, jane.version) == ("Jane", 1)


def test_a_household_member_needs_a_name_with_letters(hub_client, jane):
    add = reverse("frontdoor:household-add", args=[jane.uuid])
    response = hub_client.post(add, {"given_name": "\u00a0\u200b", "family_name": "Smith"})
    assert response.status_code == 400
    assert "Enter the given name using letters" in response.content.decode()
    assert Person.objects.count() == 1
    assert hub_client.post(add, {"given_name": "\u200bTom", "family_name": "Smith"}).status_code == 302
    assert Person.objects.filter(given_name="Tom", household=Person.objects.get(pk=jane.pk).household).exists()
