"""Our directory as Open Referral UK 3.0 (HSDS 3.0, UK profile) records.

Every function takes rows fetched with the related rows it needs (see `querysets.py`) and runs
no query of its own. Records our models keep inside a row (languages, localities served,
contact details, address) get stable identifiers derived from the owning row's UUID, so the
same record keeps the same id from one response, or one export, to the next.
"""

import json
import uuid
from typing import Any

from thriving.core.models import Organisation
from thriving.directory.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

LANGUAGE_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "cy": "Welsh", "de": "German", "en": "English", "es": "Spanish",
    "fa": "Persian", "fr": "French", "gu": "Gujarati", "hi": "Hindi", "it": "Italian", "ku": "Kurdish",
    "lt": "Lithuanian", "lv": "Latvian", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "so": "Somali", "sq": "Albanian", "ti": "Tigrinya",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "zh": "Chinese", "bsl": "British Sign Language",
}

IDENTIFIER_SCHEMES = {
    "charity_number": ("GB-CHC", "Charity number"),
    "company_number": ("GB-COH", "Company number"),
}


def derived_id(owner: uuid.UUID, kind: str, key: str = "") -> str:
    """A stable id for a record kept inside `owner`'s row, such as one of its languages."""
    return str(uuid.uuid5(owner, f"{kind}:{key}"))


def _put(record: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Add the fields that have a value; HSDS leaves absent what is unknown."""
    for key, value in fields.items():
        if value is not None and value != "":
            record[key] = value
    return record


def _time(value) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _datetime(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def organisation_identifiers(org: Organisation) -> list[dict[str, Any]]:
    found = []
    for field, (scheme, label) in IDENTIFIER_SCHEMES.items():
        value = getattr(org, field)
        if value:
            found.append(
                {
                    "id": derived_id(org.uuid, "identifier", scheme),
                    "organization_id": str(org.uuid),
                    "identifier_scheme": scheme,
                    "identifier_type": label,
                    "identifier": value,
                }
            )
    return found


def organisation_basic(org: Organisation) -> dict[str, Any]:
    """An organisation's one-to-one fields, as in organization_list.json."""
    return _put(
        {"id": str(org.uuid), "name": org.name, "description": org.description},
        email=org.email,
        website=org.website,
        logo=org.logo,
        uri=org.uri,
    )


def organisation_full(org: Organisation, services: list[dict[str, Any]]) -> dict[str, Any]:
    record = organisation_basic(org)
    record["organization_identifiers"] = organisation_identifiers(org)
    if org.phone:
        phone = {"id": derived_id(org.uuid, "phone"), "organization_id": str(org.uuid), "number": org.phone}
        record["phones"] = [phone]
    record["services"] = services
    return record


def term(term: TaxonomyTerm) -> dict[str, Any]:
    """A taxonomy term; needs `taxonomy` and `parent` fetched with it."""
    return _put(
        {"id": str(term.uuid), "name": term.name, "description": term.description},
        code=term.code,
        parent_id=str(term.parent.uuid) if term.parent_id else None,
        taxonomy=term.taxonomy.name,
        taxonomy_id=str(term.taxonomy.uuid),
        term_uri=term.term_uri,
    )


def taxonomy(tax: Taxonomy, terms: list[TaxonomyTerm] | None = None) -> dict[str, Any]:
    record = _put(
        {"id": str(tax.uuid), "name": tax.name, "description": tax.description}, uri=tax.uri, version=tax.version
    )
    if terms is not None:
        record["taxonomy_terms"] = [term(t) for t in terms]
    return record


def service_basic(service: Service) -> dict[str, Any]:
    """A service's one-to-one fields with its organisation, as in service_list.json."""
    return _put(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organisation.uuid),
            "name": service.name,
            "description": service.description,
            "status": service.status,
        },
        url=service.url,
        email=service.email,
        fees=service.fees_description,
        fees_description=service.fees_description,
        application_process=service.application_process,
        eligibility_description=service.eligibility_description,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        assured_date=_date(service.last_checked),
        assurer_email=service.last_checked_by,
        alert=service.alert,
        last_modified=_datetime(service.last_modified or service.updated_at),
        organization=organisation_basic(service.organisation),
        # ORUK 1.0's, kept as extensions beyond ORUK 3.0
        deliverable_type=service.deliverable_type,
        attending_type=service.attending_type,
        attending_access=service.attending_access,
    )


def schedule(item: Schedule) -> dict[str, Any]:
    return _put(
        {"id": str(item.uuid), "freq": item.freq},
        service_id=str(item.service.uuid) if item.service_id else None,
        location_id=str(item.location.uuid) if item.location_id else None,
        service_at_location_id=str(item.service_at_location.uuid) if item.service_at_location_id else None,
        interval=1,
        byday=item.byday,
        opens_at=_time(item.opens_at),
        closes_at=_time(item.closes_at),
        valid_from=_date(item.valid_from),
        valid_to=_date(item.valid_to),
        description=item.description,
    )


def location_basic(loc: Location) -> dict[str, Any]:
    return _put(
        {"id": str(loc.uuid), "location_type": "physical", "name": loc.name},
        description=loc.description,
        latitude=loc.latitude,
        longitude=loc.longitude,
    )


