"""A huddle's agenda: built from what needs the team, and the items members add themselves.

`build_agenda` adds: requests in the team's locality flagged for the huddle (with each hub worker's
reason and when), referrals there with no answer past their time, the team's asks awaiting an
enabler, the team's actions due within seven days or overdue, whatever later apps offer (new
community ideas), and the members' own items the last huddle did not cover. Each item says why it
is there (`reasons`) and what the team is asked to decide (`decide`).

One item per thing: the same request flagged and stuck at a referral, or the same topic added
twice, is one item with every reason. An item the team covered at an earlier huddle does not come
back by itself: a member brings it back (`bring_back`), or a hub worker flags the request again.
Titles never carry a reference or a resident's name (`queries.agenda.what_a_member_sees` decides
what each member may see of an item).
"""

import datetime
from dataclasses import dataclass, field
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
from thriving.teams.services.common import Action, TeamsError, name_of, require_member

DUE_SOON = datetime.timedelta(days=7)
OPEN_AGENDA = (Huddle.Status.PLANNED, Huddle.Status.RUNNING)
HISTORY = 12  # how many of the team's earlier huddles say whether something was covered
LINKS = ("kind", "title", "request", "referral", "ask", "action", "subject_type", "subject_id")


@dataclass
class Candidate:
    """Something for the agenda: what identifies it, the item's fields, and why it is there."""

    key: tuple
    fields: dict[str, Any]
    reasons: list[dict[str, Any]] = field(default_factory=list)
    decide: str = ""


def reason(kind: str, why: str, at: datetime.datetime | None, by: str = "", private: bool = False) -> dict[str, Any]:
    """One reason an item is on the agenda. `private`: about a help request, so shown only to
    members who may see the request."""
    return {"kind": kind, "why": why, "by": by, "at": at.isoformat() if at else "", "private": private}


def topic(title: str) -> str:
    """A member's topic as compared with another's: case, spaces and end punctuation aside."""
    return " ".join(title.lower().split()).rstrip(".?!")


def item_key(item: AgendaItem) -> tuple:
    """What an item is about: one request (flagged, or stuck at a referral), an ask, an action, a
    record of a later app, or a member's topic."""
    if item.request_id:
        return ("request", item.request_id)
    if item.ask_id:
        return ("ask", item.ask_id)
    if item.action_id:
        return ("action", item.action_id)
    if item.subject_type_id:
        return ("subject", item.subject_type_id, item.subject_id)
    return ("topic", topic(item.title))


