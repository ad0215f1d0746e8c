"""The directory's part of `thriving demo`: the needs taxonomy, and fictional services at real
Derbyshire postcodes in each demo locality, with opening times, Spaces & Places and a food network.

Deterministic and idempotent: every row is found again by a fixed key and updated, never added
twice. The postcodes and their positions are real (from the postcode file); the services are not.
"""

import csv
import datetime
import gzip
from pathlib import Path
from typing import Any

from django.utils import timezone

from thriving.core.models import Organisation
from thriving.directory import search
from thriving.directory.models import Location, Platform, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from thriving.directory.queries import needs
from thriving.directory.services import needs as needs_services
from thriving.places.models import Area, Locality

POSTCODES_FILE = Path(__file__).resolve().parents[1] / "places" / "data" / "postcodes.csv.gz"
FAVOURITE_POSTCODES = {"cotmanhay": ["DE7 8QA"]}
STALE = {("larder", "cotmanhay")}
T = datetime.time

# (key, name pattern, description, need codes, access, free, days, opens, closes, place index, preferred types)
# The level of the Hierarchy of Help each kind of demo service mostly works at.
HELP_LEVELS = {"library": 1, "digital": 1, "debt": 3, "jobs": 3}

SERVICES = [
    ("larder", "{place} Community Food Larder", "Low-cost food shopping for members: a bag of food for a few "
     "pounds, with fresh fruit and vegetables. No referral needed.", ["food-pantries", "food"], ["drop_in"], False,
     "TU,FR", T(10), T(13), 0, ["charity", "faith_group", "community_group"]),
    ("debt", "{place} Money and Debt Advice Drop-in", "Free, confidential advice on debt, benefits and energy "
     "bills from trained advisers.", ["debt-advice", "benefits-advice", "fuel-poverty"], ["drop_in", "phone"], True,
     "MO,TH", T(9, 30), T(12, 30), 1, ["council"]),
    ("warm", "{place} Warm Space", "A warm, welcoming room with hot drinks, newspapers, Wi-Fi and company. "
     "Everyone is welcome.", ["warm-spaces", "social-groups", "warm-homes"], ["drop_in"], True,
     "MO,TU,WE,TH,FR", T(10), T(16), 0, ["faith_group", "community_group", "volunteer_group"]),
    ("walk", "{place} Wellbeing Walk", "A gentle hour's walk at an easy pace, followed by a cup of tea. "
     "Good for body and mind.", ["physical-activity", "wellbeing-activities"], ["drop_in"], True,
     "WE", T(10, 30), T(12), 0, ["health", "volunteer_group"]),
    ("jobs", "{place} Job Club", "Help with CVs, applications and interviews, with a work coach on hand.",
     ["job-search", "training"], ["drop_in", "referral"], True, "WE", T(13), T(15, 30), 1, ["dwp"]),
    ("digital", "{place} Digital Help", "Bring your phone, tablet or laptop and get help getting online, "
     "with free data SIMs for people who need them.", ["digital-skills", "devices-and-data"], ["drop_in"], True,
     "TH", T(14), T(16), 1, ["council", "community_group"]),
    ("carers", "{place} Carers' Café", "Time out for unpaid carers: a friendly café, information and peer "
     "support.", ["carers-support", "respite"], ["drop_in", "self_referral"], True, "SA", T(10), T(12), 0,
     ["health", "volunteer_group", "charity"]),
]

# (key, name pattern, what happens, facilities, is a Space & Place)
PLACES = [
    ("centre", "{place} Community Centre", "Community meals, groups and advice sessions through the week.",
     ["kitchen", "meeting_room", "wifi", "step_free", "toilets", "accessible_toilet"], True),
    ("library", "{place} Library and Hub", "Books, computers, advice sessions and a job club.",
     ["wifi", "computers", "step_free", "toilets", "childrens_space"], True),
]


def _postcodes_by_area() -> dict[str, list[tuple[str, float, float]]]:
    found: dict[str, list[tuple[str, float, float]]] = {}
    with gzip.open(POSTCODES_FILE, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["lsoa11cd"], []).append((row["postcode"], float(row["lat"]), float(row["long"])))
    return found


