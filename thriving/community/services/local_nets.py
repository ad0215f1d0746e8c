"""Local Nets: what organisers and residents do with them. Setting a Local Net up, adding and
cancelling its sessions, a resident signing up (no account) and giving their place back from the
private link on their confirmation, recording who came and what was said, and turning what was
said into a community idea. (Actions for the connected team are added through the teams service.)

Each function is one thing a person does, in one transaction. Sign-ups are personal data: every
change to them is in the audit trail, and emails go out only once the change is saved.
"""

import datetime
import re
import uuid
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from thriving.community.models import Idea, Insight, LocalNet, LocalNetSession, SessionSignup
from thriving.community.services import ideas as ideas_services
from thriving.community.services.common import CommunityError, change, require_in_scope
from thriving.core import audit, policy
from thriving.core.tasks import send_email
from thriving.frontdoor.queries import keys

Action = audit.Action
RUN = "community.run_local_nets"


class SessionClosed(CommunityError):
    """The session has happened or was cancelled: nobody can sign up to it."""


class SessionFull(CommunityError):
    """Fewer places are left than were asked for."""


class AlreadyCancelled(CommunityError):
    """The sign-up was cancelled before: its cancel link has been used."""


# ---------------------------------------------------------------------------------------------
# Local Nets and their sessions


def _unique_slug(title: str) -> str:
    base = slugify(title)[:150] or "local-net"
    slug, n = base, 2
    while LocalNet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


LOCAL_NET_FIELDS = ("title", "theme", "about", "locality", "place", "team", "is_listed")


@transaction.atomic
def create_local_net(*, acting_user: Any, title: str, theme: str, about: str = "", locality: Any, place: Any = None,
                     team: Any = None, is_listed: bool = True) -> LocalNet:
    """Set up a Local Net: its theme, its locality and the Space & Place where it usually meets."""
    policy.require(acting_user, RUN)
    local_net = LocalNet.objects.create(
        slug=_unique_slug(title), title=title, theme=theme, about=about, locality=locality, place=place,
        team=team, is_listed=is_listed,
    )
    audit.record(acting_user, "local_net.created", local_net, action=Action.CREATED)
    return local_net


@transaction.atomic
def edit_local_net(local_net: LocalNet, *, acting_user: Any, version: int, **fields: Any) -> LocalNet:
    """Change a Local Net's details, as they were when the person opened the form."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, local_net, RUN)
    unknown = set(fields) - set(LOCAL_NET_FIELDS)
    if unknown:
        raise ValueError(f"Not a Local Net field: {', '.join(sorted(unknown))}")
    before = {name: getattr(local_net, name) for name in fields}
    change(local_net, version, **fields)
    audit.record(acting_user, "local_net.changed", local_net, action=Action.CHANGED,
                 changes=audit.changes_between(before, fields))
    return local_net


def clashes(local_net: LocalNet, starts_at: datetime.datetime, ends_at: datetime.datetime,
            exclude: int | None = None) -> bool:
    """Whether another session of the same Local Net (not cancelled) overlaps these times."""
    found = LocalNetSession.objects.filter(
        local_net=local_net, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude:
        found = found.exclude(pk=exclude)
    return found.exists()


def add_session(local_net: LocalNet, *, acting_user: Any, starts_at: datetime.datetime, ends_at: datetime.datetime,
                place: Any = None, capacity: int | None = None) -> LocalNetSession:
    """Add a meeting of the Local Net. It must end after it starts and not overlap another."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, local_net, RUN)
    if ends_at <= starts_at:
        raise CommunityError("The session must end after it starts.")
    if clashes(local_net, starts_at, ends_at):
        raise CommunityError("This Local Net already has a session at that time. Choose another time.")
    try:
        with transaction.atomic():
            session = LocalNetSession.objects.create(
                local_net=local_net, starts_at=starts_at, ends_at=ends_at, place=place, capacity=capacity,
            )
            audit.record(acting_user, "local_net_session.created", session, action=Action.CREATED)
    except IntegrityError as error:  # a cancelled session at the same start, or a race with another organiser
        raise CommunityError("This Local Net already has a session starting at that time. "
                             "Choose another time.") from error
    return session


