"""Running a huddle in a browser, from the agenda to actions and shared minutes, with axe on every
page: the team page, the schedule, the agenda, the running huddle (htmx saves, an action refused
then added and shown under its item, chipping in, changing the note-taker), the minutes and
correcting them, the members, my actions, changing a repeating huddle and closing an action on
the team page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thriving.core.models import Role
from thriving.frontdoor.tests.factories import HelpRequestFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.models import Action, AgendaItem, Huddle
from thriving.teams.tests.factories import (
    AskFactory,
    HuddleFactory,
    HuddleSeriesFactory,
    TeamFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.browser


def test_running_a_huddle_from_agenda_to_actions(sign_in, page, axe, transactional_db, user_with_role):
    team = TeamFactory(name="Cotmanhay Connected Team", slug="cotmanhay-team",
                       locality=LocalityFactory(name="Cotmanhay", slug="cotmanhay"))
    hub = user_with_role(Role.HUB_WORKER)
    colleague = user_with_role(Role.TEAM_MEMBER)
    TeamMemberFactory(team=team, user=hub)
    TeamMemberFactory(team=team, user=colleague)
    flagged = HelpRequestFactory(locality=team.locality, bring_to_huddle=True)
    AskFactory(team=team, title="Use the school hall on Saturdays")
    # Later today (a huddle on a later day asks to confirm starting early, walked elsewhere).
    now = timezone.localtime()
    later = now + datetime.timedelta(hours=1)
    huddle = HuddleFactory(
        team=team, starts_at=later if later.date() == now.date() else now.replace(hour=23, minute=59, second=0)
    )

    sign_in(page, hub)
    axe(page, "home with the teams' summary")
    page.goto(f"/teams/{team.slug}/")
    axe(page, "team page")
    page.goto(f"/teams/{team.slug}/huddles/")
    axe(page, "huddle schedule")
    page.get_by_role("link", name=timezone.localtime(huddle.starts_at).strftime("%A %-d %B %Y, %H:%M")).click()
    page.wait_for_url(f"**/huddles/{huddle.uuid}/")
    assert page.get_by_role("link", name=f"Open request {flagged.reference}").is_visible()
    page.get_by_label("Add an item to the agenda").fill("Summer fun day")
    page.get_by_role("button", name="Add the item").click()
    page.wait_for_url("**#agenda")
    axe(page, "agenda")

    page.get_by_role("button", name="Start the huddle").click()
    page.wait_for_url("**#agenda")
    assert page.get_by_test_id("status").inner_text() == "Running"
    axe(page, "running huddle")

    item = AgendaItem.objects.get(huddle=huddle, title="Summer fun day")
    box = page.locator(f"#item-{item.uuid}")
    box.get_by_label("What was discussed").fill("Who can run the stalls?")
    box.get_by_label("What was decided").fill("The school will host it.")
    box.get_by_label("Covered").check()
    box.get_by_role("button", name="Save the notes").click()
    page.locator(f"#item-{item.uuid} [data-testid=saved]").wait_for()
    assert page.url.endswith("#agenda")  # no reload: htmx swapped the item in place

    box = page.locator(f"#item-{item.uuid}")
    box.locator("summary").click()
    box.get_by_label("Action").fill("Book the bouncy castle")
    box.get_by_label("Due date").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    box.get_by_role("button", name="Add the action").click()
    page.locator(f"#item-{item.uuid} [data-testid=item-errors]").wait_for()
    errors = page.locator(f"#item-{item.uuid} [data-testid=item-errors]").inner_text()
    assert "Choose who owns the action." in errors
    assert "The due date must be today or in the future." in errors
    axe(page, "action with errors")

    box = page.locator(f"#item-{item.uuid}")
    assert box.get_by_label("Action").input_value() == "Book the bouncy castle"
    box.get_by_label("Owner").select_option(label=colleague.full_name)
    box.get_by_label("Due date").fill((timezone.localdate() + datetime.timedelta(days=5)).isoformat())
    box.get_by_role("button", name="Add the action").click()
    page.locator(f"#item-{item.uuid} [data-testid=item-actions]").get_by_text("Book the bouncy castle").wait_for()

    under = page.locator(f"#item-{item.uuid} [data-testid=item-actions]")
    assert colleague.full_name in under.inner_text()
    axe(page, "action under its item")

    page.locator(f"#item-{item.uuid}").get_by_role("button", name="Chip in").click()
    page.locator(f"#item-{item.uuid}").get_by_text("You chipped in").wait_for()
    assert set(Action.objects.values_list("owner_id", flat=True)) == {colleague.pk, hub.pk}
    assert set(Action.objects.values_list("agenda_item", flat=True)) == {item.pk}
    assert "Follow up: Summer fun day" in page.locator(f"#item-{item.uuid} [data-testid=item-actions]").inner_text()

    page.get_by_label("Who takes the notes now").select_option(label=colleague.full_name)
    page.get_by_role("button", name="Change the note-taker").click()
    page.get_by_text(f"Notes taken by {colleague.full_name}").wait_for()
    huddle.refresh_from_db()
    assert huddle.note_taker == colleague
    axe(page, "note-taker changed")
    page.get_by_label("Who takes the notes now").select_option(label=hub.full_name)
    page.get_by_role("button", name="Change the note-taker").click()
    page.get_by_text(f"Notes taken by {hub.full_name}").wait_for()

    page.get_by_label("Anything else said (optional)").fill("A good huddle.")
    page.get_by_role("button", name="Finish the huddle").click()
    page.get_by_role("button", name="Share the minutes").wait_for()
    assert page.get_by_test_id("discussion").inner_text() == "Discussed: Who can run the stalls?"
    axe(page, "minutes before sharing")
    page.get_by_role("button", name="Share the minutes").click()
    page.get_by_test_id("shared").wait_for()
    huddle.refresh_from_db()
    assert huddle.status == Huddle.Status.FINISHED
    assert huddle.minutes_shared_at is not None
    axe(page, "shared minutes")
    page.get_by_role("link", name="Correct the minutes").click()
    page.wait_for_url("**/minutes/")
    axe(page, "correct the minutes")
    page.locator(f"#item-{item.uuid}").get_by_label("What was decided").fill("The school will host it in June.")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_test_id("corrected").wait_for()
    assert page.get_by_test_id("decision").inner_text() == "Decided: The school will host it in June."

    page.goto(f"/teams/{team.slug}/members/")
    axe(page, "members")
    page.goto("/actions/")
    assert page.get_by_role("heading", name="Follow up: Summer fun day").is_visible()
    axe(page, "my actions")
    later = HuddleFactory(team=team, starts_at=timezone.now() + datetime.timedelta(days=3))
    page.goto(f"/teams/{team.slug}/huddles/{later.uuid}/change/")
    axe(page, "move a huddle")
    page.goto("/teams/")
    axe(page, "my teams")
    series = HuddleSeriesFactory(team=team)
    page.goto(f"/teams/{team.slug}/huddles/series/{series.uuid}/")
    page.get_by_label("Length in minutes").fill("5")
    page.get_by_role("button", name="Save the change").click()
    page.get_by_role("alert").wait_for()
    axe(page, "change a repeating huddle with errors")
    page.goto(f"/teams/{team.slug}/")
    row = page.locator(f"#action-{Action.objects.get(owner=colleague).uuid}")
    row.locator("summary").click()
    row.get_by_role("radio", name="Done").check()
    row.get_by_label("What was done, or why it was dropped").fill("Booked.")
    axe(page, "closing an action on the team page")
    row.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/teams/{team.slug}/")
    assert Action.objects.get(owner=colleague).status == Action.Status.DONE


def test_setting_up_a_team_and_its_schedule_in_a_browser_is_accessible(
    sign_in, page, axe, transactional_db, user_with_role
):
    LocalityFactory(name="Shirebrook", slug="shirebrook")
    enabler = user_with_role(Role.ENABLER)
    sign_in(page, enabler)
    page.goto("/teams/new/")
    axe(page, "set up a team")
    page.get_by_role("button", name="Set up the team").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "set up a team with errors")
    page.get_by_label("Team name").fill("Shirebrook Together")
    page.get_by_label("Locality").select_option(label="Shirebrook")
    page.get_by_role("button", name="Set up the team").click()
    page.wait_for_url("**/teams/shirebrook-together/")
    page.goto("/teams/shirebrook-together/huddles/")
    page.locator("#id_series-first_on").fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    page.locator("#id_series-starts_at").fill("10:00")
    page.get_by_role("button", name="Save the schedule").click()
    page.get_by_test_id("upcoming").wait_for()
    page.locator("#id_once-on").fill((timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    page.locator("#id_once-starts_at").fill("10:30")
    page.get_by_role("button", name="Add the huddle").click()
    assert "This clashes with the team" in page.get_by_role("alert").inner_text()
    axe(page, "schedule with a clash")
