"""Setting up a story project through its pages: starting one (slug made from the title, unique,
dates in order, the person's localities and teams only, gatherers from the team), changing it
against the version read, and its signifiers (checked by kind, unique short names, one a line,
ordered, deleted only while nobody answered or the project is a draft), and the admin's same check."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from thriving.core.models import AuditEvent, Role
from thriving.places.tests.factories import LocalityFactory
from thriving.stories.admin import SignifierAdminForm
from thriving.stories.forms.signifiers import check_signifier
from thriving.stories.models import Signifier, StoryProject
from thriving.stories.tests.factories import DyadFactory, SignifierAnswerFactory, StoryFactory, TriadFactory
from thriving.teams.tests.factories import TeamFactory, TeamMemberFactory

NEW = reverse("stories:project-new")


def _project_data(of_team, **changes):
    data = {
        "title": "Getting help in Bolsover", "slug": "", "question": "Tell us about a time you got help",
        "prompt": "Anything at all", "locality": of_team.locality.pk, "team": of_team.pk,
        "opens_on_day": "1", "opens_on_month": "3", "opens_on_year": "2027",
        "closes_on_day": "30", "closes_on_month": "6", "closes_on_year": "2027",
        "consent_wording": "We keep it safe.", "accepts_public": "on", "status": "draft",
    }
    data.update(changes)
    return data


def _errors(response):
    page = response.content.decode()
    assert "govuk-error-summary" in page
    return page.split('data-testid="errors"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_a_team_member_starts_a_project_with_a_slug_from_its_title_and_manages_it(client, story_member, story_team):
    colleague = TeamMemberFactory(team=story_team).user
    client.force_login(story_member)
    form = client.get(NEW).content.decode()
    assert "We will never publish your name" in form  # the consent wording's default
    assert colleague.full_name in form
    chosen = [str(colleague.uuid)]
    response = client.post(NEW, _project_data(story_team, gatherers=chosen, coders=chosen))
    assert response.status_code == 302
    project = StoryProject.objects.get(slug="getting-help-in-bolsover")
    assert response["Location"] == reverse("stories:project", kwargs={"slug": project.slug})
    assert project.created_by == story_member
    assert project.team == story_team
    assert list(project.gatherers.all()) == [colleague]
    assert list(project.coders.all()) == [colleague]
    assert str(project.opens_on) == "2027-03-01"
    assert str(project.closes_on) == "2027-06-30"
    assert StoryProject.objects.visible_to(story_member, "manage").filter(pk=project.pk).exists()
    assert AuditEvent.objects.filter(event="story_project.created", object_id=str(project.uuid)).exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("stories:signifiers", kwargs={"slug": project.slug}) in page


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Enter the project&#x27;s title"),
    ({"slug": "getting-help-shirebrook"}, "Another project has the address"),
    ({"title": "Getting help: Shirebrook"}, "Another project has the address"),
    ({"slug": "Not a slug!"}, "Use only small letters"),
    ({"slug": "new"}, "cannot be a project"),
    ({"closes_on_day": "1", "closes_on_month": "1"}, "Closes on must be the same as or after"),
    ({"opens_on_day": "31", "opens_on_month": "2"}, "Opens on must be a real date"),
    ({"opens_on_day": "", "opens_on_month": "", "opens_on_year": ""}, "Enter the date the project opens"),
    ({"status": "live"}, "Select a valid choice"),
])
def test_starting_a_project_with_a_mistake_shows_the_error_and_saves_nothing(
        client, story_member, story_team, story_project, changes, message):
    client.force_login(story_member)
    before = StoryProject.objects.count()
    response = client.post(NEW, _project_data(story_team, **changes))
    assert response.status_code == 400
    assert message in _errors(response)
    assert StoryProject.objects.count() == before


@pytest.mark.django_db
def test_only_the_persons_own_localities_teams_and_team_people_may_be_chosen(client, story_member, story_team):
    other_team = TeamFactory()
    stranger = TeamMemberFactory(team=other_team).user
    client.force_login(story_member)
    form = client.get(NEW).content.decode()
    assert other_team.name not in form
    assert stranger.full_name not in form
    for changes in ({"team": other_team.pk}, {"locality": other_team.locality.pk, "team": ""},
                    {"gatherers": [str(stranger.uuid)]}):
        response = client.post(NEW, _project_data(story_team, **changes))
        assert response.status_code == 400
    assert not StoryProject.objects.exists()


@pytest.mark.django_db
def test_an_administrator_may_start_a_council_project_for_any_locality(client, administrator):
    locality = LocalityFactory()
    client.force_login(administrator)
    data = _project_data(TeamFactory(), locality=locality.pk, team="", title="Council stories")
    response = client.post(NEW, data)
    assert response.status_code == 302
    project = StoryProject.objects.get(slug="council-stories")
    assert project.team is None
    assert project.locality == locality


@pytest.mark.django_db
def test_a_team_member_without_a_part_may_not_change_a_project(client, user_with_role, story_project):
    outsider = user_with_role(Role.TEAM_MEMBER)
    TeamMemberFactory(team=TeamFactory(), user=outsider)
    client.force_login(outsider)
    url = reverse("stories:project-edit", kwargs={"slug": story_project.slug})
    assert client.get(url).status_code == 404
    assert client.post(url, _project_data(story_project.team, version=story_project.version)).status_code == 404
    assert client.get(reverse("stories:signifiers", kwargs={"slug": story_project.slug})).status_code == 404


@pytest.mark.django_db
def test_a_manager_changes_the_project_and_a_stale_version_is_refused(client, story_member, story_project):
    client.force_login(story_member)
    url = reverse("stories:project-edit", kwargs={"slug": story_project.slug})
    page = client.get(url).content.decode()
    assert story_project.question in page.replace("&#x27;", "'")
    data = _project_data(story_project.team, title="Help in Shirebrook", slug=story_project.slug, status="open",
                         version=story_project.version)
    response = client.post(url, data)
    assert response.status_code == 302
    story_project.refresh_from_db()
    assert story_project.title == "Help in Shirebrook"
    assert story_project.version == 2
    stale = client.post(url, {**data, "title": "Someone else's title"})
    assert stale.status_code == 409
    assert "Someone else changed this project first" in stale.content.decode()
    story_project.refresh_from_db()
    assert story_project.title == "Help in Shirebrook"


# --- Signifiers ---------------------------------------------------------------------------------


def _signifier_url(project, name="stories:signifier-new", signifier=None):
    kwargs = {"slug": project.slug}
    if signifier is not None:
        kwargs["uuid"] = signifier.uuid
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_a_manager_adds_signifiers_one_a_line_trimmed_in_order(client, story_member, story_project):
    client.force_login(story_member)
    url = _signifier_url(story_project)
    response = client.post(url, {"kind": "triad", "prompt": "The help came from…", "key": "help-came-from",
                                 "labels": "  family and friends \n\nthe community\r\nservices\n", "required": "on"})
    assert response.status_code == 302
    client.post(url, {"kind": "choice", "prompt": "What helped?", "key": "what-helped",
                      "options": "A neighbour\nThe council", "allow_many": "on"})
    client.post(url, {"kind": "dyad", "prompt": "I felt…", "key": "felt", "labels": "alone\npart of something",
                      "allow_many": "on"})
    triad, choice, dyad = Signifier.objects.filter(project=story_project).order_by("position")
    assert triad.labels == ["family and friends", "the community", "services"]
    assert triad.required
    assert choice.options == ["A neighbour", "The council"]
    assert choice.allow_many
    assert not dyad.allow_many  # only a multiple choice allows many
    assert [triad.position, choice.position, dyad.position] == [0, 1, 2]
    listing = client.get(_signifier_url(story_project, "stories:signifiers")).content.decode()
    assert listing.index("The help came from") < listing.index("What helped?") < listing.index("I felt")

    client.post(_signifier_url(story_project, "stories:signifier-move", dyad), {"direction": "up"})
    client.post(_signifier_url(story_project, "stories:signifier-move", triad), {"direction": "up"})  # already first
    assert list(Signifier.objects.filter(project=story_project).order_by("position").values_list("key", flat=True)) \
        == ["help-came-from", "felt", "what-helped"]


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "triad", "labels": "one\ntwo"}, "A triad needs exactly three labels"),
    ({"kind": "dyad", "labels": "one\ntwo\nthree"}, "A dyad needs exactly two labels"),
    ({"kind": "stones", "labels": "a\nb\nc", "options": "x\ny"}, "Stones need exactly four labels"),
    ({"kind": "stones", "labels": "a\nb\nc\nd", "options": "x"}, "Stones need at least two items"),
    ({"kind": "choice", "options": "only one"}, "A multiple choice needs at least two options"),
    ({"kind": "demographic", "options": ""}, "A question about the teller needs at least two options"),
    ({"kind": "choice", "options": "Yes\nyes"}, "must not repeat: yes"),
    ({"kind": "triad", "labels": "a\nb\nc", "options": "x\ny"}, "has no options"),
    ({"kind": "choice", "labels": "a", "options": "x\ny"}, "has no labels"),
    ({"kind": "dyad", "labels": "a\nb", "key": "help-came-from"}, "Another signifier of this project has this"),
    ({"kind": "dyad", "labels": "a\nb", "key": "Not OK"}, "Use only small letters"),
    ({"kind": "", "labels": "a\nb"}, "Choose what kind of signifier it is"),
])
def test_a_signifier_with_a_mistake_shows_the_error_and_saves_nothing(client, story_member, story_project, data,
                                                                       message):
    TriadFactory(project=story_project, key="help-came-from")
    client.force_login(story_member)
    response = client.post(_signifier_url(story_project), {"prompt": "A question", "key": "a-question", **data})
    assert response.status_code == 400
    assert message in _errors(response)
    assert Signifier.objects.filter(project=story_project).count() == 1


@pytest.mark.django_db
def test_a_manager_changes_a_signifier_against_the_version_read(client, story_member, story_project):
    dyad = DyadFactory(project=story_project)
    client.force_login(story_member)
    url = _signifier_url(story_project, "stories:signifier-edit", dyad)
    assert "on my own\npart of something" in client.get(url).content.decode()
    data = {"kind": "dyad", "prompt": "I felt…", "key": dyad.key, "labels": "alone\ntogether", "version": dyad.version}
    assert client.post(url, data).status_code == 302
    dyad.refresh_from_db()
    assert dyad.labels == ["alone", "together"]
    stale = client.post(url, {**data, "labels": "x\ny"})
    assert stale.status_code == 409
    dyad.refresh_from_db()
    assert dyad.labels == ["alone", "together"]


@pytest.mark.django_db
def test_an_answered_signifier_is_kept_unless_the_project_is_a_draft(client, story_member, story_project):
    triad = TriadFactory(project=story_project)
    SignifierAnswerFactory(story=StoryFactory(project=story_project), signifier=triad)
    client.force_login(story_member)
    url = _signifier_url(story_project, "stories:signifier-delete", triad)
    assert "cannot be deleted" in client.get(url).content.decode()
    refused = client.post(url)
    assert refused.status_code == 400
    assert "Tellers have answered this signifier" in refused.content.decode()
    assert Signifier.objects.filter(pk=triad.pk).exists()

    story_project.status = StoryProject.Status.DRAFT
    story_project.save()
    assert "will be deleted too" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Signifier.objects.filter(pk=triad.pk).exists()
    assert AuditEvent.objects.filter(event="story_signifier.deleted").exists()


@pytest.mark.django_db
def test_an_option_a_teller_chose_stays_unless_the_project_is_a_draft(client, story_member, story_project):
    choice = Signifier.objects.create(project=story_project, kind=Signifier.Kind.CHOICE, key="about",
                                      prompt="What was it about?", options=["Money", "Housing", "Health"])
    SignifierAnswerFactory(story=StoryFactory(project=story_project), signifier=choice, item="Housing",
                           a=None, b=None, c=None)
    client.force_login(story_member)
    url = _signifier_url(story_project, "stories:signifier-edit", choice)
    data = {"kind": "choice", "prompt": "What was it about?", "key": "about", "version": choice.version}
    refused = client.post(url, {**data, "options": "Money\nHealth"})
    assert refused.status_code == 400
    assert "Tellers have chosen “Housing”" in refused.content.decode()
    choice.refresh_from_db()
    assert choice.options == ["Money", "Housing", "Health"]
    assert client.post(url, {**data, "options": "Money\nHousing\nHealth\nFood"}).status_code == 302
    choice.refresh_from_db()
    assert choice.options == ["Money", "Housing", "Health", "Food"]

    story_project.status = StoryProject.Status.DRAFT
    story_project.save()
    assert client.post(url, {**data, "version": choice.version, "options": "Money\nHealth"}).status_code == 302


@pytest.mark.django_db
def test_an_unanswered_signifier_of_an_open_project_is_deleted(client, story_member, story_project):
    dyad = DyadFactory(project=story_project)
    client.force_login(story_member)
    assert client.post(_signifier_url(story_project, "stories:signifier-delete", dyad)).status_code == 302
    assert not Signifier.objects.filter(pk=dyad.pk).exists()


@pytest.mark.django_db
def test_a_coder_may_not_set_up_signifiers(client, user_with_role, story_project):
    coder = user_with_role(Role.TEAM_MEMBER)
    story_project.coders.add(coder)
    dyad = DyadFactory(project=story_project)
    client.force_login(coder)
    assert client.get(_signifier_url(story_project)).status_code == 404
    assert client.post(_signifier_url(story_project, "stories:signifier-delete", dyad)).status_code == 404
    assert Signifier.objects.filter(pk=dyad.pk).exists()


def test_the_admin_uses_the_same_check():
    assert check_signifier("triad", ["a", "b"], []) == {
        "labels": ["A triad needs exactly three labels, one a line: its three corners (there are 2)"]}
    assert check_signifier("dyad", ["a", " b"], [])["labels"] == [
        "The labels must have no blank lines or spaces at either end"]
    assert check_signifier("stones", ["a", "b", "c", "d"], ["x", "y"]) == {}


@pytest.mark.django_db
def test_the_admin_form_refuses_a_triad_with_two_labels(story_project):
    form = SignifierAdminForm(data={"position": 0, "kind": "triad", "key": "k", "prompt": "p",
                                    "labels": '["a", "b"]', "options": "[]"})
    assert not form.is_valid()
    assert "A triad needs exactly three labels" in str(form.errors["labels"])


@pytest.mark.browser
def test_a_team_member_sets_up_a_project_in_the_browser_with_axe_on_every_page(page, axe, sign_in, story_member):
    sign_in(page, story_member)
    page.goto(NEW)
    axe(page, "starting a story project")
    page.get_by_role("button", name="Start the project").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page, "starting a story project, with errors")
    page.get_by_label("Title").fill("Getting help in Langwith")
    page.get_by_label("The question tellers answer").fill("Tell us about a time you got help")
    page.get_by_label("Locality").select_option(index=1)
    page.locator("#id_opens_on").fill("1")
    page.locator("#id_opens_on_month").fill("3")
    page.locator("#id_opens_on_year").fill("2027")
    page.get_by_role("button", name="Start the project").click()
    page.wait_for_url("**/stories/projects/getting-help-in-langwith/")
    page.get_by_role("link", name="Signifiers", exact=True).click()
    axe(page, "a project's signifiers, none yet")
    page.get_by_role("link", name="Add a signifier").click()
    page.get_by_label("Dyad").check()
    page.get_by_label("The question the teller answers about their story").fill("In this story, I felt…")
    page.get_by_label("Short name").fill("felt")
    page.get_by_label("Labels, one a line").fill("on my own")
    page.get_by_role("button", name="Save the signifier").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("A dyad needs exactly two labels")
    axe(page, "adding a signifier, with an error")
    page.get_by_label("Labels, one a line").fill("on my own\npart of something")
    page.get_by_role("button", name="Save the signifier").click()
    expect(page.get_by_test_id("signifier-row")).to_contain_text("In this story, I felt…")
    axe(page, "a project's signifiers")
    assert Signifier.objects.get(key="felt").labels == ["on my own", "part of something"]
