"""`thriving directory import`: JSON files, pages, a folder of pages, an ORUK API over HTTP, the
HSDS CSV package; idempotent; with --strict whole or not at all, with every refused record
reported. (Landing what is valid, ORUK 1.0, HSDS 1.x and awkward values: test_import_feeds.py.)"""

import json
import shutil
import threading
import uuid
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from thriving.core.models import Organisation
from thriving.directory.interchange.fields import NAMESPACE
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from thriving.directory.openreferral.schemas import EXAMPLES, STANDARDS
from thriving.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
HSDS = STANDARDS / "hsds-3.0" / "examples"
EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"


def counts() -> dict[str, int]:
    models = (Organisation, Service, Location, ServiceAtLocation, Schedule, Taxonomy, TaxonomyTerm)
    return {model.__name__: model.objects.count() for model in models}


def service(**fields) -> dict:
    record = {
        "id": str(uuid.uuid4()),
        "name": "Food bank",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Pantry Group", "description": ""},
    }
    return {**record, **fields}


def write(tmp_path, document, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


@pytest.mark.parametrize(
    "example", [EXAMPLES / "service_full.json", HSDS / "service_full.json", EXAMPLES / "service_list.json"]
)
def test_the_standards_service_examples_import_and_import_again_without_duplicates(example, capsys):
    call_command("directory_import", str(example))
    first = counts()
    imported = Service.objects.get(uuid=EXAMPLE_ID)
    assert imported.name == "Community Counselling"
    assert str(imported.organisation.uuid) == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert imported.organisation.type == Organisation.Type.COMMUNITY_GROUP
    assert imported.organisation.slug == "example-organization-inc"
    call_command("directory_import", str(example))
    assert counts() == first
    assert "1 services unchanged" in capsys.readouterr().out


def test_a_full_example_brings_its_location_schedule_and_need():
    call_command("directory_import", str(HSDS / "service_full.json"))
    imported = Service.objects.get(uuid=EXAMPLE_ID)
    place = imported.service_at_locations.get()
    assert str(place.uuid) == "e94c9f38-1e8f-4564-91d4-d53501ab1765"
    assert place.location.postcode == "ABC 1234"
    assert place.location.latitude is None  # 100 is off the earth
    assert imported.schedules.get().opens_at.hour == 10
    assert [str(n.uuid) for n in imported.needs.all()] == ["3f7b145d-84af-42d7-8fae-eaca714b02b2"]
    assert imported.phone == "+44 1234 234567"
    assert imported.languages == ["ur"]


def test_a_list_and_a_folder_of_pages(tmp_path):
    org = {"id": str(uuid.uuid4()), "name": "Shared Org", "description": "x"}
    one, two, three = (service(organization=org, name=f"Service {n}") for n in range(3))
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages, {"total_items": 3, "page_number": 1, "contents": [one, two]}, "page-1.json")
    write(pages, {"total_items": 3, "page_number": 2, "contents": [three]}, "page-2.json")
    call_command("directory_import", str(pages))
    assert Service.objects.count() == 3
    assert Organisation.objects.filter(name="Shared Org").count() == 1
    call_command("directory_import", write(tmp_path, [one, two, three]))
    assert Service.objects.count() == 3


def test_a_re_import_updates_in_place(tmp_path):
    record = service(description="Old words", schedules=[{"id": str(uuid.uuid4()), "byday": "MO", "freq": "WEEKLY"}])
    call_command("directory_import", write(tmp_path, record))
    record.update(description="New words", schedules=[{"id": str(uuid.uuid4()), "byday": "TU"}])
    call_command("directory_import", write(tmp_path, record))
    imported = Service.objects.get()
    assert imported.description == "New words"
    assert list(imported.schedules.values_list("byday", flat=True)) == ["TU"]


def test_ids_that_are_not_uuids_get_stable_ones(tmp_path):
    record = service(id="svc-17", organization={"id": "org-3", "name": "Old Hall", "description": ""})
    call_command("directory_import", write(tmp_path, record))
    call_command("directory_import", write(tmp_path, record))
    imported = Service.objects.get()
    assert imported.uuid == uuid.uuid5(NAMESPACE, "service:svc-17")
    assert imported.organisation.uuid == uuid.uuid5(NAMESPACE, "organization:org-3")


def test_an_existing_organisation_is_matched_by_its_id(tmp_path):
    held = ServiceFactory().organisation
    record = service(organization_id=str(held.uuid))
    del record["organization"]
    call_command("directory_import", write(tmp_path, record))
    assert Service.objects.get(uuid=record["id"]).organisation == held


def test_strict_refusals_name_every_record_and_change_nothing(tmp_path, capsys):
    ServiceFactory()
    before = counts()
    nameless = service(name="")
    good = service()
    wrong = service(status="open", url="not a url")
    orphan = service(organization_id=str(uuid.uuid4()))
    del orphan["organization"]
    with pytest.raises(CommandError, match=r"Nothing was imported \(--strict\): 4 problem"):
        call_command("directory_import", write(tmp_path, [good, nameless, wrong, orphan]), "--strict")
    err = capsys.readouterr().err
    assert f"service {nameless['id']}: name missing" in err
    assert f"service {wrong['id']}: status 'open' is not one of active, temporarily closed, defunct, inactive" in err
    assert f"service {wrong['id']}: url 'not a url' is not a web address" in err
    assert f"organization {orphan['organization_id']} is neither in the feed nor in the directory" in err
    assert counts() == before


