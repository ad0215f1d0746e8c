"""The awards of the public pots as 360Giving grants (Data Standard 1.4): one grant per award, with
its identifier under the council's prefix, the amount the ledger says was awarded and paid, the
funder and the recipient with org-ids (or `recipientIndividual`, never a person's name), where it
benefits (ward, LSOA and local authority codes from places), the grant programme, and the
recommended fields the 360Giving data quality tool looks for. Read a chunk of awards at a time, so
that the export streams."""

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from django.db.models import Max, QuerySet
from django.utils import timezone

from thriving.budgets.models import Award, Movement, Pot, Publishing, Round
from thriving.budgets.queries import ledger, public
from thriving.budgets.queries.public import pence
from thriving.core import access
from thriving.core.models import Organisation
from thriving.places import queries as places
from thriving.places.models import Area

VERSION = "1.4"
INDIVIDUAL_NAME = "Individual Recipient"
# Grants to individuals from a local budget: for a community project, as social action.
INDIVIDUAL_PURPOSE = "GTIP160"
INDIVIDUAL_REASON = "GTIR120"
# The geoCodeType of a local authority, from the first three characters of its ONS code.
AUTHORITY_TYPES = {"E06": "UA", "E07": "NMD", "E08": "MD", "E09": "LONB", "W06": "UA", "S12": "UA", "N09": "UA"}
NUMBERS = ("amountAwarded", "amountDisbursed")


FIELDS = ("pk", "uuid", "pot_id", "round_id", "recipient_kind", "recipient_organisation_id", "recipient_name",
          "title", "purpose", "awarded_on", "updated_at", "locality_id", "ward_code", "area_code")


def awards(user: Any, year: int) -> QuerySet[Award]:
    """The awards of the public pots made in the year, oldest first."""
    return (
        access.restrict(Award.objects.all(), user, "view_public").filter(awarded_on__year=year)
        .order_by("awarded_on", "id")
    )


def org_id(organisation: Any, prefix: str) -> str:
    """An org-id from the organisation's registration: a charity (England and Wales, or
    Scotland), a company; otherwise one under the publisher's own prefix."""
    charity = (organisation.charity_number or "").strip().upper()
    if charity:
        return f"GB-SC-{charity}" if charity.startswith("SC") else f"GB-CHC-{charity}"
    company = (organisation.company_number or "").strip().upper()
    if company:
        return f"GB-COH-{company}"
    return f"{prefix}-ORG-{organisation.uuid}"


