"""The issue's "Done when", end to end in headless Chromium with axe on every page visited:

a team member sets up an open project with a triad and a dyad; a resident tells a story on a
phone, placing it on both with the visual controls (after an error first); the team member
approves it; a volunteer gathers three more; two coders code the same stories with codes from
the codebook and the agreement page shows their kappa; with the rest of twenty stories made,
the real model suggests themes, one is confirmed and made a priority for the place, a community
idea is linked to it and a quote of the resident's story taken, and the team page shows it; a
Most Significant Change round selects the resident's story with a reason; then the resident
withdraws it with their private link and it is gone from every page (the stories list and its
page, coding and the coders' agreement, the theme, the round, the patterns page's counts, the
priority's quotes, the stories shared with partners) and from the REFI-QDA export."""

import io
import re
import zipfile

import pytest
from django.core.cache import cache, caches
from django.utils import timezone
from playwright.sync_api import expect

from thriving.community.tests.factories import IdeaFactory
from thriving.core.models import Role
from thriving.stories.models import Coding, MSCSelection, Priority, Quote, Story, StoryProject, Theme
from thriving.stories.tests.factories import STORY_TOPICS, SignifierAnswerFactory, StoryFactory
from thriving.teams.models import TeamMember
from thriving.teams.tests.factories import TeamMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.model]

RESIDENT_TITLE = "Soup on Thursdays"
RESIDENT_TEXT = f"{STORY_TOPICS['warm']} I am telling this on my phone at the bus stop."
WAIT = 30_000  # the machine is shared: pages may be slow
MODEL_WAIT = 180_000  # suggesting themes loads the model and embeds, in the request


@pytest.fixture
def quick_forms(settings):
    cache.clear()
    caches["snapshots"].clear()  # the patterns page's kept figures
    settings.FRONTDOOR_MIN_SECONDS = 0
    settings.FRONTDOOR_ASK_RATE = "1000/h"
    yield
    cache.clear()
    caches["snapshots"].clear()


@pytest.fixture
def patient_expect():
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def people(user_with_role, story_team, story_member):
    """The team member who runs the project, a team volunteer who gathers, and two coders, all of
    the team (so the project form offers them)."""
    def person(name: str, kind: str = TeamMember.Kind.MEMBER):
        user = user_with_role(Role.TEAM_MEMBER, locality=story_team.locality)
        user.full_name = name
        user.save()
        TeamMemberFactory(team=story_team, user=user, kind=kind)
        return user

    story_member.full_name = "Mo Member"
    story_member.save()
    return {"member": story_member, "volunteer": person("Val Volunteer", TeamMember.Kind.VOLUNTEER),
            "coder": person("Cora Coder"), "second": person("Colin Coder")}


def code_passage(page, axe, slug: str, title: str, code: str, passage: str, check: bool = False) -> None:
    page.goto(f"/stories/projects/{slug}/coding/")
    page.get_by_test_id("stories").get_by_role("link", name=title).click()
    expect(page.get_by_test_id("coding-form")).to_be_visible(timeout=WAIT)
    if check:
        axe(page, "coding a story")
    page.get_by_label("Code", exact=True).select_option(label=code)
    page.get_by_label("Or type the passage exactly as the story has it").fill(passage)
    page.get_by_role("button", name="Tag the passage").click()
    expect(page.get_by_test_id("my-codings")).to_contain_text(passage, timeout=WAIT)
    if check:
        axe(page, "a story with a coded passage")


