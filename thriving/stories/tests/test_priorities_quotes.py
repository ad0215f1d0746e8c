"""A priority's quotes and links: taking a passage of a consenting story (anonymised, a draft),
reviewing it side by side (an edit still holding a phone, email or postcode refused), approving or
rejecting it; a teller narrowing consent removing quotes; linking the community ideas, team
actions and asks and budget awards that respond to it, among what the person may see."""

import pytest
from django.urls import reverse

from thriving.budgets.tests.factories import AwardFactory, PotFactory
from thriving.community.tests.factories import IdeaFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.tests.factories import UserFactory
from thriving.stories.models import Quote
from thriving.stories.services import telling, withdrawal
from thriving.stories.tests.factories import PriorityFactory, StoryFactory, ThemeFactory, in_theme
from thriving.teams.tests.factories import ActionFactory, AskFactory, TeamFactory

TEXT = ("I was stuck in the flat all winter. Karen from the hub rang me on 07700 900123 and came round to "
        "12 Market Street with a heater. Now I go to the warm space every Tuesday.")


@pytest.fixture
def theme(story_project):
    return ThemeFactory(project=story_project, label="Somewhere warm to go")


@pytest.fixture
def priority(theme, story_team):
    return PriorityFactory(title="Somewhere warm", locality=story_team.locality, team=story_team, themes=[theme])


@pytest.fixture
def story(theme, story_project):
    found = StoryFactory(project=story_project, text=TEXT, teller_name="Dennis Teller", title="The heater")
    in_theme(theme, found)
    return found


def test_a_manager_takes_an_anonymised_quote_that_waits_for_review(client, story_member, priority, story):
    UserFactory(full_name="Karen Hubworker")
    client.force_login(story_member)
    url = reverse("stories:quote-new", kwargs={"uuid": priority.uuid})
    assert "The heater" in client.get(url).content.decode()
    form = client.get(url + f"?story={story.uuid}")
    assert form.status_code == 200
    assert form["Cache-Control"] == "no-store"
    passage = TEXT[36:128]  # "Karen from the hub ... with a heater."
    response = client.post(url, {"story": str(story.uuid), "passage": "  " + passage.replace("\n", "\r\n") + "\r\n"})
    quote = Quote.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stories:quote-review", kwargs={"uuid": quote.uuid})
    assert quote.status == Quote.Status.DRAFT
    assert (quote.start, quote.end) == (36, 128)
    assert quote.text == "[name] from the hub rang me on [phone] and came round to [address] with a heater."
    assert [item["kind"] for item in quote.redactions] == ["name", "phone", "address"]
    assert "07700" not in str(quote.redactions)
    assert quote.redactions[1]["start"] == TEXT.index("07700")
    assert "Karen from the hub" not in client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})
                                                  ).content.decode().split("What people said")[1].split("Quotes")[0]


def test_the_teller_name_is_taken_out_and_start_and_end_work_too(client, story_member, priority, story):
    story.text = "Dennis here. " + TEXT
    story.save()
    client.force_login(story_member)
    response = client.post(reverse("stories:quote-new", kwargs={"uuid": priority.uuid}),
                           {"story": str(story.uuid), "passage": "", "start": 0, "end": 12})
    assert response.status_code == 302
    assert Quote.objects.get().text == "[name] here."


@pytest.mark.parametrize(("sent", "message"), [
    ({"passage": "Words the teller never said"}, "The passage must be the story"),
    ({"passage": ""}, "Enter the passage to quote"),
    ({"passage": "", "start": 50, "end": 10}, "Give a start before the end"),
])
def test_a_passage_not_cut_from_the_story_is_refused(client, story_member, priority, story, sent, message):
    client.force_login(story_member)
    response = client.post(reverse("stories:quote-new", kwargs={"uuid": priority.uuid}),
                           {"story": str(story.uuid), **sent})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert message in response.content.decode()
    assert not Quote.objects.exists()


def test_a_story_whose_teller_did_not_agree_to_quoting_is_not_offered(client, story_member, priority, theme,
                                                                       story_project):
    private = StoryFactory(project=story_project, consent_quote=False, title="Not to quote")
    in_theme(theme, private)
    client.force_login(story_member)
    url = reverse("stories:quote-new", kwargs={"uuid": priority.uuid})
    assert "Not to quote" not in client.get(url).content.decode()
    assert client.get(url + f"?story={private.uuid}").status_code == 404
    assert client.post(url, {"story": str(private.uuid), "passage": private.text[:20]}).status_code == 404
    assert not Quote.objects.exists()


def test_a_withdrawn_story_cannot_be_quoted(client, story_member, priority, story):
    withdrawal.withdraw(acting_user=story_member, story=story, reason="Asked in person")
    client.force_login(story_member)
    url = reverse("stories:quote-new", kwargs={"uuid": priority.uuid})
    assert "The heater" not in client.get(url).content.decode()
    assert client.get(url + f"?story={story.uuid}").status_code == 404


@pytest.fixture
def draft(story, priority):
    return Quote.objects.create(story=story, priority=priority, start=36, end=128, text=(
        "[name] from the hub rang me on [phone] and came round to [address] with a heater."), redactions=[
        {"kind": "name", "start": 36, "end": 41, "at": 0}, {"kind": "phone", "start": 66, "end": 78, "at": 31},
        {"kind": "address", "start": 97, "end": 113, "at": 57}])


