"""Real councils' feeds: ORUK 1.0 pages and HSDS 1.x packages mapped field by field, awkward
values put right and said so, what is valid landed and what is not set aside with its reason,
nothing invented, the run kept with its report, and export → import giving everything back."""

import copy
import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from thriving.core.models import Organisation
from thriving.directory.interchange import export
from thriving.directory.interchange.fields import to_uuid
from thriving.directory.interchange.models import ImportRun
from thriving.directory.models import Contact, Location, Phone, Schedule, Service, ServiceAtLocation
from thriving.directory.openreferral import querysets
from thriving.directory.openreferral import serialisers as s
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db
LONG = "Long description. " * 8600  # about 150 KB, past Python's csv field limit


def oruk1_service(n: int, **fields) -> dict:
    """An ORUK 1.0 service as councils publish it, with every awkward value."""
    record = {
        "id": f"svc-{n}",
        "name": f"Lunch club {n}",
        "description": "<p>Hot meals &amp; company.</p><ul><li>Soup</li><li>Pudding</li></ul><script>x()</script>",
        "url": "www.lunch.example.org",
        "email": " \u200bhello@lunch.example.org. ",
        "status": "active",
        "fees": "",
        "accreditations": "",
        "deliverable_type": "Activity",
        "attending_type": "Venue",
        "attending_access": "drop-in",
        "assured_date": "2024-03-01",
        "last_modified": "2024-05-06T07:08:09Z",
        "organization": {"id": "org-1", "name": "Parish Lunches", "description": "Lunches",
                         "url": "www.parish.example.org", "logo": "https://parish.example.org/logo.png",
                         "uri": "https://parish.example.org/id"},
        "eligibilitys": [{"id": f"el-{n}", "eligibility": "Older people", "minimum_age": 60, "maximum_age": -1}],
        "languages": [{"id": f"lang-{n}", "language": "Welsh"}],
        "contacts": [{"id": f"contact-{n}", "name": "Desk", "title": "Organiser",
                      "phones": [{"id": f"ph-{n}-a", "number": "01632 960000. "},
                                 {"id": f"ph-{n}-b", "number": "\u200b07700 900123"}]}],
        "regular_schedules": [{"id": f"rs-{n}", "weekday": "Tuesday", "opens_at": "12:00", "closes_at": "14:00",
                               "freq": "WEEKLY"}],
        "holiday_schedules": [{"id": "h1", "closed": True, "start_date": "2024-12-25"}],
        "service_areas": [{"id": f"area-{n}", "service_area": "Somewhere Far Away"},
                          {"id": f"area-{n}-b", "service_area": "Kirkby"}],
        "service_at_locations": [{"id": f"sal-{n}", "location": {
            "id": f"loc-{n}", "name": "Church hall", "latitude": 53.1, "longitude": -1.3,
            "physical_addresses": [{"id": f"addr-{n}", "address_1": "1 Church Lane", "city": "Kirkby",
                                    "state_province": "Nottinghamshire", "postal_code": "ng17 1aa", "country": ""}],
            "accessibility_for_disabilities": [{"id": f"acc-{n}", "accessibility": "Ramp at the side door"}],
        }}],
        "service_taxonomys": [{"id": f"st-{n}", "taxonomy": {"id": "food", "name": "Food", "vocabulary": "esd"}}],
    }
    return {**record, **fields}


def page(*services) -> dict:
    return {"totalElements": len(services), "totalPages": 1, "number": 1, "size": 50, "first": True,
            "last": True, "content": list(services)}


