"""Most Significant Change rounds through their pages: the rounds by status, setting one up (with
its mistakes), a round's page with its candidates (quoted only with consent), putting a story
forward and taking it out, stopping the gathering, and who may not."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import MSCCandidate, MSCDomain, MSCRound
from thriving.stories.queries.msc import DEFAULT_DOMAINS
from thriving.stories.tests.factories import (
    MSCCandidateFactory,
    MSCDomainFactory,
    MSCRoundFactory,
    StoryFactory,
    StoryProjectFactory,
)
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory


@pytest.fixture
def team_round(story_team, story_project, story_member):
    made = MSCRoundFactory(title="Shirebrook spring", team=story_team, project=story_project)
    MSCDomainFactory(round=made, name="Changes in people's lives", position=0)
    MSCDomainFactory(round=made, name="Changes in the community", position=1)
    return made


@pytest.fixture
def colleague(user_with_role, story_team):
    """Another member of the story team, for the panel."""
    user = user_with_role(Role.TEAM_MEMBER, locality=story_team.locality)
    user.full_name = "Priya Panel"
    user.save()
    TeamMemberFactory(team=story_team, user=user)
    return user


@pytest.fixture
def outsider(user_with_role):
    """A member of another team, in another locality."""
    team = TeamFactory(name="Elsewhere Team")
    user = user_with_role(Role.TEAM_MEMBER, locality=team.locality)
    TeamMemberFactory(team=team, user=user)
    return user


def _new_round_data(story_team, **more):
    data = {"title": "Shirebrook autumn", "level": "team", "team": story_team.slug,
            "domains": "\n".join(DEFAULT_DOMAINS)}
    data.update(more)
    return data


@pytest.mark.django_db
def test_rounds_page_lists_the_rounds_one_may_see_by_status(client, story_member, team_round, outsider):
    MSCRoundFactory(title="Elsewhere round")
    client.force_login(story_member)
    page = client.get(reverse("stories:rounds")).content.decode()
    assert "Shirebrook spring" in page
    assert "Elsewhere round" not in page
    assert "Gathering stories" in page
    assert "Set up a round" in page
    client.force_login(outsider)
    assert "Shirebrook spring" not in client.get(reverse("stories:rounds")).content.decode()


@pytest.mark.django_db
def test_the_rounds_page_reads_in_a_fixed_number_of_queries(client, story_member, story_team,
                                                            django_assert_max_num_queries):
    for i in range(5):
        domain = MSCDomainFactory(round=MSCRoundFactory(team=story_team, title=f"Round {i}"))
        MSCCandidateFactory(domain=domain)
    client.force_login(story_member)
    client.get(reverse("stories:rounds"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("stories:rounds")).status_code == 200


@pytest.mark.django_db
def test_board_members_see_board_rounds_but_not_a_teams(client, user_with_role, team_round):
    MSCRoundFactory(title="Board spring", level="board", team=None, locality=None)
    board = user_with_role(Role.BOARD_MEMBER)
    client.force_login(board)
    page = client.get(reverse("stories:rounds")).content.decode()
    assert "Board spring" in page
    assert "Shirebrook spring" not in page
    assert "Set up a round" not in page
    assert client.get(reverse("stories:round", kwargs={"uuid": team_round.uuid})).status_code == 404
    assert client.get(reverse("stories:round-new")).status_code == 403


@pytest.mark.django_db
def test_set_up_a_team_round_with_its_panel_domains_and_the_round_above(client, story_member, story_team,
                                                                         story_project, colleague, administrator):
    above = MSCRoundFactory(title="Locality autumn", level="locality", team=None, locality=story_team.locality,
                            created_by=administrator)
    client.force_login(story_member)
    form = client.get(reverse("stories:round-new")).content.decode()
    assert "Changes in how we work together" in form
    assert "Priya Panel" in form
    response = client.post(reverse("stories:round-new"), _new_round_data(
        story_team, project=story_project.slug, panel=[str(colleague.uuid)], meets_on="2027-04-01",
        passes_to=str(above.uuid)))
    assert response.status_code == 302
    made = MSCRound.objects.get(title="Shirebrook autumn")
    assert response["Location"] == reverse("stories:round", kwargs={"uuid": made.uuid})
    assert (made.level, made.team, made.locality, made.project, made.passes_to) == (
        "team", story_team, story_team.locality, story_project, above)
    assert list(made.panel.all()) == [colleague]
    assert list(made.domains.values_list("name", flat=True)) == list(DEFAULT_DOMAINS)
    assert AuditEvent.objects.filter(event="msc_round.created", object_id=str(made.uuid)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Locality autumn" in page
    assert "Priya Panel" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "message"), [
    ({"title": ""}, "Enter a title for the round"),
    ({"team": ""}, "Choose the team whose round it is"),
    ({"domains": "  \n "}, "Give the round at least one domain of change"),
    ({"level": ""}, "Choose the level of the round"),
    ({"meets_on": "not a date"}, "Enter the date the panel meets as a real date"),
])
def test_set_up_mistakes_show_the_error_summary_and_save_nothing(client, story_member, story_team, change, message):
    client.force_login(story_member)
    response = client.post(reverse("stories:round-new"), _new_round_data(story_team, **change))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not MSCRound.objects.exists()
    assert not MSCDomain.objects.exists()


@pytest.mark.django_db
def test_set_up_refuses_a_panel_from_outside_the_team(client, story_member, story_team, user_with_role):
    board = user_with_role(Role.BOARD_MEMBER)
    other_team = TeamFactory(locality=story_team.locality)
    stranger = user_with_role(Role.TEAM_MEMBER, locality=story_team.locality)
    TeamMemberFactory(team=other_team, user=stranger)
    client.force_login(story_member)
    response = client.post(reverse("stories:round-new"), _new_round_data(story_team, panel=[str(stranger.uuid)]))
    assert response.status_code == 400
    assert not MSCRound.objects.exists()
    # A person offered for no group at all is not a choice.
    response = client.post(reverse("stories:round-new"), _new_round_data(story_team, panel=[str(board.uuid)]))
    assert response.status_code == 400
    assert not MSCRound.objects.exists()


@pytest.mark.django_db
def test_set_up_checks_the_level_order_of_the_round_above(client, administrator, story_team):
    board_round = MSCRoundFactory(title="Board", level="board", team=None, locality=None)
    locality_round = MSCRoundFactory(title="Locality", level="locality", team=None, locality=story_team.locality)
    other_locality_round = MSCRoundFactory(title="Far locality", level="locality", team=None,
                                           locality=TeamFactory().locality)
    client.force_login(administrator)
    url = reverse("stories:round-new")
    response = client.post(url, _new_round_data(story_team, passes_to=str(board_round.uuid)))
    assert response.status_code == 400
    assert "passes up to a locality round" in response.content.decode()
    response = client.post(url, _new_round_data(story_team, passes_to=str(other_locality_round.uuid)))
    assert "its own locality" in response.content.decode()
    response = client.post(url, _new_round_data(story_team, title="Locality up", level="locality", team="",
                                                locality=story_team.locality.slug, passes_to=str(locality_round.uuid)))
    assert "passes up to a partnership board round" in response.content.decode()
    response = client.post(url, _new_round_data(story_team, title="Board two", level="board", team="",
                                                passes_to=str(board_round.uuid)))
    assert "passes to no other round" in response.content.decode()
    assert MSCRound.objects.count() == 3
    response = client.post(url, _new_round_data(story_team, title="Locality up", level="locality", team="",
                                                locality=story_team.locality.slug, passes_to=str(board_round.uuid)))
    assert response.status_code == 302
    assert MSCRound.objects.get(title="Locality up").passes_to == board_round


@pytest.mark.django_db
def test_a_team_member_may_not_set_up_a_round_for_another_team_nor_the_board(client, story_member, story_team):
    client.force_login(story_member)
    other = TeamFactory(locality=story_team.locality)
    assert client.post(reverse("stories:round-new"), _new_round_data(other)).status_code == 400
    assert client.post(reverse("stories:round-new"), _new_round_data(story_team, level="board", team="")) \
        .status_code == 400
    assert not MSCRound.objects.exists()


@pytest.mark.django_db
def test_round_page_quotes_only_with_consent_and_shows_where_a_story_came_from(client, story_member, team_round,
                                                                             story_project):
    lives = team_round.domains.get(position=0)
    quoted = StoryFactory(project=story_project, title="The warm space", text="We sat in the warm all winter.")
    unquoted = StoryFactory(project=story_project, title="Our own words", text="Please keep these words private.",
                            consent_quote=False)
    MSCCandidateFactory(domain=lives, story=quoted, note="It changed a whole street")
    MSCCandidateFactory(domain=lives, story=unquoted)
    client.force_login(story_member)
    page = client.get(reverse("stories:round", kwargs={"uuid": team_round.uuid})).content.decode()
    assert "The warm space" in page
    assert "We sat in the warm all winter." in page
    assert "It changed a whole street" in page
    assert "Our own words" in page
    assert "Please keep these words private." not in page
    assert "Not to be quoted" in page
    assert "No stories put forward yet." in page  # the community domain


@pytest.mark.django_db
def test_put_a_story_forward_with_search_and_take_it_out(client, story_member, team_round, story_project):
    StoryFactory(project=story_project, title="The food bank", text="They gave us a parcel and a kind word.")
    boiler = StoryFactory(project=story_project, title="The boiler", text="The boiler broke in January.")
    StoryFactory(project=StoryProjectFactory(), title="Another project's story")
    StoryFactory(project=story_project, title="Waiting one", moderation="pending")
    client.force_login(story_member)
    url = reverse("stories:round-candidate-add", kwargs={"uuid": team_round.uuid})
    page = client.get(url).content.decode()
    assert "The food bank" in page
    assert "The boiler" in page
    assert "Another project's story" not in page
    assert "Waiting one" not in page
    searched = client.get(url, {"q": "january"}).content.decode()
    assert "The boiler" in searched
    assert "The food bank" not in searched
    lives = team_round.domains.get(position=0)
    response = client.post(url, {"story": str(boiler.uuid), "domain": str(lives.uuid), "note": "Warmth matters"})
    assert response.status_code == 302
    candidate = MSCCandidate.objects.get()
    assert (candidate.domain, candidate.story, candidate.note, candidate.created_by) == (
        lives, boiler, "Warmth matters", story_member)
    again = client.post(url, {"story": str(boiler.uuid), "domain": str(lives.uuid)})
    assert again.status_code == 400
    assert "already put forward" in again.content.decode()
    remove = reverse("stories:round-candidate-remove", kwargs={"uuid": team_round.uuid, "candidate": candidate.uuid})
    assert client.post(remove).status_code == 302
    assert not MSCCandidate.objects.exists()


@pytest.mark.django_db
def test_put_forward_mistakes_and_stories_one_may_not_choose(client, story_member, team_round, story_project):
    elsewhere = StoryFactory(project=StoryProjectFactory(), title="Another project's story")
    lives = team_round.domains.get(position=0)
    client.force_login(story_member)
    url = reverse("stories:round-candidate-add", kwargs={"uuid": team_round.uuid})
    response = client.post(url, {"domain": str(lives.uuid)})
    assert response.status_code == 400
    assert "Choose the story to put forward" in response.content.decode()
    response = client.post(url, {"story": str(elsewhere.uuid), "domain": str(lives.uuid)})
    assert response.status_code == 400
    assert "Choose one of the stories listed" in response.content.decode()
    assert not MSCCandidate.objects.exists()


@pytest.mark.django_db
def test_stop_gathering_needs_a_story_and_the_version_read(client, story_member, team_round, story_project):
    client.force_login(story_member)
    url = reverse("stories:round-status", kwargs={"uuid": team_round.uuid})
    empty = client.post(url, {"version": team_round.version})
    assert empty.status_code == 400
    assert "Put at least one story forward" in empty.content.decode()
    MSCCandidateFactory(domain=team_round.domains.first(), story=StoryFactory(project=story_project))
    assert client.post(url, {"version": team_round.version + 3}).status_code == 409
    assert client.post(url, {"version": team_round.version}).status_code == 302
    team_round.refresh_from_db()
    assert team_round.status == MSCRound.Status.SELECTING
    # No more stories put forward once the panel selects.
    add = reverse("stories:round-candidate-add", kwargs={"uuid": team_round.uuid})
    story = StoryFactory(project=story_project)
    response = client.post(add, {"story": str(story.uuid), "domain": str(team_round.domains.first().uuid)})
    assert response.status_code == 400
    assert MSCCandidate.objects.count() == 1


@pytest.mark.django_db
def test_who_may_not(client, outsider, user_with_role, story_project, team_round, colleague):
    MSCCandidateFactory(domain=team_round.domains.first(), story=StoryFactory(project=story_project))
    client.force_login(outsider)
    for name in ("stories:round", "stories:round-candidate-add", "stories:round-select"):
        assert client.get(reverse(name, kwargs={"uuid": team_round.uuid})).status_code == 404
    assert client.post(reverse("stories:round-pass-up", kwargs={"uuid": team_round.uuid})).status_code == 404
    # A coder of the project sees the round but may not put stories forward.
    coder = user_with_role(Role.TEAM_MEMBER, locality=story_project.locality)
    story_project.coders.add(coder)
    client.force_login(coder)
    assert client.get(reverse("stories:round", kwargs={"uuid": team_round.uuid})).status_code == 200
    assert client.get(reverse("stories:round-candidate-add", kwargs={"uuid": team_round.uuid})).status_code == 404
    # A panel member from the board puts forward and selects, but does not manage the round.
    board = user_with_role(Role.BOARD_MEMBER)
    team_round.panel.add(board)
    client.force_login(board)
    assert client.get(reverse("stories:round-candidate-add", kwargs={"uuid": team_round.uuid})).status_code == 200
    assert client.post(reverse("stories:round-pass-up", kwargs={"uuid": team_round.uuid})).status_code == 404
    client.logout()
    assert client.get(reverse("stories:rounds")).status_code == 302


@pytest.mark.django_db
def test_an_enabler_sets_up_a_locality_round_with_its_people_and_a_board_round(client, user_with_role, story_team,
                                                                                story_member, outsider):
    enabler = user_with_role(Role.ENABLER, locality=story_team.locality)
    board = user_with_role(Role.BOARD_MEMBER)
    client.force_login(enabler)
    url = reverse("stories:round-new")
    board_data = _new_round_data(story_team, title="Board spring", level="board", team="", panel=[str(board.uuid)])
    assert client.post(url, board_data).status_code == 302
    top = MSCRound.objects.get(title="Board spring")
    assert (top.team, top.locality, list(top.panel.all())) == (None, None, [board])
    data = _new_round_data(story_team, title="Locality spring", level="locality", team="",
                           locality=story_team.locality.slug, passes_to=str(top.uuid))
    assert client.post(url, {**data, "panel": [str(outsider.uuid)]}).status_code == 400
    assert client.post(url, {**data, "panel": [str(story_member.uuid)]}).status_code == 302
    made = MSCRound.objects.get(title="Locality spring")
    assert (made.level, made.locality, made.passes_to, list(made.panel.all())) == (
        "locality", story_team.locality, top, [story_member])
    # The panel member sees the round and may put stories forward; the board member sees the board's.
    client.force_login(story_member)
    assert client.get(reverse("stories:round-candidate-add", kwargs={"uuid": made.uuid})).status_code == 200
    client.force_login(board)
    assert client.get(reverse("stories:round", kwargs={"uuid": top.uuid})).status_code == 200


@pytest.mark.django_db
def test_the_round_page_reads_in_a_fixed_number_of_queries(client, story_member, team_round, story_project,
                                                           django_assert_max_num_queries):
    for domain in team_round.domains.all():
        for _ in range(4):
            MSCCandidateFactory(domain=domain, story=StoryFactory(project=story_project))
    client.force_login(story_member)
    url = reverse("stories:round", kwargs={"uuid": team_round.uuid})
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
