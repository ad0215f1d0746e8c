"""Local Nets in headless Chromium with axe on every page: a resident finds a session and signs up
(with a mistake first); an organiser runs the session."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thriving.community.models import SessionSignup
from thriving.community.tests.factories import LocalNetSessionFactory, SessionSignupFactory
from thriving.core.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("no_time_trap")]
SESSION_PLACES = 3  # the `session` fixture's places


def test_a_resident_signs_up_to_a_session(page, axe, session):
    SessionSignupFactory(session=session, places=1)
    page.goto("/local-nets/")
    axe(page, "Local Nets listing")
    assert "2 places left" in page.get_by_test_id("places-left").inner_text()
    page.get_by_role("link", name="Cotmanhay Local Net,").click()
    page.wait_for_url(f"**/local-nets/sessions/{session.uuid}/")
    axe(page, "session page")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_label("How many places").fill("3")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "session page with errors")
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_role("button", name="Sign up").click()
    assert "only 2 places left" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("How many places").fill("2")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/signed-up/")
    axe(page, "signed up")
    assert page.get_by_test_id("outcome").inner_text() == "You are signed up"
    assert SessionSignup.objects.filter(person_key="email:ada@example.org", places=2).exists()
    page.goto(f"/local-nets/{session.local_net.slug}/")
    axe(page, "a Local Net's page")
    page.goto(f"/local-nets/sessions/{session.uuid}/")
    assert "This session is full" in page.get_by_test_id("closed").inner_text()


def test_an_organiser_runs_a_session(sign_in, page, axe, session, user_with_role):
    past = LocalNetSessionFactory(local_net=session.local_net, starts_at=timezone.now() - datetime.timedelta(days=1))
    SessionSignupFactory(session=past, name="Ada Example")
    sign_in(page, user_with_role(Role.HUB_WORKER))
    page.goto("/community/local-nets/")
    axe(page, "organisers' Local Nets")
    page.get_by_role("link", name="Cotmanhay Local Net").click()
    axe(page, "organiser's Local Net page")
    page.goto("/community/local-nets/new/")
    axe(page, "set up a Local Net")
    page.goto(f"/community/local-nets/sessions/{past.uuid}/")
    axe(page, "organiser's session page")
    page.get_by_label("How many came").fill("11")
    page.get_by_role("button", name="Save attendance and notes").click()
    assert page.get_by_test_id("attendance").inner_text() == "11"
    page.get_by_label("What people said").fill("We would like a repair café.")
    page.get_by_role("button", name="Add what people said").click()
    page.get_by_label("Name of the idea").fill("")
    page.get_by_role("button", name="Make it an idea").click()
    axe(page, "session page with an error")
    page.get_by_label("Name of the idea").fill("Repair café")
    page.get_by_role("button", name="Make it an idea").click()
    page.wait_for_url("**/community/ideas/*/")
    page.goto(f"/community/local-nets/sessions/{past.uuid}/sign-ups/")
    axe(page, "sign-up list")
    assert "Ada Example" in page.get_by_test_id("signups").inner_text()


def test_a_resident_gives_their_place_back_from_the_link(page, axe, session):
    page.goto(f"/local-nets/sessions/{session.uuid}/")
    page.get_by_label("Your name").fill("Grace Example")
    page.get_by_label("How many places").fill("3")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/signed-up/")
    page.get_by_test_id("cancel-link").click()
    page.wait_for_url("**/cancel/")
    link = page.url
    axe(page, "give a place back")
    page.get_by_role("button", name="Give back my places").click()
    assert page.get_by_test_id("outcome").inner_text() == "Your places have been given back"
    axe(page, "place given back")
    assert SessionSignup.objects.get().cancelled_at is not None
    page.goto(link)
    assert "already been given back" in page.get_by_test_id("cancel-message").inner_text()
    axe(page, "a used cancel link")
    page.goto(link.replace("/cancel/", "x/cancel/"))
    assert "This link does not work" in page.locator("h1").inner_text()
    axe(page, "a tampered cancel link")
    page.goto(f"/local-nets/sessions/{session.uuid}/")
    assert "3 places left" in page.get_by_test_id("places-left").inner_text()


def test_a_team_member_adds_an_action_for_the_team_from_a_session(sign_in, page, axe, session, user_with_role):
    from thriving.teams.models import Action
    from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

    team = TeamFactory(name="Cotmanhay Connected Team", locality=session.local_net.locality)
    session.local_net.team = team
    session.local_net.save()
    outsider = user_with_role(Role.HUB_WORKER)
    sign_in(page, outsider)
    page.goto(f"/community/local-nets/sessions/{session.uuid}/")
    assert "Only the members of Cotmanhay Connected Team" in page.get_by_test_id("actions-members-only").inner_text()
    assert page.get_by_role("button", name="Add the action").is_disabled()
    axe(page, "session page for someone outside the team")
    page.context.clear_cookies()
    member = user_with_role(Role.TEAM_MEMBER, locality=session.local_net.locality)
    member.full_name = "Ada Member"
    member.save()
    TeamMemberFactory(team=team, user=member)
    sign_in(page, member)
    page.goto(f"/community/local-nets/sessions/{session.uuid}/")
    page.get_by_label("What needs doing").fill("Ask the library about a repair café")
    page.get_by_label("Due by").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose who owns the action" in summary
    assert "The due date must be today or in the future" in summary
    axe(page, "session page with action errors")
    page.get_by_label("Who owns it").select_option(label="Ada Member")
    page.get_by_label("Due by").fill((timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_url("**#actions")
    assert "Ask the library about a repair café" in page.get_by_test_id("actions").inner_text()
    axe(page, "session page with an action")
    assert Action.objects.get().subject == session
