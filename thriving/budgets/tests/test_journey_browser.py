"""The local budgets journey, whole, in headless Chromium with axe on each page (and the pages' own
content security policy enforced): a resident applies from their community idea; the team decides
by consent at a huddle within its limit; a larger award waits for and gets an enabler's sign-off;
the recipient is paid in two parts; a team member claims an expense with a receipt that someone
else approves; and the public spend page and the 360Giving export show it, reconciled to the
ledger to the penny."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from thriving.budgets.models import Application, Award, Expense
from thriving.budgets.queries import ledger as ledger_queries
from thriving.budgets.tests.factories import PDF_BYTES, deciding_team

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def quick_forms(settings):
    cache.clear()
    settings.FRONTDOOR_MIN_SECONDS = 0
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    yield
    cache.clear()


def apply(page, axe, pot, *, name, title, amount, items, idea=None):
    """A resident fills in the public application form; answers its reference."""
    page.goto(f"/budgets/apply/{pot.slug}/" + (f"?idea={idea.uuid.hex}" if idea else ""))
    axe(page, "the public application form")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Email address").fill(" applicant@example.org ")
    page.get_by_label("What is it, in a few words?").fill(title)
    page.get_by_label("What is the money for, and how does it help?").fill(f"{title}, for the whole estate.")
    page.get_by_label("How much are you asking for, in pounds?").fill(amount)
    for n, (what, cost) in enumerate(items, start=1):
        page.get_by_label(f"Item {n}: what it is").fill(what)
        page.get_by_label(f"Item {n}: how much it costs, in pounds").fill(cost)
    page.get_by_label("Who will benefit?").fill("Neighbours of all ages")
    page.get_by_label("How will you show what happened?").fill("Photos and a register")
    page.get_by_role("button", name="Send your application").click()
    page.wait_for_url("**/sent/")
    axe(page, "application sent")
    return page.get_by_test_id("reference").inner_text()


def decide_by_consent(page, axe, reference, *, member, amount):
    page.goto(f"/budgets/applications/{reference}/")
    axe(page, "the application")
    page.get_by_role("link", name="Record the team’s decision").click()
    expect(page.get_by_label("What was proposed")).to_be_visible()
    axe(page, "the consent decision")
    page.get_by_label("Which huddle was it decided at?").select_option(index=1)
    page.get_by_label("What was proposed").fill(f"Fund it: £{amount}")
    page.get_by_label("Objections, and how each was resolved").fill("Storage: the school offered a shed.")
    page.get_by_label(member.full_name).check()
    page.get_by_label("Fund it", exact=True).check()
    page.get_by_label("Amount to award, in pounds").fill(amount)
    page.get_by_label("Why, in a sentence").fill("It helps people early, close to home.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/budgets/applications/{reference}/")


def test_from_a_community_idea_to_the_public_spend_page_and_360giving(
    sign_in, page, axe, transactional_db, administrator, tmp_path,
):
    from thriving.community.tests.factories import IdeaFactory
    from thriving.core.models import Role
    from thriving.core.tests.factories import MembershipFactory, UserFactory
    from thriving.teams.tests.factories import TeamMemberFactory

    pot, member, enabler, _huddle = deciding_team(administrator, "2000.00", "500.00", name="Cotmanhay small grants",
                                                  slug="cotmanhay-small-grants")
    other = UserFactory(full_name="Olu Othermember")
    MembershipFactory(user=other, role=Role.TEAM_MEMBER)
    TeamMemberFactory(team=pot.team, user=other)
    facilitator = UserFactory(full_name="Fen Facilitator")
    idea = IdeaFactory(title="A repair café at the library", locality=pot.locality, stage="exploring",
                       facilitator=facilitator)
    receipt = tmp_path / "bibs.pdf"
    receipt.write_bytes(PDF_BYTES)

    # A resident applies from their idea; a group applies for more, above the team's limit.
    small = apply(page, axe, pot, name="Rae Residentson", title="Repair café tools", amount="£300",
                  items=[("Hand tools", "220"), ("Tea and biscuits", "80")], idea=idea)
    large = apply(page, axe, pot, name="Gale Groupleader", title="Football kit for the under-12s", amount="700.00",
                  items=[("Shirts and shin pads", "450.00"), ("Two goals", "250.00")])
    from_idea = Application.objects.get(reference=small)
    assert (from_idea.source, from_idea.idea, from_idea.idea_stage, from_idea.facilitator) == (
        "idea", idea, "exploring", facilitator)

    # The team decides both by consent at its huddle: the first takes effect, the second waits.
    sign_in(page, member)
    decide_by_consent(page, axe, small, member=member, amount="300.00")
    assert Application.objects.get(reference=small).status == "awarded"
    decide_by_consent(page, axe, large, member=member, amount="700.00")
    assert Application.objects.get(reference=large).status == "awaiting_signoff"
    assert ledger_queries.pot_balance(pot).available == Decimal("1700.00")  # nothing moved for the large one

    # The pot's enabler signs the larger one off.
    sign_in(page, enabler)
    page.goto("/budgets/sign-off/")
    axe(page, "decisions to sign off")
    page.get_by_role("link", name="Football kit for the under-12s").click()
    expect(page.get_by_label("Yes, sign it off")).to_be_visible()
    axe(page, "sign off a decision")
    page.get_by_label("Yes, sign it off").check()
    page.get_by_label("Your reason").fill("Good value; the school lends the pitch.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/budgets/sign-off/")
    award = Award.objects.get(application__reference=large)
    assert ledger_queries.pot_balance(pot).available == Decimal("1000.00")

    # The recipient is paid in two parts.
    today = timezone.localdate()
    for amount, reference in (("300.00", "BACS 1"), ("350.00", "BACS 2")):
        page.goto(f"/budgets/awards/{award.uuid}/pay/")
        axe(page, "pay an award")
        page.get_by_label("Amount paid").fill(amount)
        for part, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
            page.get_by_label(part, exact=True).fill(str(value))
        page.get_by_label("How it was paid, and its reference").fill(reference)
        page.get_by_role("button", name="Record the payment").click()
        page.wait_for_url(re.compile(f"/budgets/awards/{award.uuid}/(#payments)?$"))
    axe(page, "the award, paid in two parts")
    assert ledger_queries.award_money(award).remaining == Decimal("50.00")

    # A team member claims the rest as an expense with a receipt; another member approves it;
    # the enabler pays it.
    sign_in(page, member)
    page.goto(f"/budgets/awards/{award.uuid}/")
    page.get_by_role("link", name="Claim an expense").click()
    expect(page.get_by_label("What was the money spent on?")).to_be_visible()
    page.get_by_label("What was the money spent on?").fill("Bibs for training")
    page.get_by_label("How much was spent?").fill("50.00")
    for part, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        page.get_by_label(part, exact=True).fill(str(value))
    page.get_by_label("Receipt").set_input_files(str(receipt))
    page.get_by_role("button", name="Save the claim").click()
    page.wait_for_url("**/budgets/expenses/*/")
    expense = Expense.objects.get()
    assert expense.status == "submitted"
    sign_in(page, other)
    page.goto(f"/budgets/expenses/{expense.uuid}/")
    axe(page, "a claim to approve")
    page.get_by_role("button", name="Approve the claim").click()
    page.wait_for_url(f"**/budgets/expenses/{expense.uuid}/")
    sign_in(page, enabler)
    page.goto(f"/budgets/expenses/{expense.uuid}/")
    page.get_by_role("button", name="Pay £50.00 from the award").click()
    page.wait_for_url(f"**/budgets/expenses/{expense.uuid}/")
    assert ledger_queries.award_money(award).remaining == Decimal("0.00")

    # The public page and the 360Giving export show it, to the penny, naming no individual.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"/budgets/spending/{pot.slug}/")
    axe(page, "the public spend page")
    shown = page.locator("main").inner_text()
    assert "Repair café tools" in shown
    assert "Football kit for the under-12s" in shown
    assert "£1,000.00" in shown  # awarded
    assert "Rae Residentson" not in shown
    assert "Gale Groupleader" not in shown
    balance = ledger_queries.pot_balance(pot)
    assert (balance.available, balance.committed, balance.spent, balance.trial_balance) == (
        Decimal("1000.00"), Decimal("300.00"), Decimal("700.00"), Decimal("0.00"))
    answer = page.request.get(f"/budgets/360giving/grants.json?year={today.year}")
    assert answer.status == 200
    grants = {grant["title"]: grant for grant in answer.json()["grants"]}
    assert Decimal(str(grants["Repair café tools"]["amountAwarded"])) == Decimal("300.00")
    assert Decimal(str(grants["Football kit for the under-12s"]["amountAwarded"])) == Decimal("700.00")
    assert sum(Decimal(str(grant["amountAwarded"])) for grant in grants.values()) == (
        balance.committed + balance.spent)
    assert "Rae Residentson" not in answer.text()