def cancel_session(session: LocalNetSession, *, acting_user: Any, version: int, reason: str = "") -> LocalNetSession:
    """Cancel a session that has not started, and tell the people signed up who gave an email."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, session, RUN)
    if session.cancelled_at:
        raise CommunityError("This session is already cancelled.")
    if session.starts_at <= timezone.now():
        raise CommunityError("This session has already started, so it cannot be cancelled.")
    with transaction.atomic():
        change(session, version, cancelled_at=timezone.now())
        emails = sorted({e for e in active_signups(session).values_list("email", flat=True) if e})
        audit.record(acting_user, "local_net_session.cancelled", session, action=Action.CHANGED,
                     subject=f"{len(emails)} people signed up told by email", changes={"reason": reason})
        when = f"{timezone.localtime(session.starts_at):%A %-d %B %Y at %H:%M}"
        body = "\n".join([
            "Hello,", "", f"Sorry: the {session.local_net.title} session on {when} has been cancelled.",
            *([f"Why: {reason}", ""] if reason else [""]),
            f"Other sessions: {settings.SITE_URL}/local-nets/{session.local_net.slug}/", "", "Thriving",
        ])
        for email in emails:
            transaction.on_commit(partial(send_email.enqueue, subject=f"Cancelled: {session.local_net.title}",
                                          body=body, to=[email]))
    return session


def record_attendance(session: LocalNetSession, *, acting_user: Any, version: int, attendance: int,
                      notes: str) -> LocalNetSession:
    """Record how many came, and notes, once the session has started."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, session, RUN)
    if session.cancelled_at:
        raise CommunityError("This session was cancelled, so there is no attendance to record.")
    if session.starts_at > timezone.now():
        raise CommunityError("Attendance can only be recorded once the session has started.")
    with transaction.atomic():
        before = {"attendance": session.attendance, "notes": session.notes}
        change(session, version, attendance=attendance, notes=notes)
        audit.record(acting_user, "local_net_session.attendance", session, action=Action.CHANGED,
                     changes=audit.changes_between(before, {"attendance": attendance, "notes": notes}))
    return session


@transaction.atomic
def add_insight(session: LocalNetSession, *, acting_user: Any, text: str) -> Insight:
    """Capture what people said at a session, in their words."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, session, RUN)
    if not text.strip():
        raise CommunityError("Enter what people said.")
    insight = Insight.objects.create(session=session, text=text.strip(), recorded_by=acting_user)
    audit.record(acting_user, "insight.created", insight, action=Action.CREATED)
    return insight


def insight_to_idea(insight: Insight, *, acting_user: Any, title: str) -> Idea:
    """Turn what people said into a community idea, linked to the session it came from."""
    policy.require(acting_user, RUN)
    require_in_scope(acting_user, insight, RUN)
    with transaction.atomic():
        locked = Insight.objects.select_for_update().select_related("session__local_net").get(pk=insight.pk)
        if locked.idea_id:
            raise CommunityError("This has already become an idea.")
        idea = ideas_services.propose_idea(
            acting_user=acting_user, title=title, description=locked.text, locality=locked.session.local_net.locality,
            session=locked.session, from_insight=True,
        )
        Insight.objects.filter(pk=locked.pk).update(idea=idea)
    insight.refresh_from_db()
    return idea


# ---------------------------------------------------------------------------------------------
# Signing up (residents, no account)


def normalise_name(name: str) -> str:
    return " ".join((name or "").split())


def person_key(name: str, email: str = "", phone: str = "") -> str:
    """Who is signing up: their email, else their phone, else their name, normalised, so the same
    person twice is one sign-up."""
    if email.strip():
        return f"email:{keys.email_key(email)}"
    if re.sub(r"\D", "", phone or ""):
        return f"phone:{keys.phone_key(phone)}"
    return f"name:{normalise_name(name).casefold()}"


def active_signups(session: LocalNetSession) -> Any:
    return SessionSignup.objects.filter(session=session, cancelled_at__isnull=True)


def places_taken(session: LocalNetSession) -> int:
    return active_signups(session).aggregate(total=Sum("places"))["total"] or 0


def places_left(session: LocalNetSession) -> int | None:
    """Places still free; None when the session has no limit."""
    if session.capacity is None:
        return None
    return max(session.capacity - places_taken(session), 0)


def is_open(session: LocalNetSession, now: datetime.datetime | None = None) -> bool:
    return session.cancelled_at is None and session.starts_at > (now or timezone.now())


def sign_up(session: LocalNetSession, *, name: str, email: str = "", phone: str = "",
            places: int = 1) -> tuple[SessionSignup, bool]:
    """Sign a resident up to a session. The same person again gives their first sign-up and False,
    and changes nothing. Raises SessionClosed for a past or cancelled session and SessionFull when
    fewer places are left than asked for."""
    key = person_key(name, email, phone)
    try:
        with transaction.atomic():
            # Lock the session so two sign-ups for the last place are counted one after the other.
            locked = LocalNetSession.objects.select_for_update().select_related("local_net").get(pk=session.pk)
            if locked.cancelled_at:
                raise SessionClosed("This session has been cancelled, so you cannot sign up to it.")
            if locked.starts_at <= timezone.now():
                raise SessionClosed("This session has already happened, so you cannot sign up to it.")
            existing = active_signups(locked).filter(person_key=key).first()
            if existing is not None:
                return existing, False
            left = places_left(locked)
            if left is not None and left < places:
                if left == 0:
                    raise SessionFull("This session is full. Choose another session.")
                raise SessionFull(f"There {'is' if left == 1 else 'are'} only {left} "
                                  f"place{'' if left == 1 else 's'} left. Ask for {left} or fewer.")
            signup = SessionSignup.objects.create(
                session=locked, name=normalise_name(name), email=email.strip(), phone=phone.strip(),
                person_key=key, places=places,
            )
            audit.record(None, "session_signup.created", signup, action=Action.CREATED, subject=signup.name,
                         actor_label="public form")
            if signup.email:
                transaction.on_commit(lambda: _confirm(signup, locked))
    except IntegrityError:
        existing = active_signups(session).filter(person_key=key).first()
        if existing is None:
            raise
        return existing, False
    return signup, True


def _confirm(signup: SessionSignup, session: LocalNetSession) -> None:
    place = session.place or session.local_net.place
    when = f"{timezone.localtime(session.starts_at):%A %-d %B %Y, %H:%M}"
    lines = [f"Hello {signup.name},", "", f"You are signed up to {session.local_net.title} on {when}.",
             f"Places: {signup.places}."]
    if place is not None:
        lines.append(f"Where: {', '.join(p for p in (place.name, place.address_1, place.postcode) if p)}.")
    lines += ["", f"Details: {settings.SITE_URL}/local-nets/sessions/{session.uuid}/", "",
              "If you cannot come, please give your place back so someone else can have it:",
              cancel_url(signup), "", "This link is private to you: do not share it.", "", "Thriving"]
    send_email.enqueue(subject=f"You are signed up: {session.local_net.title}", body="\n".join(lines),
                       to=[signup.email])


def upcoming_q(now: datetime.datetime | None = None) -> Q:
    return Q(cancelled_at__isnull=True, starts_at__gt=now or timezone.now())


# ---------------------------------------------------------------------------------------------
# A resident cancelling their own sign-up, from the private link in their confirmation

CANCEL_SALT = "thriving.community.cancel-signup"


def cancel_token(signup: SessionSignup) -> str:
    """The private part of a sign-up's cancel link: the sign-up's uuid, signed so it cannot be
    forged or changed into someone else's (no row ids)."""
    return signing.dumps({"s": str(signup.uuid)}, salt=CANCEL_SALT)