def test_done_when_a_story_goes_from_a_phone_to_a_priority_and_a_round_and_is_withdrawn_everywhere(
        page, axe, sign_in, quick_forms, patient_expect, story_team, people, user_with_role):
    page.set_default_timeout(WAIT)
    member, volunteer, coder, second = (people[key] for key in ("member", "volunteer", "coder", "second"))
    locality = story_team.locality
    idea = IdeaFactory(locality=locality, title="Repair café")
    partner = user_with_role(Role.ORGANISATION_STAFF, locality=locality)

    # 1. The team member sets up an open project taking public stories, with a triad and a dyad.
    sign_in(page, member)
    page.goto("/stories/projects/new/")
    expect(page.get_by_label("Title")).to_be_visible()
    axe(page, "starting a story project")
    page.get_by_label("Title").fill("Getting help in Shirebrook")
    page.get_by_label("The question tellers answer").fill("Tell us about a time when you got help in Shirebrook")
    page.get_by_label("Locality").select_option(label=locality.name)
    page.get_by_label("The connected team running it").select_option(label=f"{story_team.name} ({locality.name})")
    today = timezone.localdate()
    page.locator("#id_opens_on").fill(str(today.day))
    page.locator("#id_opens_on_month").fill(str(today.month))
    page.locator("#id_opens_on_year").fill(str(today.year))
    expect(page.get_by_label("Residents may tell a story on the public form")).to_be_checked()
    page.get_by_role("group", name="Gatherers").get_by_label("Val Volunteer").check()
    page.get_by_role("group", name="Coders").get_by_label("Cora Coder").check()
    page.get_by_role("group", name="Coders").get_by_label("Colin Coder").check()
    page.get_by_label("Gathering stories").check()
    page.get_by_role("button", name="Start the project").click()
    page.wait_for_url("**/stories/projects/getting-help-in-shirebrook/")
    expect(page.get_by_test_id("question")).to_be_visible()
    axe(page, "the new project's page")
    project = StoryProject.objects.get(slug="getting-help-in-shirebrook")
    slug = project.slug
    assert project.status == StoryProject.Status.OPEN
    assert project.accepts_public
    assert set(project.gatherers.all()) == {volunteer}
    assert set(project.coders.all()) == {coder, second}

    for kind, prompt, key, labels in (("Triad", "The help came from", "help", "family\ncommunity\nservices"),
                                      ("Dyad", "I felt", "felt", "alone\npart of something")):
        page.goto(f"/stories/projects/{slug}/signifiers/")
        page.get_by_role("link", name="Add a signifier").click()
        expect(page.get_by_label(kind, exact=True)).to_be_visible()
        axe(page, f"adding a {kind.lower()}")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("The question the teller answers about their story").fill(prompt)
        page.get_by_label("Short name").fill(key)
        page.get_by_label("Labels, one a line").fill(labels)
        page.get_by_role("button", name="Save the signifier").click()
        expect(page.get_by_test_id("signifiers")).to_contain_text(prompt)
    axe(page, "the project's triad and dyad")
    assert list(project.signifiers.values_list("key", flat=True).order_by("position")) == ["help", "felt"]

    # 2. A resident, signed out, tells a story on a phone with the visual controls.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/stories/tell/{slug}/")
    triangle = page.get_by_role("slider", name="The help came from")
    expect(triangle).to_be_visible()
    axe(page, "the tell-a-story form with its triad and dyad, on a phone")
    page.get_by_label("A title for your story (optional)").fill(RESIDENT_TITLE)
    page.get_by_label("Your story", exact=True).fill(RESIDENT_TEXT)
    page.get_by_role("button", name="Send your story").click()  # no consent yet
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "the tell-a-story form with the error summary")
    assert not Story.objects.exists()
    triangle = page.get_by_role("slider", name="The help came from")
    triangle.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")
    box = triangle.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.12, box["y"] + box["height"] * 0.88)  # near "community"
    assert float(page.get_by_label("community (%)").input_value()) > 70
    slider = page.get_by_role("slider", name="I felt: from alone (0) to part of something (100)")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.get_by_label("I agree to my story being used in this project").check()
    page.get_by_label("You may quote my story, without my name").check()
    page.get_by_label("You may share my story with partner organisations").check()
    axe(page, "the tell-a-story form, the controls placed")
    page.get_by_role("button", name="Send your story").click()
    link = page.get_by_test_id("private-link")
    expect(link).to_be_visible()
    axe(page, "thank you, with the private link")
    private_link = link.get_by_role("link").get_attribute("href")
    told = Story.objects.get(title=RESIDENT_TITLE)
    assert told.moderation == Story.Moderation.PENDING
    answers = {answer.signifier.key: answer for answer in told.answers.select_related("signifier")}
    assert answers["help"].b > 0.7
    assert answers["help"].a + answers["help"].b + answers["help"].c == pytest.approx(1)
    assert answers["felt"].a != pytest.approx(0.5)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. The team member approves it.
    sign_in(page, member)
    page.goto(f"/stories/projects/{slug}/")
    page.get_by_role("link", name="Stories waiting for moderation (1)").click()
    expect(page.get_by_test_id("waiting")).to_be_visible()
    axe(page, "the stories waiting for moderation")
    page.get_by_role("link", name=RESIDENT_TITLE).click()
    expect(page.get_by_test_id("story-text")).to_be_visible()
    axe(page, "moderating the resident's story")
    page.get_by_label("Yes: the project's people may see it").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("none-waiting")).to_be_visible()
    told.refresh_from_db()
    assert told.moderation == Story.Moderation.APPROVED

    # 4. The volunteer gathers three more, on a phone.
    sign_in(page, volunteer)
    page.set_viewport_size({"width": 390, "height": 844})
    gathered = {"Money advice": STORY_TOPICS["debt"], "The food parcel": STORY_TOPICS["food"],
                "Blankets": STORY_TOPICS["warm"]}
    for n, (title, text) in enumerate(gathered.items()):
        page.goto(f"/stories/projects/{slug}/gather/")
        expect(page.get_by_label("In person, to me, today")).to_be_visible()
        if n == 0:
            axe(page, "the gathering form, on a phone")
        page.get_by_label("In person, to me, today").check()
        page.locator("#id_title").fill(title)
        page.get_by_label("The story, in the teller's words").fill(f"{text} Gathered at the fun day.")
        page.get_by_label("The teller agreed to their story being used in this project").check()
        page.get_by_role("button", name="Record the story").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page).to_have_url(re.compile(r"/gather/recorded/$"))
        if n == 0:
            axe(page, "a gathered story recorded")
    assert Story.objects.filter(gathered_by=volunteer, moderation=Story.Moderation.APPROVED).count() == 3
    page.set_viewport_size({"width": 1280, "height": 900})

    # 5. Codes in the codebook (the team member), then two coders code the same two stories.
    sign_in(page, member)
    page.goto(f"/stories/projects/{slug}/codebook/")
    expect(page.get_by_role("link", name="Add a code", exact=True)).to_be_visible()
    axe(page, "the codebook, empty")
    for name, definition in (("Warm places", "Somewhere warm to go"), ("Money worries", "Debt, bills and budgets")):
        page.goto(f"/stories/projects/{slug}/codebook/")
        page.get_by_role("link", name="Add a code", exact=True).click()
        expect(page.get_by_test_id("code-form")).to_be_visible()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Definition").fill(definition)
        page.get_by_role("button", name="Add the code").click()
        expect(page.get_by_test_id("codebook")).to_contain_text(name)
    axe(page, "the codebook with two codes")

    sign_in(page, coder)
    page.goto(f"/stories/projects/{slug}/coding/")
    expect(page.get_by_test_id("stories")).to_be_visible()
    axe(page, "the stories to code")
    code_passage(page, axe, slug, RESIDENT_TITLE, "Warm places", "the warm space at the library", check=True)
    code_passage(page, axe, slug, "Money advice", "Money worries", "the money advice worker")
    sign_in(page, second)
    code_passage(page, axe, slug, RESIDENT_TITLE, "Warm places", "the warm space at the library")
    code_passage(page, axe, slug, "Money advice", "Warm places", "my council tax")
    assert Coding.objects.filter(story=told).count() == 2
    page.goto(f"/stories/projects/{slug}/coding/agreement/")
    expect(page.get_by_test_id("coders-form")).to_be_visible()
    page.get_by_label("First coder").select_option(label="Cora Coder (2 stories)")
    page.get_by_label("Second coder").select_option(label="Colin Coder (2 stories)")
    page.get_by_role("button", name="Compare them").click()
    expect(page.get_by_test_id("common")).to_have_text("They both coded 2 stories.")
    expect(page.get_by_test_id("overall")).to_contain_text(re.compile(r"kappa (-?\d\.\d\d|not defined)"))
    axe(page, "the agreement between the two coders")

    # 6. The rest of twenty stories, then themes suggested by the model, one confirmed, a priority.
    triad, dyad = project.signifiers.get(key="help"), project.signifiers.get(key="felt")
    for n in range(20):  # placed near the resident's story on both, so the patterns count it among them
        key = list(STORY_TOPICS)[n % 3]
        made = StoryFactory(project=project, title=f"Story {n}", text=f"{STORY_TOPICS[key]} This was story {n}.")
        SignifierAnswerFactory(story=made, signifier=triad, a=answers["help"].a, b=answers["help"].b,
                               c=answers["help"].c)
        SignifierAnswerFactory(story=made, signifier=dyad, a=answers["felt"].a, b=None, c=None)
    sign_in(page, member)
    page.goto(f"/stories/projects/{slug}/themes/")
    expect(page.get_by_test_id("suggest")).to_be_visible()
    axe(page, "the themes page before any suggestion")
    page.get_by_test_id("suggest").click(timeout=MODEL_WAIT)
    expect(page.get_by_test_id("themes-suggested")).to_be_visible(timeout=MODEL_WAIT)
    axe(page, "the suggested themes")
    heated = Theme.objects.filter(project=project, status=Theme.Status.SUGGESTED, memberships__story=told).first()
    assert heated is not None, "the resident's story is in a suggested theme"
    page.get_by_role("link", name=heated.label, exact=True).click()
    expect(page.get_by_test_id("decide-form")).to_be_visible()
    axe(page, "the resident's story's suggested theme")
    page.get_by_label("Confirm it (rename it by changing the label)").check()
    page.locator("#id_label").fill("Warm spaces")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("themes-confirmed")).to_contain_text("Warm spaces")
    theme_url = f"/stories/projects/{slug}/themes/{heated.uuid}/"
    page.goto(theme_url)
    expect(page.get_by_test_id("theme-stories")).to_contain_text(RESIDENT_TITLE)
    axe(page, "the confirmed theme")
    page.get_by_test_id("make-priority").click()
    expect(page.get_by_label("Title")).to_have_value("Warm spaces")
    axe(page, "making the theme a priority")
    page.get_by_label("Summary").fill("People say the warm spaces kept them going.")
    page.get_by_role("button", name="Set up the priority").click()
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    axe(page, "the priority's page")
    priority = Priority.objects.get()
    assert priority.locality == locality
    priority_url = f"/stories/priorities/{priority.uuid}/"

    page.get_by_role("link", name="Link what responds to it").click()
    expect(page.get_by_test_id("links-form")).to_be_visible()
    axe(page, "linking what responds to the priority")
    page.get_by_label("Repair café").check()
    page.get_by_role("button", name="Save the links").click()
    expect(page.get_by_test_id("responses")).to_contain_text("Repair café")
    assert list(priority.ideas.all()) == [idea]

    page.get_by_role("link", name="Take a quote from a story").click()
    axe(page, "choosing a story to quote")
    page.get_by_role("link", name=RESIDENT_TITLE).click()
    page.get_by_label("The passage to quote").fill("the warm space at the library kept us warm with soup and blankets")
    page.get_by_role("button", name="Anonymise the passage").click()
    expect(page.get_by_test_id("redacted")).to_be_visible()
    axe(page, "reviewing the quote")
    page.get_by_label("Approve it: it may be quoted as it is below").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("quote")).to_contain_text("soup and blankets")
    assert Quote.objects.get().status == Quote.Status.APPROVED

    page.goto(f"/teams/{story_team.slug}/")
    on_team_page = page.get_by_role("link", name=re.compile(r"^Warm spaces: .*stories, 1 idea linked$"))
    expect(on_team_page).to_be_visible()
    axe(page, "the team page with the priority")

    # 7. A Most Significant Change round selects the resident's story, with a reason.
    page.goto("/stories/change/new/")
    expect(page.get_by_test_id("round-form")).to_be_visible()
    axe(page, "setting up a round")
    page.get_by_label("Title").fill("Shirebrook winter")
    page.get_by_label("Connected team").check()
    page.locator("select[name=team]").select_option(label=story_team.name)
    page.locator("select[name=project]").select_option(label=project.title)
    page.get_by_role("button", name="Set up the round").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Gathering stories")
    round_url = page.url
    page.get_by_role("link", name="Put a story forward").click()
    page.get_by_label("Search the stories").fill("bus stop")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("story-choices")).to_contain_text(RESIDENT_TITLE)
    axe(page, "putting the resident's story forward")
    page.get_by_label(RESIDENT_TITLE).check()
    page.get_by_label("Changes in people's lives").check()
    page.locator("textarea[name=note]").fill("Soup and warmth for the whole street")
    page.get_by_role("button", name="Put it forward").click()
    expect(page.get_by_test_id("candidates")).to_contain_text(RESIDENT_TITLE)
    page.get_by_role("button", name="Stop gathering: the panel selects").click()
    expect(page.get_by_test_id("round-status")).to_have_text("The panel is selecting")
    page.get_by_role("link", name="Record the panel’s selections").click()
    expect(page.get_by_test_id("select-form")).to_be_visible()
    axe(page, "the panel's selections")
    page.get_by_label(RESIDENT_TITLE).check()
    page.get_by_label("Why the panel chose it in “Changes in people's lives”").fill("Warmth brought people together.")
    page.get_by_role("button", name="Save the selections").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Selections made")
    expect(page.get_by_test_id("selection")).to_contain_text(RESIDENT_TITLE)
    expect(page.get_by_test_id("selection")).to_contain_text("Warmth brought people together.")
    axe(page, "the round with its selection")
    assert MSCSelection.objects.filter(candidate__story=told).exists()

    page.goto(f"/stories/projects/{slug}/stories/?q=bus+stop")
    expect(page.get_by_test_id("story-row")).to_contain_text(RESIDENT_TITLE)
    axe(page, "the stories list, filtered")
    export = page.request.get(f"/stories/projects/{slug}/coding/export.qdpx")
    assert export.ok
    assert RESIDENT_TITLE in _zip_text(export.body())
    patterns_before = patterns_counts(page, axe, slug, "the patterns page")
    assert patterns_before == (24, 21)  # the approved stories; those placed on the triad
    sign_in(page, partner)  # organisation staff of the locality: the stories shared with partners
    page.goto("/stories/shared/")
    expect(page.get_by_test_id("shared-stories")).to_contain_text(RESIDENT_TITLE)
    axe(page, "the stories shared with partners")

    # 8. The resident withdraws it with the private link: it is gone everywhere.
    page.context.clear_cookies()
    page.goto(private_link)
    expect(page.get_by_role("heading", name="Your story", exact=True)).to_be_visible()
    axe(page, "the resident's story by the private link")
    page.get_by_role("link", name="Withdraw your story").click()
    expect(page.get_by_role("heading", name="Are you sure you want to withdraw your story?")).to_be_visible()
    axe(page, "confirming the withdrawal")
    page.get_by_role("button", name="Yes, withdraw my story").click()
    expect(page.get_by_role("heading", name="Your story has been withdrawn")).to_be_visible()
    axe(page, "withdrawn")

    sign_in(page, partner)
    page.goto("/stories/shared/")
    expect(page.get_by_test_id("none-shared")).to_be_visible()
    assert "bus stop" not in page.content()
    axe(page, "the stories shared with partners, the story gone")
    sign_in(page, member)
    page.goto(f"/stories/projects/{slug}/stories/?q=bus+stop")
    expect(page.get_by_test_id("no-stories")).to_be_visible()
    axe(page, "the stories list, the story gone")
    page.goto(f"/stories/projects/{slug}/stories/")
    expect(page.get_by_test_id("stories")).to_be_visible()
    assert RESIDENT_TITLE not in page.get_by_test_id("stories").inner_text()
    response = page.goto(f"/stories/projects/{slug}/stories/{told.uuid}/")
    assert response.status == 404
    page.goto(f"/stories/projects/{slug}/coding/")
    expect(page.get_by_test_id("stories")).to_contain_text("Money advice")
    assert RESIDENT_TITLE not in page.get_by_test_id("stories").inner_text()
    page.goto(f"/stories/projects/{slug}/coding/agreement/?first={coder.pk}&second={second.pk}")
    expect(page.get_by_test_id("common")).to_have_text("They both coded 1 story.")
    axe(page, "the agreement, over the stories left")
    page.goto(theme_url)
    expect(page.get_by_test_id("theme-stories")).to_be_visible()
    assert RESIDENT_TITLE not in page.get_by_test_id("theme-stories").inner_text()
    assert "bus stop" not in page.content()
    page.goto(round_url)
    expect(page.get_by_test_id("round-status")).to_be_visible()
    assert RESIDENT_TITLE not in page.content()
    assert "Warmth brought people together." not in page.content()
    assert not MSCSelection.objects.filter(candidate__story=told).exists()
    axe(page, "the round, the selection gone")
    export = page.request.get(f"/stories/projects/{slug}/coding/export.qdpx")
    assert export.ok
    exported = _zip_text(export.body())
    assert RESIDENT_TITLE not in exported
    assert "bus stop" not in exported
    assert "Money advice" in exported
    assert patterns_counts(page, axe, slug, "the patterns page, the story gone") == (23, 20)
    page.goto(priority_url)
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    expect(page.get_by_test_id("no-quotes")).to_be_visible()
    assert "soup and blankets" not in page.content()
    axe(page, "the priority, no quote of the story")


def patterns_counts(page, axe, slug: str, name: str) -> tuple[int, int]:
    """The patterns page's count of stories, and of those placed on the triad (its "All stories")."""
    page.goto(f"/stories/projects/{slug}/patterns/")
    expect(page.get_by_role("heading", name="Patterns across the signifiers")).to_be_visible()
    expect(page.get_by_test_id("table-help")).to_be_visible()
    axe(page, name)
    counted = re.search(r"Stories counted: ([\d,]+)", page.get_by_test_id("patterns-count").inner_text())
    total = page.get_by_test_id("table-help").get_by_role("row", name=re.compile("^All stories"))
    placed = re.search(r"([\d,]+)\s*$", total.inner_text())
    assert counted, page.get_by_test_id("patterns-count").inner_text()
    assert placed, total.inner_text()
    return int(counted.group(1).replace(",", "")), int(placed.group(1).replace(",", ""))


def _zip_text(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