def write(tmp_path, document, name="feed.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def test_an_oruk1_page_is_found_and_mapped_field_by_field(tmp_path, capsys):
    LocalityFactory(name="Kirkby")
    call_command("directory_import", write(tmp_path, page(oruk1_service(1), oruk1_service(2, cost_options=[
        {"id": "co-2", "option": "Per meal", "amount": 3.5, "amount_description": "£3.50 a meal"}]))))
    out, err = capsys.readouterr()
    assert "Found Open Referral UK 1.0 JSON" in out
    one = Service.objects.get(uuid=to_uuid("service", "svc-1"))
    assert one.description == "Hot meals & company.\n\n- Soup\n- Pudding"
    assert "<" not in one.description
    assert "x()" not in one.description
    assert one.url == "https://www.lunch.example.org"
    assert one.email == "hello@lunch.example.org"
    assert (one.minimum_age, one.maximum_age) == (60, None)
    assert one.eligibility_description == "Older people"
    assert one.is_free is None
    assert s.cost_options(one) == []
    assert (one.deliverable_type, one.attending_type, one.attending_access) == ("Activity", "Venue", "drop-in")
    assert one.access == ["drop_in"]
    assert one.last_modified.isoformat() == "2024-05-06T07:08:09+00:00"
    assert str(one.last_checked) == "2024-03-01"
    assert one.languages == ["cy"]
    assert [loc.name for loc in one.localities.all()] == ["Kirkby"]
    assert one.other_areas == [{"id": "area-1", "name": "Somewhere Far Away"}]
    assert one.schedules.get().byday == "TU"
    contact = Contact.objects.get(uuid=to_uuid("contact", "contact-1"))
    assert (contact.service, contact.title) == (one, "Organiser")
    assert [p.number for p in contact.phones.all()] == ["01632 960000", "07700 900123"]
    assert one.phone == "01632 960000"
    place = one.service_at_locations.get().location
    assert (place.postcode, place.country) == ("NG17 1AA", "")
    assert (place.state_province, place.region) == ("Nottinghamshire", "")
    assert place.accessibility == "Ramp at the side door"
    org = one.organisation
    assert (org.website, org.logo, org.uri) == ("https://www.parish.example.org", "https://parish.example.org/logo.png",
                                                "https://parish.example.org/id")
    assert [n.name for n in one.needs.all()] == ["Food"]
    two = Service.objects.get(uuid=to_uuid("service", "svc-2"))
    assert (two.is_free, two.fees_description) == (False, "£3.50 a meal")
    for said in ("description held HTML", "url was put right", "email was put right",
                 "maximum_age -1 means no limit", "number was put right",
                 "no locality is called 'Somewhere Far Away'", "holiday_schedules have no place"):
        assert said in err, said
    run = ImportRun.objects.get()
    assert (run.status, run.format, run.refused) == (ImportRun.Status.LANDED, "Open Referral UK 1.0 JSON", 0)
    assert run.report["counts"]["services created"] == 2


def test_the_api_and_export_carry_what_was_imported(tmp_path, client):
    call_command("directory_import", write(tmp_path, page(oruk1_service(1))))
    one = Service.objects.get(uuid=to_uuid("service", "svc-1"))
    body = client.get(f"/openreferral/services/{one.uuid}").json()
    assert body["last_modified"] == "2024-05-06T07:08:09Z"
    assert body["deliverable_type"] == "Activity"
    assert body["attending_access"] == "drop-in"
    assert body["cost_options"] == []
    assert body["organization"]["website"] == "https://www.parish.example.org"
    assert body["contacts"][0]["id"] == str(to_uuid("contact", "contact-1"))
    assert len(body["contacts"][0]["phones"]) == 2
    area = next(a for a in body["service_areas"] if a["id"] == "area-1")
    assert (area["name"], area["service_area"]) == ("Somewhere Far Away", "Somewhere Far Away")
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["state_province"], address["country"]) == ("Nottinghamshire", "")
    files = export.package()
    services = list(csv.DictReader(io.StringIO(files["services.csv"].decode())))
    assert services[0]["attending_type"] == "Venue"


