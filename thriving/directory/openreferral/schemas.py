"""The ORUK 3.0 UK-profile JSON Schemas, kept in thriving/directory/standards/, as validators.

The schema files are self-contained, apart from `open_api.json`, which refers to them by their
published URLs; a `referencing` registry resolves those URLs to the local copies. Formats are
checked too (uuid, uri, email, date-time, date, time), which the bare schemas leave optional."""

import datetime
import functools
import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
SCHEMAS = STANDARDS / "oruk-3.0-uk" / "schemas"
EXAMPLES = STANDARDS / "oruk-3.0-uk" / "examples"
PUBLISHED = "https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/OpenReferralApi/Schemas/V3.0-UK/"

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value: object) -> bool:
    return not isinstance(value, str) or str(uuid.UUID(value)) == value.lower()


@FORMATS.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("mailto", "tel", "urn"))


@FORMATS.checks("email", raises=ValueError)
def _email(value: object) -> bool:
    return not isinstance(value, str) or ("@" in value and " " not in value)


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if isinstance(value, str):
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text())


@functools.cache
def registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)
        resources.append((PUBLISHED + path.name, resource))
        resources.append((path.name, resource))
    return Registry().with_resources(resources)


PAGE = {
    "type": "object",
    "required": [
        "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 0},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 0},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A validator for one schema file, such as 'service.json'.

    The list schemas (service_list.json…) describe a page; organization_list.json describes one
    organisation of the list; 'page:organization_list.json' checks a whole page of them."""
    if name.startswith("page:"):
        item = {"$ref": PUBLISHED + name.removeprefix("page:")}
        schema = {**PAGE, "properties": {**PAGE["properties"], "contents": {"type": "array", "items": item}}}
    elif name.endswith("_list.json") and name != "organization_list.json":
        schema = {"allOf": [PAGE, {"$ref": PUBLISHED + name}]}
    else:
        schema = {"$ref": PUBLISHED + name}
    cls = jsonschema.Draft202012Validator
    return cls(schema, registry=registry(), format_checker=FORMATS)


def errors(name: str, document: Any) -> list[str]:
    """Every way the document breaks the schema, as 'path: message' lines."""
    found = validator(name).iter_errors(document)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in found]