def _postcodes_for(locality: Locality, by_area: dict) -> list[tuple[str, float, float]]:
    codes = sorted(Area.objects.filter(locality=locality).values_list("code", flat=True))
    candidates = sorted(pc for code in codes for pc in by_area.get(code, []))
    favourites = [pc for pc in candidates if pc[0] in FAVOURITE_POSTCODES.get(locality.slug, [])]
    if not candidates:
        return []
    step = max(len(candidates) // 7, 1)
    return favourites + [pc for pc in candidates[::step] if pc not in favourites]


def _organisation_for(locality: Locality, preferred: list[str], fallback: Organisation) -> Organisation:
    serving = list(locality.organisations.filter(slug__contains="demo").order_by("name"))
    for kind in preferred:
        for organisation in serving:
            if organisation.type == kind:
                return organisation
    return fallback


def _places(locality: Locality, postcodes: list, owner: Organisation) -> list[Location]:
    loaded = []
    for index, (_key, pattern, what, facilities, space) in enumerate(PLACES):
        postcode, lat, lng = postcodes[index % len(postcodes)]
        location, _ = Location.objects.update_or_create(
            name=pattern.format(place=locality.name),
            locality=locality,
            defaults={
                "organisation": owner,
                "address_1": f"{10 + index * 7} {'Church' if index else 'High'} Street",
                "city": locality.name,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lng,
                "is_space_and_place": space,
                "facilities": facilities,
                "what_happens": what,
                "accessibility": "Step-free entrance and an accessible toilet.",
                "description": f"A welcoming place in the heart of {locality.name} (demo).",
            },
        )
        Schedule.objects.update_or_create(
            location=location,
            service=None,
            service_at_location=None,
            byday="MO,TU,WE,TH,FR",
            defaults={"opens_at": T(9), "closes_at": T(17), "freq": Schedule.Frequency.WEEKLY},
        )
        loaded.append(location)
    return loaded


def _services(locality: Locality, places: list[Location], terms: dict[str, TaxonomyTerm], council: Organisation):
    today = timezone.localdate()
    made = []
    for number, (key, pattern, description, codes, access, free, days, opens, closes, at, preferred) in enumerate(
        SERVICES
    ):
        organisation = _organisation_for(locality, preferred, council)
        service, _ = Service.objects.update_or_create(
            name=pattern.format(place=locality.name),
            organisation=organisation,
            defaults={
                "description": description,
                "access": access,
                "is_free": free,
                "help_level": HELP_LEVELS.get(key, 2),
                "fees_description": "" if free else "£3.50 a visit for about £15 of food",
                "languages": ["en"],
                "status": Service.Status.ACTIVE,
                "email": f"{key}@{organisation.slug}.demo.thriving.test",
                "phone": f"01332 {400000 + number * 1111 + locality.pk % 100:06d}",
                "accessibility": "Step-free access. Ask if you need anything to make it easier to come.",
                "eligibility_description": "Anyone living in or near " + locality.name,
                # Some are overdue a check (the carers' cafés, and the larder the demo partner login
                # keeps), so the flags and reminders have something to show.
                "last_checked": today - datetime.timedelta(days=400 if (key, locality.slug) in STALE or key == "carers"
                                                           else 20 + number),
            },
        )
        service.needs.set([terms[code] for code in codes if code in terms])
        service.localities.set([locality])
        ServiceAtLocation.objects.get_or_create(service=service, location=places[at])
        Schedule.objects.update_or_create(
            service=service,
            location=None,
            service_at_location=None,
            byday=days,
            defaults={"opens_at": opens, "closes_at": closes, "freq": Schedule.Frequency.WEEKLY},
        )
        made.append((key, service))
    return made


def load(stdout: Any, verbosity: int) -> None:
    taxonomy, _, _ = needs_services.load_taxonomy()
    terms = {term.code: term for term in TaxonomyTerm.objects.filter(taxonomy=taxonomy)}
    council = Organisation.objects.filter(type=Organisation.Type.COUNCIL, slug__contains="demo").order_by("name")
    council_org = council.first()
    if council_org is None:
        return
    by_area = _postcodes_by_area()
    food_members: set[int] = set()
    total = 0
    for locality in Locality.objects.order_by("name"):
        postcodes = _postcodes_for(locality, by_area)
        if not postcodes:
            continue
        places = _places(locality, postcodes, council_org)
        for key, service in _services(locality, places, terms, council_org):
            total += 1
            if key == "larder":
                food_members.add(service.organisation_id)
    platform, _ = Platform.objects.update_or_create(
        slug="food-network",
        defaults={
            "name": "Food network",
            "coordinator": council_org,
            "description": "Food banks, pantries, community kitchens and cooking courses working together so "
            "that nobody goes hungry (demo).",
        },
    )
    platform.members.set(Organisation.objects.filter(pk__in=food_members).exclude(pk=council_org.pk))
    platform.needs.set([terms["food"]] if "food" in terms else [])
    platform.localities.set(Locality.objects.all())
    needs.forget()
    search.forget_localities()
    if verbosity:
        stdout.write(f"Directory: {total} demo services in {Locality.objects.count()} localities, and a food network.")
