"""The journeys of a huddle as a team meets them, in headless Chromium with axe on every page: the
agenda saying why each item is there; starting the huddle the day before (a warning, then a
confirmation), ticking who is there; the keyboard staying where it was after each htmx save;
the minutes with who was there and bringing a covered item back; and an ask made from the huddle
just run."""

import datetime

import pytest
from django.utils import timezone

from thriving.core.models import Role
from thriving.directory.tests.factories import TaxonomyTermFactory
from thriving.frontdoor.models import HelpRequest, RequestEvent
from thriving.frontdoor.tests.factories import HelpRequestFactory, RequestEventFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.teams.models import AgendaItem, Ask, Huddle, TeamMember
from thriving.teams.tests.factories import HuddleFactory, TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.browser


def active_id(page) -> str:  # noqa: ANN001
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_a_huddle_from_why_each_item_is_there_to_an_ask_from_its_minutes(
        sign_in, page, axe, transactional_db, user_with_role):
    team = TeamFactory(name="Cotmanhay Connected Team", slug="cotmanhay-team",
                       locality=LocalityFactory(name="Cotmanhay", slug="cotmanhay"))
    hub = user_with_role(Role.HUB_WORKER)
    colleague = user_with_role(Role.TEAM_MEMBER)
    enabler = user_with_role(Role.ENABLER)
    TeamMemberFactory(team=team, user=hub)
    TeamMemberFactory(team=team, user=colleague)
    TeamMemberFactory(team=team, user=enabler, kind=TeamMember.Kind.ENABLER)
    flagged = HelpRequestFactory(locality=team.locality, bring_to_huddle=True, level=2,
                                 status=HelpRequest.Status.TRIAGED)
    flagged.needs.set([TaxonomyTermFactory(name="Food parcels")])
    RequestEventFactory(request=flagged, kind=RequestEvent.Kind.HUDDLE, actor=hub,
                        text="Bring to the huddle: the school knows the family too",
                        at=timezone.now() - datetime.timedelta(days=3))
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    huddle = HuddleFactory(team=team, starts_at=tomorrow)
    HuddleFactory(team=team, starts_at=tomorrow + datetime.timedelta(days=7))  # the next one

    # The agenda says why each item is there.
    sign_in(page, hub)
    page.goto(f"/teams/{team.slug}/huddles/{huddle.uuid}/")
    item = AgendaItem.objects.get(huddle=huddle, request=flagged)
    box = page.locator(f"#item-{item.uuid}")
    why = box.get_by_test_id("item-why").inner_text()
    assert "the school knows the family too" in why
    assert "flagged 3 days ago" in why
    assert "2. Community and volunteer support" in why
    assert "Food parcels" in why
    assert "Who in the team can help, and what happens next?" in why
    axe(page, "the agenda, saying why each item is there")

    # The same topic twice is one item with both reasons.
    for reason in ("The school can host it", "We need volunteers"):
        page.get_by_label("Add an item to the agenda").fill("Summer fun day")
        page.get_by_label("Why it needs the team (optional)").fill(reason)
        page.get_by_role("button", name="Add the item").click()
        page.wait_for_url("**#agenda")
    topic = AgendaItem.objects.get(huddle=huddle, title="Summer fun day")
    reasons = page.locator(f"#item-{topic.uuid}").get_by_test_id("reasons").inner_text()
    assert "The school can host it" in reasons
    assert "We need volunteers" in reasons
    axe(page, "the agenda with a topic raised twice")

    # Starting it the day before: a warning, then a confirmation.
    page.get_by_role("group", name="Who is here").get_by_label(hub.full_name).check()
    page.get_by_role("button", name="Start the huddle").click()
    page.get_by_test_id("early-warning").wait_for()
    assert Huddle.objects.get(pk=huddle.pk).status == Huddle.Status.PLANNED
    axe(page, "confirm starting before the huddle's day")
    page.get_by_role("button", name="Yes, start it today").click()
    page.wait_for_url("**#agenda")
    assert page.get_by_test_id("status").inner_text() == "Running"
    axe(page, "the running huddle")

    # After each htmx save the keyboard stays where it was.
    box = page.locator(f"#item-{topic.uuid}")
    box.get_by_label("What was discussed").fill("Stalls and a raffle.")
    box.get_by_label("Covered").check()
    box.get_by_role("button", name="Save the notes").click()
    page.locator(f"#item-{topic.uuid} [data-testid=saved]").wait_for()
    assert active_id(page) == f"save-{topic.uuid}"
    page.locator(f"#item-{topic.uuid}").get_by_role("button", name="Chip in").click()
    page.locator(f"#item-{topic.uuid}").get_by_text("You chipped in").wait_for()
    assert active_id(page) == f"chip-{topic.uuid}"
    box = page.locator(f"#item-{topic.uuid}")
    box.locator("summary").click()
    box.get_by_role("button", name="Add the action").click()
    page.locator(f"#item-{topic.uuid} [data-testid=item-errors]").wait_for()
    # Focus moves once htmx has settled the swap, a moment after the errors appear.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')", timeout=3000)
    axe(page, "an action with mistakes, the keyboard on them")

    # Who is here, ticked as people arrive.
    page.get_by_role("group", name="Tick everyone who is here").get_by_label(colleague.full_name).check()
    page.get_by_role("button", name="Save who is here").click()
    page.wait_for_url("**#attendance")
    assert set(Huddle.objects.get(pk=huddle.pk).attendees.all()) == {hub, colleague}
    assert colleague.full_name in page.get_by_test_id("attendees").inner_text()

    # The minutes say who was there; a covered item is brought back to the next huddle.
    page.get_by_role("button", name="Finish the huddle").click()
    page.get_by_role("button", name="Share the minutes").wait_for()
    there = page.get_by_test_id("attendees").inner_text()
    assert hub.full_name in there
    assert colleague.full_name in there
    axe(page, "the minutes, with who was there")
    page.locator(f"#item-{topic.uuid}").get_by_role("button", name="Bring back to the next huddle").click()
    page.locator(f"#item-{topic.uuid} [data-testid=brought-back]").wait_for()
    assert AgendaItem.objects.filter(huddle__starts_at__gt=tomorrow + datetime.timedelta(days=1),
                                     title="Summer fun day").exists()
    axe(page, "the minutes, an item brought back")

    # An ask made from the huddle just run.
    page.get_by_test_id("ask-from-huddle").click()
    page.wait_for_url(f"**/teams/{team.slug}/asks/new/?huddle={huddle.uuid}")
    chosen = page.get_by_role("group", name="The huddle it came from").get_by_role("radio", checked=True)
    assert "The huddle of" in chosen.evaluate("r => r.labels[0].innerText")
    axe(page, "an ask from the huddle just run")
    page.get_by_role("group", name="What are you asking for?").get_by_label("A resource").check()
    page.get_by_label("Theme").select_option(label="Buildings and spaces")
    page.get_by_label("Title").fill("Use the school field for the fun day")
    page.get_by_label("What is needed, and why").fill("The centre is closed in June.")
    page.get_by_role("group", name="Which enabler are you asking?").get_by_label(enabler.full_name).check()
    page.get_by_role("button", name="Send the ask").click()
    page.wait_for_url("**/asks/*/")
    assert Ask.objects.get().huddle_id == huddle.pk
    axe(page, "the ask, linked to its huddle")