def _organisation(organisation: Any, prefix: str) -> dict[str, Any]:
    found = {"id": org_id(organisation, prefix), "name": organisation.name}
    if organisation.charity_number:
        found["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        found["companyNumber"] = organisation.company_number
    if organisation.website:
        found["url"] = organisation.website
    return found


class _Lookups:
    """The pots, rounds, localities, organisations and LSOA names the grants name, each read once
    for the whole export (there are few of them beside the awards)."""

    def __init__(self) -> None:
        self.pots: dict[int, Pot] = {}
        self.rounds: dict[int, Round] = {}
        self.localities: dict[int, Any] = {}
        self.organisations: dict[int, Organisation] = {}
        self.areas: dict[str, str] = {}

    def load(self, rows: list[dict[str, Any]]) -> None:
        def missing(field: str, known: dict) -> set:
            return {row[field] for row in rows if row[field] is not None and row[field] not in known}

        if wanted := missing("pot_id", self.pots):
            self.pots.update(Pot.objects.select_related("funding_organisation").in_bulk(wanted))
        if wanted := missing("round_id", self.rounds):
            self.rounds.update(Round.objects.in_bulk(wanted))
        if wanted := missing("locality_id", self.localities):
            self.localities.update(places.localities().in_bulk(wanted))
        if wanted := missing("recipient_organisation_id", self.organisations):
            self.organisations.update(Organisation.objects.in_bulk(wanted))
        if wanted := {row["area_code"] for row in rows if row["area_code"] and row["area_code"] not in self.areas}:
            self.areas.update(Area.objects.filter(code__in=wanted).values_list("code", "name"))


def _recipient(row: dict[str, Any], found: _Lookups, prefix: str) -> dict[str, Any]:
    if row["recipient_kind"] == Award.Recipient.INDIVIDUAL:
        return {
            "recipientIndividual": {"id": f"{prefix}-IND-{row['uuid']}", "name": INDIVIDUAL_NAME},
            "toIndividualsDetails": {"primaryGrantReason": INDIVIDUAL_REASON, "grantPurpose": [INDIVIDUAL_PURPOSE]},
        }
    if row["recipient_organisation_id"] is not None:
        return {"recipientOrganization": [_organisation(found.organisations[row["recipient_organisation_id"]], prefix)]}
    return {"recipientOrganization": [{"id": f"{prefix}-GRP-{row['uuid']}", "name": row["recipient_name"]}]}


def _funder(pot: Pot, publishing: Publishing) -> dict[str, Any]:
    if pot.funding_organisation is not None:
        return _organisation(pot.funding_organisation, publishing.identifier_prefix)
    return {"id": publishing.funder_identifier, "name": publishing.funder_name}


def _locations(row: dict[str, Any], found: _Lookups) -> list[dict[str, Any]]:
    """Where the grant benefits: its ward, its LSOA, and its local authority."""
    locality = found.localities[row["locality_id"]]
    places_found = []
    if ward := row["ward_code"]:
        wards = dict(zip(locality.ward_codes or [], locality.ward_names or [], strict=False))
        places_found.append({"id": f"WD-{ward}", "name": wards.get(ward, locality.name), "countryCode": "GB",
                             "geoCode": ward, "geoCodeType": "WD"})
    if area := row["area_code"]:
        places_found.append({"id": f"LSOA-{area}", "name": found.areas.get(area, area), "countryCode": "GB",
                             "geoCode": area, "geoCodeType": "LSOA"})
    authority = locality.local_authority
    places_found.append({"id": f"LA-{authority.code}", "name": authority.name, "countryCode": "GB",
                         "geoCode": authority.code, "geoCodeType": AUTHORITY_TYPES.get(authority.code[:3], "NMD")})
    return places_found


def _programme(pot: Pot, round_: Round | None, publishing: Publishing) -> list[dict[str, Any]]:
    code = f"{pot.slug}/{round_.slug}" if round_ else pot.slug
    title = f"{publishing.grant_programme}: {pot.name}" + (f", {round_.title}" if round_ else "")
    return [{"code": code, "title": title}]


def _stamp(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _description(row: dict[str, Any], pot: Pot) -> str:
    """The purpose; never the same as the title (which the quality tool flags)."""
    purpose = row["purpose"].strip()
    return purpose if purpose and purpose != row["title"].strip() else f"{row['title']}: a grant from {pot.name}"


def _chunks(queryset: QuerySet[Award]) -> Iterator[list[dict[str, Any]]]:
    size = public.CHUNK
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        wanted = ids[start:start + size]
        found = {row["pk"]: row for row in queryset.order_by().filter(pk__in=wanted).values(*FIELDS)}
        yield [found[pk] for pk in wanted if pk in found]


def grants(user: Any, year: int, publishing: Publishing, data_source: str) -> Iterator[dict[str, Any]]:
    """Each award made in the year with money awarded in the ledger, as a grant. Amounts are
    Decimals (written as JSON numbers by `dumps`). Each chunk of awards is read as plain rows in
    a few queries (the rows, their money, when their money last moved)."""
    prefix = publishing.identifier_prefix
    found = _Lookups()
    for rows in _chunks(awards(user, year)):
        ids = [row["pk"] for row in rows]
        found.load(rows)
        money = ledger.awards_money(cast(list[Award], [SimpleNamespace(pk=pk) for pk in ids]))
        changed = dict(Movement.objects.filter(award_id__in=ids).values("award_id").annotate(last=Max("at"))
                       .values_list("award_id", "last").order_by())
        for row in rows:
            had = money[row["pk"]]
            if had.awarded <= 0:
                continue  # an award wholly reversed or returned gave nothing
            pot, round_ = found.pots[row["pot_id"]], found.rounds.get(row["round_id"])
            modified = max(filter(None, [row["updated_at"], changed.get(row["pk"])]))
            yield {
                "id": f"{prefix}-{row['uuid']}",
                "title": row["title"],
                "description": _description(row, pot),
                "currency": "GBP",
                "amountAwarded": pence(had.awarded),
                "amountDisbursed": pence(had.paid),
                "awardDate": row["awarded_on"].isoformat(),
                **_recipient(row, found, prefix),
                "fundingOrganization": [_funder(pot, publishing)],
                "beneficiaryLocation": _locations(row, found),
                "grantProgramme": _programme(pot, round_, publishing),
                "fromOpenCall": "Yes" if round_ else "No",
                "dateModified": _stamp(modified),
                "dataSource": data_source,
            }


def dumps(grant: dict[str, Any]) -> str:
    """A grant as JSON, its amounts as exact JSON numbers (never through a float)."""
    rest = {key: value for key, value in grant.items() if key not in NUMBERS}
    numbers = ", ".join(f'"{key}": {Decimal(grant[key]):f}' for key in NUMBERS if key in grant)
    text = json.dumps(rest)
    return f"{text[:-1]}, {numbers}}}" if numbers else text


def package_head(publishing: Publishing, year: int, download_url: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "version": VERSION,
        "title": f"{publishing.funder_name}: local budget grants awarded in {year}",
        "description": f"Every grant from the public local budget pots of {publishing.funder_name} awarded in "
                       f"{year}, with the amounts as they stand in the ledger.",
        "identifier": f"{publishing.identifier_prefix}-{year}",
        "issued": now.date().isoformat(),
        "modified": now.isoformat(timespec="seconds"),
        "publisher": {"name": publishing.publisher_name, "identifier": publishing.funder_identifier},
        "license": publishing.licence,
        "downloadURL": download_url,
    }


def package_lines(user: Any, year: int, publishing: Publishing, download_url: str) -> Iterator[str]:
    """The 360Giving package, written grant by grant: the head, then `"grants": [...]` last."""
    yield json.dumps(package_head(publishing, year, download_url))[:-1] + ', "grants": ['
    for number, grant in enumerate(grants(user, year, publishing, download_url)):
        yield ("," if number else "") + "\n" + dumps(grant)
    yield "\n]}\n"


# --- The flattened spreadsheet: one row a grant, 360Giving's column titles --------------------------

LOCATIONS = 3  # ward, LSOA and local authority
LOCATION_FIELDS = (("Identifier", "id"), ("Name", "name"), ("Country Code", "countryCode"),
                   ("Geographic Code", "geoCode"), ("Geographic Code Type", "geoCodeType"))


def _first(grant: dict[str, Any], key: str, field: str) -> Any:
    found = grant.get(key)
    if isinstance(found, list):
        found = found[0] if found else None
    return (found or {}).get(field)


def _at(index: int, field: str) -> Any:
    def value(grant: dict[str, Any]) -> Any:
        places = grant.get("beneficiaryLocation", [])
        return places[index].get(field) if index < len(places) else None

    return value


COLUMNS: list[tuple[str, Any]] = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Amount Disbursed", lambda g: g.get("amountDisbursed")),
    ("Award Date", lambda g: g["awardDate"]),
    ("Recipient Org:Identifier", lambda g: _first(g, "recipientOrganization", "id")),
    ("Recipient Org:Name", lambda g: _first(g, "recipientOrganization", "name")),
    ("Recipient Org:Charity Number", lambda g: _first(g, "recipientOrganization", "charityNumber")),
    ("Recipient Org:Company Number", lambda g: _first(g, "recipientOrganization", "companyNumber")),
    ("Recipient Org:Web Address", lambda g: _first(g, "recipientOrganization", "url")),
    ("Recipient Ind:Identifier", lambda g: _first(g, "recipientIndividual", "id")),
    ("Recipient Ind:Name", lambda g: _first(g, "recipientIndividual", "name")),
    ("To Individuals Details:Primary Grant Reason", lambda g: _first(g, "toIndividualsDetails", "primaryGrantReason")),
    ("To Individuals Details:Grant Purpose",
     lambda g: ";".join(_first(g, "toIndividualsDetails", "grantPurpose") or []) or None),
    ("Funding Org:Identifier", lambda g: _first(g, "fundingOrganization", "id")),
    ("Funding Org:Name", lambda g: _first(g, "fundingOrganization", "name")),
    ("Funding Org:Charity Number", lambda g: _first(g, "fundingOrganization", "charityNumber")),
    ("Funding Org:Company Number", lambda g: _first(g, "fundingOrganization", "companyNumber")),
    ("Funding Org:Web Address", lambda g: _first(g, "fundingOrganization", "url")),
    *[(f"Beneficiary Location:{index}:{title}", _at(index, field))
      for index in range(LOCATIONS) for title, field in LOCATION_FIELDS],
    ("Grant Programme:Code", lambda g: _first(g, "grantProgramme", "code")),
    ("Grant Programme:Title", lambda g: _first(g, "grantProgramme", "title")),
    ("From An Open Call?", lambda g: g.get("fromOpenCall")),
    ("Last Modified", lambda g: g["dateModified"]),
    ("Data Source", lambda g: g.get("dataSource")),
]


def sheet_rows(user: Any, year: int, publishing: Publishing, data_source: str) -> Iterator[list[Any]]:
    """The spreadsheet's rows, the column titles first."""
    yield [title for title, _ in COLUMNS]
    for grant in grants(user, year, publishing, data_source):
        yield [value(grant) for _, value in COLUMNS]
