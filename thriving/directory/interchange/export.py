"""Export the directory as an HSDS 3.0 CSV data package: datapackage.json and one CSV file per
HSDS table, with the columns of the HSDS example package (hsds-3.0/examples/csv).

Each service is serialised exactly as the ORUK API serves it, then flattened into the tables,
so the ids and values in the package are those of the API. Columns beyond HSDS 3.0, in
services.csv: `accessibility_description`, `access` (how to get the service), and ORUK 1.0's
`deliverable_type`, `attending_type` and `attending_access`. No value is too long for a cell."""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone

from thriving.directory.interchange.bundle import Bundle, add_location, add_organisation, add_service, add_taxonomy
from thriving.directory.models import Location
from thriving.directory.openreferral import querysets
from thriving.directory.openreferral import serialisers as s

CHUNK = 500
COLUMNS = {
    "organizations": "id,name,alternate_name,description,email,website,tax_status,tax_id,year_incorporated,"
    "legal_status,logo,uri,parent_organization_id",
    "organization_identifiers": "id,organization_id,identifier_scheme,identifier_type,identifier",
    "services": "id,organization_id,program_id,name,alternate_name,description,url,email,status,"
    "interpretation_services,application_process,fees_description,wait_time,fees,accreditations,"
    "eligibility_description,minimum_age,maximum_age,assured_date,assurer_email,licenses,alert,last_modified,"
    "accessibility_description,access,deliverable_type,attending_type,attending_access",
    "locations": "id,location_type,url,organization_id,name,alternate_name,description,transportation,latitude,"
    "longitude,external_identifier,external_identifier_type",
    "service_at_locations": "id,service_id,location_id,description",
    "addresses": "id,location_id,attention,address_1,address_2,city,region,state_province,postal_code,country,"
    "address_type",
    "accessibility": "id,location_id,description,details,url",
    "schedules": "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,timezone,until,"
    "count,wkst,freq,interval,byday,byweekno,bymonthday,byyearday,description,opens_at,closes_at,schedule_link,"
    "attending_type,notes",
    "phones": "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,"
    "description",
    "contacts": "id,organization_id,service_id,service_at_location_id,location_id,name,title,department,email",
    "taxonomies": "id,name,description,uri,version",
    "taxonomy_terms": "id,code,name,description,parent_id,taxonomy,language,taxonomy_id,term_uri",
    "attributes": "id,link_id,taxonomy_term_id,link_type,link_entity,value",
    "languages": "id,service_id,location_id,phone_id,name,code,note",
    "service_areas": "id,service_id,name,description,extent,extent_type,uri",
    "cost_options": "id,service_id,valid_from,valid_to,option,currency,amount,amount_description",
}
FILES = {"service_at_locations": "service_at_location.csv"}  # the HSDS file name
ORDERED = {"phones", "contacts"}


def _chunks(queryset) -> Iterator:
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not page:
            return
        yield from page
        last = page[-1].pk


def bundle() -> Bundle:
    """The whole directory as HSDS tables."""
    found = Bundle()
    for taxonomy in querysets.taxonomies():
        add_taxonomy(found, s.taxonomy(taxonomy, list(querysets.terms().filter(taxonomy=taxonomy))))
    for org in _chunks(querysets.organisations()):
        add_organisation(found, s.organisation_full(org, []))
    for service in _chunks(querysets.full_services()):
        add_service(found, s.service_full(service))
    lonely = Location.objects.filter(service_at_locations__isnull=True).select_related("organisation")
    for location in _chunks(lonely.prefetch_related("schedules")):
        add_location(found, s.location_full(location, [x for x in location.schedules.all() if x.service_id is None]))
    return found


def _csv(columns: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.data.items()})
    return out.getvalue().encode("utf-8")


def package() -> dict[str, bytes]:
    """File name -> content of the data package. Tables with no rows are left out."""
    tables = bundle().tables
    files: dict[str, bytes] = {}
    resources = []
    for table, spec in COLUMNS.items():
        if not tables[table]:
            continue
        columns = spec.split(",")
        name = FILES.get(table, f"{table}.csv")
        rows = tables[table].values()  # phones and contacts in the order each service lists them
        files[name] = _csv(columns, rows if table in ORDERED else sorted(rows, key=lambda row: row.data["id"]))
        resources.append(
            {
                "name": Path(name).stem,
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": column, "type": "string"} for column in columns]},
            }
        )
    descriptor = {
        "name": "thriving-directory",
        "title": "The directory of services, as an HSDS 3.0 data package",
        "profile": "tabular-data-package",
        "created": timezone.now().isoformat(),
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, indent=2).encode("utf-8")
    return files


def write(output: Path) -> dict[str, bytes]:
    """Write the package to a folder, or to a .zip when the name ends so."""
    files = package()
    if output.suffix.lower() == ".zip":
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in files.items():
                archive.writestr(name, content)
    else:
        output.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (output / name).write_bytes(content)
    return files
