"""Community ideas: a resident proposes one (no account, idempotent, area from a postcode), the
public list shows ideas being worked on without names, and facilitators assign, move stages,
log support and link sessions, with stale edits refused and each look at a contact audited."""

import pytest
from django.urls import reverse

from thriving.community.models import Idea, IdeaSupport
from thriving.community.tests.factories import IdeaFactory, LocalNetFactory, LocalNetSessionFactory
from thriving.core.models import AuditEvent, Role
from thriving.core.public_forms import make_token
from thriving.places.tests.factories import AreaFactory, LocalityFactory, PostcodeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_time_trap")]

ORGANISERS = [Role.TEAM_MEMBER, Role.ENABLER, Role.HUB_WORKER, Role.COACH, Role.ADMINISTRATOR]
OTHERS = [Role.ORGANISATION_STAFF, Role.ANALYST, Role.BOARD_MEMBER, Role.AMBASSADOR]


@pytest.fixture
def facilitator(client, user_with_role):
    user = user_with_role(Role.TEAM_MEMBER)
    client.force_login(user)
    return user


def propose(client, token=None, **answers):
    data = {"title": "Repair café", "description": "Fix things together once a month.", "locality": "",
            "postcode": "", "name": "Ada Example", "email": "", "phone": "", "token": token or make_token(),
            **answers}
    return client.post(reverse("community:idea-propose"), data)


def idea_url(name: str, idea) -> str:
    return reverse(f"community:{name}", kwargs={"uuid": idea.uuid})


# --- Residents ----------------------------------------------------------------------------------


def test_the_form_says_how_contact_details_are_used(client):
    page = client.get(reverse("community:idea-propose"))
    assert page.status_code == 200
    assert "only the staff supporting community ideas in your area will see them" in page.content.decode()


def test_a_resident_proposes_an_idea_with_their_area(client, cotmanhay):
    response = propose(client, locality="cotmanhay", email="ada@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("community:idea-sent")
    idea = Idea.objects.get()
    assert (idea.locality, idea.stage, idea.proposer_name, idea.proposer_email, idea.proposed_by) == (
        cotmanhay, Idea.Stage.PROPOSED, "Ada Example", "ada@example.org", None)
    assert list(idea.log.values_list("kind", flat=True)) == [IdeaSupport.Kind.PROPOSED]
    event = AuditEvent.objects.get(event="idea.created")
    assert (event.subject, event.actor_label) == ("Ada Example", "public form")
    assert "Thank you: your idea has been sent" in client.get(response["Location"]).content.decode()


def test_the_area_is_found_from_a_postcode(client, cotmanhay):
    assert propose(client, postcode="de78qa").status_code == 302
    assert Idea.objects.get().locality == cotmanhay


@pytest.mark.parametrize(("postcode", "message"), [
    ("", "Choose your area, or enter your postcode"),
    ("NOTAPOST", "Enter a real postcode"),
    ("NG1 1AA", "We do not know the postcode NG1 1AA. Check it is right. Thriving covers Derby and Derbyshire. "
                "Choose your area from the list instead."),
], ids=["none", "malformed", "unknown"])
def test_an_area_is_needed(client, cotmanhay, postcode, message):
    response = propose(client, postcode=postcode)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.parametrize("postcode", ["de78qa", "DE7 8QA", "  de7     8qa  ", "De7 8qA"])
def test_a_real_postcode_is_taken_in_any_spelling(client, cotmanhay, postcode):
    assert propose(client, postcode=postcode).status_code == 302
    assert Idea.objects.get().locality == cotmanhay


def test_a_postcode_in_no_locality_goes_to_the_nearest_and_says_so(client, cotmanhay):
    """DE7 4AA is about 2.7 km south of the test Cotmanhay (a small square around 52.99, -1.31)."""
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    response = propose(client, postcode="de7 4aa")
    assert response.status_code == 302
    assert Idea.objects.get().locality == cotmanhay
    sent = client.get(response["Location"]).content.decode()
    assert ("DE7 4AA is not in one of our areas yet, so your idea has gone to the team for Cotmanhay, "
            "the nearest area (1.7 miles (2.7 km) away).") in sent


@pytest.mark.parametrize("postcode", ["DE7 4AA", "NG1 1AA", "de74aa"])
def test_a_chosen_area_is_taken_whatever_the_postcode(client, cotmanhay, postcode):
    """The postcode only helps find the area: once one is chosen, a real postcode outside it (or one
    Thriving does not know) is no reason to refuse the idea."""
    PostcodeFactory(postcode="DE7 4AA", area=AreaFactory(), lat=52.96031, lng=-1.30417)
    elsewhere = LocalityFactory(name="Shirebrook", slug="shirebrook")
    response = propose(client, postcode=postcode, locality="shirebrook")
    assert response.status_code == 302, response.content.decode()
    assert Idea.objects.get().locality == elsewhere
    assert "Your idea is for Shirebrook." in client.get(response["Location"]).content.decode()


def test_sending_the_same_form_twice_makes_one_idea(client, cotmanhay):
    token = make_token()
    assert propose(client, token=token, locality="cotmanhay").status_code == 302
    assert propose(client, token=token, locality="cotmanhay").status_code == 302
    assert Idea.objects.count() == 1
    assert propose(client, locality="cotmanhay").status_code == 302  # a new form is a new idea
    assert Idea.objects.count() == 2


def test_every_mistake_is_reported_at_once_and_nothing_is_saved(client, cotmanhay):
    response = propose(client, title="", description="", name="", email="nope", phone="1", locality="cotmanhay")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "description", "name", "email", "phone"}
    assert "govuk-error-summary" in response.content.decode()
    assert not Idea.objects.exists()


