"""Demo Local Nets and community ideas: fictional, deterministic and safe to load again.

A Local Net in two demo localities at a demo Space & Place, each with a past session (attendance,
notes and what people said) and one to come with a couple of sign-ups; and a handful of ideas at
different stages with facilitators from the demo logins. Sessions are placed relative to today so
the demo always has one past and one upcoming session.
"""

import datetime
from typing import Any

from django.utils import timezone

from thriving.community.models import Idea, IdeaSupport, Insight, LocalNet, LocalNetSession, SessionSignup
from thriving.community.services.local_nets import person_key
from thriving.core.models import User
from thriving.directory.queries import public as directory_queries
from thriving.directory.queries.public import Location
from thriving.places.models import Locality

DEMO_DOMAIN = "demo.thriving.test"

# (locality slug, title, theme, about)
LOCAL_NETS = [
    ("cotmanhay", "Cotmanhay Local Net (demo)", "Getting to know your neighbours",
     "A cuppa and a chat about what is good round here and what could be better. Everyone welcome."),
    ("shirebrook", "Shirebrook Local Net (demo)", "Food, friendship and fun",
     "Share a meal, meet your neighbours and tell us what would make Shirebrook better."),
]

# Fictional sign-ups for the session to come: (name, email, phone, places)
SIGNUPS = [
    ("Demo Neighbour One", "neighbour.one@example.org", "", 2),
    ("Demo Neighbour Two", "", "07700 900123", 1),
]

INSIGHTS = [
    "There is nowhere for teenagers to go in the evenings.",
    "Lots of us have broken things we would fix if someone showed us how.",
]

# (locality slug or None, title, description, stage, facilitator login or None, support given)
IDEAS = [
    ("cotmanhay", "Repair café (demo)", "Fix bikes, toasters and clothes together once a month.",
     Idea.Stage.EXPLORING, "team", "Found a free room at the community centre."),
    ("cotmanhay", "Teen drop-in night (demo)", "A Friday night space for young people, run with them.",
     Idea.Stage.PROPOSED, None, ""),
    ("shirebrook", "Community fridge (demo)", "Share surplus food from shops and gardens.",
     Idea.Stage.RUNNING, "coach", "Helped apply for food hygiene training."),
    ("shirebrook", "Walking group (demo)", "A gentle weekly walk from the library.",
     Idea.Stage.SUSTAINED, "hub", "Introduced the group to the health walks network."),
    ("cotmanhay", "Pop-up cinema (demo)", "Films in the park in summer.",
     Idea.Stage.STOPPED, "team", "The park's power supply could not be used."),
]


def _day(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(login: str | None) -> User | None:
    return User.objects.filter(email=f"{login}@{DEMO_DOMAIN}").first() if login else None


def _place(locality: Locality) -> Location | None:
    return directory_queries.spaces_and_places().filter(locality=locality).first()


def _session(local_net: LocalNet, starts_at: datetime.datetime, **fields: Any) -> LocalNetSession:
    session = local_net.sessions.filter(starts_at__date=starts_at.date()).first()
    if session is None:
        session = LocalNetSession.objects.create(local_net=local_net, starts_at=starts_at,
                                                 ends_at=starts_at + datetime.timedelta(hours=2), **fields)
    return session


def load(stdout: Any, verbosity: int) -> None:
    team_member = _user("team")
    nets = 0
    for slug, title, theme, about in LOCAL_NETS:
        locality = Locality.objects.filter(slug=slug).first()
        if locality is None:
            continue
        local_net, _ = LocalNet.objects.update_or_create(
            slug=f"{slug}-local-net-demo",
            defaults={"title": title, "theme": theme, "about": about, "locality": locality,
                      "place": _place(locality), "team": locality.teams.order_by("name").first(), "is_listed": True},
        )
        nets += 1
        past = _session(local_net, _day(-7, 10), capacity=30, attendance=18,
                        notes="A lively first session: tea, cake and a map of the area on the wall.")
        for text in INSIGHTS:
            Insight.objects.get_or_create(session=past, text=text, defaults={"recorded_by": team_member})
        upcoming = _session(local_net, _day(7, 10), capacity=25)
        for name, email, phone, places in SIGNUPS:
            key = person_key(name, email, phone)
            SessionSignup.objects.get_or_create(session=upcoming, person_key=key, cancelled_at=None,
                                                defaults={"name": name, "email": email, "phone": phone,
                                                          "places": places})
    ideas = _ideas()
    if verbosity:
        stdout.write(f"Community: {nets} demo Local Nets and {ideas} demo community ideas.")


def _ideas() -> int:
    count = 0
    for slug, title, description, stage, login, support in IDEAS:
        locality = Locality.objects.filter(slug=slug).first() if slug else None
        if slug and locality is None:
            continue
        facilitator = _user(login)
        idea = Idea.objects.filter(title=title).first()
        if idea is None:
            idea = Idea.objects.create(
                title=title, description=description, locality=locality, stage=stage, facilitator=facilitator,
                proposer_name="A demo resident", created_at=timezone.now() - datetime.timedelta(days=10 + count * 9),
            )
            IdeaSupport.objects.create(idea=idea, kind=IdeaSupport.Kind.PROPOSED, at=idea.created_at,
                                       text="Proposed by a resident on the website")
            if facilitator is not None:
                IdeaSupport.objects.create(idea=idea, kind=IdeaSupport.Kind.FACILITATOR, by=facilitator,
                                           text=facilitator.full_name, at=idea.created_at + datetime.timedelta(days=1))
            if stage != Idea.Stage.PROPOSED:
                IdeaSupport.objects.create(idea=idea, kind=IdeaSupport.Kind.STAGE, by=facilitator,
                                           stage_from=Idea.Stage.PROPOSED, stage_to=stage,
                                           text=support if stage == Idea.Stage.STOPPED else "",
                                           at=idea.created_at + datetime.timedelta(days=2))
            if support and stage != Idea.Stage.STOPPED:
                IdeaSupport.objects.create(idea=idea, kind=IdeaSupport.Kind.SUPPORT, by=facilitator, text=support,
                                           at=idea.created_at + datetime.timedelta(days=3))
        if locality is not None and not idea.sessions.exists():
            past = LocalNetSession.objects.filter(local_net__slug=f"{slug}-local-net-demo",
                                                  starts_at__lt=timezone.now()).first()
            if past is not None:
                idea.sessions.add(past)
        count += 1
    return count
