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
from typing import Any

from django.db.models import Max
from django.utils import timezone

from thriving.budgets.models import Award, Movement, Pot, Publishing
from thriving.budgets.queries import ledger
from thriving.budgets.queries.public import chunks, pence
from thriving.core import access
from thriving.places.models import Area

VERSION = "1.4"
INDIVIDUAL_NAME = "Individual Recipient"
# Grants to individuals from a local budget: for a community project, as social action.
INDIVIDUAL_PURPOSE = "GTIP160"
INDIVIDUAL_REASON = "GTIR120"
# The geoCodeType of a local authority, from the first three characters of its ONS code.
AUTHORITY_TYPES = {"E06": "UA", "E07": "NMD", "E08": "MD", "E09": "LONB", "W06": "UA", "S12": "UA", "N09": "UA"}
NUMBERS = ("amountAwarded", "amountDisbursed")


def awards(user: Any, year: int) -> Any:
    """The awards of the public pots made in the year, oldest first."""
    return (
        access.restrict(Award.objects.all(), user, "view_public").filter(awarded_on__year=year)
        .select_related("pot", "pot__funding_organisation", "round", "recipient_organisation",
                        "locality", "locality__local_authority")
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


def _recipient(award: Award, publishing: Publishing) -> dict[str, Any]:
    prefix = publishing.identifier_prefix
    if award.recipient_kind == Award.Recipient.INDIVIDUAL:
        return {
            "recipientIndividual": {"id": f"{prefix}-IND-{award.uuid}", "name": INDIVIDUAL_NAME},
            "toIndividualsDetails": {"primaryGrantReason": INDIVIDUAL_REASON, "grantPurpose": [INDIVIDUAL_PURPOSE]},
        }
    if award.recipient_organisation is not None:
        return {"recipientOrganization": [_organisation(award.recipient_organisation, prefix)]}
    return {"recipientOrganization": [{"id": f"{prefix}-GRP-{award.uuid}", "name": award.recipient_name}]}


def _funder(pot: Pot, publishing: Publishing) -> dict[str, Any]:
    if pot.funding_organisation is not None:
        return _organisation(pot.funding_organisation, publishing.identifier_prefix)
    return {"id": publishing.funder_identifier, "name": publishing.funder_name}


def _locations(award: Award, areas: dict[str, str]) -> list[dict[str, Any]]:
    """Where the grant benefits: its ward, its LSOA, and its local authority."""
    locality = award.locality
    found = []
    if award.ward_code:
        wards = dict(zip(locality.ward_codes or [], locality.ward_names or [], strict=False))
        found.append({"id": f"WD-{award.ward_code}", "name": wards.get(award.ward_code, locality.name),
                      "countryCode": "GB", "geoCode": award.ward_code, "geoCodeType": "WD"})
    if award.area_code:
        found.append({"id": f"LSOA-{award.area_code}", "name": areas.get(award.area_code, award.area_code),
                      "countryCode": "GB", "geoCode": award.area_code, "geoCodeType": "LSOA"})
    authority = locality.local_authority
    found.append({"id": f"LA-{authority.code}", "name": authority.name, "countryCode": "GB",
                  "geoCode": authority.code, "geoCodeType": AUTHORITY_TYPES.get(authority.code[:3], "NMD")})
    return found


def _programme(award: Award, publishing: Publishing) -> list[dict[str, Any]]:
    code = f"{award.pot.slug}/{award.round.slug}" if award.round else award.pot.slug
    title = f"{publishing.grant_programme}: {award.pot.name}" + (f", {award.round.title}" if award.round else "")
    return [{"code": code, "title": title}]


def _stamp(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _description(award: Award) -> str:
    """The purpose; never the same as the title (which the quality tool flags)."""
    purpose = award.purpose.strip()
    return purpose if purpose and purpose != award.title.strip() else f"{award.title}: a grant from {award.pot.name}"


def grants(user: Any, year: int, publishing: Publishing, data_source: str) -> Iterator[dict[str, Any]]:
    """Each award made in the year with money awarded in the ledger, as a grant. Amounts are
    Decimals (written as JSON numbers by `dumps`)."""
    for chunk in chunks(awards(user, year)):
        ids = [award.pk for award in chunk]
        money = ledger.awards_money(chunk)
        changed = dict(Movement.objects.filter(award_id__in=ids).values("award_id").annotate(last=Max("at"))
                       .values_list("award_id", "last"))
        areas = dict(Area.objects.filter(code__in={a.area_code for a in chunk if a.area_code})
                     .values_list("code", "name"))
        for award in chunk:
            if money[award.pk].awarded <= 0:
                continue  # an award wholly reversed or returned gave nothing
            modified = max(filter(None, [award.updated_at, changed.get(award.pk)]))
            yield {
                "id": f"{publishing.identifier_prefix}-{award.uuid}",
                "title": award.title,
                "description": _description(award),
                "currency": "GBP",
                "amountAwarded": pence(money[award.pk].awarded),
                "amountDisbursed": pence(money[award.pk].paid),
                "awardDate": award.awarded_on.isoformat(),
                **_recipient(award, publishing),
                "fundingOrganization": [_funder(award.pot, publishing)],
                "beneficiaryLocation": _locations(award, areas),
                "grantProgramme": _programme(award, publishing),
                "fromOpenCall": "Yes" if award.round_id else "No",
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
