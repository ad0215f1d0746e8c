"""Finding likely existing records of a person, tolerant of typos.

Two steps, so that it stays fast with hundreds of thousands of people:

1. Candidates come only from indexed look-ups on `Person`'s keys (sound-alike family and given
   name, date of birth, postcode, phone, email), combined so that a typo in one detail is still
   found through the others: date of birth with postcode or a name key, phone alone, email
   alone, the names' keys together. At most `CANDIDATE_CAP` rows are read; the table is never scanned.
2. Each candidate is scored in Python (jellyfish's Jaro-Winkler on plain names, exact and nearly
   exact dates of birth, postcode and district, phone and email), with the reasons in words.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jellyfish
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from thriving.frontdoor.models import Person
from thriving.frontdoor.queries import keys

CANDIDATE_CAP = 500
LIKELY = 0.5  # the lowest score offered as a likely match

# Points for each kind of evidence: (agrees, nearly agrees, disagrees).
FAMILY = (3.0, 2.0, -2.0)
GIVEN = (2.0, 1.5, -1.0)
BIRTH = (3.0, 1.5, -2.0)
POSTCODE = (1.5, 0.5, 0.0)
PHONE = 3.0
EMAIL = 3.0

# Only the columns scoring and listing need.
COLUMNS = (
    "id", "uuid", "given_name", "family_name", "date_of_birth", "postcode", "phone", "email",
    "family_key", "given_key", "phone_key", "email_key", "locality_id", "household_id",
)


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Wanted:
    """What is known of the person being looked for, normalised once."""

    given: str = ""
    family: str = ""
    given_key: str = ""
    family_key: str = ""
    date_of_birth: datetime.date | None = None
    postcode: str = ""
    phone_key: str = ""
    email_key: str = ""
    birth_swapped: datetime.date | None = None
    birth_nearly: frozenset[datetime.date] = frozenset()

    @classmethod
    def of(cls, given_name: str = "", family_name: str = "", date_of_birth: datetime.date | None = None,
           postcode: str = "", phone: str = "", email: str = "") -> "Wanted":
        return cls(
            given=keys.plain(given_name),
            family=keys.plain(family_name),
            given_key=keys.name_key(given_name),
            family_key=keys.name_key(family_name),
            date_of_birth=date_of_birth,
            postcode=keys.postcode_key(postcode) if postcode else "",
            phone_key=keys.phone_key(phone),
            email_key=keys.email_key(email),
            birth_swapped=swapped(date_of_birth) if date_of_birth else None,
            birth_nearly=frozenset(one_digit_off(date_of_birth)) if date_of_birth else frozenset(),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.family_key or self.given_key or self.date_of_birth or self.postcode
                    or self.phone_key or self.email_key)


def outward(postcode: str) -> str:
    """The district part of a postcode: "DE7 8QA" -> "DE7"."""
    return postcode.split(" ")[0] if " " in postcode else ""


def swapped(day: datetime.date) -> datetime.date | None:
    """The date with day and month swapped, if that is a different real date."""
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def one_digit_off(day: datetime.date) -> set[datetime.date]:
    """Real dates written (DDMMYYYY) with one digit different: 12/03/1980 and 13/03/1980, 12/03/1990."""
    digits = day.strftime("%d%m%Y")
    found = set()
    for position, digit in enumerate(digits):
        for other in "0123456789":
            if other == digit:
                continue
            text = digits[:position] + other + digits[position + 1:]
            try:
                found.add(datetime.date(int(text[4:]), int(text[2:4]), int(text[:2])))
            except ValueError:
                continue
    found.discard(day)
    return found


def candidate_filter(wanted: Wanted) -> tuple[Q | None, Q | None]:
    """The indexed look-ups that find candidates: (close, wider). The wider look-up (the family
    name's key alone, when both names are given, so that a typo in the given name is still found)
    is read after the close one when there are more candidates than the cap. (None, None) when
    nothing is known to look up."""
    conditions: list[Q] = []
    wider = None
    names = Q()
    if wanted.family_key and wanted.given_key:
        conditions.append(Q(family_key=wanted.family_key, given_key=wanted.given_key))
        # The names the other way round: "Smith John".
        conditions.append(Q(family_key=wanted.given_key, given_key=wanted.family_key))
        names = Q(family_key=wanted.family_key) | Q(given_key=wanted.given_key)
        wider = Q(family_key=wanted.family_key)
    elif wanted.family_key:
        conditions.append(Q(family_key=wanted.family_key))
        names = Q(family_key=wanted.family_key)
    elif wanted.given_key:
        names = Q(given_key=wanted.given_key)
    if wanted.date_of_birth:
        day = wanted.date_of_birth
        conditions.append(Q(date_of_birth=day))
        nearly = set(wanted.birth_nearly)
        if wanted.birth_swapped is not None:
            nearly.add(wanted.birth_swapped)
        # A nearly right date of birth, with the family or given name sounding alike or the same postcode.
        near = names | Q(postcode=wanted.postcode) if wanted.postcode else names
        if nearly and near:
            conditions.append(Q(date_of_birth__in=sorted(nearly)) & near)
    if wanted.postcode:
        if names:
            conditions.append(Q(postcode=wanted.postcode) & names)
        elif not (wanted.date_of_birth or wanted.phone_key or wanted.email_key):
            conditions.append(Q(postcode=wanted.postcode))
    if len(wanted.phone_key) >= 6:
        conditions.append(Q(phone_key=wanted.phone_key))
    if wanted.email_key:
        conditions.append(Q(email_key=wanted.email_key))
    if not conditions:
        return None, None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined, wider


def candidates(wanted: Wanted, queryset: QuerySet[Person], cap: int = CANDIDATE_CAP) -> list[Person]:
    """At most `cap` people of `queryset` found through the indexed keys, in one query: those found
    by the close look-ups first. Merged-away records are left out."""
    close, wider = candidate_filter(wanted)
    if close is None:
        return []
    found = queryset.filter(merged_into__isnull=True)
    if wider is None:
        return list(found.filter(close).only(*COLUMNS).order_by()[:cap])
    ranked = found.filter(close | wider).annotate(
        wide=Case(When(close, then=Value(1)), default=Value(2), output_field=IntegerField())
    )
    return list(ranked.only(*COLUMNS).order_by("wide")[:cap])


def _name_points(wanted: str, wanted_key: str, found: str, found_key: str, weights: tuple, label: str,
                 reasons: list[str]) -> float:
    if found == wanted:
        reasons.append(f"same {label}")
        return weights[0]
    similarity = jellyfish.jaro_winkler_similarity(wanted, found)
    if (wanted_key and wanted_key == found_key) or similarity >= 0.88:
        reasons.append(f"{label} sounds alike")
        return weights[1]
    if similarity >= 0.8 or (len(found) >= 2 and (wanted.startswith(found) or found.startswith(wanted))):
        # Initials and shortened names: "Jon" for "Jonathan".
        reasons.append(f"{label} similar")
        return weights[1] / 2
    return weights[2]


def score(wanted: Wanted, person: Person) -> Match:
    """How likely the person is the one wanted, from 0 to 1, with the reasons."""
    reasons: list[str] = []
    points = 0.0
    most = 0.0
    family = keys.plain(person.family_name)
    given = keys.plain(person.given_name)
    # The names may have been given the other way round.
    crossed = bool(wanted.family and wanted.given and family == wanted.given and given == wanted.family
                   and family != given)
    if crossed:
        reasons.append("same names, given the other way round")
        points += FAMILY[1] + GIVEN[1]
        most += FAMILY[0] + GIVEN[0]
    else:
        if wanted.family and family:
            most += FAMILY[0]
            points += _name_points(wanted.family, wanted.family_key, family, person.family_key, FAMILY,
                                   "family name", reasons)
        if wanted.given and given:
            most += GIVEN[0]
            points += _name_points(wanted.given, wanted.given_key, given, person.given_key, GIVEN,
                                   "given name", reasons)
        elif wanted.family and not wanted.given and given and not family:
            # One word searched, and the record only has a given name.
            most += FAMILY[0]
            points += _name_points(wanted.family, wanted.family_key, given, person.given_key, FAMILY,
                                   "name", reasons)
    if wanted.date_of_birth and person.date_of_birth:
        most += BIRTH[0]
        if person.date_of_birth == wanted.date_of_birth:
            reasons.append("same date of birth")
            points += BIRTH[0]
        elif person.date_of_birth == wanted.birth_swapped:
            reasons.append("date of birth with day and month swapped")
            points += BIRTH[1]
        elif person.date_of_birth in wanted.birth_nearly:
            reasons.append("date of birth one digit different")
            points += BIRTH[1]
        else:
            points += BIRTH[2]
    if wanted.postcode and person.postcode:
        most += POSTCODE[0]
        if person.postcode == wanted.postcode:
            reasons.append("same postcode")
            points += POSTCODE[0]
        elif outward(person.postcode) and outward(person.postcode) == outward(wanted.postcode):
            reasons.append("same postcode district")
            points += POSTCODE[1]
    if wanted.phone_key and person.phone_key:
        most += PHONE
        if person.phone_key == wanted.phone_key:
            reasons.append("same phone")
            points += PHONE
    if wanted.email_key and person.email_key:
        most += EMAIL
        if person.email_key == wanted.email_key:
            reasons.append("same email")
            points += EMAIL
    value = max(0.0, min(1.0, points / most)) if most else 0.0
    return Match(person=person, score=round(value, 3), reasons=reasons)


def rank(wanted: Wanted, people: Iterable[Person], threshold: float = LIKELY) -> list[Match]:
    """Scored people at or above the threshold, best first."""
    scored = [score(wanted, person) for person in people]
    kept = [match for match in scored if match.score >= threshold]
    kept.sort(key=lambda m: (-m.score, keys.plain(m.person.family_name), keys.plain(m.person.given_name),
                             m.person.pk))
    return kept


def likely_matches(
    given_name: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    phone: str = "",
    email: str = "",
    *,
    queryset: QuerySet[Person],
    limit: int | None = 10,
    threshold: float = LIKELY,
    exclude: Any = None,
) -> list[Match]:
    """People who are likely the one described, best first, at most `limit` (None: every one
    found). `queryset` says where to look, and there is no default: the people a worker may see
    (`Person.objects.visible_to(user)`), or, at intake only, the "match" scope beyond it;
    merged-away records are never returned; `exclude` leaves out one person (by primary key)."""
    wanted = Wanted.of(given_name, family_name, date_of_birth, postcode, phone, email)
    if wanted.is_empty:
        return []
    found = candidates(wanted, queryset)
    if exclude is not None:
        found = [person for person in found if person.pk != exclude]
    matches = rank(wanted, found, threshold)
    return matches if limit is None else matches[:limit]


def matches_for(person: Person, *, queryset: QuerySet[Person], limit: int | None = 10) -> list[Match]:
    """Likely duplicates of an existing record among `queryset`, itself left out."""
    return likely_matches(person.given_name, person.family_name, person.date_of_birth, person.postcode,
                          person.phone, person.email, limit=limit, queryset=queryset, exclude=person.pk)


# --- Reading what was typed into one search box ---

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")
PHONE_PATTERN = re.compile(r"^\+?[\d\s()\-.]{6,}$")
OUTWARD_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class Query:
    kind: str  # "name", "phone", "email", "postcode", "district" or "" when empty
    text: str
    given_name: str = ""
    family_name: str = ""
    postcode: str = ""


def read_query(raw: str) -> Query:
    """What a search for `raw` is: a phone, an email, a postcode (or district), or a name."""
    text = " ".join((raw or "").split())
    if not text:
        return Query("", "")
    if EMAIL_PATTERN.match(text):
        return Query("email", text)
    if PHONE_PATTERN.match(text) and sum(c.isdigit() for c in text) >= 6:
        return Query("phone", text)
    compact = text.replace(" ", "").upper()
    if any(c.isdigit() for c in compact):
        try:
            from thriving.places.queries import normalise_postcode

            return Query("postcode", text, postcode=normalise_postcode(compact))
        except ValueError:
            if OUTWARD_PATTERN.match(compact):
                return Query("district", text, postcode=compact)
    words = [w for w in re.split(r"[\s,]+", text) if keys.plain(w)]
    if "," in text and len(words) >= 2:
        # "Smith, John"
        family, given = text.split(",", 1)
        return Query("name", text, given_name=given.strip(), family_name=family.strip())
    if len(words) >= 2:
        return Query("name", text, given_name=" ".join(words[:-1]), family_name=words[-1])
    return Query("name", text, family_name=text)
