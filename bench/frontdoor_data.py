"""Generate the front door at scale for the benchmarks: deterministic and fictional.

People have made-up names built from syllables (never real people), with their matching keys set
by `thriving.frontdoor.queries.keys`, and live at real Derby and Derbyshire postcodes. Help requests are
spread over the last two years across the localities (the real ones from `thriving places load`
and generated bench localities), with needs, levels, statuses and outcomes; referrals go to the
services of generated organisations. Rows go in with COPY on PostgreSQL (executemany on SQLite),
then the planner's statistics are refreshed.

Run inside the benchmark's own database, after `places load` and `places import-postcodes`:
`python -m bench.frontdoor_data PEOPLE REQUESTS REFERRALS`.
"""

import datetime
import itertools
import os
import random
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

LOCALITIES = 60  # the 12 real ones and 48 generated
SERVICES = 500  # of 20 generated organisations
GIVEN_START = ["Al", "Bri", "Cal", "Dar", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kel", "Lor", "Mar", "Nel",
               "Or", "Per", "Ros", "Sel", "Tam", "Ul", "Ver", "Wen", "Yor", "Zan"]
GIVEN_END = ["a", "an", "en", "ia", "is", "o", "y", "eth", "ric", "wyn", "ette", "ion"]
FAMILY_START = ["Ash", "Brad", "Carr", "Dun", "Elm", "Fair", "Glen", "Hart", "Ing", "Kell", "Lang", "Marsh",
                "North", "Oak", "Pen", "Red", "Stan", "Thorn", "Wake", "Yar", "Bram", "Cold", "Fern", "Hol"]
FAMILY_MIDDLE = ["", "er", "in", "s", "an", "el", "on", "ing"]
FAMILY_END = ["ley", "worth", "field", "ton", "by", "wood", "ridge", "ham", "well", "cott", "more", "stead"]
STORIES = [
    "We have run out of food and payday is next week.",
    "I am behind on the rent and worried about losing the flat.",
    "Mum lives alone and has not been out of the house for weeks.",
    "The boiler has broken and we cannot afford the repair.",
    "I have lost my job and do not know what I can claim.",
    "I care for my husband and I need a break.",
    "I would like to get online but do not have a computer.",
    "Our son is struggling at school and we need some support.",
]
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DECLINE_REASONS = ["no_capacity", "not_eligible", "wrong_service", "out_of_area", "person_declined",
                   "no_contact", "other"]
DECLINE_WEIGHTS = [30, 20, 15, 10, 10, 10, 5]
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def reference(n: int) -> str:
    """A unique, random-looking reference for row n: n times an odd number, modulo 32^8, spelt out."""
    value = (n * 0x9E3779B1 + 0x5BD1E995) % (32**8)
    letters = []
    for _ in range(8):
        value, digit = divmod(value, 32)
        letters.append(REFERENCE_ALPHABET[digit])
    return f"TH-{''.join(letters[:4])}-{''.join(letters[4:])}"


