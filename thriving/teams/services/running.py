"""Running a huddle: starting it with a note-taker (who can be changed while it runs), recording
each item, finishing, sharing the minutes with the team, and the note-taker correcting them after."""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thriving.core import audit
from thriving.core.tasks import send_email
from thriving.teams.models import AgendaItem, Huddle
from thriving.teams.queries import teams as teams_queries
from thriving.teams.queries.schedule import starts_early
from thriving.teams.services.agenda import build_agenda
from thriving.teams.services.common import Action, TeamsError, change, name_of, require_member


class EarlyStart(TeamsError):
    """Starting a huddle before the day it is planned for, without saying so is meant."""


def _attendees(huddle: Huddle, people: list[Any]) -> list[Any]:
    if any(not teams_queries.is_member(person, huddle.team) for person in people):
        raise TeamsError("Only people in the team can be recorded as there.")
    return people


@transaction.atomic
def start_huddle(*, acting_user: Any, huddle: Huddle, version: int, note_taker: Any = None,
                 attendees: list[Any] | None = None, confirm_early: bool = False) -> Huddle:
    """A member starts the huddle and takes the notes, or names another member to, recording who
    is there; the agenda is brought up to date as it starts. Before the huddle's day it starts only
    when the member has confirmed they mean to (`EarlyStart` otherwise)."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.PLANNED:
        raise TeamsError("This huddle has already started or is over.")
    if starts_early(huddle) and not confirm_early:
        raise EarlyStart(f"This huddle is planned for {timezone.localtime(huddle.starts_at):%A %-d %B}. "
                         "Confirm that you mean to start it today.")
    taker = note_taker or acting_user
    if not teams_queries.is_member(taker, huddle.team):
        raise TeamsError("The note-taker must be a member of the team.")
    there = _attendees(huddle, list(attendees or []))
    change(huddle, version, status=Huddle.Status.RUNNING, started_at=timezone.now(), note_taker=taker)
    huddle.attendees.set(there)
    build_agenda(huddle)
    audit.record(acting_user, "huddle.started", huddle, action=Action.CHANGED,
                 changes={"note_taker": name_of(taker), "attendees": sorted(name_of(p) for p in there),
                          "early": starts_early(huddle)})
    return huddle


@transaction.atomic
def record_attendance(*, acting_user: Any, huddle: Huddle, version: int, attendees: list[Any]) -> Huddle:
    """While the huddle runs, record who is there (people come late)."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.RUNNING:
        raise TeamsError("Who was there is recorded while the huddle is running.")
    there = _attendees(huddle, attendees)
    before = sorted(name_of(p) for p in huddle.attendees.all())
    change(huddle, version)
    huddle.attendees.set(there)
    audit.record(acting_user, "huddle.attendance_recorded", huddle, action=Action.CHANGED,
                 changes={"attendees": [before, sorted(name_of(p) for p in there)]})
    return huddle


@transaction.atomic
def record_item(*, acting_user: Any, item: AgendaItem, version: int, discussion: str, decision: str,
                covered: bool) -> AgendaItem:
    """Record what was said and decided on an item. Refused (Conflict) if someone saved it since."""
    huddle = item.huddle
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.RUNNING:
        raise TeamsError("Notes are taken while the huddle is running.")
    before = {"discussion": item.discussion, "decision": item.decision, "covered": item.covered}
    change(item, version, discussion=discussion, decision=decision, covered=covered)
    audit.record(acting_user, "agenda_item.recorded", item, action=Action.CHANGED,
                 changes=audit.changes_between(before, {"discussion": discussion, "decision": decision,
                                                        "covered": covered}))
    return item


@transaction.atomic
def finish_huddle(*, acting_user: Any, huddle: Huddle, version: int, summary: str = "") -> Huddle:
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.RUNNING:
        raise TeamsError("Only a running huddle can be finished.")
    change(huddle, version, status=Huddle.Status.FINISHED, finished_at=timezone.now(), summary=summary)
    audit.record(acting_user, "huddle.finished", huddle, action=Action.CHANGED)
    return huddle


