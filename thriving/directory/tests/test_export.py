"""Export as an HSDS CSV data package, and the round trip: export, wipe, import, same directory."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from thriving.core.models import Organisation
from thriving.directory.interchange import export
from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from thriving.directory.openreferral import querysets
from thriving.directory.openreferral import serialisers as s
from thriving.directory.openreferral.schemas import STANDARDS
from thriving.directory.tests.factories import build_directory

pytestmark = pytest.mark.django_db
HSDS_CSV = STANDARDS / "hsds-3.0" / "examples" / "csv"


def canonical() -> dict[str, str]:
    """Every service, as the ORUK API serves it in full, with lists in a fixed order and the
    moment of the last change left out (an import is a change)."""

    def tidy(value):
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items() if k != "last_modified"}
        if isinstance(value, list):
            items = [tidy(v) for v in value]
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return value

    services = {str(x.uuid): tidy(s.service_full(x)) for x in querysets.full_services()}
    lonely = Location.objects.filter(service_at_locations__isnull=True).prefetch_related("schedules")
    places = {str(x.uuid): tidy(s.location_full(x, list(x.schedules.all()))) for x in lonely}
    terms = {str(x.uuid): tidy(s.term(x)) for x in querysets.terms()}
    taxonomies = {str(x.uuid): tidy(s.taxonomy(x)) for x in querysets.taxonomies()}
    everything = {"services": services, "places": places, "terms": terms, "taxonomies": taxonomies}
    return json.loads(json.dumps(everything, sort_keys=True))


def wipe() -> None:
    Service.objects.all().delete()
    Location.objects.all().delete()
    Taxonomy.objects.all().delete()
    assert not Schedule.objects.exists()
    assert not TaxonomyTerm.objects.exists()
    assert not ServiceAtLocation.objects.exists()


def rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))


def test_the_package_has_the_hsds_files_and_columns():
    build_directory(services=10, organisations=3)
    files = export.package()
    descriptor = json.loads(files["datapackage.json"])
    names = {resource["path"] for resource in descriptor["resources"]}
    assert names == set(files) - {"datapackage.json"}
    for expected in ("services.csv", "organizations.csv", "locations.csv", "service_at_location.csv",
                     "addresses.csv", "schedules.csv", "phones.csv", "taxonomies.csv", "taxonomy_terms.csv",
                     "attributes.csv", "languages.csv", "service_areas.csv", "cost_options.csv"):
        assert expected in files, expected
    for name in files:
        if name.endswith(".csv") and (HSDS_CSV / name).exists():
            ours = files[name].decode().splitlines()[0].split(",")
            theirs = (HSDS_CSV / name).read_text().splitlines()[0].split(",")
            assert ours[: len(theirs)] == theirs, name
    assert len(rows(files, "services.csv")) == 10
    assert {r["id"] for r in rows(files, "services.csv")} == {str(x.uuid) for x in Service.objects.all()}


@pytest.mark.parametrize("as_zip", [False, True])
def test_round_trip_returns_the_same_directory(tmp_path, as_zip):
    build_directory(services=24, organisations=4)
    before = canonical()
    target = tmp_path / ("package.zip" if as_zip else "package")
    call_command("directory_export", "--output", str(target))
    wipe()
    organisations = Organisation.objects.count()
    call_command("directory_import", str(target))
    assert Organisation.objects.count() == organisations
    after = canonical()
    assert after["taxonomies"] == before["taxonomies"]
    assert after["terms"] == before["terms"]
    assert after["places"] == before["places"]
    assert after["services"].keys() == before["services"].keys()
    for key, service in before["services"].items():
        assert after["services"][key] == service, key
    call_command("directory_import", str(target))  # and again: nothing new, nothing lost
    assert canonical() == before
    assert Service.objects.count() == 24


def test_export_to_a_zip_holds_the_package(tmp_path):
    build_directory(services=3, organisations=1)
    call_command("directory_export", "--output", str(tmp_path / "out.zip"))
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert "datapackage.json" in archive.namelist()
        assert "services.csv" in archive.namelist()


def test_the_hsds_example_package_imports(capsys):
    call_command("directory_import", str(HSDS_CSV))
    service = Service.objects.get(uuid="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.minimum_age == 12
    assert service.is_free is False
    assert service.languages == ["ur"]
    assert service.service_at_locations.get().location.name == "MyCity Civic Center"
    assert service.schedules.get().byday == "TH,FR"
    assert "latitude 100.0 is not on the earth" in capsys.readouterr().err
