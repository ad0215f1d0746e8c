"""The ORUK proximity as one statement (`search_sql.oruk_nearby`) answers what the general
filters (`openreferral.filters.service_at_locations`) answer, envelope for envelope."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import RequestFactory

from thriving.directory.models import Service
from thriving.directory.openreferral import filters, querysets
from thriving.directory.openreferral import serialisers as s
from thriving.directory.openreferral.paging import page_of
from thriving.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

URL = "/openreferral/service_at_locations"


@pytest.fixture
def around(db, taxonomy):
    """Places every 300 m north of a postcode, two at the same spot, of every status; services
    serving the postcode's locality, another or none."""
    home, elsewhere = LocalityFactory(name="Cotmanhay"), LocalityFactory(name="Elsewhere")
    area = AreaFactory(locality=home, centre_lat=52.99, centre_lng=-1.31)
    PostcodeFactory(postcode="DE7 8RA", area=area, lat=52.99, lng=-1.31)
    statuses = list(Service.Status.values)
    for n in range(14):
        service = ServiceFactory(name=f"Club {n}" if n % 2 else f"Larder {n}", status=statuses[n % len(statuses)])
        service.localities.set([[], [home], [elsewhere]][n % 3])
        if n % 4 == 0:
            service.needs.set([taxonomy["food"]])
        metres = 300 * (n // 2)
        ServiceAtLocationFactory(service=service, location=LocationFactory(latitude=52.99 + metres / 111_195,
                                                                           longitude=-1.31))
    return taxonomy


def general(params: dict) -> dict:
    request = RequestFactory().get(URL, params)
    queryset = filters.service_at_locations(querysets.service_at_locations(), request)
    return json.loads(json.dumps(page_of(request, queryset, s.service_at_location_basic), cls=DjangoJSONEncoder))


@pytest.mark.parametrize(
    "params",
    [
        {"proximity": "5000"},
        {"proximity": "1000"},
        {"proximity": "5000", "per_page": "3"},
        {"proximity": "5000", "per_page": "3", "page": "2"},
        {"proximity": "5000", "per_page": "3", "page": "9"},
        {"proximity": "5000", "search": "larder"},
        {"proximity": "5000", "taxonomy_term_id": "food"},
    ],
)
def test_the_one_statement_answers_as_the_general_filters(client, around, params):
    asked = {"postcode": "DE7 8RA", **params}
    if "taxonomy_term_id" in asked:
        asked["taxonomy_term_id"] = str(around[asked["taxonomy_term_id"]].uuid)
    body = client.get(URL, asked).json()
    assert body == general(asked)
    assert body["total_items"] > 0