class Table:
    """Rows for one model as lists in its columns' order, starting from the fields' defaults."""

    def __init__(self, model: Any) -> None:
        from django.db import models

        fields = model._meta.concrete_fields
        self.name = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.position = {f.attname: i for i, f in enumerate(fields)}
        self.template: list[Any] = []
        for f in fields:
            if f.null or f.primary_key:
                self.template.append(None)
            elif f.has_default() and not callable(f.default):
                self.template.append(f.default)
            elif isinstance(f, models.CharField | models.TextField):
                self.template.append("")
            else:
                self.template.append(None)  # given for every row (uuid, dates, foreign keys)

    def row(self, **values: Any) -> list[Any]:
        found = self.template.copy()
        for name, value in values.items():
            found[self.position[name]] = value
        return found


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def insert(table: Table, rows: Iterable[list[Any]]) -> int:
    """COPY the rows in on PostgreSQL, or insert them in batches on SQLite."""
    from django.db import connection

    count = 0
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table.name)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join(['%s'] * len(table.columns))})"
        iterator = iter(rows)
        while batch := [[_sqlite_value(v) for v in row] for row in itertools.islice(iterator, 5000)]:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def generate(people: int, requests: int, referrals: int, seed: int = 4) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import directory_data
    from thriving.core.workdays import add_working_days
    from thriving.directory.models import Service, TaxonomyTerm
    from thriving.frontdoor.models import Consent, HelpRequest, Person, Referral
    from thriving.frontdoor.queries import keys
    from thriving.places.models import Area, Locality, Postcode

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    # A few hundred services of generated organisations, the bench localities and bench needs.
    directory_data.generate(SERVICES, SERVICES, LOCALITIES, seed=seed)
    localities = list(Locality.objects.order_by("id").values_list("id", flat=True))
    area_locality = dict(Area.objects.exclude(locality=None).values_list("code", "locality_id"))
    postcodes_of: dict[int | None, list[str]] = {}
    all_postcodes = []
    for postcode, area in Postcode.objects.order_by("postcode").values_list("postcode", "area_code"):
        all_postcodes.append(postcode)
        postcodes_of.setdefault(area_locality.get(area), []).append(postcode)
    terms = list(TaxonomyTerm.objects.filter(taxonomy__name="Bench needs").order_by("id").values_list("id", flat=True))
    services = list(Service.objects.filter(status=Service.Status.ACTIVE).order_by("id")
                    .values_list("id", "organisation_id"))

    class Keyed:  # what keys.apply needs of a person
        __slots__ = ("given_name", "family_name", "phone", "email", "postcode",
                     "family_key", "given_key", "phone_key", "email_key")

    with transaction.atomic():
        # People, each with their consent to share.
        person_table, consent_table = Table(Person), Table(Consent)
        first_person, first_consent = _next_id(Person), _next_id(Consent)
        person_locality: list[int | None] = []
        person_postcode: list[str] = []

        def person_rows() -> Iterator[list[Any]]:
            keyed = Keyed()
            for n in range(people):
                given = rng.choice(GIVEN_START) + rng.choice(GIVEN_END)
                family = rng.choice(FAMILY_START) + rng.choice(FAMILY_MIDDLE) + rng.choice(FAMILY_END)
                locality = rng.choice(localities)
                postcode = rng.choice(postcodes_of.get(locality) or all_postcodes)
                person_locality.append(locality)
                person_postcode.append(postcode)
                keyed.given_name, keyed.family_name, keyed.postcode = given, family, postcode
                keyed.phone = f"07700 900{n % 1000:03d}" if n % 3 else ""  # Ofcom's numbers for drama
                keyed.email = f"{given}.{family}{n}@example.org".lower() if n % 2 else ""
                keys.apply(keyed)
                created = now - rng.uniform(0, 760) * DAY
                yield person_table.row(
                    id=first_person + n, uuid=uuid.UUID(int=rng.getrandbits(128)), given_name=given,
                    family_name=family, date_of_birth=datetime.date(rng.randint(1930, 2007), rng.randint(1, 12),
                                                                    rng.randint(1, 28)),
                    postcode=keyed.postcode, locality_id=locality, email=keyed.email, phone=keyed.phone,
                    preferred_contact="email" if keyed.email else "phone", family_key=keyed.family_key,
                    given_key=keyed.given_key, phone_key=keyed.phone_key, email_key=keyed.email_key,
                    created_at=created, updated_at=created,
                )

        made_people = insert(person_table, person_rows())
        statement = "I agree to share my details with the organisations that can help."
        made_consents = insert(consent_table, (
            consent_table.row(id=first_consent + n, uuid=uuid.UUID(int=rng.getrandbits(128)),
                              person_id=first_person + n, scope="share", method="online", statement=statement,
                              given_at=now - 760 * DAY)
            for n in range(people)
        ))

        # Help requests over two years, oldest first; how far each got depends on its age.
        request_table = Table(HelpRequest)
        needs_table = Table(HelpRequest.needs.through)
        first_request, first_link = _next_id(HelpRequest), _next_id(HelpRequest.needs.through)
        moments = sorted(now - rng.uniform(0, 730) * DAY for _ in range(requests))
        referable: list[tuple[int, int, datetime.datetime]] = []  # request id, person index, triaged at
        links: list[tuple[int, int]] = []

        def request_rows() -> Iterator[list[Any]]:
            for n, created in enumerate(moments):
                person = rng.randrange(people)
                age = (now - created) / DAY
                if age < 2:
                    status = rng.choices(["new", "triaged", "referred"], [60, 30, 10])[0]
                elif age < 30:
                    status = rng.choices(["new", "triaged", "referred", "in_progress", "closed"],
                                         [5, 20, 30, 25, 20])[0]
                else:
                    status = rng.choices(["closed", "in_progress", "referred", "triaged"], [93, 4, 2, 1])[0]
                level = triaged_at = closed_at = outcome_level = None
                outcome = outcome_reason = ""
                if status != "new":
                    recent = 1 - age / 730  # help found closer to home over time: the wedge grows
                    level = rng.choices([1, 2, 3, 4], [20 + 10 * recent, 30 + 10 * recent, 33 - 12 * recent,
                                                       17 - 8 * recent])[0]
                    triaged_at = min(created + rng.uniform(0.2, 48) * HOUR, now)
                if status == "closed":
                    closed_at = created + rng.uniform(1, 45) * DAY
                    if closed_at > now:
                        status, closed_at = "in_progress", None
                    else:
                        outcome = rng.choices(["met", "unmet", "withdrawn"], [82, 10, 8])[0]
                        if outcome == "met":
                            outcome_level = max(1, level - 1) if rng.random() < 0.15 else level
                        else:
                            outcome_reason = "Could not reach them" if outcome == "withdrawn" else "No service fits"
                request_id = first_request + n
                if status in ("referred", "in_progress", "closed") and level and level > 1:
                    referable.append((request_id, person, triaged_at))
                for term in rng.sample(terms, 2 if rng.random() < 0.2 else 1):
                    links.append((request_id, term))
                locality = person_locality[person] if rng.random() > 0.02 else None
                yield request_table.row(
                    id=request_id, uuid=uuid.UUID(int=rng.getrandbits(128)), reference=reference(request_id),
                    person_id=first_person + person, description=rng.choice(STORIES),
                    postcode=person_postcode[person] if locality else "", locality_id=locality,
                    contact_method="email", channel=rng.choice(["online", "online", "phone", "in_person", "partner"]),
                    status=status, level=level, urgency=rng.choices(["routine", "soon", "urgent"], [75, 20, 5])[0],
                    bring_to_huddle=status != "closed" and rng.random() < 0.03, outcome=outcome,
                    outcome_level=outcome_level, outcome_reason=outcome_reason, created_at=created,
                    updated_at=closed_at or triaged_at or created, triaged_at=triaged_at, closed_at=closed_at,
                )

        made_requests = insert(request_table, request_rows())
        made_links = insert(needs_table, (
            needs_table.row(id=first_link + n, helprequest_id=r, taxonomyterm_id=t) for n, (r, t) in enumerate(links)
        ))

        # Referrals to the services, answered (or not) in a lognormal number of hours.
        referral_table = Table(Referral)
        first_referral = _next_id(Referral)
        due_after: dict[datetime.date, datetime.timedelta] = {}
        active: set[tuple[int, int]] = set()  # a request has one active referral to a service

        def referral_rows() -> Iterator[list[Any]]:
            for n in range(referrals if referable else 0):
                request_id, person, triaged_at = rng.choice(referable)
                created = min(triaged_at + rng.uniform(0, 24) * HOUR, now - HOUR)
                day = created.date()
                if day not in due_after:
                    due_after[day] = add_working_days(created, 2) - created
                due_by = created + due_after[day]
                service, organisation = rng.choice(services)
                if due_by > now:
                    status = rng.choices(["awaiting", "accepted", "declined", "completed"], [60, 25, 10, 5])[0]
                else:
                    status = rng.choices(["completed", "accepted", "declined", "withdrawn", "awaiting"],
                                         [55, 15, 18, 5, 7])[0]
                if status in ("awaiting", "accepted"):
                    if (request_id, service) in active:
                        status = "withdrawn"
                    active.add((request_id, service))
                responded = completed = None
                if status in ("accepted", "declined", "completed"):
                    responded = min(created + rng.lognormvariate(2.9, 0.9) * HOUR, now)
                if status == "completed":
                    completed = min(responded + rng.uniform(1, 30) * DAY, now)
                yield referral_table.row(
                    id=first_referral + n, uuid=uuid.UUID(int=rng.getrandbits(128)), request_id=request_id,
                    service_id=service, organisation_id=organisation, message="Please get in touch.",
                    status=status, created_at=created, due_by=due_by, responded_at=responded,
                    decline_reason=rng.choices(DECLINE_REASONS, DECLINE_WEIGHTS)[0] if status == "declined" else "",
                    completed_at=completed, consent_id=first_consent + person,
                )

        made_referrals = insert(referral_table, referral_rows())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Person, Consent, HelpRequest, Referral, HelpRequest.needs.through]
                ):
                    cursor.execute(sql)
    # Fresh statistics for the planners and a vacuumed heap, as autovacuum would leave a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "people": made_people,
        "consents": made_consents,
        "requests": made_requests,
        "request needs": made_links,
        "referrals": made_referrals,
        "localities": len(localities),
        "services": len(services),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    counts = generate(*(int(arg) for arg in sys.argv[1:4]))
    print("generated: " + ", ".join(f"{key} {value:,}" for key, value in counts.items()), flush=True)
