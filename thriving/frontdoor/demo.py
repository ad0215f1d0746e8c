"""Demo data for the front door: fictional people asking for help in the real demo localities,
triaged, referred to the demo services, some answered and some closed (most of those with the
person's answer to whether they got the help they needed), over the last twelve weeks.

Deterministic, and idempotent: each demo request has a fixed submission key, so running the demo
again finds it rather than making another. The names are invented; none is a real person's.
"""

import datetime
import random
import uuid
from typing import Any

from django.utils import timezone

from thriving.core.models import Role, User
from thriving.directory.queries import needs
from thriving.directory.queries import public as directory
from thriving.frontdoor.demand import services as demand
from thriving.frontdoor.feedback import queries as feedback_queries
from thriving.frontdoor.feedback import services as feedback
from thriving.frontdoor.models import Consent, HelpRequest, Referral
from thriving.frontdoor.services import people, referrals, requests
from thriving.places.models import Area, Locality, Postcode

NAMESPACE = uuid.UUID("5b0f8c1e-3f57-4e8e-9a55-0c7d1f6b7a10")
GIVEN = ["Aled", "Bryony", "Carys", "Dafydd", "Eira", "Fenella", "Gethin", "Hollis", "Idris", "Juniper",
         "Kesi", "Lorcan", "Maelle", "Nerys", "Orrin", "Peregrine", "Quilla", "Rhodri", "Saffi", "Tamsin"]
FAMILY = ["Ashcombe-Vey", "Brindlewood", "Cotterell-Fane", "Dunsmore-Pike", "Elderthwaite", "Farrowdale",
          "Glenmorrow", "Hazelhurst-Quay", "Inchbrook", "Juddlestone", "Kettlewray", "Larkspurne"]
STORIES = [
    ("food-banks", "We have run out of food and payday is not until next week. There are three children at home."),
    ("debt-advice", "I have letters about debts piling up and I am scared to open them."),
    ("befriending", "Since my husband died I do not see anyone for days. I would like some company."),
    ("warm-homes", "The heating costs too much and the house is cold. My mum is 84 and lives with me."),
    ("job-search", "I was made redundant and need help with my CV and finding work."),
    ("digital-skills", "I need to apply for things online but I do not know how to use the computer."),
    ("carers-support", "I look after my son who has autism and I am exhausted. Is there any support?"),
    ("community-transport", "I cannot get to my hospital appointments since I stopped driving."),
    ("talking-support", "I have been feeling very low and would like someone to talk to."),
    ("parenting", "My teenager will not go to school and I do not know what to do."),
]
REQUESTS_PER_LOCALITY = 5
# Shirebrook, where the coaching demo's coaches work, has more: most of the people coached asked here first.
REQUESTS_IN = {"shirebrook": 24}


def load(stdout: Any, verbosity: int) -> None:
    hub = User.objects.filter(memberships__role=Role.HUB_WORKER).order_by("pk").first()
    partner = User.objects.filter(memberships__role=Role.ORGANISATION_STAFF).order_by("pk").first()
    if hub is None:
        return
    index = needs.index()
    by_code = {need.code: need for need in index.by_id.values()}
    rng = random.Random(4)
    now = timezone.now()
    made = 0
    for number, locality in enumerate(Locality.objects.order_by("slug")):
        slug = locality.slug
        postcodes = list(
            Postcode.objects.filter(area_code__in=Area.objects.filter(locality=locality).values("code"))
            .order_by("postcode")
            .values_list("postcode", flat=True)[:50]
        )
        if not postcodes:
            continue
        for n in range(REQUESTS_IN.get(slug, REQUESTS_PER_LOCALITY)):
            key = uuid.uuid5(NAMESPACE, f"{slug}-{n}")
            code, story = STORIES[(number + n) % len(STORIES)]
            need = by_code.get(code)
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            postcode = rng.choice(postcodes)
            age_days = rng.randint(0, 84)
            if slug == "cotmanhay" and n < 2:
                age_days = 4 + n  # referred to the demo partner's larder and waiting for its answer
            created_at = now - datetime.timedelta(days=age_days, hours=rng.randint(0, 8))
            request, created = requests.create_request(requests.NewRequest(
                description=story,
                person_details={"given_name": given, "family_name": family,
                                "email": f"{given.lower()}.{family.lower()}@example.org",
                                "date_of_birth": datetime.date(1950 + rng.randint(0, 55), rng.randint(1, 12),
                                                               rng.randint(1, 28))},
                need_ids=[need.id] if need else [],
                postcode=postcode,
                contact_method="email",
                channel=rng.choice([HelpRequest.Channel.ONLINE, HelpRequest.Channel.PHONE]),
                consent_method=Consent.Method.ONLINE if n != 3 else "",
                submission_key=key,
                created_at=created_at,
            ))
            if not created:
                continue
            made += 1
            _progress(request, hub, partner, rng, age_days, need)
            # Date the history from when the request was made, a few hours a step.
            moment = created_at
            for event in request.events.order_by("at", "id"):
                type(event).objects.filter(pk=event.pk).update(at=min(moment, now))
                moment += datetime.timedelta(hours=rng.randint(2, 30))
    if made:
        # The demo dates its requests and answers after making them, as no service would.
        demand.rebuild()
    if verbosity and made:
        stdout.write(f"Front door demo: {made} fictional requests")


