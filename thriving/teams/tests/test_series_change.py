"""A repeating huddle's slots and changing it: top-up fills each missing slot of the next eight
weeks (never re-making a moved or cancelled huddle), and a change of time, length, place, how
often or until when is followed by the planned huddles not moved by hand, with the same clash
checks, and refused once the series has stopped."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thriving.core.models import AuditEvent, Role
from thriving.teams.models import Huddle, HuddleSeries
from thriving.teams.services import schedule
from thriving.teams.services.common import TeamsError
from thriving.teams.tests.factories import HuddleFactory


@pytest.fixture
def series(team, member):
    return schedule.save_series(acting_user=member, team=team, first_on=timezone.localdate() + datetime.timedelta(
        days=1), starts_at=datetime.time(9, 0), minutes=60, every=1, place_text="Hall")


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def in_order(series: HuddleSeries) -> list[Huddle]:
    return list(series.huddles.order_by("series_slot"))


def change_url(series: HuddleSeries) -> str:
    return reverse("teams:series-change", args=[series.team.slug, series.uuid])


def change_post(**extra: object) -> dict:
    return {"starts_at": "09:00", "minutes": "60", "every": "1", "place_text": "Hall", **extra}


# --- slots ---


def test_each_huddle_keeps_the_slot_the_series_gave_it(series):
    huddles = in_order(series)
    assert len(huddles) == 8
    assert all(h.series_slot == h.starts_at for h in huddles)


def test_top_up_fills_a_missing_slot_but_never_remakes_a_moved_or_cancelled_huddle(series, member, team):
    first, second, third = in_order(series)[:3]
    schedule.move_huddle(acting_user=member, huddle=first, version=first.version,
                         starts_at=first.starts_at + datetime.timedelta(days=2), minutes=60, place_text="Hall")
    schedule.cancel_huddle(acting_user=member, huddle=second, version=second.version)
    gap = third.series_slot
    third.delete()  # a slot with no huddle, say one skipped for a clash that has since gone
    assert schedule.top_up(team) == 1
    assert series.huddles.count() == 8
    assert series.huddles.get(series_slot=gap).starts_at == gap
    first.refresh_from_db()
    assert first.starts_at != first.series_slot  # still where it was moved to
    assert series.huddles.filter(series_slot=second.series_slot).count() == 1
    assert schedule.top_up(team) == 0


def test_top_up_adds_the_next_slot_as_weeks_go_by(series, team):
    assert schedule.top_up(team, now=timezone.now() + datetime.timedelta(weeks=1)) == 1
    assert schedule.top_up(team, now=timezone.now() + datetime.timedelta(weeks=1)) == 0


# --- changing the series ---


def test_changing_the_time_moves_the_planned_huddles_not_moved_by_hand(client, series, member):
    moved, cancelled, running, *rest = in_order(series)
    schedule.move_huddle(acting_user=member, huddle=moved, version=moved.version,
                         starts_at=moved.starts_at + datetime.timedelta(hours=5), minutes=60, place_text="Hall")
    schedule.cancel_huddle(acting_user=member, huddle=cancelled, version=cancelled.version)
    Huddle.objects.filter(pk=running.pk).update(status=Huddle.Status.RUNNING)
    client.force_login(member)
    assert client.get(change_url(series)).status_code == 200
    response = client.post(change_url(series), change_post(starts_at="11:30", minutes="45", place_text="Library"))
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.starts_at, series.minutes, series.place_text) == (datetime.time(11, 30), 45, "Library")
    for huddle in rest:
        huddle.refresh_from_db()
        local = timezone.localtime(huddle.starts_at)
        assert (local.hour, local.minute, huddle.place_text) == (11, 30, "Library")
        assert huddle.ends_at - huddle.starts_at == datetime.timedelta(minutes=45)
        assert huddle.series_slot == huddle.starts_at
    for kept, was in ((moved, moved.starts_at), (cancelled, cancelled.starts_at), (running, running.starts_at)):
        kept.refresh_from_db()
        assert kept.starts_at == was
    cancelled.refresh_from_db()
    assert cancelled.status == Huddle.Status.CANCELLED
    assert series.huddles.count() == 8  # no huddle re-made for a kept one's date
    event = AuditEvent.objects.get(event="huddle_series.changed")
    assert event.changes["huddles_moved"] == len(rest)


def test_every_two_weeks_and_an_end_date_cancel_the_dates_no_longer_on_it(client, series, member):
    huddles = in_order(series)
    until = timezone.localtime(huddles[4].starts_at).date()
    client.force_login(member)
    response = client.post(change_url(series), change_post(every="2", until=until.isoformat()))
    assert response.status_code == 302
    statuses = [h.status for h in in_order(series)]
    planned = Huddle.Status.PLANNED
    cancelled = Huddle.Status.CANCELLED
    assert statuses == [planned, cancelled, planned, cancelled, planned, cancelled, cancelled, cancelled]


def test_a_change_that_clashes_is_refused_naming_the_clash_and_nothing_moves(client, series, member, team):
    third = in_order(series)[2]
    clash_at = timezone.localtime(third.starts_at).replace(hour=14, minute=0)
    HuddleFactory(team=team, starts_at=clash_at, ends_at=clash_at + datetime.timedelta(hours=1))
    client.force_login(member)
    response = client.post(change_url(series), change_post(starts_at="13:30"))
    assert response.status_code == 400
    assert "This clashes with the team&#x27;s huddle on" in response.content.decode()
    series.refresh_from_db()
    assert series.starts_at == datetime.time(9, 0)
    assert all(timezone.localtime(h.starts_at).hour == 9 for h in in_order(series))


def test_a_series_stopped_meanwhile_is_not_changed(client, series, member):
    client.force_login(member)
    client.get(change_url(series))
    schedule.end_series(acting_user=member, series=HuddleSeries.objects.get(pk=series.pk))
    response = client.post(change_url(series), change_post(starts_at="11:00"))
    assert response.status_code == 400
    assert "stopped repeating" in response.content.decode()
    with pytest.raises(TeamsError, match="stopped repeating while you were changing it"):
        schedule.change_series(acting_user=member, series=series, starts_at=datetime.time(11, 0), minutes=60,
                               every=1)
    series.refresh_from_db()
    assert series.starts_at == datetime.time(9, 0)


def test_two_people_changing_a_series_at_once_do_not_overwrite_each_other(client, series, member):
    client.force_login(member)
    shown = series.version
    schedule.change_series(acting_user=member, series=series, starts_at=datetime.time(10, 0), minutes=60,
                           every=1, place_text="Hall", version=shown)  # someone else, first
    response = client.post(change_url(series), change_post(starts_at="11:30", version=shown))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this repeating huddle" in page
    assert 'value="11:30"' in page  # what was typed is kept
    series.refresh_from_db()
    assert series.starts_at == datetime.time(10, 0)
    assert series.version == shown + 1
    # Saving again applies the change to the series as it is now.
    assert client.post(change_url(series), change_post(starts_at="11:30", version=series.version)).status_code == 302
    series.refresh_from_db()
    assert (series.starts_at, series.version) == (datetime.time(11, 30), shown + 2)


def test_a_change_reports_every_mistake(client, series, member):
    client.force_login(member)
    before = (series.first_on - datetime.timedelta(days=1)).isoformat()
    response = client.post(change_url(series), change_post(starts_at="", minutes="5", until=before))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the start time." in body
    assert "The last date must be on or after the first huddle" in body
    assert 'href="#id_minutes"' in body


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER, Role.ADMINISTRATOR], ids=["team_member", "administrator"])
def test_only_members_change_a_series(client, series, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(change_url(series)).status_code == 404
    assert client.post(change_url(series), change_post(starts_at="11:00")).status_code == 404
    series.refresh_from_db()
    assert series.starts_at == datetime.time(9, 0)


def test_the_schedule_links_to_changing_and_stopping_by_uuid(client, series, member):
    client.force_login(member)
    body = client.get(reverse("teams:schedule", args=[series.team.slug])).content.decode()
    assert change_url(series) in body
    assert reverse("teams:series-end", args=[series.team.slug, series.uuid]) in body
    assert client.post(reverse("teams:series-end", args=[series.team.slug, series.uuid])).status_code == 302
    series.refresh_from_db()
    assert series.ended_at is not None
