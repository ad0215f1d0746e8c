"""The 360Giving export: the package validates against the Data Standard's schemas (1.4, with
`date-time` formats checked), every grant carries the fields the 360Giving data quality tool
recommends, the spreadsheet unflattens (by the schema's own titles) to the same grants, amounts
reconcile to the ledger, individuals are never named and private pots are absent."""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from thriving.budgets.models import Movement, Publishing
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.services import ledger
from thriving.budgets.tests.factories import RoundFactory, funded_pot, make_award
from thriving.core.tests.factories import OrganisationFactory
from thriving.places.tests.factories import AreaFactory, LocalityFactory

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "schemas"
GRANT_SCHEMA = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
PACKAGE_SCHEMA = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
SECRET_NAME = "Alex Hiddenname"
YEAR = 2026
DAY = datetime.date(YEAR, 6, 1)


def _validator() -> Draft202012Validator:
    """The package schema, with the grant schema it refers to (under the address the package
    names and under its own `$id`), checking formats such as `date-time` (rfc3339-validator)."""
    grant = Resource(contents=GRANT_SCHEMA, specification=DRAFT202012)
    reference = PACKAGE_SCHEMA["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources([(GRANT_SCHEMA["$id"], grant), (reference, grant)])
    assert "date-time" in Draft202012Validator.FORMAT_CHECKER.checkers, "install rfc3339-validator"
    return Draft202012Validator(PACKAGE_SCHEMA, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _codes(name: str) -> set[str]:
    with (SCHEMAS / name).open(newline="") as file:
        return {row["Code"] for row in csv.DictReader(file)}


@pytest.fixture
def grants_made(administrator):
    """Public awards of the year (a charity, a company, an organisation without numbers, a group,
    an individual), one paid, one of another year, and a private pot's award."""
    locality = LocalityFactory(name="Cotmanhay", slug="cotmanhay", ward_codes=["E05010606"], ward_names=["Cotmanhay"])
    area = AreaFactory(code="E01019638", name="Erewash 001A", locality=locality)
    pot = funded_pot(administrator, "5000.00", locality=locality, name="Cotmanhay Small Grants", slug="cotmanhay")
    round_ = RoundFactory(pot=pot, title="Spring round", slug="spring")
    made = {}
    for key, organisation in (
        ("charity", OrganisationFactory(name="Cotmanhay Larder", charity_number="1234567")),
        ("scottish", OrganisationFactory(name="A Scottish Trust", charity_number="SC012345")),
        ("company", OrganisationFactory(name="Hall CIC", company_number="12345678")),
        ("plain", OrganisationFactory(name="Friends of the Park")),
    ):
        made[key] = make_award(pot, "300.00", by=administrator, recipient_kind="organisation",
                               recipient_organisation=organisation, recipient_name=organisation.name,
                               awarded_on=DAY, ward_code="E05010606", area_code=area.code, round=round_)
    made["group"] = make_award(pot, "150.00", by=administrator, awarded_on=DAY, title="Knit and natter")
    made["person"] = make_award(pot, "80.25", by=administrator, awarded_on=DAY, recipient_kind="individual",
                                recipient_name=SECRET_NAME, title="Tools for a garden")
    made["last_year"] = make_award(pot, "40.00", by=administrator, awarded_on=datetime.date(YEAR - 1, 5, 1))
    ledger.pay_out(acting_user=administrator, award=made["charity"], amount=Decimal("100.00"), on_date=DAY,
                   kind=Movement.Kind.PAYMENT)
    hidden = funded_pot(administrator, "500.00", name="Hidden", slug="hidden", is_public=False)
    made["private"] = make_award(hidden, "99.00", by=administrator, awarded_on=DAY, title="Not for the public")
    made["pot"] = pot
    return made


def _package(client, year=YEAR) -> dict:
    response = client.get(reverse("budgets:360giving"), {"year": year})
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content), parse_float=Decimal)


def test_the_package_validates_against_the_360giving_schema(client, grants_made):
    package = json.loads(b"".join(client.get(reverse("budgets:360giving"), {"year": YEAR}).streaming_content))
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert package["version"] == "1.4"
    assert len(package["grants"]) == 6


def test_the_validator_really_checks_dates(client, grants_made):
    package = json.loads(b"".join(client.get(reverse("budgets:360giving"), {"year": YEAR}).streaming_content))
    package["grants"][0]["dateModified"] = "last Tuesday"
    package["grants"][1]["awardDate"] = "2026-13-01"
    package["grants"][2].pop("fundingOrganization")
    failed = {tuple(error.absolute_path)[:2] for error in _validator().iter_errors(package)}
    assert {("grants", 0), ("grants", 1), ("grants", 2)} <= failed