def location_full(loc: Location, schedules: list[Schedule] | None = None) -> dict[str, Any]:
    record = location_basic(loc)
    location_id = str(loc.uuid)
    if loc.organisation_id:
        record["organization_id"] = str(loc.organisation.uuid)
    record["addresses"] = []
    if loc.address_1 or loc.address_2 or loc.city or loc.postcode:
        address = {
            "id": derived_id(loc.uuid, "address"),
            "location_id": location_id,
            "address_1": loc.address_1,
            "city": loc.city,
            "state_province": loc.state_province,
            "postal_code": loc.postcode,
            "country": loc.country,
            "address_type": "physical",
        }
        record["addresses"].append(_put(address, address_2=loc.address_2, region=loc.region))
    record["accessibility"] = []
    if loc.accessibility:
        record["accessibility"].append(
            {"id": derived_id(loc.uuid, "accessibility"), "location_id": location_id, "description": loc.accessibility}
        )
    labels = dict(Location.Facility.choices)
    for code in loc.facilities or []:
        record["accessibility"].append(
            {
                "id": derived_id(loc.uuid, "facility", code),
                "location_id": location_id,
                "description": labels.get(code, code),
                "details": f"facility:{code}",
            }
        )
    record["phones"] = (
        [{"id": derived_id(loc.uuid, "phone"), "location_id": location_id, "number": loc.phone}] if loc.phone else []
    )
    record["schedules"] = [schedule(s) for s in schedules or []]
    return record


def service_at_location_basic(sal: ServiceAtLocation) -> dict[str, Any]:
    """As in service_at_location_list.json: the link, its location and its service."""
    return _put(
        {
            "id": str(sal.uuid),
            "service_id": str(sal.service.uuid),
            "location_id": str(sal.location.uuid),
            "location": location_basic(sal.location),
            "service": service_basic(sal.service),
        },
        description=sal.description,
    )


def _service_at_location_in_service(sal: ServiceAtLocation) -> dict[str, Any]:
    location_schedules = [s for s in sal.location.schedules.all() if s.service_id is None]
    return _put(
        {
            "id": str(sal.uuid),
            "service_id": str(sal.service.uuid),
            "location_id": str(sal.location.uuid),
            "location": location_full(sal.location, location_schedules),
        },
        description=sal.description,
    )


def service_areas(service: Service) -> list[dict[str, Any]]:
    areas = []
    for locality in service.localities.all():
        area = {
            "id": derived_id(service.uuid, "service_area", str(locality.uuid)),
            "service_id": str(service.uuid),
            "name": locality.name,
            "service_area": locality.name,
        }
        if locality.boundary:
            area["extent"] = json.dumps(locality.boundary, separators=(",", ":"))
            area["extent_type"] = "geojson"
        areas.append(_put(area, description=locality.description))
    for index, other in enumerate(service.other_areas or []):
        area_id = other.get("id") or derived_id(service.uuid, "service_area", f"other:{index}")
        areas.append({**other, "id": area_id, "service_id": str(service.uuid), "service_area": other.get("name", "")})
    return areas


def languages(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": derived_id(service.uuid, "language", code),
            "service_id": str(service.uuid),
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
        }
        for code in service.languages or []
    ]


def cost_options(service: Service) -> list[dict[str, Any]]:
    """None when the cost is not known: nothing is invented."""
    option = {"id": derived_id(service.uuid, "cost_option"), "service_id": str(service.uuid)}
    if service.is_free is None:
        return []
    if service.is_free:
        return [{**option, "option": "Free", "amount": 0, "currency": "GBP"}]
    return [_put({**option, "option": "Charge"}, amount_description=service.fees_description)]


def phone(item: Phone, service: Service, contact: Contact | None = None) -> dict[str, Any]:
    record = {"id": str(item.uuid), "number": item.number}
    if contact is None:
        record["service_id"] = str(service.uuid)
    else:
        record["contact_id"] = str(contact.uuid)
    return _put(record, extension=item.extension, type=item.type, description=item.description)


def phones(service: Service) -> list[dict[str, Any]]:
    """The service's own phones; its phone number as the first when no phone row holds it."""
    held = list(service.phones.all())
    found = [phone(item, service) for item in held if item.contact_id is None]
    if service.phone and service.phone not in {item.number for item in held}:
        found.insert(0, {"id": derived_id(service.uuid, "phone"), "service_id": str(service.uuid),
                         "number": service.phone})
    return found


def contacts(service: Service) -> list[dict[str, Any]]:
    """The service's contacts, each with its own id and every phone."""
    found = []
    for contact in service.contacts.all():
        record = {"id": str(contact.uuid), "service_id": str(service.uuid), "name": contact.name}
        found.append(_put(record, title=contact.title, department=contact.department, email=contact.email,
                          phones=[phone(item, service, contact) for item in contact.phones.all()] or None))
    return found


def attributes(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": derived_id(service.uuid, "attribute", str(need.uuid)),
            "link_id": str(service.uuid),
            "link_type": "need",
            "link_entity": "service",
            "taxonomy_term_id": str(need.uuid),
            "taxonomy_term": term(need),
        }
        for need in service.needs.all()
    ]


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as in service.json. Needs `querysets.full_services()` prefetching."""
    record = service_basic(service)
    record["organization"] = organisation_full(service.organisation, [])
    del record["organization"]["services"]
    record.update(
        schedules=[schedule(s) for s in service.schedules.all()],
        service_areas=service_areas(service),
        service_at_locations=[_service_at_location_in_service(sal) for sal in service.service_at_locations.all()],
        languages=languages(service),
        cost_options=cost_options(service),
        phones=phones(service),
        contacts=contacts(service),
        attributes=attributes(service),
        accessibility_description=service.accessibility or None,
        access=list(service.access or []) or None,
    )
    return {key: value for key, value in record.items() if value is not None}


def service_at_location_full(sal: ServiceAtLocation) -> dict[str, Any]:
    """As in service_at_location.json: the link with its full location and full service."""
    record = _service_at_location_in_service(sal)
    record["service"] = service_full(sal.service)
    return record
