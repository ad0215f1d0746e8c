"""`thriving places load` against the reference data shipped in thriving/places/data."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from thriving.places import queries
from thriving.places.models import Area, LocalAuthority, Locality, Postcode
from thriving.places.postcode_import import SHIPPED_FILE

# A postcode on an estate in Cotmanhay (LSOA Erewash 001D), from the shipped postcode file.
COTMANHAY_POSTCODE = "DE7 8QA"
COTMANHAY_LSOA = "E01019664"

EXPECTED = {
    "cotmanhay": ("E07000036", ["Cotmanhay"]),
    "shirebrook": ("E07000033", ["Shirebrook North", "Shirebrook South"]),
    "gamesley": ("E07000037", ["Gamesley"]),
    "newhall": ("E07000039", ["Newhall and Stanton"]),
    "danesmoor": ("E07000038", ["Clay Cross North"]),
    "ashbourne": ("E07000035", ["Ashbourne North", "Ashbourne South"]),
    "langley-mill": ("E07000032", ["Codnor, Langley Mill & Aldercar"]),
    "staveley": ("E07000034", ["Staveley Central", "Staveley North", "Staveley South"]),
    "normanton-arboretum": ("E06000015", ["Normanton", "Arboretum"]),
    "sinfin-osmaston": ("E06000015", ["Sinfin & Osmaston"]),
    "chaddesden": ("E06000015", ["Chaddesden East", "Chaddesden North", "Chaddesden West"]),
    "alvaston": ("E06000015", ["Alvaston North", "Alvaston South"]),
}


def counts() -> tuple[int, int, int]:
    return LocalAuthority.objects.count(), Locality.objects.count(), Area.objects.count()


def snapshot() -> list:
    return [
        list(LocalAuthority.objects.order_by("code").values()),
        list(Locality.objects.order_by("slug").values()),
        list(Area.objects.order_by("code").values()),
    ]


@pytest.fixture
def loaded(db):
    call_command("places_load", stdout=StringIO())


@pytest.mark.django_db
def test_load_creates_the_localities_from_real_wards(loaded):
    assert counts() == (10, 12, 642)
    for slug, (la_code, ward_names) in EXPECTED.items():
        locality = Locality.objects.get(slug=slug)
        assert locality.local_authority.code == la_code
        assert locality.ward_names == ward_names
        assert len(locality.ward_codes) == len(ward_names)
        assert locality.description
        assert locality.boundary["type"] in {"Polygon", "MultiPolygon"}
        assert len(json.dumps(locality.boundary)) < 50_000
        assert locality.areas.exists(), f"{slug} has no LSOAs"


@pytest.mark.django_db
def test_cotmanhay_boundary_and_areas(loaded):
    cotmanhay = Locality.objects.get(slug="cotmanhay")
    assert cotmanhay.boundary["type"] in {"Polygon", "MultiPolygon"}
    ring = cotmanhay.boundary["coordinates"][0]
    assert ring[0] == ring[-1]
    assert all(len(str(value).split(".")[-1]) <= 5 for point in ring for value in point)
    assert 52.98 < cotmanhay.centre_lat < 53.01
    assert -1.33 < cotmanhay.centre_lng < -1.29
    assert COTMANHAY_LSOA in set(cotmanhay.areas.values_list("code", flat=True))
    lsoa = Area.objects.get(code=COTMANHAY_LSOA)
    assert (lsoa.name, lsoa.imd_decile, lsoa.imd_rank) == ("Erewash 001D", 2, 4556)


@pytest.mark.django_db
def test_local_authorities_and_the_county(loaded):
    erewash = LocalAuthority.objects.get(code="E07000036")
    assert (erewash.name, erewash.county_code, erewash.county_name) == ("Erewash", "E10000007", "Derbyshire")
    assert LocalAuthority.objects.get(code="E10000007").name == "Derbyshire"
    assert LocalAuthority.objects.get(code="E06000015").county_code == ""


@pytest.mark.django_db
def test_every_lsoa_is_in_at_most_one_locality_and_the_one_holding_its_centre(loaded):
    danesmoor = Locality.objects.get(slug="danesmoor")
    assert set(danesmoor.areas.values_list("local_authority__code", flat=True)) == {"E07000038"}
    assert Area.objects.filter(locality__isnull=False).count() == sum(
        locality.areas.count() for locality in Locality.objects.all()
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing(loaded):
    before_counts, before = counts(), snapshot()
    out = StringIO()
    call_command("places_load", stdout=out)
    assert counts() == before_counts
    assert snapshot() == before
    assert "Localities: 0 added, 0 updated, 12 unchanged." in out.getvalue()


@pytest.mark.django_db
def test_loading_again_repairs_an_edited_row_and_keeps_others(loaded):
    Locality.objects.filter(slug="gamesley").update(name="Renamed", boundary=None)
    extra = Locality.objects.create(
        slug="made-by-hand", name="Made by hand", local_authority=LocalAuthority.objects.get(code="E07000037")
    )
    out = StringIO()
    call_command("places_load", stdout=out)
    gamesley = Locality.objects.get(slug="gamesley")
    assert gamesley.name == "Gamesley"
    assert gamesley.boundary["type"] == "Polygon"
    assert Locality.objects.filter(pk=extra.pk).exists()
    assert "Localities: 0 added, 1 updated, 11 unchanged." in out.getvalue()


@pytest.mark.django_db
def test_shipped_data_end_to_end(loaded, client):
    """The one test that imports the whole shipped postcode file: every row lands, and a real
    Cotmanhay postcode resolves to Cotmanhay in the look-up, on the page and in the API."""
    out = StringIO()
    call_command("places_import_postcodes", stdout=out)
    assert Postcode.objects.count() == 43_926
    assert "43,926 added, 0 updated" in out.getvalue()
    with SHIPPED_FILE.open("rb") as handle:
        assert handle.read(2) == b"\x1f\x8b"  # shipped gzip-compressed

    answer = queries.lookup_postcode("de78qa")
    assert answer.postcode == COTMANHAY_POSTCODE
    assert answer.locality.slug == "cotmanhay"
    assert answer.area.code == COTMANHAY_LSOA
    assert answer.local_authority.code == "E07000036"

    page = client.get("/postcode/", {"postcode": "de7 8qa"})
    assert page.status_code == 200
    assert "DE7 8QA is in Cotmanhay" in page.content.decode()

    api = client.get("/api/v1/postcodes/DE78QA")
    assert api.status_code == 200
    body = api.json()
    assert body["locality"]["slug"] == "cotmanhay"
    assert body["lsoa_code"] == COTMANHAY_LSOA

    # A postcode in the west of Derby lies in no locality: a clear answer, not an error.
    outside = queries.lookup_postcode("DE22 3LA")
    assert outside.locality is None
    assert outside.local_authority.name == "Derby"
    assert "not in one of the localities" in outside.message
