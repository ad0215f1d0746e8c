"""People each worker may see (the Person scopes of `thriving.frontdoor.policy`), finding them (a
search, likely existing records at intake), and reading one person's record: the kept record of a
merged one, their household, and the audit of each view. Record matching itself is in
`queries.matching`.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from thriving.core import audit
from thriving.frontdoor.models import Person
from thriving.frontdoor.queries import matching

Action = audit.Action
NEEDED_REASON = {"phone": "same phone", "email": "same email", "postcode": "same postcode"}
MATCHING_AT_INTAKE = "matching at intake"


# ---------------------------------------------------------------------------------------------
# Searching


@dataclass
class SearchResult:
    query: matching.Query
    matches: list[matching.Match]


def search(user: Any, text: str, date_of_birth: datetime.date | None = None) -> SearchResult:
    """The people the worker may see that fit a search for a name, phone, email or postcode
    (with a date of birth, if given), best first. Writes "people.searched" to the audit trail."""
    query = matching.read_query(text)
    visible = Person.objects.visible_to(user)
    if query.kind == "district":
        # A whole district is thousands of people: ask for the full postcode instead.
        return SearchResult(query, [])
    if query.kind:
        results = matching.likely_matches(
            given_name=query.given_name,
            family_name=query.family_name,
            date_of_birth=date_of_birth,
            postcode=query.postcode,
            phone=query.text if query.kind == "phone" else "",
            email=query.text if query.kind == "email" else "",
            limit=None,
            queryset=visible,
        )
        if date_of_birth and query.kind in NEEDED_REASON:
            # A phone, email or postcode with a date of birth: both, not either.
            results = [m for m in results if NEEDED_REASON[query.kind] in m.reasons]
    elif date_of_birth:
        results = matching.likely_matches(date_of_birth=date_of_birth, limit=None, queryset=visible)
    else:
        return SearchResult(query, [])
    subject = query.text + (f" born {date_of_birth:%Y-%m-%d}" if date_of_birth else "")
    audit.record(user, "people.searched", action=Action.VIEWED, object_type="frontdoor.person",
                 object_label="person search", subject=subject[:200], purpose="person search",
                 changes={"kind": query.kind or "date of birth", "results": len(results)})
    return SearchResult(query, results)


def _visible_ids(user: Any, people: list[Person]) -> set[int]:
    if not people:
        return set()
    return set(Person.objects.visible_to(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))


@dataclass
class OfferedMatch:
    """A likely existing record offered at intake. For a person the worker may not otherwise see,
    only enough to tell them apart: name, year of birth and postcode district."""

    uuid: str
    name: str
    born: str
    postcode: str
    contact: str
    reasons: list[str]
    score: float
    visible: bool


def mask_phone(phone: str) -> str:
    digits = [c for c in phone if c.isdigit()]
    return f"phone ending {''.join(digits[-3:])}" if len(digits) >= 3 else ""


def mask_email(email: str) -> str:
    if "@" not in email:
        return ""
    name, domain = email.split("@", 1)
    return f"{name[:1]}…@{domain}"


DETAILS = ("given_name", "family_name", "date_of_birth", "postcode", "phone", "email")


def _intake_matches(user: Any, details: dict, limit: int) -> list[matching.Match]:
    """Likely existing records for what was typed at intake, among every kept record: the Person
    "match" scope, beyond the worker's own, asked for here and nowhere else."""
    return matching.likely_matches(
        given_name=details.get("given_name") or "",
        family_name=details.get("family_name") or "",
        date_of_birth=details.get("date_of_birth"),
        postcode=details.get("postcode") or "",
        phone=details.get("phone") or "",
        email=details.get("email") or "",
        queryset=Person.objects.visible_to(user, "match"),
        limit=limit,
    )


def offer_matches(user: Any, details: dict, limit: int = 5) -> list[OfferedMatch]:
    """Likely existing records for the details typed at intake, among everyone (to avoid making
    duplicates), shown as little as possible. Each look-up is written to the audit trail as
    "people.matched" (who, when, the purpose, how many were shown and how many of those are beyond
    the worker's own scope), without the details searched for."""
    found = _intake_matches(user, details, limit)
    visible = _visible_ids(user, [m.person for m in found])
    offered = []
    for match in found:
        person = match.person
        sees = person.pk in visible
        born = ""
        if person.date_of_birth:
            born = f"{person.date_of_birth:%-d %B %Y}" if sees else f"born {person.date_of_birth:%Y}"
        contact = ", ".join(filter(None, [mask_phone(person.phone), mask_email(person.email)]))
        offered.append(OfferedMatch(
            uuid=str(person.uuid),
            name=person.full_name,
            born=born,
            postcode=person.postcode if sees else matching.outward(person.postcode) or person.postcode[:4],
            contact=contact,
            reasons=match.reasons,
            score=match.score,
            visible=sees,
        ))
    audit.record(user, "people.matched", action=Action.VIEWED, object_type="frontdoor.person",
                 object_label="likely existing records at intake", purpose=MATCHING_AT_INTAKE,
                 changes={"shown": len(offered), "beyond_scope": sum(not o.visible for o in offered),
                          "searched_by": [name for name in DETAILS if details.get(name)],
                          "offered": [o.uuid for o in offered]})
    return offered


def chosen_match(user: Any, details: dict, choice: str) -> Person | None:
    """The existing record the worker chose at intake, if it is still among the likely matches for
    what was typed (the same look-up as `offer_matches`, whose audit entry covers it)."""
    for match in _intake_matches(user, details, limit=20):
        if str(match.person.uuid) == choice:
            return Person.objects.visible_to(user, "match").filter(pk=match.person.pk).first()
    return None


# ---------------------------------------------------------------------------------------------
# Reading one person


def kept_record(uuid: Any) -> Any:
    """The public id of the record kept for `uuid`: itself, or, for a record merged into another,
    the one it was merged into (followed to the end). Reveals nothing by itself: the kept record
    is then fetched within the person's scope (`get_visible_or_404`)."""
    seen: set[Any] = set()
    try:
        found = Person.objects.filter(uuid=uuid).values("pk", "uuid", "merged_into_id").first()
    except (ValueError, ValidationError):
        return uuid
    while found is not None and found["merged_into_id"] is not None and found["pk"] not in seen:
        seen.add(found["pk"])
        found = Person.objects.filter(pk=found["merged_into_id"]).values("pk", "uuid", "merged_into_id").first()
    return found["uuid"] if found is not None else uuid


def record_view(user: Any, person: Person, *, safeguarding: bool) -> None:
    audit.record(user, "person.viewed", person, action=Action.VIEWED, subject=person.full_name,
                 purpose="person record")
    if safeguarding:
        audit.record(user, "safeguarding.viewed", person, action=Action.VIEWED, subject=person.full_name,
                     purpose="safeguarding notes", object_label=f"Safeguarding notes for {person.full_name}")


def household_members(person: Person) -> QuerySet[Person]:
    if person.household_id is None:
        return Person.objects.none()
    return Person.objects.filter(household_id=person.household_id, merged_into__isnull=True).exclude(pk=person.pk)
