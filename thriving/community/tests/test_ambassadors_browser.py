"""An enabler makes an ambassador's profile; the ambassador publishes a good news story that the
public then reads: headless Chromium with axe on every page."""

import pytest
from playwright.sync_api import expect

from thriving.community.models import AmbassadorProfile, GoodNewsStory
from thriving.core.models import Role
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.browser


def sign_out(page) -> None:  # noqa: ANN001
    page.context.clear_cookies()


def test_an_ambassador_publishes_a_good_news_story(sign_in, page, axe, transactional_db, user_with_role):
    LocalityFactory(name="Cotmanhay", slug="cotmanhay")
    enabler = user_with_role(Role.ENABLER)
    person = user_with_role(Role.AMBASSADOR)

    sign_in(page, enabler)
    page.goto("/ambassador-profiles/")
    axe(page, "ambassador profiles")
    page.get_by_role("button", name="Make the profile").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "ambassador profiles with mistakes")
    page.get_by_label("Email address of the ambassador's account").fill(person.email)
    page.get_by_label("Name shown on their public page").fill("Jules Testbrook")
    page.get_by_label("Their place").select_option(label="Cotmanhay")
    page.get_by_label("Show the profile to the public now").check()
    page.get_by_role("button", name="Make the profile").click()
    expect(page.get_by_text("The ambassador profile for Jules Testbrook was made")).to_be_visible()
    assert AmbassadorProfile.objects.get().user == person
    sign_out(page)

    sign_in(page, person)
    page.goto("/ambassador/")
    axe(page, "your ambassador profile")
    page.get_by_role("button", name="Write a story").click()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page, "new story with mistakes")
    page.get_by_label("Title").fill("The fridge shared 200 meals")
    page.get_by_label("The story").fill("Neighbours kept the community fridge full all month.")
    page.get_by_role("button", name="Save as a draft").click()
    assert page.get_by_test_id("status").inner_text() == "Draft"
    axe(page, "a draft story")
    page.get_by_role("button", name="Publish the story").click()
    assert page.get_by_test_id("status").inner_text() == "Published"
    assert GoodNewsStory.objects.get().status == GoodNewsStory.Status.PUBLISHED
    sign_out(page)

    page.goto("/ambassadors/")
    axe(page, "ambassadors")
    page.get_by_role("link", name="Jules Testbrook").click()
    axe(page, "an ambassador")
    page.get_by_role("link", name="The fridge shared 200 meals").click()
    assert page.get_by_test_id("story-body").inner_text() == "Neighbours kept the community fridge full all month."
    axe(page, "a good news story")
