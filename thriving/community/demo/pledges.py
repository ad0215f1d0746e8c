"""Demo pledges and ambassadors: a "be kind" pledge for a demo locality with fictional signatures
and two organisations' commitments with their progress, and one ambassador's profile with two
published good news stories.

Deterministic and idempotent: running it again finds the same rows and adds nothing. Every name
is made up.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from thriving.community.models import (
    AmbassadorProfile,
    CommitmentProgress,
    GoodNewsStory,
    OrganisationPledge,
    PledgeCampaign,
    PledgeSignature,
)
from thriving.community.services.pledges import organisation_key, person_key
from thriving.core.models import Membership, Organisation, Role
from thriving.places.models import Locality
from thriving.teams.queries import teams as teams_queries

LOCALITY = "cotmanhay"
SLUG = "be-kind-in-cotmanhay"
OPENS_ON = datetime.date(2025, 9, 1)

# (name, show the name, email, postcode): all fictional; example.org addresses never deliver.
SIGNATURES = [
    ("Amberly Quillfeather", True, "amberly.q@example.org", ""),
    ("Tobin Marchwood", True, "", ""),
    ("Perrin Sallowgate", False, "perrin@example.org", ""),
    ("Idris Fenwarren", True, "", ""),
    ("Marigold Thistleby", True, "marigold.t@example.org", ""),
    ("Oswin Brackenridge", False, "", ""),
    ("Wren Halloway-Pike", True, "", ""),
]

# (organisation name as it signed, organisation in the demo (if loaded), commitment, signed by, email,
#  progress as (days after opening, status, note))
ORGANISATIONS = [
    ("Cotmanhay Demo Primary School", "Cotmanhay Demo Primary School",
     "Every class will do one kind thing for a neighbour of the school each half term.",
     "Ellery Dunstable", "office@school.example.org",
     [(30, CommitmentProgress.Status.STARTED, "Year 5 wrote cards for the residents of the sheltered flats."),
      (75, CommitmentProgress.Status.ON_TRACK, "Four classes have done theirs; the rest are planned for December.")]),
    ("Cotmanhay Community Larder (demo)", "Cotmanhay Community Larder (demo)",
     "We will deliver a weekly bag to anyone who cannot get to the larder, with a friendly chat at the door.",
     "Sorrel Ashbee", "larder@example.org",
     [(45, CommitmentProgress.Status.ON_TRACK, "Twelve doorstep deliveries a week, by six volunteer drivers.")]),
]

STORIES = [
    ("The larder's doorstep deliveries",
     "Every Thursday six volunteer drivers take a bag of food and a chat to neighbours who cannot get to the "
     "larder. One told us it is the best part of her week.", datetime.datetime(2025, 10, 16, 10, 0)),
    ("Cards from Year 5",
     "Year 5 at the primary school wrote cards for everyone in the sheltered flats near the school. The residents "
     "are writing back.", datetime.datetime(2025, 11, 3, 15, 30)),
]


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _campaign(locality: Locality) -> PledgeCampaign:
    campaign, _ = PledgeCampaign.objects.get_or_create(slug=SLUG, defaults={
        "title": f"Be kind in {locality.name}",
        "pledge": "I will do one kind thing for a neighbour every week, and say hello to someone new.",
        "about": f"A pledge for everyone who lives, works or learns in {locality.name}, started at a Local Net "
                 "where people said the estate felt less friendly than it used to.",
        "locality": locality,
        "team": teams_queries.active_teams().filter(locality=locality).order_by("pk").first(),
        "opens_on": OPENS_ON,
        "is_published": True,
    })
    for name, show, email, postcode in SIGNATURES:
        PledgeSignature.objects.get_or_create(
            campaign=campaign, person_key=person_key(name=name, email=email, postcode=postcode),
            defaults={"name": name, "show_name": show, "email": email, "postcode": postcode})
    for name, known, commitment, signed_by, email, progress in ORGANISATIONS:
        pledge, _ = OrganisationPledge.objects.get_or_create(
            campaign=campaign, organisation_key=organisation_key(name), defaults={
                "organisation_name": name, "organisation": Organisation.objects.filter(name=known).first(),
                "commitment": commitment, "signed_by": signed_by, "contact_email": email})
        for days, status, note in progress:
            at = _aware(datetime.datetime.combine(OPENS_ON + datetime.timedelta(days=days), datetime.time(12, 0)))
            CommitmentProgress.objects.get_or_create(pledge=pledge, note=note,
                                                     defaults={"status": status, "recorded_at": at})
    return campaign


def _ambassador(locality: Locality) -> AmbassadorProfile | None:
    membership = (Membership.objects.filter(role=Role.AMBASSADOR).select_related("user", "locality")
                  .order_by("user_id", "pk").first())
    if membership is None:
        return None
    user = membership.user
    profile = AmbassadorProfile.objects.filter(user=user).first()
    if profile is None:
        name = user.full_name or "Community ambassador"
        slug = slugify(name) or "ambassador"
        if AmbassadorProfile.objects.filter(slug=slug).exists():
            slug = f"{slug}-{user.pk}"
        profile = AmbassadorProfile.objects.create(
            user=user, slug=slug, display_name=name, locality=membership.locality or locality, is_public=True,
            about="I have lived here all my life. I share the good things neighbours do for each other.")
    for title, body, published in STORIES:
        GoodNewsStory.objects.get_or_create(ambassador=profile, title=title, defaults={
            "body": body, "locality": profile.locality, "status": GoodNewsStory.Status.PUBLISHED,
            "published_at": _aware(published)})
    return profile


def load(stdout: Any, verbosity: int) -> None:
    """Load the demo pledge campaign and ambassador (needs the demo localities; skips without them)."""
    locality = Locality.objects.filter(slug=LOCALITY).first() or Locality.objects.order_by("slug").first()
    if locality is None:
        return
    with transaction.atomic():
        campaign = _campaign(locality)
        profile = _ambassador(locality)
    if verbosity:
        stdout.write(f"Demo pledge: {campaign.title} ({campaign.signatures.count()} signatures)")
        stdout.write(f"Demo ambassador: {profile.display_name}" if profile else
                     "No user has the ambassador role: no demo ambassador profile")