def _progress(request: HelpRequest, hub: User, partner: User | None, rng: random.Random, age_days: int,
              need: Any) -> None:
    """Move a demo request along as far as its age suggests: triage, referral, answer, close."""
    if age_days < 2:
        return  # still new
    level = rng.choice([1, 2, 2, 2, 3, 3, 4])
    request = requests.triage(acting_user=hub, request=request, version=request.version, level=level,
                              urgency=rng.choice(["routine", "routine", "soon"]),
                              need_ids=[need.id] if need else [])
    if age_days % 5 == 0:
        requests.set_huddle(acting_user=hub, request=request, version=request.version, flag=True,
                            reason="Several needs at once")
        request.refresh_from_db()
    if age_days < 4 or not people.active_share_consent(request.person):
        return
    from thriving.frontdoor.queries import suggestions

    suggested = suggestions.suggest(request)
    found = [s for s in suggested.at_level + suggested.other_levels if not s.already_referred]
    if partner is not None and request.locality and request.locality.slug == "cotmanhay":
        larder = directory.services_run_with(partner).first()
        if larder is not None:
            found.insert(0, suggestions.Suggestion(service=larder))
    if not found:
        return
    referral = referrals.refer(acting_user=hub, request=request, service=found[0].service, message="Demo referral",
                              now=request.created_at + datetime.timedelta(days=1), notify=False)
    answerer = (
        User.objects.filter(memberships__role=Role.ORGANISATION_STAFF,
                            memberships__organisation=referral.organisation).first()
    )
    answered_at = referral.created_at + datetime.timedelta(hours=rng.randint(2, 70))
    if answerer is not None and age_days >= 8:
        if age_days % 7 == 3:
            referrals.decline_referral(acting_user=answerer, referral=referral, version=referral.version,
                                       reason=Referral.DeclineReason.NO_CAPACITY)
        else:
            referrals.accept_referral(acting_user=answerer, referral=referral, version=referral.version)
            if age_days > 20:
                referrals.complete_referral(acting_user=answerer, referral=referral, version=referral.version,
                                            note="Helped (demo)")
        Referral.objects.filter(pk=referral.pk).update(responded_at=answered_at)
    if age_days > 20:
        # Older requests have ended; most needs were met, at the level they were triaged at or one earlier.
        request.refresh_from_db()
        if age_days % 9 == 0:
            requests.close(acting_user=hub, request=request, version=request.version, outcome="unmet",
                           outcome_level=None,
                           reason="Could not reach the person after three tries (demo)")
        else:
            requests.close(acting_user=hub, request=request, version=request.version, outcome="met",
                           outcome_level=max(1, level - (age_days % 3 == 0)))
        HelpRequest.objects.filter(pk=request.pk).update(
            closed_at=request.created_at + datetime.timedelta(days=rng.randint(3, 18)))
        if age_days % 5 != 1:  # most people answer whether they got the help they needed
            said = ["yes", "yes", "partly", "no", "yes"][age_days % 5]
            feedback.record_answer(token=feedback_queries.link_token(request), answer=said,
                                   comment="The larder was a lifeline (demo)" if said == "yes" else "")