def test_each_grant_names_its_funder_recipient_and_place(client, grants_made):
    publishing = Publishing.current()
    grants = {grant["id"]: grant for grant in _package(client)["grants"]}
    charity = grants[f"{publishing.identifier_prefix}-{grants_made['charity'].uuid}"]
    assert charity["recipientOrganization"][0]["id"] == "GB-CHC-1234567"
    assert charity["recipientOrganization"][0]["charityNumber"] == "1234567"
    assert charity["fundingOrganization"] == [{"id": "GB-LAE-DBY", "name": "Derbyshire County Council"}]
    assert (charity["amountAwarded"], charity["amountDisbursed"], charity["currency"]) == (
        Decimal("300.00"), Decimal("100.00"), "GBP")
    assert charity["awardDate"] == DAY.isoformat()
    assert [(p["geoCodeType"], p["geoCode"], p["name"]) for p in charity["beneficiaryLocation"]] == [
        ("WD", "E05010606", "Cotmanhay"), ("LSOA", "E01019638", "Erewash 001A"), ("NMD", "E07000036", "Erewash")]
    assert charity["grantProgramme"][0]["code"] == "cotmanhay/spring"
    assert charity["fromOpenCall"] == "Yes"
    by_key = {key: grants[f"{publishing.identifier_prefix}-{grants_made[key].uuid}"]
              for key in ("scottish", "company", "plain", "group", "person")}
    assert by_key["scottish"]["recipientOrganization"][0]["id"] == "GB-SC-SC012345"
    assert by_key["company"]["recipientOrganization"][0]["id"] == "GB-COH-12345678"
    plain = grants_made["plain"].recipient_organisation
    assert by_key["plain"]["recipientOrganization"][0]["id"] == f"{publishing.identifier_prefix}-ORG-{plain.uuid}"
    assert by_key["group"]["recipientOrganization"][0]["name"] == "Cotmanhay Knit and Natter"
    assert by_key["person"]["recipientIndividual"] == {
        "id": f"{publishing.identifier_prefix}-IND-{grants_made['person'].uuid}", "name": "Individual Recipient"}
    assert "recipientOrganization" not in by_key["person"]


def test_every_grant_has_the_fields_the_data_quality_tool_recommends(client, grants_made):
    """The 360Giving data quality tool's usefulness checks that this data can meet: location
    name, country code and geocode (with its type); grant programme title; last modified; data
    source; an external org-id or a charity or company number where the organisation has one;
    for individuals, the grant reason and purpose from the codelists; and a description that is
    not the title. (Planned dates and classifications are not recorded, so are not published.)"""
    geo_types, reasons, purposes = (_codes("geoCodeType.csv"), _codes("grantToIndividualsReason.csv"),
                                    _codes("grantToIndividualsPurpose.csv"))
    package = _package(client)
    for key in ("title", "description", "identifier", "issued", "modified", "publisher", "license", "downloadURL"):
        assert package[key], key
    for grant in package["grants"]:
        for location in grant["beneficiaryLocation"]:
            assert location["name"]
            assert location["countryCode"] == "GB"
            assert location["geoCode"]
            assert location["geoCodeType"] in geo_types
        assert grant["grantProgramme"][0]["title"]
        assert grant["grantProgramme"][0]["code"]
        assert datetime.datetime.fromisoformat(grant["dateModified"]).tzinfo is not None
        assert grant["dataSource"].startswith("http")
        assert grant["fromOpenCall"] in {"Yes", "No"}
        assert grant["description"] != grant["title"]
        assert len(grant["title"]) <= 150
        if "recipientIndividual" in grant:
            details = grant["toIndividualsDetails"]
            assert details["primaryGrantReason"] in reasons
            assert set(details["grantPurpose"]) <= purposes
        for organisation in grant.get("recipientOrganization", []):
            if organisation["id"].startswith(("GB-CHC-", "GB-SC-")):
                assert organisation["charityNumber"]
            if organisation["id"].startswith("GB-COH-"):
                assert organisation["companyNumber"]