def cancel_url(signup: SessionSignup) -> str:
    return settings.SITE_URL + reverse("community:local-net-signup-cancel", kwargs={"token": cancel_token(signup)})


def signup_from_token(token: str) -> SessionSignup | None:
    """The sign-up a cancel link names, or None for a tampered, cut-short or made-up link."""
    try:
        key = uuid.UUID(signing.loads(token or "", salt=CANCEL_SALT)["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return SessionSignup.objects.select_related(
        "session__local_net", "session__place", "session__local_net__place").filter(uuid=key).first()


def cancel_signup(signup: SessionSignup) -> SessionSignup:
    """A resident gives their places back. No account: the signed link is their proof. Refused
    once cancelled (AlreadyCancelled) and once the session has started or was cancelled
    (SessionClosed). Audited as the public form."""
    with transaction.atomic():
        # Lock the session as sign_up does, so the places freed are counted in order.
        session = LocalNetSession.objects.select_for_update().get(pk=signup.session_id)
        if SessionSignup.objects.filter(pk=signup.pk, cancelled_at__isnull=False).exists():
            raise AlreadyCancelled("This place has already been given back. You do not need to do anything.")
        if session.cancelled_at:
            raise SessionClosed("This session was cancelled by the organisers, so there is nothing to give back.")
        if session.starts_at <= timezone.now():
            raise SessionClosed("This session has already started, so the sign-up can no longer be cancelled.")
        SessionSignup.objects.filter(pk=signup.pk).update(cancelled_at=timezone.now())
        audit.record(None, "session_signup.cancelled", signup, action=Action.CHANGED, subject=signup.name,
                     actor_label="public form", changes={"places": [signup.places, 0]})
    signup.refresh_from_db()
    return signup