def test_the_review_shows_both_side_by_side_and_approving_publishes_it(client, story_member, priority, draft):
    client.force_login(story_member)
    url = reverse("stories:quote-review", kwargs={"uuid": draft.uuid})
    page = client.get(url)
    body = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert '<mark title="phone">07700 900123</mark>' in body
    assert "<mark>[phone]</mark>" in body
    assert AuditEvent.objects.filter(event="quote.original_viewed", action="viewed").exists()
    edited = "[name] from the hub rang me and came round with a heater."
    response = client.post(url, {"decision": "approve", "text": edited, "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.text, draft.reviewed_by) == (Quote.Status.APPROVED, edited, story_member)
    shown = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    assert edited in shown


@pytest.mark.parametrize("leak", ["ring 01246 123456", "mail karen@example.com", "at S44 6AB"])
def test_an_edit_that_still_holds_a_phone_email_or_postcode_is_refused(client, story_member, draft, leak):
    client.force_login(story_member)
    response = client.post(reverse("stories:quote-review", kwargs={"uuid": draft.uuid}),
                           {"decision": "approve", "text": f"[name] said {leak}.", "version": draft.version})
    assert response.status_code == 400
    assert "The quote still holds" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Quote.Status.DRAFT
    assert leak not in draft.text


def test_a_rejected_quote_is_shown_nowhere(client, story_member, priority, draft):
    client.force_login(story_member)
    response = client.post(reverse("stories:quote-review", kwargs={"uuid": draft.uuid}),
                           {"decision": "reject", "text": draft.text, "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Quote.Status.REJECTED
    body = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    assert "rang me on" not in body


def test_who_may_not_review(client, user_with_role, draft, priority):
    board = user_with_role(Role.BOARD_MEMBER, locality=priority.locality)
    client.force_login(board)
    assert client.get(reverse("stories:quote-review", kwargs={"uuid": draft.uuid})).status_code == 404
    other = user_with_role(Role.TEAM_MEMBER, locality=priority.locality)  # of the place, not of the team
    client.force_login(other)
    assert client.get(reverse("stories:quote-review", kwargs={"uuid": draft.uuid})).status_code == 404
    assert client.get(reverse("stories:quote-new", kwargs={"uuid": priority.uuid})).status_code == 404


def test_a_board_member_reads_approved_quotes_but_not_the_stories(client, user_with_role, priority, draft):
    draft.status = Quote.Status.APPROVED
    draft.save()
    board = user_with_role(Role.BOARD_MEMBER, locality=priority.locality)
    client.force_login(board)
    body = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    assert "rang me on [phone]" in body
    assert "07700" not in body


def test_the_teller_unticking_quoting_removes_the_quotes(story, draft):
    token = withdrawal.new_link(story)
    telling.narrow_consent(token=token, quote=False, share=False, publish=False)
    assert not Quote.objects.filter(pk=draft.pk).exists()


def test_linking_what_responds_among_what_the_person_may_see(client, story_member, priority, story_team):
    idea = IdeaFactory(locality=story_team.locality, title="Repair café")
    elsewhere = IdeaFactory(title="Far away idea")
    action = ActionFactory(team=story_team, title="Open the hall on Tuesdays")
    ask = AskFactory(team=story_team, title="Heating for the hall")
    other_team_action = ActionFactory(team=TeamFactory(locality=story_team.locality), title="Not ours")
    award = AwardFactory(pot=PotFactory(team=story_team), title="Warm hall grant")
    client.force_login(story_member)  # the team's actions and asks are its members' own
    url = reverse("stories:priority-links", kwargs={"uuid": priority.uuid})
    page = client.get(url).content.decode()
    assert "Repair café" in page
    assert "Far away idea" not in page
    assert "Not ours" not in page
    response = client.post(url, {"ideas": [str(idea.uuid)], "actions": [str(action.uuid)], "asks": [str(ask.uuid)],
                                 "awards": [str(award.uuid)], "version": priority.version})
    assert response.status_code == 302
    assert list(priority.ideas.all()) == [idea]
    assert list(priority.awards.all()) == [award]
    body = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    for linked in ("Repair café", "Open the hall on Tuesdays", "Heating for the hall", "Warm hall grant"):
        assert linked in body
    assert reverse("community:idea-manage", kwargs={"uuid": idea.uuid}) in body
    assert reverse("budgets:award", kwargs={"uuid": award.uuid}) in body
    response = client.post(url, {"ideas": [str(elsewhere.uuid)], "actions": [str(other_team_action.uuid)],
                                 "version": priority.version + 1})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert list(priority.ideas.all()) == [idea]


def test_saving_links_keeps_those_the_person_cannot_see(client, story_member, priority, story_team):
    mine = ActionFactory(team=story_team, title="Ours")
    hidden = IdeaFactory(title="A far away idea")  # another locality: not offered to the member
    priority.ideas.add(hidden)
    client.force_login(story_member)
    response = client.post(reverse("stories:priority-links", kwargs={"uuid": priority.uuid}),
                           {"actions": [str(mine.uuid)], "version": priority.version})
    assert response.status_code == 302
    assert list(priority.ideas.all()) == [hidden]
    assert list(priority.actions.all()) == [mine]
    body = client.get(reverse("stories:priority", kwargs={"uuid": priority.uuid})).content.decode()
    assert "A far away idea" not in body
