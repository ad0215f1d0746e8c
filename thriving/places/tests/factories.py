import factory

from thriving.places.models import Area, LocalAuthority, Locality, Postcode


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["code"]

    code = "E07000036"
    name = "Erewash"
    county_code = "E10000007"
    county_name = "Derbyshire"


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Locality {n}")
    slug = factory.Sequence(lambda n: f"locality-{n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    ward_codes = factory.LazyFunction(lambda: ["E05010606"])
    ward_names = factory.LazyFunction(lambda: ["Cotmanhay"])


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"E0199{n:04d}")
    name = factory.Sequence(lambda n: f"Erewash {n:03d}A")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    imd_decile = 3


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"DE7 {n % 10}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    lat = 52.99
    lng = -1.31
    area_code = "E01019638"
    local_authority_code = "E07000036"