def test_robots_see_the_confirmation_and_nothing_is_saved(client, cotmanhay, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    assert propose(client, locality="cotmanhay", website="spam").status_code == 302
    assert not Idea.objects.exists()


def test_a_quick_person_is_told_and_sends_again(client, cotmanhay, settings):
    settings.FRONTDOOR_MIN_SECONDS = 3600
    response = propose(client, locality="cotmanhay", title="Repair café")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was sent very quickly after it was shown" in html
    assert 'value="Repair café"' in html
    assert not Idea.objects.exists()
    settings.FRONTDOOR_MIN_SECONDS = 0
    assert propose(client, locality="cotmanhay").status_code == 302
    assert Idea.objects.count() == 1


def test_proposing_is_rate_limited(client, cotmanhay, settings):
    settings.FRONTDOOR_ASK_RATE = "1/h"
    propose(client, locality="cotmanhay")
    assert propose(client, locality="cotmanhay").status_code == 429
    assert Idea.objects.count() == 1


def test_the_public_list_shows_ideas_being_worked_on_without_names(client, cotmanhay):
    IdeaFactory(title="Just proposed", locality=cotmanhay)
    IdeaFactory(title="Community fridge", locality=cotmanhay, stage=Idea.Stage.RUNNING,
                proposer_name="Ada Example", proposer_email="ada@example.org")
    IdeaFactory(title="Elsewhere walk", stage=Idea.Stage.EXPLORING)
    page = client.get(reverse("community:ideas")).content.decode()
    assert "Community fridge" in page
    assert "Elsewhere walk" in page
    assert "Just proposed" not in page
    assert "Ada Example" not in page
    assert "ada@example.org" not in page
    only = client.get(reverse("community:ideas"), {"locality": "cotmanhay"})
    assert [i.title for i in only.context["ideas"]] == ["Community fridge"]


# --- Facilitators --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ORGANISERS + OTHERS)
def test_only_organisers_facilitate_ideas(client, user_with_role, role):
    idea = IdeaFactory()
    client.force_login(user_with_role(role))
    expected = 200 if role in ORGANISERS else 403
    for address in (reverse("community:ideas-manage"), reverse("community:idea-new"), idea_url("idea-manage", idea)):
        assert client.get(address).status_code == expected, address


def test_the_list_filters_by_stage_locality_and_mine(client, facilitator, cotmanhay):
    mine = IdeaFactory(title="Mine", locality=cotmanhay, facilitator=facilitator, stage=Idea.Stage.EXPLORING)
    IdeaFactory(title="Not mine", locality=cotmanhay)
    IdeaFactory(title="Elsewhere", stage=Idea.Stage.EXPLORING)

    def titles(**query):
        return sorted(i.title for i in client.get(reverse("community:ideas-manage"), query).context["ideas"])

    assert titles() == ["Elsewhere", "Mine", "Not mine"]
    assert titles(stage="exploring") == ["Elsewhere", "Mine"]
    assert titles(locality="cotmanhay") == ["Mine", "Not mine"]
    assert titles(mine="on") == [mine.title]


def test_a_facilitator_in_one_locality_sees_its_ideas_only(client, user_with_role, cotmanhay):
    IdeaFactory(title="Here", locality=cotmanhay)
    elsewhere = IdeaFactory(title="Elsewhere")
    client.force_login(user_with_role(Role.TEAM_MEMBER, locality=cotmanhay))
    assert [i.title for i in client.get(reverse("community:ideas-manage")).context["ideas"]] == ["Here"]
    assert client.get(idea_url("idea-manage", elsewhere)).status_code == 404


def test_staff_propose_an_idea(client, facilitator, cotmanhay):
    response = client.post(reverse("community:idea-new"), {
        "title": "Walking group", "description": "Weekly walks.", "locality": "cotmanhay"})
    idea = Idea.objects.get()
    assert response["Location"] == idea_url("idea-manage", idea)
    assert (idea.proposed_by, idea.locality) == (facilitator, cotmanhay)


def test_assigning_a_facilitator_is_logged_and_stale_edits_are_refused(client, facilitator, user_with_role):
    idea = IdeaFactory()
    coach = user_with_role(Role.COACH)
    coach.full_name = "Ellis Example"
    coach.save()
    response = client.post(idea_url("idea-facilitator", idea), {
        "facilitator-version": idea.version, "facilitator-facilitator": str(coach.uuid)})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.facilitator, idea.version) == (coach, 2)
    assert idea.log.get(kind=IdeaSupport.Kind.FACILITATOR).text == "Ellis Example"
    stale = client.post(idea_url("idea-facilitator", idea), {
        "facilitator-version": "1", "facilitator-facilitator": str(facilitator.uuid)})
    assert stale.status_code == 409
    assert "Someone else changed this" in stale.content.decode()
    idea.refresh_from_db()
    assert idea.facilitator == coach