def test_amounts_reconcile_to_the_ledger_after_a_release_and_a_reversal(client, grants_made, administrator):
    pot = grants_made["pot"]
    ledger.release(acting_user=administrator, award=grants_made["plain"], amount=Decimal("0.75"), on_date=DAY)
    ledger.reverse(acting_user=administrator, reason="Recorded twice", on_date=DAY,
                   movement=Movement.objects.get(award=grants_made["group"], kind=Movement.Kind.AWARD))
    grants = _package(client)["grants"]
    of_year = [a for a in pot.awards.all() if a.awarded_on.year == YEAR]
    money = ledger_queries.awards_money(of_year)
    awarded = sum(grant["amountAwarded"] for grant in grants)
    assert awarded == sum(m.awarded for m in money.values()) == Decimal("1279.50")
    assert sum(grant["amountDisbursed"] for grant in grants) == sum(m.paid for m in money.values())
    assert f"-{grants_made['group'].uuid}" not in json.dumps([g["id"] for g in grants])  # wholly reversed
    balance = ledger_queries.pot_balance(pot)
    last_year = ledger_queries.award_money(grants_made["last_year"]).awarded
    assert sum(grant["amountAwarded"] for grant in grants) + last_year == balance.committed + balance.spent


def test_individuals_are_never_named_and_private_pots_are_absent(client, grants_made):
    text = b"".join(client.get(reverse("budgets:360giving"), {"year": YEAR}).streaming_content).decode()
    sheet = client.get(reverse("budgets:360giving-xlsx"), {"year": YEAR})
    cells = [str(c) for row in load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.values for c in row]
    for found in (text, " ".join(cells)):
        assert SECRET_NAME not in found
        assert "Not for the public" not in found
        assert str(grants_made["private"].uuid) not in found
        assert "Individual Recipient" in found


def test_the_year_chooses_the_grants_and_a_bad_year_is_refused(client, grants_made):
    assert [g["id"].rsplit("-", 5)[-5:] for g in _package(client, YEAR - 1)["grants"]] == [
        str(grants_made["last_year"].uuid).split("-")]
    response = client.get(reverse("budgets:360giving"), {"year": "twenty"})
    assert response.status_code == 400
    assert "four digits" in response.content.decode()
    assert client.get(reverse("budgets:360giving-xlsx"), {"year": "1066"}).status_code == 400


# --- The spreadsheet, unflattened by the schema's titles -----------------------------------------


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = {**GRANT_SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]],
                **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _property(schema: dict, title: str) -> tuple[str, dict]:
    for name, node in schema.get("properties", {}).items():
        node = _resolve(node)
        if node.get("title") == title or name.lower() == title.lower():
            return name, node
    raise AssertionError(f"no property titled {title!r}")


def _set(target: Any, parts: list[str], schema: dict, value: Any) -> None:
    """Put the cell's value at the path its title names (as flattentool's titles mode does:
    an array's first item when no number is given)."""
    name, node = _property(schema, parts[0])
    rest = parts[1:]
    if node.get("type") == "array":
        items = _resolve(node.get("items", {}))
        if items.get("type") == "string":
            target[name] = value.split(";")
            return
        index = int(rest.pop(0)) if rest and rest[0].isdigit() else 0
        found = target.setdefault(name, [])
        while len(found) <= index:
            found.append({})
        _set(found[index], rest, items, value)
    elif rest:
        _set(target.setdefault(name, {}), rest, node, value)
    else:
        target[name] = value


def _unflatten(header: list[str], row: tuple) -> dict:
    grant: dict = {}
    for title, value in zip(header, row, strict=True):
        if value is not None and value != "":
            _set(grant, title.split(":"), GRANT_SCHEMA, value)
    return grant


def test_the_spreadsheet_round_trips_to_the_json_grant_by_grant(client, grants_made, administrator):
    make_award(grants_made["pot"], "5.00", by=administrator, awarded_on=DAY, title="=SUM(A1:A9)",
               purpose="+44 helpline leaflets")
    response = client.get(reverse("budgets:360giving-xlsx"), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header, body = list(rows[0]), rows[1:]
    for title in ("Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                  "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name",
                  "Beneficiary Location:0:Geographic Code"):
        assert title in header
    grants = _package(client)["grants"]
    assert len(body) == len(grants) == 7
    for grant, row in zip(grants, body, strict=True):
        flat = _unflatten(header, row)
        for key in ("amountAwarded", "amountDisbursed"):
            assert Decimal(str(flat.pop(key))) == grant[key]
        expected = {k: v for k, v in grant.items() if k not in ("amountAwarded", "amountDisbursed")}
        assert flat == expected
    assert any(grant["title"] == "=SUM(A1:A9)" for grant in grants)  # kept as text, never run as a formula
