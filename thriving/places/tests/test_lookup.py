"""Normalising and looking up postcodes."""

import pytest

from thriving.places import queries
from thriving.places.queries import MalformedPostcode, UnknownPostcode, lookup_postcode, normalise_postcode
from thriving.places.tests.factories import AreaFactory, LocalAuthorityFactory, LocalityFactory, PostcodeFactory


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DE7 4AA", "DE7 4AA"),
        ("de74aa", "DE7 4AA"),
        ("  de7   4aa ", "DE7 4AA"),
        ("DE74AA\n", "DE7 4AA"),
        ("de1\u00a00aa", "DE1 0AA"),  # a no-break space, as pasted from a web page
        ("DE22 1AB", "DE22 1AB"),
        ("SK13 0AA", "SK13 0AA"),
        ("M1 1AE", "M1 1AE"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
    ],
)
def test_normalise_accepts_any_spelling(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a postcode"),
        ("   ", "Enter a postcode"),
        (None, "Enter a postcode"),
        ("XX", "Enter a real postcode"),
        ("DE7", "Enter a real postcode"),
        ("4AA", "Enter a real postcode"),
        ("DE7 4A", "Enter a real postcode"),
        ("DE7-4AA", "Enter a real postcode"),
        ("DE7 4AA1", "Enter a real postcode"),
        ("ABC1 1AA", "Enter a real postcode"),
        ("x" * 30, "Enter a real postcode"),
        ("<script>", "Enter a real postcode"),
        ("DE7 4ÄA", "Enter a real postcode"),
    ],
)
def test_normalise_refuses_what_is_not_a_postcode(raw, message):
    with pytest.raises(MalformedPostcode, match=message):
        normalise_postcode(raw)


@pytest.mark.django_db
def test_lookup_finds_the_locality_through_the_lsoa():
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    area = AreaFactory(locality=locality)
    PostcodeFactory(postcode="DE7 8QA", area=area)
    answer = lookup_postcode("de78qa")
    assert answer.locality == locality
    assert answer.area == area
    assert answer.local_authority.code == "E07000036"
    assert answer.message == "DE7 8QA is in Cotmanhay, Erewash."


@pytest.mark.django_db
def test_lookup_outside_every_locality_says_so():
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory())
    answer = lookup_postcode("DE7 4AA")
    assert answer.locality is None
    assert answer.message == "DE7 4AA is in Erewash, but not in one of the localities set up so far."


@pytest.mark.django_db
def test_lookup_of_a_postcode_whose_lsoa_is_not_loaded_falls_back_to_its_local_authority():
    LocalAuthorityFactory()
    PostcodeFactory(postcode="DE7 4AB", area_code="E01099999", local_authority_code="E07000036")
    answer = lookup_postcode("DE7 4AB")
    assert answer.area is None
    assert answer.locality is None
    assert answer.local_authority.name == "Erewash"


@pytest.mark.django_db
def test_lookup_of_a_postcode_in_an_unknown_place():
    PostcodeFactory(postcode="ZZ1 1ZZ", area_code="W01000001", local_authority_code="W06000001")
    answer = lookup_postcode("ZZ1 1ZZ")
    assert answer.local_authority is None
    assert "an area Thriving does not cover" in answer.message


@pytest.mark.django_db
def test_lookup_of_an_unknown_postcode():
    with pytest.raises(UnknownPostcode, match="ZZ9 9ZZ"):
        lookup_postcode("zz99zz")


@pytest.mark.django_db
def test_locality_page_reads_in_two_queries(django_assert_num_queries):
    locality = LocalityFactory(slug="here")
    AreaFactory.create_batch(3, locality=locality)
    with django_assert_num_queries(2):
        page = queries.locality_page("here")
        assert [area.locality_id for area in page.areas] == [locality.pk] * 3
        assert page.locality.local_authority.name == "Erewash"
    assert page.outline is not None
    assert queries.locality_page("nowhere") is None


@pytest.mark.django_db
def test_place_of_a_postcode_outside_every_locality_has_its_ward_and_the_nearest_localities():
    near = LocalityFactory(name="Near", slug="near", centre_lat=52.99, centre_lng=-1.31)
    LocalityFactory(name="Far", slug="far", centre_lat=53.2, centre_lng=-1.6)
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    place = queries.place_of(lookup_postcode("DE7 4AA"))
    assert place.ward == queries.Ward(code="E05010610", name="Hallam Fields")
    assert [n.locality.slug for n in place.nearest] == ["near", "far"]
    assert place.nearest_locality == near
    assert 2700 < place.nearest[0].metres < 2800
    assert place.nearest[0].distance == "1.7 miles (2.7 km)"


@pytest.mark.django_db
def test_a_postcode_in_a_locality_is_its_own_nearest():
    locality = LocalityFactory()
    PostcodeFactory(postcode="DE7 8QA", area=AreaFactory(locality=locality))
    place = queries.place_of(lookup_postcode("DE7 8QA"))
    assert place.nearest == []
    assert place.nearest_locality == locality
    assert place.ward.name == "Cotmanhay"


def test_distance_in_words():
    from thriving.places.models import Locality

    assert queries.NearbyLocality(Locality(), 50).distance == "less than 0.1 miles (0.2 km)"
    assert queries.NearbyLocality(Locality(), 1609.344).distance == "1.0 mile (1.6 km)"
    assert queries.NearbyLocality(Locality(), 0).distance == "less than 0.1 miles (0.2 km)"
    assert queries.ward_at(51.5, -0.12) is None  # London: no shipped ward holds it


@pytest.mark.django_db
def test_lookup_in_a_known_area_is_one_query(django_assert_num_queries):
    """The area, its locality, their local authorities and the postcode's point in one read."""
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    area = AreaFactory(locality=locality)
    PostcodeFactory(postcode="DE7 8QA", area=area, lat=52.98, lng=-1.31)
    with django_assert_num_queries(1):
        answer = lookup_postcode("DE7 8QA")
        assert (answer.lat, answer.lng) == (52.98, -1.31)
        assert answer.message == "DE7 8QA is in Cotmanhay, Erewash."
        assert answer.local_authority.code == "E07000036"