def test_what_is_valid_lands_and_what_is_not_is_set_aside_with_its_reason(tmp_path, capsys):
    good = oruk1_service(1)
    bad = oruk1_service(2, status="open", email="not an email")
    same_id = oruk1_service(1, name="A different lunch club")
    orphan = {"id": "svc-4", "name": "No organisation", "status": "active"}
    call_command("directory_import", write(tmp_path, page(good, bad, same_id, orphan)))
    out, err = capsys.readouterr()
    assert Service.objects.count() == 1
    assert Service.objects.get().name == "Lunch club 1"  # the repeated id is not merged into it
    # what depends on the set-aside service is set aside with it; its place, valid alone, lands
    assert Location.objects.filter(uuid=to_uuid("location", "loc-2")).exists()
    assert not ServiceAtLocation.objects.filter(uuid=to_uuid("service_at_location", "sal-2")).exists()
    assert not Schedule.objects.filter(uuid=to_uuid("schedule", "rs-2")).exists()
    assert not Phone.objects.filter(uuid=to_uuid("phone", "ph-2-a")).exists()
    assert "set aside: feed.json record 2: service svc-2: status 'open' is not one of" in err
    assert "record 3: service svc-1: the id is used again (first at feed.json record 1: service svc-1)" in err
    aside = next(line for line in out.splitlines() if line.startswith("Set aside:"))
    assert "1 repeated ids" in aside
    assert "1 schedules" in aside
    assert "2 services" in aside
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PARTLY
    problem = next(p for p in run.report["problems"] if p["field"] == "email")
    assert problem == {"reason": "email 'not an email' is not an email address", "file": "feed.json",
                       "position": "record 2: service svc-2", "table": "services", "id": "svc-2", "field": "email",
                       "value": "not an email"}
    assert any(p["reason"].startswith("its service") and p["table"] == "schedules" for p in run.report["problems"])


def test_strict_keeps_all_or_nothing_and_keeps_the_refused_run(tmp_path):
    with pytest.raises(CommandError, match="--strict"):
        call_command("directory_import", write(tmp_path, page(oruk1_service(1), oruk1_service(2, status="x"))),
                     "--strict")
    assert Service.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


def test_an_unreadable_feed_is_kept_as_a_failed_run(tmp_path):
    with pytest.raises(CommandError, match="expected ORUK 3.0"):
        call_command("directory_import", write(tmp_path, {"items": []}))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "expected" in run.report["error"]


def test_importing_the_same_feed_again_changes_nothing(tmp_path, capsys):
    LocalityFactory(name="Kirkby")
    feed = write(tmp_path, page(oruk1_service(1), oruk1_service(2)))
    call_command("directory_import", feed)
    before = {m.__name__: list(m.objects.order_by("pk").values()) for m in (Service, Contact, Phone, Location,
                                                                           Schedule, ServiceAtLocation)}
    capsys.readouterr()
    call_command("directory_import", feed)
    out = capsys.readouterr().out
    assert " created" not in out
    assert " updated" not in out
    assert " removed" not in out
    after = {m.__name__: list(m.objects.order_by("pk").values()) for m in (Service, Contact, Phone, Location,
                                                                          Schedule, ServiceAtLocation)}
    for name in before:
        for row in before[name] + after[name]:
            row.pop("updated_at", None)
        assert before[name] == after[name], name


def test_progress_is_shown_with_progress(tmp_path, capsys):
    call_command("directory_import", write(tmp_path, page(*(oruk1_service(n) for n in range(3)))), "--progress")
    assert "read 3 services" in capsys.readouterr().err