def test_a_facilitator_must_hold_an_organiser_role(client, facilitator, user_with_role):
    idea = IdeaFactory()
    analyst = user_with_role(Role.ANALYST)
    response = client.post(idea_url("idea-facilitator", idea), {
        "facilitator-version": idea.version, "facilitator-facilitator": str(analyst.uuid)})
    assert response.status_code == 400
    assert "Choose a facilitator from the list" in response.content.decode()


def test_an_idea_moves_between_any_stages_with_a_note_needed_to_stop(client, facilitator):
    idea = IdeaFactory()
    address = idea_url("idea-stage", idea)
    assert client.post(address, {"stage-version": 1, "stage-stage": "running"}).status_code == 302
    assert client.post(address, {"stage-version": 2, "stage-stage": "exploring"}).status_code == 302
    refused = client.post(address, {"stage-version": 3, "stage-stage": "stopped", "stage-note": ""})
    assert refused.status_code == 400
    assert "Say why the idea is stopping" in refused.content.decode()
    assert client.post(address, {"stage-version": 3, "stage-stage": "stopped",
                                 "stage-note": "The hall closed."}).status_code == 302
    idea.refresh_from_db()
    assert idea.stage == Idea.Stage.STOPPED
    moves = list(idea.log.filter(kind=IdeaSupport.Kind.STAGE).values_list("stage_from", "stage_to", "text"))
    assert moves == [("proposed", "running", ""), ("running", "exploring", ""),
                     ("exploring", "stopped", "The hall closed.")]
    stale = client.post(address, {"stage-version": 1, "stage-stage": "running", "stage-note": "Kept"})
    assert stale.status_code == 409
    assert "Kept" in stale.content.decode()


def test_support_given_is_logged_by_whom_and_when(client, facilitator, user_with_role):
    idea = IdeaFactory()
    helper = user_with_role(Role.HUB_WORKER)
    response = client.post(idea_url("idea-support", idea), {
        "support-text": "Found a hall.", "support-by": str(helper.uuid), "support-on": "2026-01-15"})
    assert response.status_code == 302
    entry = idea.log.get(kind=IdeaSupport.Kind.SUPPORT)
    assert (entry.text, entry.by, entry.at.date().isoformat()) == ("Found a hall.", helper, "2026-01-15")
    future = client.post(idea_url("idea-support", idea), {"support-text": "Later", "support-on": "2999-01-01"})
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()


def test_an_idea_is_linked_to_a_local_net_session(client, facilitator, cotmanhay):
    idea = IdeaFactory(locality=cotmanhay)
    session = LocalNetSessionFactory(local_net=LocalNetFactory(locality=cotmanhay))
    page = client.get(idea_url("idea-manage", idea))
    assert str(session.uuid) in page.content.decode()
    response = client.post(idea_url("idea-link", idea), {"link-session": str(session.uuid)})
    assert response.status_code == 302
    assert list(idea.sessions.all()) == [session]
    assert idea.log.filter(kind=IdeaSupport.Kind.LINKED).count() == 1
    again = client.post(idea_url("idea-link", idea), {"link-session": str(session.uuid)})
    assert again.status_code == 400


def test_seeing_a_residents_contact_is_audited(client, facilitator):
    idea = IdeaFactory(proposer_name="Ada Example", proposer_email="ada@example.org")
    page = client.get(idea_url("idea-manage", idea)).content.decode()
    assert "ada@example.org" not in page
    assert not AuditEvent.objects.filter(event="idea.contact_viewed").exists()
    shown = client.post(idea_url("idea-contact", idea))
    assert "ada@example.org" in shown.content.decode()
    event = AuditEvent.objects.get(event="idea.contact_viewed")
    assert (event.actor, event.subject, event.action) == (facilitator, "Ada Example", AuditEvent.Action.VIEWED)


def test_the_facilitators_list_takes_a_fixed_number_of_queries(client, facilitator, django_assert_max_num_queries):
    for _ in range(6):
        IdeaFactory(facilitator=facilitator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("community:ideas-manage"))
    assert len(response.context["ideas"]) == 6
    for _ in range(6):
        IdeaFactory(facilitator=facilitator)
    with django_assert_max_num_queries(12):
        assert len(client.get(reverse("community:ideas-manage")).context["ideas"]) == 12