def test_strict_csv_refusals_give_the_file_and_line(tmp_path, capsys):
    package = tmp_path / "package"
    shutil.copytree(HSDS / "csv", package)
    services = (package / "services.csv").read_text().splitlines()
    services.append(services[1].replace(EXAMPLE_ID, str(uuid.uuid4())).replace(",active,", ",open,"))
    (package / "services.csv").write_text("\n".join(services) + "\n")
    (package / "schedules.csv").write_text(
        (package / "schedules.csv").read_text().replace("10:00:00", "ten o'clock")
    )
    with pytest.raises(CommandError):
        call_command("directory_import", str(package), "--strict")
    err = capsys.readouterr().err
    assert "services.csv line 3: status 'open' is not one of active, temporarily closed, defunct, inactive" in err
    assert "schedules.csv line 2: opens_at 'ten o'clock' is not a time like 09:30:00" in err
    assert Service.objects.count() == 0


def test_dry_run_counts_and_changes_nothing(capsys):
    call_command("directory_import", str(HSDS / "csv"), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import" in out
    assert "1 services created" in out
    assert "Dry run: nothing was changed." in out
    assert Service.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        ("{not json", "feed.json", "feed.json is not valid JSON"),
        ("PK not really a zip", "feed.zip", "feed.zip is not a zip file"),
        ("[42]", "feed.json", "feed.json holds no record this import knows: expected ORUK 3.0"),
        ('[{"id": "x", "colour": "blue"}]', "feed.json", "feed.json holds no record this import knows"),
        ('{"colour": "blue"}', "feed.json", 'an ORUK 1.0 page of services {"totalElements"'),
        ("id,name\n", "services.csv", "services.csv is one CSV file"),
    ],
)
def test_broken_files_are_refused(tmp_path, capsys, content, name, words):
    (tmp_path / name).write_text(content)
    with pytest.raises(CommandError) as raised:
        call_command("directory_import", str(tmp_path / name))
    assert words in str(raised.value) + capsys.readouterr().err


def test_a_missing_file_is_refused():
    with pytest.raises(CommandError, match="There is no file or folder"):
        call_command("directory_import", "/no/such/feed.json")


class ExampleApi(SimpleHTTPRequestHandler):
    """An ORUK API made of the standards' examples: one page of services, the service in full,
    a taxonomy and its terms."""

    routes = {
        "/oruk/services": "service_list.json",
        f"/oruk/services/{EXAMPLE_ID}": "service_full.json",
        "/oruk/taxonomies": "taxonomy_list.json",
        "/oruk/taxonomy_terms": "taxonomy_term_list.json",
    }

    def do_GET(self):  # noqa: N802 - the http.server spelling
        name = self.routes.get(urlsplit(self.path).path)
        if name is None:
            self.send_error(404)
            return
        body = (EXAMPLES / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def example_api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(ExampleApi, directory=str(EXAMPLES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/oruk"
    server.shutdown()
    server.server_close()


def test_an_oruk_api_is_read_page_by_page_and_each_service_in_full(example_api, capsys):
    call_command("directory_import", example_api + "/")
    imported = Service.objects.get(uuid=EXAMPLE_ID)
    assert imported.service_at_locations.count() == 1
    assert imported.schedules.count() == 1
    assert Taxonomy.objects.filter(uuid="5c4d79d7-cc55-470e-9f1f-8cad074e4892").exists()
    call_command("directory_import", example_api)
    assert Service.objects.count() == 1
    assert "1 services unchanged" in capsys.readouterr().out


def test_an_api_that_is_not_there_is_refused(example_api):
    with pytest.raises(CommandError, match="answered 404"):
        call_command("directory_import", example_api + "/nowhere")


def test_a_csv_id_used_twice_in_one_file_is_reported_and_the_first_kept(tmp_path, capsys):
    package = tmp_path / "package"
    shutil.copytree(HSDS / "csv", package)
    lines = (package / "services.csv").read_text().splitlines()
    other = lines[1].replace("Community Counselling", "Other")
    (package / "services.csv").write_text("\n".join([*lines, other]) + "\n")
    call_command("directory_import", str(package))
    assert f"services.csv line 3: id {EXAMPLE_ID} is used again (services.csv line 2)" in capsys.readouterr().err
    assert Service.objects.get().name == "Community Counselling"
    with pytest.raises(CommandError):
        call_command("directory_import", str(package), "--strict")


def test_an_import_that_changes_a_service_moves_its_version_on(tmp_path):
    held = ServiceFactory(name="Old name")
    record = {"id": str(held.uuid), "name": "New name", "status": "active"}
    call_command("directory_import", write(tmp_path, record))
    held.refresh_from_db()
    assert (held.name, held.version) == ("New name", 2)
    call_command("directory_import", write(tmp_path, record))
    held.refresh_from_db()
    assert held.version == 2
