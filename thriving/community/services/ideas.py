"""Community ideas and their facilitation: what residents and staff do with them. A resident or a
member of staff proposes an idea; a facilitator is assigned; the idea moves through its stages
with a log of the support given; it is linked to the Local Nets sessions where it came up.

A resident's name and contact are personal data: creating the idea and every look at the contact
are in the audit trail.
"""

import datetime
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thriving.community.models import Idea, IdeaSupport, LocalNetSession
from thriving.community.queries import ideas as queries
from thriving.community.services.common import CommunityError, change, require_in_scope
from thriving.core import audit, policy

Action = audit.Action
FACILITATE = "community.facilitate_ideas"


def _log(idea: Idea, kind: str, user: Any, text: str = "", *, at: datetime.datetime | None = None,
         stage_from: str = "", stage_to: str = "") -> IdeaSupport:
    return IdeaSupport.objects.create(
        idea=idea, kind=kind, text=text, by=user if getattr(user, "is_authenticated", False) else None,
        at=at or timezone.now(), stage_from=stage_from, stage_to=stage_to,
    )


def propose_idea_public(*, title: str, description: str, locality: Any, name: str, email: str = "",
                        phone: str = "", submission_key: uuid.UUID) -> tuple[Idea, bool]:
    """A resident proposes an idea from the public form. Idempotent on `submission_key`: the same
    form sent twice gives the first idea and False."""
    existing = Idea.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            idea = Idea.objects.create(
                title=title.strip(), description=description.strip(), locality=locality,
                proposer_name=" ".join(name.split()), proposer_email=email.strip(), proposer_phone=phone.strip(),
                submission_key=submission_key, created_at=timezone.now(),
            )
            _log(idea, IdeaSupport.Kind.PROPOSED, None, "Proposed by a resident on the website")
            audit.record(None, "idea.created", idea, action=Action.CREATED, subject=idea.proposer_name,
                         actor_label="public form")
    except IntegrityError:
        existing = Idea.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return idea, True


def propose_idea(*, acting_user: Any, title: str, description: str, locality: Any = None,
                 session: LocalNetSession | None = None, from_insight: bool = False) -> Idea:
    """A member of staff proposes an idea (or turns what people said at a session into one)."""
    policy.require(acting_user, "community.run_local_nets" if from_insight else FACILITATE)
    with transaction.atomic():
        idea = Idea.objects.create(
            title=title.strip(), description=description.strip(), locality=locality, proposed_by=acting_user,
            proposer_name=acting_user.full_name, created_at=timezone.now(),
        )
        text = "From what people said at a Local Net session" if from_insight else "Proposed by a member of staff"
        _log(idea, IdeaSupport.Kind.PROPOSED, acting_user, text)
        if session is not None:
            idea.sessions.add(session)
            _log(idea, IdeaSupport.Kind.LINKED, acting_user, str(session))
        audit.record(acting_user, "idea.created", idea, action=Action.CREATED)
    return idea


def assign_facilitator(idea: Idea, *, acting_user: Any, version: int, facilitator: Any) -> Idea:
    """Give the idea a facilitator: someone with an organiser role."""
    policy.require(acting_user, FACILITATE)
    require_in_scope(acting_user, idea, FACILITATE)
    if not queries.organisers().filter(pk=facilitator.pk).exists():
        raise CommunityError("Choose a facilitator from the list.")
    if idea.facilitator_id == facilitator.pk:
        raise CommunityError(f"{facilitator.full_name} is already the facilitator.")
    with transaction.atomic():
        was = idea.facilitator
        change(idea, version, facilitator=facilitator)
        _log(idea, IdeaSupport.Kind.FACILITATOR, acting_user,
             f"{facilitator.full_name}" + (f" (was {was.full_name})" if was else ""))
        audit.record(acting_user, "idea.facilitator", idea, action=Action.CHANGED,
                     changes={"facilitator": [was.email if was else "", facilitator.email]})
    return idea


def move_stage(idea: Idea, *, acting_user: Any, version: int, stage: str, note: str = "") -> Idea:
    """Move the idea to another stage (any stage to any other); say why when stopping it."""
    policy.require(acting_user, FACILITATE)
    require_in_scope(acting_user, idea, FACILITATE)
    if stage not in Idea.Stage.values:
        raise CommunityError("Choose a stage from the list.")
    if stage == idea.stage:
        raise CommunityError(f"The idea is already at the stage {Idea.Stage(stage).label.lower()}.")
    if stage == Idea.Stage.STOPPED and not note.strip():
        raise CommunityError("Say why the idea is stopping.")
    with transaction.atomic():
        was = idea.stage
        change(idea, version, stage=stage)
        _log(idea, IdeaSupport.Kind.STAGE, acting_user, note.strip(), stage_from=was, stage_to=stage)
        audit.record(acting_user, "idea.stage", idea, action=Action.CHANGED, changes={"stage": [was, stage]})
    return idea


def add_support(idea: Idea, *, acting_user: Any, text: str, by: Any = None,
                on: datetime.date | None = None) -> IdeaSupport:
    """Log support given to the idea: what was done, by whom (the person recording it unless said)
    and when (today unless said; never in the future)."""
    policy.require(acting_user, FACILITATE)
    require_in_scope(acting_user, idea, FACILITATE)
    if not text.strip():
        raise CommunityError("Enter what was done.")
    today = timezone.localdate()
    if on is not None and on > today:
        raise CommunityError("The date of the support cannot be in the future.")
    giver = by or acting_user
    if by is not None and not queries.organisers().filter(pk=by.pk).exists():
        raise CommunityError("Choose who gave the support from the list.")
    at = timezone.now() if on is None or on == today else timezone.make_aware(
        datetime.datetime.combine(on, datetime.time(12)))
    with transaction.atomic():
        entry = _log(idea, IdeaSupport.Kind.SUPPORT, giver, text.strip(), at=at)
        Idea.objects.filter(pk=idea.pk).update(updated_at=timezone.now())
        audit.record(acting_user, "idea.support", idea, action=Action.CHANGED)
    return entry


def link_session(idea: Idea, *, acting_user: Any, session: LocalNetSession) -> Idea:
    """Link the idea to a Local Net session where it came up or was worked on."""
    policy.require(acting_user, FACILITATE)
    require_in_scope(acting_user, idea, FACILITATE)
    require_in_scope(acting_user, session, FACILITATE)
    if idea.sessions.filter(pk=session.pk).exists():
        raise CommunityError("The idea is already linked to that session.")
    with transaction.atomic():
        idea.sessions.add(session)
        _log(idea, IdeaSupport.Kind.LINKED, acting_user, str(session))
        Idea.objects.filter(pk=idea.pk).update(updated_at=timezone.now())
        audit.record(acting_user, "idea.linked", idea, action=Action.CHANGED, changes={"session": str(session.uuid)})
    return idea


def view_contact(idea: Idea, *, acting_user: Any) -> dict[str, str]:
    """The proposer's name and contact, for the staff supporting the idea. Every look is audited."""
    policy.require(acting_user, FACILITATE)
    require_in_scope(acting_user, idea, FACILITATE)
    audit.record(acting_user, "idea.contact_viewed", idea, action=Action.VIEWED, subject=idea.proposer_name,
                 purpose="facilitating the idea")
    return {"name": idea.proposer_name, "email": idea.proposer_email, "phone": idea.proposer_phone}