def hsds1_package(tmp_path) -> str:
    folder = tmp_path / "hsds1"
    folder.mkdir()
    tables = {
        "organizations": [{"id": "o1", "name": "Old Org", "description": "", "url": "www.old.example.org"}],
        "services": [{"id": "s1", "organization_id": "o1", "name": "Advice", "description": LONG,
                      "status": "active", "email": "advice@example.org.", "url": ""}],
        "locations": [{"id": "l1", "organization_id": "o1", "name": "Library", "latitude": "", "longitude": ""}],
        "services_at_location": [{"id": "sl1", "service_id": "s1", "location_id": "l1"}],
        "physical_addresses": [{"id": "pa1", "location_id": "l1", "address_1": "High St", "city": "Town",
                                "region": "East Midlands", "state_province": "Derbyshire", "postal_code": "DE1 1AA",
                                "country": "GB"}],
        "regular_schedules": [{"id": "r1", "service_id": "s1", "weekday": "Friday", "opens_at": "09:00",
                               "closes_at": "12:00"}],
        "contacts": [{"id": "c1", "service_id": "s1", "name": "Advisers", "email": ""}],
        "phones": [{"id": "p1", "contact_id": "c1", "number": " 01632 960111 "},
                   {"id": "p2", "service_id": "s1", "number": "01632 960222"}],
        "eligibility": [{"id": "e1", "service_id": "s1", "eligibility": "Adults"}],
    }
    for name, rows in tables.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
        writer.writeheader()
        writer.writerows(rows)
        (folder / f"{name}.csv").write_text(out.getvalue())
    return str(folder)


def test_an_hsds1_package_is_found_and_mapped(tmp_path, capsys):
    call_command("directory_import", hsds1_package(tmp_path))
    assert "Found HSDS 1.x CSV data package" in capsys.readouterr().out
    advice = Service.objects.get()
    assert advice.description == LONG.strip()
    assert (advice.email, advice.eligibility_description, advice.phone) == ("advice@example.org", "Adults",
                                                                             "01632 960222")
    assert advice.organisation.website == "https://www.old.example.org"
    place = Location.objects.get()
    assert (place.region, place.state_province, place.country) == ("East Midlands", "Derbyshire", "GB")
    assert advice.schedules.get().byday == "FR"
    assert [p.number for p in Contact.objects.get(uuid=to_uuid("contact", "c1")).phones.all()] == ["01632 960111"]


def _everything() -> list[dict]:
    found = [s.service_full(x) for x in querysets.full_services().order_by("uuid")]
    for record in found:
        record.pop("last_modified", None)  # ours is when it was saved, unless the source said
    return found


def test_export_then_import_into_an_empty_directory_gives_everything_back(tmp_path):
    LocalityFactory(name="Kirkby")
    call_command("directory_import", write(tmp_path, page(oruk1_service(1), oruk1_service(2, description=LONG))))
    call_command("directory_import", hsds1_package(tmp_path))
    before = _everything()
    organisations = sorted(Organisation.objects.values_list("uuid", "name", "website", "logo", "uri"))
    assert len(before) == 3
    export.write(tmp_path / "package.zip")
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("directory_import", str(tmp_path / "package.zip"))
    after = _everything()
    assert copy.deepcopy(after) == before
    assert sorted(Organisation.objects.values_list("uuid", "name", "website", "logo", "uri")) == organisations
    assert len(after[0]["description"]) > 100_000 or any(len(r["description"]) > 100_000 for r in after)


def test_directory_editors_read_the_runs_and_their_reports(tmp_path, client, editor):
    call_command("directory_import", write(tmp_path, page(oruk1_service(1), oruk1_service(2, status="x"))))
    run = ImportRun.objects.get()
    client.force_login(editor)
    listing = client.get(reverse("directory:import-list"))
    assert listing.status_code == 200
    assert reverse("directory:import-run", args=[run.uuid]) in listing.content.decode()
    report = client.get(reverse("directory:import-run", args=[run.uuid])).content.decode()
    assert "Landed, some records set aside" in report
    assert "status &#x27;x&#x27; is not one of" in report
    assert "svc-2" in report
    assert "Open Referral UK 1.0 JSON" in report


def test_others_do_not_read_the_runs(tmp_path, client, staff):
    call_command("directory_import", write(tmp_path, page(oruk1_service(1))))
    client.force_login(staff)
    assert client.get(reverse("directory:import-list")).status_code == 403
    assert client.get(reverse("directory:import-run", args=[ImportRun.objects.get().uuid])).status_code == 403