def _next_position(huddle: Huddle) -> int:
    return (huddle.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _candidates(huddle: Huddle, now: datetime.datetime) -> list[Candidate]:
    team = huddle.team
    found: list[Candidate] = []
    flagged = list(frontdoor.huddle_requests_in(team.locality))
    flags = frontdoor.huddle_flags(r.pk for r in flagged)
    for request in flagged:
        reasons = [reason("flag", f["reason"] or "No reason given.", f["at"], f["by"], private=True)
                   for f in flags.get(request.pk, [])]
        reasons = reasons or [reason("flag", "Flagged for the huddle.", None, private=True)]
        found.append(Candidate(("request", request.pk), {
            "kind": AgendaItem.Kind.REQUEST, "request": request, "title": "A request flagged for the huddle"},
            reasons))
    for referral in frontdoor.overdue_referrals_in(team.locality, now):
        found.append(Candidate(("request", referral.request_id), {
            "kind": AgendaItem.Kind.REFERRAL, "request": referral.request, "referral": referral,
            "title": "A referral with no answer past its time"}, [reason(
                "referral", f"Referred to {referral.organisation.name}: no answer since "
                            f"{timezone.localtime(referral.due_by):%-d %B}.", referral.due_by, private=True)]))
    for ask in (team.asks.filter(status__in=[Ask.Status.AWAITING, Ask.Status.ESCALATED])
                .select_related("enabler").order_by("due_by")):
        found.append(Candidate(("ask", ask.pk), {
            "kind": AgendaItem.Kind.ASK, "ask": ask, "title": f"Ask awaiting an answer: {ask.title}"[:250]},
            [reason("ask", f"{ask.get_kind_display()} asked of {name_of(ask.enabler)}; the answer is due "
                           f"{timezone.localtime(ask.due_by):%-d %B}.", ask.created_at)]))
    today = timezone.localdate(now)
    due = (team.actions.filter(status=TeamAction.Status.OPEN, due_on__lte=today + DUE_SOON)
           .select_related("owner").order_by("due_on", "id"))
    for action in due:
        late = "overdue" if action.due_on < today else "due"
        at = datetime.datetime.combine(action.due_on, datetime.time(9), tzinfo=timezone.get_current_timezone())
        found.append(Candidate(("action", action.pk), {
            "kind": AgendaItem.Kind.ACTION, "action": action,
            "title": f"Action {late} {action.due_on:%-d %B}: {action.title}"[:250]},
            [reason("action", f"{name_of(action.owner)} took it on; it is due {action.due_on:%-d %B}.", at)]))
    for candidate in hooks.agenda_candidates(team, now):
        subject_type = ContentType.objects.get_for_model(candidate.subject)
        found.append(Candidate(("subject", subject_type.pk, candidate.subject.pk), {
            "kind": candidate.kind, "subject_type": subject_type, "subject_id": candidate.subject.pk,
            "title": candidate.title[:250]},
            [reason("idea", "New since the last huddle.", getattr(candidate.subject, "created_at", None))]))
    found += _carried_over(huddle)
    return found


def _earlier(huddle: Huddle) -> list[Huddle]:
    return list(huddle.team.huddles.filter(status=Huddle.Status.FINISHED, starts_at__lt=huddle.starts_at)
                .order_by("-starts_at")[:HISTORY])


def _carried_over(huddle: Huddle) -> list[Candidate]:
    """The members' own items the team's last huddle did not cover come to this one."""
    earlier = _earlier(huddle)
    if not earlier:
        return []
    last = earlier[0]
    carried = []
    for item in last.items.filter(kind=AgendaItem.Kind.MEMBER, covered=False):
        note = reason("carried", f"Not covered at the huddle of {timezone.localtime(last.starts_at):%-d %B}.",
                      last.finished_at or last.starts_at)
        carried.append(Candidate(item_key(item), {name: getattr(item, name) for name in LINKS},
                                 [*item.reasons, note], item.decide))
    return carried


def _reason_keys(reasons: list[dict[str, Any]]) -> set[tuple]:
    return {(r.get("kind"), r.get("why"), r.get("at")) for r in reasons}


def _covered_before(huddle: Huddle) -> dict[tuple, set[tuple]]:
    """What the team covered at its earlier huddles and did not raise again since: key -> the
    reasons it was covered with."""
    last_word: dict[tuple, tuple[bool, set[tuple]]] = {}
    for earlier in reversed(_earlier(huddle)):  # oldest first, so the latest word wins
        for item in earlier.items.all():
            last_word[item_key(item)] = (item.covered, _reason_keys(item.reasons))
    return {key: reasons for key, (covered, reasons) in last_word.items() if covered}


def _raised_again(candidate: Candidate, covered_with: set[tuple]) -> bool:
    """A hub worker flagging the request again after the team covered it brings it back."""
    return any(r["kind"] == "flag" and r["at"] for r in candidate.reasons
               if (r["kind"], r["why"], r["at"]) not in covered_with)


def _merge(item: AgendaItem, candidate: Candidate) -> bool:
    """Add the candidate's reasons (and what it asks to decide) to the item already there."""
    seen = _reason_keys(item.reasons)
    new = [r for r in candidate.reasons if (r["kind"], r["why"], r["at"]) not in seen]
    fields = []
    if new:
        item.reasons = [*item.reasons, *new]
        fields.append("reasons")
    if candidate.decide and candidate.decide not in item.decide:
        item.decide = f"{item.decide} {candidate.decide}".strip()[:500]
        fields.append("decide")
    for name in ("request", "referral", "ask", "action"):
        if getattr(item, f"{name}_id") is None and candidate.fields.get(name) is not None:
            setattr(item, name, candidate.fields[name])
            fields.append(name)
    if fields and item.pk is not None:  # one not saved yet is saved with the others
        item.save(update_fields=fields)
    return bool(fields)


def _place(huddle: Huddle, candidates: list[Candidate], *, covered: dict[tuple, set[tuple]] | None = None
           ) -> list[AgendaItem]:
    """Put each candidate on the huddle's agenda: merged into the item about the same thing if
    there is one, left off if the team covered it before, otherwise as a new item."""
    covered = covered or {}
    existing = {item_key(item): item for item in huddle.items.all()}
    position = _next_position(huddle)
    added: list[AgendaItem] = []
    for candidate in candidates:
        if candidate.key in existing:
            _merge(existing[candidate.key], candidate)
            continue
        if candidate.key in covered and not _raised_again(candidate, covered[candidate.key]):
            continue
        item = AgendaItem(huddle=huddle, position=position, reasons=list(candidate.reasons),
                          decide=candidate.decide, **candidate.fields)
        existing[candidate.key] = item
        added.append(item)
        position += 1
    AgendaItem.objects.bulk_create(added)
    return added


def build_agenda(huddle: Huddle, now: datetime.datetime | None = None) -> list[AgendaItem]:
    """Bring the huddle's agenda up to date with whatever needs the team. Returns what was added."""
    if huddle.status not in OPEN_AGENDA:
        return []
    now = now or timezone.now()
    with transaction.atomic():
        Huddle.objects.select_for_update().filter(pk=huddle.pk).first()  # one build at a time per huddle
        return _place(huddle, _candidates(huddle, now), covered=_covered_before(huddle))


def _open_agenda(huddle: Huddle) -> None:
    if huddle.status not in OPEN_AGENDA:
        raise TeamsError("The agenda of a finished or cancelled huddle cannot be changed.")


@transaction.atomic
def add_item(*, acting_user: Any, huddle: Huddle, title: str, why: str = "", decide: str = "") -> AgendaItem:
    """A member adds their own item to the agenda, saying why and what the team should decide if
    they wish. The same topic added twice is one item with both reasons."""
    require_member(acting_user, huddle.team)
    _open_agenda(huddle)
    title = title.strip()[:250]
    candidate = Candidate(("topic", topic(title)), {"kind": AgendaItem.Kind.MEMBER, "title": title},
                          [reason("member", why.strip(), timezone.now(), name_of(acting_user))], decide.strip())
    added = _place(huddle, [candidate])
    item = added[0] if added else next(i for i in huddle.items.all() if item_key(i) == candidate.key)
    if added:
        item.added_by = acting_user
        item.save(update_fields=["added_by"])
    audit.record(acting_user, "agenda_item.added" if added else "agenda_item.reason_added", item,
                 action=Action.CREATED if added else Action.CHANGED)
    return item


@transaction.atomic
def bring_back(*, acting_user: Any, item: AgendaItem) -> Huddle:
    """Bring an item the team covered back to its next planned huddle, with its reasons and who
    brought it back. Returns that huddle."""
    huddle = item.huddle
    require_member(acting_user, huddle.team)
    if not item.covered:
        raise TeamsError("This item was not covered, so it comes back to the next huddle by itself.")
    if item.brought_back_to_id is not None:
        raise TeamsError("This item has already been brought back to a later huddle.")
    later = (huddle.team.huddles.filter(status=Huddle.Status.PLANNED, starts_at__gt=huddle.starts_at)
             .order_by("starts_at").first())
    if later is None:
        raise TeamsError("The team has no huddle planned after this one: add one to the schedule, "
                         "then bring the item back.")
    back = reason("back", f"Covered at the huddle of {timezone.localtime(huddle.starts_at):%-d %B}; "
                          "brought back to this one.", timezone.now(), name_of(acting_user))
    _place(later, [Candidate(item_key(item), {name: getattr(item, name) for name in LINKS},
                             [*item.reasons, back], item.decide)])
    AgendaItem.objects.filter(pk=item.pk).update(brought_back_to=later)
    item.brought_back_to = later
    audit.record(acting_user, "agenda_item.brought_back", item, action=Action.CHANGED,
                 changes={"to": str(later.uuid)})
    return later


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
