"""A huddle's agenda: built from what needs the team, and the items members add themselves.

`build_agenda` adds, once each per huddle: requests in the team's locality flagged for the huddle,
referrals there with no answer past their time, the team's asks awaiting an enabler, the team's
actions due within seven days or overdue, and whatever later apps offer (new community ideas).
Titles carry references, never a resident's name.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thriving.core import audit
from thriving.frontdoor.queries import localities as frontdoor
from thriving.teams import hooks
from thriving.teams.models import Action as TeamAction
from thriving.teams.models import AgendaItem, Ask, Huddle
from thriving.teams.services.common import Action, TeamsError, require_member

DUE_SOON = datetime.timedelta(days=7)
OPEN_AGENDA = (Huddle.Status.PLANNED, Huddle.Status.RUNNING)


def _next_position(huddle: Huddle) -> int:
    return (huddle.items.aggregate(top=Max("position"))["top"] or 0) + 1


def build_agenda(huddle: Huddle, now: datetime.datetime | None = None) -> list[AgendaItem]:
    """Add to the huddle's agenda whatever needs the team and is not on it yet. Returns what was added."""
    if huddle.status not in OPEN_AGENDA:
        return []
    now = now or timezone.now()
    team = huddle.team
    with transaction.atomic():
        Huddle.objects.select_for_update().filter(pk=huddle.pk).first()  # one build at a time per huddle
        existing = list(huddle.items.values("request_id", "referral_id", "ask_id", "action_id",
                                            "subject_type_id", "subject_id"))
        links = ("request_id", "referral_id", "ask_id", "action_id")
        have: set[tuple[str, Any]] = {(key, value) for row in existing for key, value in row.items()
                                      if key in links and value is not None}
        have |= {("subject", (row["subject_type_id"], row["subject_id"])) for row in existing
                 if row["subject_type_id"] is not None}
        position = _next_position(huddle)
        added: list[AgendaItem] = []

        def add(key: tuple, **fields: Any) -> None:
            nonlocal position
            if key in have:
                return
            have.add(key)
            added.append(AgendaItem(huddle=huddle, position=position, **fields))
            position += 1

        for request in frontdoor.huddle_requests_in(team.locality):
            add(("request_id", request.pk), kind=AgendaItem.Kind.REQUEST, request=request,
                title=f"Request {request.reference}: brought to the huddle")
        for referral in frontdoor.overdue_referrals_in(team.locality, now):
            add(("referral_id", referral.pk), kind=AgendaItem.Kind.REFERRAL, referral=referral,
                request=referral.request,
                title=f"Referral of {referral.request.reference} to {referral.organisation.name}: "
                      f"no answer since {timezone.localtime(referral.due_by):%-d %B}"[:250])
        for ask in team.asks.filter(status__in=[Ask.Status.AWAITING, Ask.Status.ESCALATED]).order_by("due_by"):
            add(("ask_id", ask.pk), kind=AgendaItem.Kind.ASK, ask=ask,
                title=f"Ask awaiting an answer: {ask.title}"[:250])
        due = team.actions.filter(status=TeamAction.Status.OPEN,
                                  due_on__lte=timezone.localdate(now) + DUE_SOON).order_by("due_on", "id")
        for action in due:
            late = "overdue" if action.due_on < timezone.localdate(now) else "due"
            add(("action_id", action.pk), kind=AgendaItem.Kind.ACTION, action=action,
                title=f"Action {late} {action.due_on:%-d %B}: {action.title}"[:250])
        for candidate in hooks.agenda_candidates(team, now):
            subject_type = ContentType.objects.get_for_model(candidate.subject)
            add(("subject", (subject_type.pk, candidate.subject.pk)), kind=candidate.kind,
                subject_type=subject_type, subject_id=candidate.subject.pk, title=candidate.title[:250])
        AgendaItem.objects.bulk_create(added)
    return added


def _open_agenda(huddle: Huddle) -> None:
    if huddle.status not in OPEN_AGENDA:
        raise TeamsError("The agenda of a finished or cancelled huddle cannot be changed.")


@transaction.atomic
def add_item(*, acting_user: Any, huddle: Huddle, title: str) -> AgendaItem:
    """A member adds their own item to the agenda."""
    require_member(acting_user, huddle.team)
    _open_agenda(huddle)
    item = AgendaItem.objects.create(huddle=huddle, kind=AgendaItem.Kind.MEMBER, title=title.strip()[:250],
                                     position=_next_position(huddle), added_by=acting_user)
    audit.record(acting_user, "agenda_item.added", item, action=Action.CREATED)
    return item


@transaction.atomic
def remove_item(*, acting_user: Any, item: AgendaItem) -> None:
    """Remove an item a member added (items built from what needs the team stay until covered)."""
    require_member(acting_user, item.huddle.team)
    _open_agenda(item.huddle)
    if item.kind != AgendaItem.Kind.MEMBER:
        raise TeamsError("Only items added by members can be removed.")
    audit.record(acting_user, "agenda_item.removed", item, action=Action.DELETED)
    item.delete()


@transaction.atomic
def move_item(*, acting_user: Any, item: AgendaItem, up: bool) -> None:
    """Swap an item with the one before (up) or after it on the agenda."""
    require_member(acting_user, item.huddle.team)
    _open_agenda(item.huddle)
    items = list(item.huddle.items.order_by("position", "id"))
    for number, each in enumerate(items, start=1):  # make positions distinct first
        each.position = number
    index = next(i for i, each in enumerate(items) if each.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index].position, items[other].position = items[other].position, items[index].position
    AgendaItem.objects.bulk_update(items, ["position"])
    audit.record(acting_user, "agenda_item.moved", item, action=Action.CHANGED, changes={"up": up})
