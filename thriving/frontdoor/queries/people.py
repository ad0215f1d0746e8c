"""People each worker may see, finding them (a search, likely existing records at intake), and
reading one person's record: the kept record of a merged one, their household, and the audit of
each view. Record matching itself is in `queries.matching`.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thriving.core import audit
from thriving.frontdoor.models import Person
from thriving.frontdoor.queries import matching
from thriving.frontdoor.queries.requests import hub_localities, visible_requests

Action = audit.Action
NEEDED_REASON = {"phone": "same phone", "email": "same email", "postcode": "same postcode"}


def visible_people(user: Any) -> QuerySet[Person]:
    """People whose records the person may open: hub workers (in their localities) and anyone who
    can see one of the person's requests. Merged-away records are not listed."""
    found = Person.objects.filter(merged_into__isnull=True)
    localities = hub_localities(user)
    if localities is None:
        return found
    condition = Exists(visible_requests(user).filter(person=OuterRef("pk")))
    if localities:
        condition |= Q(locality_id__in=localities)
    return found.filter(condition)


def can_see_person(user: Any, person: Person) -> bool:
    return visible_people(user).filter(pk=person.pk).exists()


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
    visible = visible_people(user)
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
    return set(visible_people(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))


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


def offer_matches(user: Any, details: dict, limit: int = 5) -> list[OfferedMatch]:
    """Likely existing records for the details typed at intake, among everyone (to avoid making
    duplicates), shown as little as possible. Writes "people.matched" to the audit trail."""
    found = matching.likely_matches(
        given_name=details.get("given_name", ""),
        family_name=details.get("family_name", ""),
        date_of_birth=details.get("date_of_birth"),
        postcode=details.get("postcode", ""),
        phone=details.get("phone", ""),
        email=details.get("email", ""),
        limit=limit,
    )
    if not found:
        return []
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
                 object_label="likely matches at intake",
                 subject=" ".join(filter(None, [details.get("given_name", ""), details.get("family_name", "")]))[:200],
                 purpose="avoid a duplicate record at intake",
                 changes={"offered": [o.uuid for o in offered]})
    return offered


# ---------------------------------------------------------------------------------------------
# Reading one person


def resolve(person: Person) -> Person:
    """Follow merges to the record that was kept."""
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


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
