"""`thriving demo`: load the demo localities, fictional organisations and one login per role.

Deterministic and idempotent: running it again updates the same rows and adds nothing. The
people and organisations are fictional; the localities, boundaries and postcodes are real.
The logins are for a local demo only and must never be created on a real service.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from thriving.core.models import Membership, Organisation, Role, User
from thriving.places.models import Locality

DEMO_PASSWORD = "thriving-demo-only"  # noqa: S105 - printed for the local demo, never used in production
DEMO_DOMAIN = "demo.thriving.test"

# (name, type, localities by slug, charity number, company number, description)
ORGANISATIONS = [
    ("Mid Derbyshire Demo Council", Organisation.Type.COUNCIL, "*", "", "",
     "The council of the demo: runs the community response hub and the locality model."),
    ("Derwent Valley Demo Health Partnership", Organisation.Type.HEALTH, "*", "", "",
     "GP practices and community health teams working across the demo localities."),
    ("Peakshire Demo Police", Organisation.Type.POLICE, "*", "", "",
     "Neighbourhood policing teams in each locality."),
    ("Peakshire Demo Fire and Rescue", Organisation.Type.FIRE, "*", "", "",
     "Safe and well visits and community safety."),
    ("Greenway Demo Homes", Organisation.Type.HOUSING, ["cotmanhay", "langley-mill", "staveley"], "", "08123456",
     "Social landlord with tenancy support officers."),
    ("Jobcentre Demo Partnership Team", Organisation.Type.DWP, "*", "", "",
     "Work coaches who join locality huddles."),
    ("Cotmanhay Demo Primary School", Organisation.Type.SCHOOL, ["cotmanhay"], "", "",
     "A primary school at the heart of its estate."),
    ("Cotmanhay Community Larder (demo)", Organisation.Type.CHARITY, ["cotmanhay"], "1190001", "",
     "A food larder and cooking club run by volunteers."),
    ("Shirebrook Friends Together (demo)", Organisation.Type.VOLUNTEER_GROUP, ["shirebrook"], "", "",
     "Befriending and lifts to appointments."),
    ("Gamesley Green Shoots (demo)", Organisation.Type.COMMUNITY_GROUP, ["gamesley"], "", "",
     "A community garden and Local Nets host."),
    ("St Aidan's Demo Church Hall", Organisation.Type.FAITH_GROUP, ["newhall"], "1190002", "",
     "Warm space, toddler group and a weekly community meal."),
    ("Danesmoor Demo Men's Shed", Organisation.Type.COMMUNITY_GROUP, ["danesmoor"], "", "",
     "A workshop where people make things and friends."),
    ("Ashbourne Demo Good Neighbours", Organisation.Type.VOLUNTEER_GROUP, ["ashbourne"], "1190003", "",
     "Volunteers helping older neighbours stay independent."),
    ("Normanton Demo Community Kitchen", Organisation.Type.CHARITY, ["normanton-arboretum"], "1190004", "",
     "Affordable meals and cooking courses."),
]

# (email local part, full name, job title, role, organisation name or None, locality slug or None)
PEOPLE = [
    ("hub", "Jordan Ashfield", "Community response hub worker", Role.HUB_WORKER, 0, None),
    ("partner", "Sam Okafor-Lee", "Volunteer coordinator", Role.ORGANISATION_STAFF, 7, None),
    ("team", "Rowan Pickering", "Neighbourhood officer", Role.TEAM_MEMBER, 2, "cotmanhay"),
    ("coach", "Ellis Marden", "Family coach", Role.COACH, 0, "shirebrook"),
    ("coachlead", "Tamsin Ollerby", "Family coaching team lead", Role.COACH_LEAD, 0, "shirebrook"),
    ("partnercoach", "Imogen Sallowfield", "Family health coach", Role.COACH, 1, None),
    ("enabler", "Morgan Thistlewood", "Director of communities", Role.ENABLER, 0, None),
    ("board", "Kit Ravensworth", "Partnership board member", Role.BOARD_MEMBER, 1, None),
    ("analyst", "Avery Quenby", "Insight analyst", Role.ANALYST, 0, None),
    ("editor", "Blake Fennimore", "Directory editor", Role.DIRECTORY_EDITOR, 0, None),
    ("admin", "Casey Wrenfield", "Service administrator", Role.ADMINISTRATOR, None, None),
    ("dpo", "Drew Halloway", "Data protection officer", Role.DATA_PROTECTION_OFFICER, 0, None),
    ("safeguarding", "Harper Linwood", "Designated safeguarding lead", Role.SAFEGUARDING_LEAD, 0, None),
    ("ambassador", "Jules Farrowdale", "Community ambassador", Role.AMBASSADOR, None, "cotmanhay"),
]


class Command(BaseCommand):
    help = "Load the demo localities, fictional organisations and one login per role (demo only)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--skip-postcodes", action="store_true", help="Do not load the postcode file")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        call_command("places_load", verbosity=options["verbosity"])
        if not options["skip_postcodes"]:
            call_command("places_import_postcodes", verbosity=options["verbosity"])
        with transaction.atomic():
            organisations = self.load_organisations()
            self.load_people(organisations)
        # Apps after core add their own demo data through `load_demo` on their AppConfig.
        for app_config in apps.get_app_configs():
            load_demo = getattr(app_config, "load_demo", None)
            if load_demo is not None:
                with transaction.atomic():
                    load_demo(stdout=self.stdout, verbosity=options["verbosity"])
        if not options["quiet_logins"]:
            self.print_logins()

    def load_organisations(self) -> list[Organisation]:
        localities = {locality.slug: locality for locality in Locality.objects.all()}
        if not localities:
            raise CommandError("No localities: `thriving places load` must run first.")
        loaded = []
        for name, kind, served, charity, company, description in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                slug=slugify(name),
                defaults={
                    "name": name,
                    "type": kind,
                    "charity_number": charity,
                    "company_number": company,
                    "description": description,
                    "website": f"https://{slugify(name)}.{DEMO_DOMAIN}",
                    "email": f"hello@{slugify(name)}.{DEMO_DOMAIN}",
                },
            )
            wanted = list(localities.values()) if served == "*" else [localities[s] for s in served if s in localities]
            organisation.localities.set(wanted)
            loaded.append(organisation)
        return loaded

    def load_people(self, organisations: list[Organisation]) -> None:
        for local, full_name, job_title, role, organisation_index, locality_slug in PEOPLE:
            user, created = User.objects.update_or_create(
                email=f"{local}@{DEMO_DOMAIN}",
                defaults={"full_name": full_name, "job_title": job_title, "is_active": True,
                          "is_staff": role == Role.ADMINISTRATOR},
            )
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user,
                role=role,
                organisation=organisations[organisation_index] if organisation_index is not None else None,
                locality=Locality.objects.filter(slug=locality_slug).first() if locality_slug else None,
            )

    def print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.WARNING("Demo logins (for this local demo only; never on a real service):"))
        for local, _name, _title, role, _org, _loc in PEOPLE:
            email = f"{local}@{DEMO_DOMAIN}"
            self.stdout.write(f"  {role.label:<29} {email:<32} password: {DEMO_PASSWORD}")
        self.stdout.write("")