@transaction.atomic
def share_minutes(*, acting_user: Any, huddle: Huddle, version: int, site: str = "") -> list[str]:
    """Share the minutes: every member of the team may read them, and each current member gets an
    email with a link on `site` (the site's address, `core.site.site_url`; SITE_URL if not given)
    (the email itself says nothing about anyone). Returns the addresses."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.FINISHED:
        raise TeamsError("Finish the huddle before sharing its minutes.")
    if huddle.minutes_shared_at is not None:
        raise TeamsError("The minutes have already been shared.")
    change(huddle, version, minutes_shared_at=timezone.now())
    team = huddle.team
    addresses = sorted({m.user.email for m in teams_queries.current_members(team) if m.user.is_active and m.user.email})
    link = (site or settings.SITE_URL).rstrip("/") + reverse("teams:huddle", args=[team.slug, huddle.uuid])
    subject = f"Minutes of the {team.name} huddle on {timezone.localtime(huddle.starts_at):%-d %B %Y}"
    body = (f"The minutes of the {team.name} huddle on {timezone.localtime(huddle.starts_at):%A %-d %B %Y} "
            f"are ready.\n\nSign in to read them: {link}\n")
    for address in addresses:
        transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=[address]))
    audit.record(acting_user, "huddle.minutes_shared", huddle, action=Action.CHANGED,
                 changes={"emailed": len(addresses)})
    return addresses


@transaction.atomic
def change_note_taker(*, acting_user: Any, huddle: Huddle, version: int, note_taker: Any) -> Huddle:
    """While the huddle runs, any member hands the notes to another member (or takes them)."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.RUNNING:
        raise TeamsError("The note-taker can be changed only while the huddle is running.")
    if note_taker is None or not teams_queries.is_member(note_taker, huddle.team):
        raise TeamsError("The note-taker must be a member of the team.")
    before = name_of(huddle.note_taker)
    change(huddle, version, note_taker=note_taker)
    audit.record(acting_user, "huddle.note_taker_changed", huddle, action=Action.CHANGED,
                 changes={"note_taker": [before, name_of(note_taker)]})
    return huddle


@transaction.atomic
def correct_minutes(*, acting_user: Any, huddle: Huddle, version: int, summary: str,
                    items: list[tuple[AgendaItem, int, str, str]]) -> Huddle:
    """The note-taker corrects the minutes after the huddle: the summary and, for each item (with
    the version it was read at), what was discussed and decided. All or nothing: if anyone saved
    the huddle or an item since, nothing is saved (Conflict). Once the minutes are shared, each
    correction is in the audit trail and the page says when; no second email is sent."""
    require_member(acting_user, huddle.team)
    if huddle.status != Huddle.Status.FINISHED:
        raise TeamsError("Minutes can be corrected once the huddle has finished.")
    if huddle.note_taker_id != acting_user.pk:
        raise PermissionDenied("Only the note-taker corrects the minutes.")
    changes: dict[str, Any] = {}
    if summary != huddle.summary:
        changes["summary"] = [huddle.summary, summary]
    shared = huddle.minutes_shared_at is not None
    fields: dict[str, Any] = {"summary": summary}
    if shared:
        fields["minutes_corrected_at"] = timezone.now()
    change(huddle, version, **fields)
    for item, item_version, discussion, decision in items:
        if item.huddle_id != huddle.pk:
            raise TeamsError("That item is not on this huddle's agenda.")
        found = audit.changes_between({"discussion": item.discussion, "decision": item.decision},
                                      {"discussion": discussion, "decision": decision})
        change(item, item_version, discussion=discussion, decision=decision)
        if found:
            changes[str(item.uuid)] = found
    audit.record(acting_user, "huddle.minutes_corrected", huddle, action=Action.CHANGED,
                 changes={"shared": shared, "corrected": changes})
    return huddle
