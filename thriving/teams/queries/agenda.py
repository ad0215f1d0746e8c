"""Reading a huddle's agenda: its items, each fetched through its scope (the items of the huddles
a person may view: `get_visible_or_404(items(), user, ...)`), and what a member may see of each.

`what_a_member_sees` is the one rule for that, used wherever an item shows: the agenda, the running
huddle, the minutes, correcting them, and the title "chip in" gives the action it makes. An item
about a help request shows its reference, the hub worker's reasons and the request's needs only to
a member the front door lets see that request; everyone else in the team sees a generic title,
the request's level of help, how long ago each reason arose, and what the team is asked to decide.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from thriving.frontdoor.queries import localities as frontdoor
from thriving.teams.models import AgendaItem
from thriving.teams.queries import teams as teams_queries

GENERIC_TITLES: dict[str, str] = {
    AgendaItem.Kind.REQUEST: "A request flagged for the huddle (the reference is for those who work on it)",
    AgendaItem.Kind.REFERRAL: "A referral with no answer past its time (the reference is for those who work on it)",
}

# What the team is asked to decide about each kind of item, unless whoever added it said.
DECIDE: dict[str, str] = {
    AgendaItem.Kind.REQUEST: "Who in the team can help, and what happens next?",
    AgendaItem.Kind.REFERRAL: "Chase the service, or find another way to help?",
    AgendaItem.Kind.ASK: "Chase the enabler, change the ask, or withdraw it?",
    AgendaItem.Kind.ACTION: "Is it on track, does its owner need help, or should it be dropped?",
    AgendaItem.Kind.IDEA: "Who will support the idea, and how?",
}

# How the age of each kind of reason reads: "flagged 3 days ago".
WHEN = {
    "flag": "flagged", "referral": "answer due", "ask": "asked", "action": "due", "idea": "offered",
    "member": "added", "back": "brought back", "carried": "not covered",
}


@dataclass(frozen=True)
class Reason:
    """One reason an item is on the agenda, as a member may see it: the text ("" when withheld),
    who gave it, and how long ago it arose ("flagged 3 days ago")."""

    why: str
    by: str
    when: str


@dataclass(frozen=True)
class Shown:
    """What a member may see of an agenda item."""

    title: str
    reference: str = ""
    reasons: list[Reason] = field(default_factory=list)
    level: str = ""
    needs: list[str] = field(default_factory=list)
    decide: str = ""
    withheld: bool = False


def items() -> QuerySet[AgendaItem]:
    """Agenda items with what the huddle's page shows of them and of their huddle."""
    return AgendaItem.objects.select_related(
        "request", "referral", "ask", "action", "huddle", "huddle__team", "huddle__team__locality",
        "huddle__note_taker", "huddle__place")


def ago(moment: datetime.datetime | None, today: datetime.date) -> str:
    """'today', 'yesterday', '3 days ago', 'tomorrow', 'in 4 days'."""
    if moment is None:
        return ""
    days = (today - timezone.localdate(moment)).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


def reason_when(reason: dict[str, Any], today: datetime.date) -> str:
    moment = parse_datetime(reason.get("at") or "")
    return f"{WHEN.get(reason.get('kind', ''), 'added')} {ago(moment, today)}".strip()


def what_a_member_sees(item: AgendaItem, *, may_see_request: bool, facts: dict[str, Any] | None = None,
                       today: datetime.date | None = None) -> Shown:
    """The one rule for what a member may see of an item. `may_see_request`: the front door lets
    them see the request the item is about (an item about none hides nothing); `facts`: the
    request's level and needs (`frontdoor.huddle_facts`)."""
    today = today or timezone.localdate()
    hidden = item.request_id is not None and not may_see_request
    facts = facts or {}
    reasons = [Reason(why="" if hidden and reason.get("private") else reason.get("why", ""),
                      by="" if hidden and reason.get("private") else reason.get("by", ""),
                      when=reason_when(reason, today))
               for reason in item.reasons or []]
    return Shown(
        title=GENERIC_TITLES.get(item.kind, item.get_kind_display()) if hidden else item.title,
        reference=item.request.reference if item.request is not None and not hidden else "",
        reasons=reasons,
        level=facts.get("level", ""),
        needs=[] if hidden else list(facts.get("needs", [])),
        decide=item.decide or DECIDE.get(item.kind, ""),
        withheld=hidden,
    )


def what_any_member_sees(item: AgendaItem) -> Shown:
    """What every member of the team may see of the item: for what is written where the whole team
    reads it (the title of the action "chip in" makes)."""
    return what_a_member_sees(item, may_see_request=False)


def shown_to(user: Any, found: list[AgendaItem], today: datetime.date | None = None) -> dict[int, Shown]:
    """What the person may see of each item, by the item's id."""
    request_ids = {item.request_id for item in found if item.request_id}
    visible = teams_queries.visible_request_ids(user, request_ids)
    facts = frontdoor.huddle_facts(request_ids) if request_ids else {}
    return {item.pk: what_a_member_sees(item, may_see_request=item.request_id in visible,
                                        facts=facts.get(item.request_id or 0), today=today)
            for item in found}
