"""Generate a directory at scale for the benchmarks: deterministic, fictional services at real
Derby and Derbyshire postcodes.

Run inside the benchmark's own database: `python -m bench.directory_data SERVICES LOCATIONS LOCALITIES`.
"""

import datetime
import os
import random
import sys
import time
import uuid

WORDS = {
    "food": ["food", "larder", "pantry", "community kitchen", "cooking", "meals"],
    "money": ["debt", "advice", "benefits", "budgeting", "money"],
    "housing": ["housing", "tenancy", "homeless", "repairs"],
    "loneliness": ["friendship", "befriending", "lunch club", "coffee morning", "walking group"],
    "mental-health": ["wellbeing", "mental health", "listening", "peer support"],
    "employment": ["job club", "skills", "cv", "volunteering", "training"],
    "caring": ["carers", "respite", "carers cafe"],
    "digital": ["digital", "computer", "internet", "wifi", "tablet"],
    "family": ["family", "parents", "toddler", "youth club", "homework"],
    "health": ["health", "exercise", "blood pressure", "smoking"],
}
KINDS = ["drop-in", "group", "session", "service", "hub", "club", "project", "clinic"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]


def generate(services: int, locations: int, localities: int, seed: int = 1) -> dict[str, int]:
    import django

    django.setup()
    from django.db import transaction

    from thriving.core.models import Organisation
    from thriving.directory.models import Location, Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
    from thriving.places.models import LocalAuthority, Locality, Postcode

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        authorities = list(LocalAuthority.objects.exclude(code__startswith="E10"))
        existing = Locality.objects.count()
        Locality.objects.bulk_create(
            [
                Locality(slug=f"bench-{n:03d}", name=f"Bench locality {n:03d}", local_authority=rng.choice(authorities))
                for n in range(max(0, localities - existing))
            ],
            batch_size=1000,
        )
        all_localities = list(Locality.objects.all())

        taxonomy = Taxonomy.objects.create(name="Bench needs")
        parents = TaxonomyTerm.objects.bulk_create(
            [TaxonomyTerm(taxonomy=taxonomy, code=need, name=need.replace("-", " ").title()) for need in WORDS]
        )
        children = TaxonomyTerm.objects.bulk_create(
            [
                TaxonomyTerm(taxonomy=taxonomy, parent=parent, code=f"{parent.code}-{word}", name=word.title())
                for parent in parents
                for word in WORDS[parent.code]
            ]
        )
        terms_by_need = {p.code: [p] + [c for c in children if c.parent_id == p.id] for p in parents}

        organisations = Organisation.objects.bulk_create(
            [
                Organisation(slug=f"bench-org-{n}", name=f"Bench Community Group {n}", type=Organisation.Type.CHARITY)
                for n in range(max(1, services // 25))
            ],
            batch_size=2000,
        )
        points = list(Postcode.objects.values_list("postcode", "lat", "lng")[:100_000])
        placed = Location.objects.bulk_create(
            [
                Location(
                    uuid=uuid.UUID(int=rng.getrandbits(128)),
                    name=f"Venue {n}",
                    address_1=f"{rng.randint(1, 200)} Bench Street",
                    city="Derbyshire",
                    postcode=point[0],
                    latitude=point[1],
                    longitude=point[2],
                    locality=rng.choice(all_localities),
                    is_space_and_place=rng.random() < 0.1,
                )
                for n, point in enumerate(rng.choice(points) for _ in range(locations))
            ],
            batch_size=5000,
        )
        today = datetime.date.today()
        needs_of = []
        made = []
        for n in range(services):
            need = rng.choice(list(WORDS))
            word = rng.choice(WORDS[need])
            needs_of.append(rng.sample(terms_by_need[need], k=min(2, len(terms_by_need[need]))))
            made.append(
                Service(
                    uuid=uuid.UUID(int=rng.getrandbits(128)),
                    organisation=rng.choice(organisations),
                    name=f"{word.title()} {rng.choice(KINDS)} {n}",
                    description=f"A local {word} {rng.choice(KINDS)} for anyone who needs {need.replace('-', ' ')}.",
                    status=Service.Status.ACTIVE if rng.random() < 0.95 else Service.Status.CLOSED,
                    is_free=rng.random() < 0.7,
                    access=[rng.choice(Service.Access.values)],
                    last_checked=today - datetime.timedelta(days=rng.randint(0, 400)),
                )
            )
        made = Service.objects.bulk_create(made, batch_size=5000)
        Through = Service.needs.through
        Through.objects.bulk_create(
            [
                Through(service_id=s.id, taxonomyterm_id=t.id)
                for s, terms in zip(made, needs_of, strict=True)
                for t in terms
            ],
            batch_size=10000,
        )
        LocalityThrough = Service.localities.through
        LocalityThrough.objects.bulk_create(
            [LocalityThrough(service_id=s.id, locality_id=rng.choice(all_localities).id) for s in made],
            batch_size=10000,
        )
        # Every location hosts at least one service; some services run at two places; one in
        # twenty has no place at all (online or by phone).
        with_places = [s for n, s in enumerate(made) if n % 20 != 19] or made
        links = {(with_places[n % len(with_places)].id, location.id) for n, location in enumerate(placed)}
        ServiceAtLocation.objects.bulk_create(
            [ServiceAtLocation(service_id=s, location_id=loc) for s, loc in links], batch_size=10000
        )
        Schedule.objects.bulk_create(
            [
                Schedule(
                    service=s,
                    byday=",".join(sorted(rng.sample(DAYS, k=rng.randint(1, 3)), key=DAYS.index)),
                    opens_at=datetime.time(rng.choice([9, 10, 13])),
                    closes_at=datetime.time(rng.choice([12, 15, 17])),
                )
                for s in made
            ],
            batch_size=10000,
        )
    # Fresh statistics for the planners, as a live database would have.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "services": Service.objects.count(),
        "locations": Location.objects.count(),
        "service_at_locations": ServiceAtLocation.objects.count(),
        "localities": Locality.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thriving.settings")
    counts = generate(*(int(arg) for arg in sys.argv[1:4]))
    print("generated: " + ", ".join(f"{key} {value:,}" for key, value in counts.items()))
