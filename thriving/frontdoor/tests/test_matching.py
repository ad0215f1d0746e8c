"""Finding likely existing records: tolerant of typos, by any detail, never the merged-away or unrelated."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thriving.frontdoor.models import Person
from thriving.frontdoor.queries import matching
from thriving.frontdoor.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1980, 3, 12)


@pytest.fixture
def jonathan():
    return PersonFactory(given_name="Jonathan", family_name="Smith", date_of_birth=BORN, postcode="DE7 8QA",
                         phone="07700 900123", email="Jon.Smith@Example.org")


@pytest.fixture
def others():
    return [
        PersonFactory(given_name="Priya", family_name="Patel", date_of_birth=datetime.date(1975, 6, 1),
                      postcode="DE1 1AA", phone="07700 900999", email="priya@example.org"),
        PersonFactory(given_name="Mary", family_name="Jones", date_of_birth=datetime.date(1990, 1, 20),
                      postcode="DE7 8QB", email="mary@example.org"),
    ]


def everyone():
    """Matching looks only where it is told to: here, among every record."""
    return Person.objects.all()


def uuids(matches):
    return [m.person.uuid for m in matches]


def test_typos_in_both_names_are_found(jonathan, others):
    found = matching.likely_matches("Jonathon", "Smyth", limit=5, queryset=everyone())
    assert uuids(found) == [jonathan.uuid]
    assert "family name sounds alike" in found[0].reasons
    assert "given name sounds alike" in found[0].reasons
    assert 0.5 <= found[0].score < 1


def test_exact_details_score_one(jonathan):
    found = matching.likely_matches("Jonathan", "Smith", BORN, "de78qa", "07700900123", "jon.smith@example.org",
                                    queryset=everyone())
    assert found[0].person == jonathan
    assert found[0].score == 1.0
    assert set(found[0].reasons) >= {"same date of birth", "same postcode", "same phone", "same email"}


def test_transposed_date_of_birth_with_a_misspelt_family_name(jonathan, others):
    # The family name's key differs (Smitt), so the nearly-right birth date with the given name finds it.
    found = matching.likely_matches("Jonathan", "Smitt", datetime.date(1980, 12, 3), queryset=everyone())
    assert uuids(found) == [jonathan.uuid]
    assert "date of birth with day and month swapped" in found[0].reasons


def test_date_of_birth_one_digit_off(jonathan):
    found = matching.likely_matches("Jonathan", "Smith", datetime.date(1980, 3, 13), queryset=everyone())
    assert "date of birth one digit different" in found[0].reasons


def test_a_typo_in_the_name_is_found_through_date_of_birth_and_postcode(jonathan):
    found = matching.likely_matches("Jnathan", "Szmith", BORN, "DE7 8QA", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]


def test_by_phone_in_another_format(jonathan, others):
    found = matching.likely_matches(phone="+44 (0)7700-900123", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]
    assert found[0].reasons == ["same phone"]
    found = matching.likely_matches(phone="+447700900123", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]


def test_by_email_whatever_the_case(jonathan, others):
    found = matching.likely_matches(email="  JON.SMITH@EXAMPLE.ORG ", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]


def test_names_the_other_way_round(jonathan):
    found = matching.likely_matches("Smith", "Jonathan", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]


def test_merged_away_records_are_left_out(jonathan):
    kept = PersonFactory(given_name="Jonathan", family_name="Smith", date_of_birth=BORN)
    Person.objects.filter(pk=jonathan.pk).update(merged_into=kept)
    found = matching.likely_matches("Jonathan", "Smith", BORN, phone="07700 900123", queryset=everyone())
    assert uuids(found) == [kept.uuid]


def test_unrelated_people_are_not_offered(jonathan, others):
    # Same birth date and postcode district but a different person altogether.
    PersonFactory(given_name="Agnieszka", family_name="Kowalski", date_of_birth=BORN, postcode="DE7 8QA")
    assert matching.likely_matches("Priyanka", "Okafor", datetime.date(2001, 9, 9), "DE22 3AB",
                                   queryset=everyone()) == []
    found = matching.likely_matches("Jonathan", "Smith", BORN, "DE7 8QA", queryset=everyone())
    assert uuids(found) == [jonathan.uuid]


def test_nothing_to_look_for_finds_nothing(jonathan):
    assert matching.likely_matches(queryset=everyone()) == []
    assert matching.likely_matches(phone="12", queryset=everyone()) == []


def test_candidates_are_found_in_one_query_and_capped(jonathan):
    PersonFactory.create_batch(5, given_name="Jonathan", family_name="Smith")
    with CaptureQueriesContext(connection) as queries:
        found = matching.candidates(matching.Wanted.of("Jonathan", "Smith", BORN, "DE7 8QA", "07700900123"),
                                    everyone(), cap=3)
    assert len(found) == 3
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    # Only the keyed columns are looked up; nothing like a scan with LIKE or lower().
    assert "LIKE" not in sql.upper()
    assert "LIMIT 3" in sql.upper()


def test_queryset_narrows_where_to_look(jonathan):
    found = matching.likely_matches("Jonathan", "Smith", queryset=Person.objects.exclude(pk=jonathan.pk))
    assert found == []


def test_matches_for_a_person_leave_them_out(jonathan):
    twin = PersonFactory(given_name="Jonathon", family_name="Smith", date_of_birth=BORN, postcode="DE7 8QA")
    assert uuids(matching.matches_for(jonathan, queryset=everyone())) == [twin.uuid]


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("07700 900123", "phone"),
        ("+44 7700 900123", "phone"),
        ("jane@example.org", "email"),
        ("de7 8qa", "postcode"),
        ("DE7", "district"),
        ("Jane Smith", "name"),
        ("Smith", "name"),
        ("", ""),
    ],
)
def test_reading_the_search_box(raw, kind):
    assert matching.read_query(raw).kind == kind


def test_reading_names():
    assert matching.read_query("Mary Ann Smith").given_name == "Mary Ann"
    assert matching.read_query("Smith, Jane").family_name == "Smith"
    assert matching.read_query("Smith, Jane").given_name == "Jane"


def test_nearly_right_dates():
    assert matching.swapped(datetime.date(1980, 3, 12)) == datetime.date(1980, 12, 3)
    assert matching.swapped(datetime.date(1980, 3, 13)) is None
    near = matching.one_digit_off(datetime.date(1980, 3, 12))
    assert datetime.date(1990, 3, 12) in near
    assert datetime.date(1980, 3, 13) in near
    assert datetime.date(1980, 3, 12) not in near


def test_a_typo_that_changes_the_given_names_sound_is_found_through_the_family_name():
    branwen = PersonFactory(given_name="Branwen", family_name="Testfield")
    assert uuids(matching.likely_matches("Branwyn", "Testfield", queryset=everyone())) == [branwen.uuid]


def test_the_closest_candidates_are_read_first_when_there_are_too_many(jonathan):
    PersonFactory.create_batch(6, given_name="Zebedee", family_name="Smith")
    found = matching.candidates(matching.Wanted.of("Jonathan", "Smith"), everyone(), cap=1)
    assert found == [jonathan]
