"""Factories for places. The defaults sit in Erewash, around Cotmanhay, with made-up codes where
a real one is not needed."""

import factory

from thriving.places.models import Area, LocalAuthority, Locality, Postcode


def square(lat: float, lng: float, half_side: float = 0.005) -> dict:
    """A small square GeoJSON polygon centred on (lat, lng)."""
    ring = [
        [lng - half_side, lat - half_side],
        [lng + half_side, lat - half_side],
        [lng + half_side, lat + half_side],
        [lng - half_side, lat + half_side],
        [lng - half_side, lat - half_side],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["code"]

    code = "E07000036"
    name = "Erewash"
    county_code = "E10000007"
    county_name = "Derbyshire"


class LocalityFactory(factory.django.DjangoModelFactory):
    """A locality with a small square boundary around its centre."""

    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Locality {n}")
    slug = factory.Sequence(lambda n: f"locality-{n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    description = "A small area used in tests."
    ward_codes = factory.LazyFunction(lambda: ["E05010606"])
    ward_names = factory.LazyFunction(lambda: ["Cotmanhay"])
    centre_lat = 52.99
    centre_lng = -1.31
    boundary = factory.LazyAttribute(lambda o: square(o.centre_lat, o.centre_lng))


class AreaFactory(factory.django.DjangoModelFactory):
    """An LSOA; give `locality` to put it in one."""

    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"E0199{n:04d}")
    name = factory.Sequence(lambda n: f"Erewash {n:03d}A")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    locality = None
    imd_decile = 3
    imd_rank = factory.Sequence(lambda n: 6000 + n)
    centre_lat = 52.99
    centre_lng = -1.31


class PostcodeFactory(factory.django.DjangoModelFactory):
    """A postcode; give `area` to place it in that LSOA (and its local authority)."""

    class Meta:
        model = Postcode
        exclude = ["area"]

    area = None
    postcode = factory.Sequence(lambda n: f"DE7 {n % 10}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    lat = factory.LazyAttribute(lambda o: o.area.centre_lat if o.area else 52.99)
    lng = factory.LazyAttribute(lambda o: o.area.centre_lng if o.area else -1.31)
    area_code = factory.LazyAttribute(lambda o: o.area.code if o.area else "E01019638")
    local_authority_code = factory.LazyAttribute(lambda o: o.area.local_authority.code if o.area else "E07000036")
