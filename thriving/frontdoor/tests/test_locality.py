"""A request from a postcode in no locality: it records its local authority, ward and nearest
locality, reaches every hub worker, and a hub worker places it in a locality (or moves it)."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.services import locality as locality_services
from thriving.frontdoor.services.common import FrontDoorError
from thriving.frontdoor.tests.factories import HelpRequestFactory
from thriving.frontdoor.tests.test_ask import send, walk
from thriving.places.tests.factories import AreaFactory, PostcodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_ask")]

# DE7 4AA, in Ilkeston's Hallam Fields ward: south of Cotmanhay, in no locality.
HALLAM_FIELDS = (52.96031, -1.30417)


@pytest.fixture
def outside(cotmanhay, taxonomy):
    lat, lng = HALLAM_FIELDS
    return PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(code="E01019659", centre_lat=lat, centre_lng=lng),
                           lat=lat, lng=lng)


def test_asking_from_a_postcode_in_no_locality_records_where_it_is(client, outside, cotmanhay):
    walk(client, **{"ask-postcode": {"postcode": "de74aa"}})
    assert send(client)["Location"] == reverse("frontdoor:ask-done")
    request = HelpRequest.objects.get()
    assert request.postcode == "DE7 4AA"
    assert request.locality is None
    assert request.local_authority.name == "Erewash"
    assert (request.ward_code, request.ward_name) == ("E05010610", "Hallam Fields")
    assert request.nearest_locality == cotmanhay
    assert 2000 < request.nearest_locality_metres < 3500


def test_asking_from_a_locality_records_its_ward_and_no_nearest(client, cotmanhay, taxonomy):
    walk(client)
    send(client)
    request = HelpRequest.objects.get()
    assert request.locality == cotmanhay
    assert request.ward_name == "Cotmanhay"
    assert request.nearest_locality is None


def _outside_request(cotmanhay):
    return HelpRequestFactory(postcode="DE7 4AA", locality=None, ward_name="Hallam Fields", ward_code="E05010610",
                              nearest_locality=cotmanhay, nearest_locality_metres=2745,
                              local_authority=cotmanhay.local_authority)


def test_the_request_page_says_where_and_offers_the_nearest_locality(client, user_with_role, cotmanhay):
    request = _outside_request(cotmanhay)
    client.force_login(user_with_role(Role.HUB_WORKER, locality=cotmanhay))
    html = client.get(reverse("frontdoor:request", args=[request.reference])).content.decode()
    where = html.split('data-testid="where"')[1].split("</dl>")[0]
    assert "Hallam Fields, Erewash" in where
    assert "Not in a locality" in where
    assert "The nearest is Cotmanhay, 1.7 miles (2.7 km) away." in where
    assert '<option value="cotmanhay" selected>Cotmanhay</option>' in html
    assert "Place it in this locality" in html


def test_a_hub_worker_places_the_request_in_a_locality_with_its_history_and_audit(
    client, user_with_role, cotmanhay, elsewhere
):
    request = _outside_request(cotmanhay)
    hub = user_with_role(Role.HUB_WORKER)
    client.force_login(hub)
    path = reverse("frontdoor:request-locality", args=[request.reference])
    response = client.post(path, {"locality-version": request.version, "locality-locality": "cotmanhay",
                                  "locality-reason": "Nearest team"})
    assert response.status_code == 302
    assert response["Location"].endswith("#where")
    request.refresh_from_db()
    assert request.locality == cotmanhay
    assert request.version == 2
    event = request.events.get(kind=RequestEvent.Kind.LOCALITY)
    assert event.text == "Placed in Cotmanhay: Nearest team"
    assert event.actor == hub
    audit = AuditEvent.objects.get(event="request.locality_changed")
    assert audit.changes == {"locality": ["", "Cotmanhay"]}

    client.post(path, {"locality-version": request.version, "locality-locality": "shirebrook"})
    request.refresh_from_db()
    assert request.locality == elsewhere
    assert request.events.filter(kind=RequestEvent.Kind.LOCALITY).last().text == "Moved from Cotmanhay to Shirebrook"


def test_setting_the_locality_shows_mistakes_and_conflicts(client, user_with_role, cotmanhay):
    request = _outside_request(cotmanhay)
    client.force_login(user_with_role(Role.HUB_WORKER))
    path = reverse("frontdoor:request-locality", args=[request.reference])
    missing = client.post(path, {"locality-version": request.version, "locality-locality": ""})
    assert missing.status_code == 400
    assert "Choose the locality" in missing.content.decode()
    stale = client.post(path, {"locality-version": request.version - 1 if request.version > 1 else 99,
                               "locality-locality": "cotmanhay"})
    assert stale.status_code == 409
    request.refresh_from_db()
    assert request.locality is None


def test_only_hub_workers_who_work_the_request_may_set_its_locality(user_with_role, cotmanhay, elsewhere):
    request = HelpRequestFactory(locality=elsewhere)
    with pytest.raises(Exception):  # noqa: B017, PT011  the policy refuses: PermissionDenied
        locality_services.set_locality(acting_user=user_with_role(Role.HUB_WORKER, locality=cotmanhay),
                                       request=request, version=request.version, locality=cotmanhay)
    closed = HelpRequestFactory(locality=None, status=HelpRequest.Status.CLOSED, outcome="met", outcome_level=1,
                                closed_at=request.created_at)
    with pytest.raises(FrontDoorError, match="closed"):
        locality_services.set_locality(acting_user=user_with_role(Role.HUB_WORKER), request=closed,
                                       version=closed.version, locality=cotmanhay)
