"""Ambassadors: making profiles, the ambassador's own profile and good news stories, and the
public pages, through the real pages with the Django test client."""

import pytest
from django.urls import reverse

from thriving.community.models import AmbassadorProfile, GoodNewsStory
from thriving.community.tests.factories import AmbassadorProfileFactory, GoodNewsStoryFactory
from thriving.core.models import AuditEvent, Membership, Role
from thriving.core.tests.factories import UserFactory
from thriving.places.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db
MANAGERS = [Role.ADMINISTRATOR, Role.ENABLER]
NOT_MANAGERS = [Role.TEAM_MEMBER, Role.HUB_WORKER, Role.COACH, Role.AMBASSADOR, Role.ORGANISATION_STAFF]


@pytest.fixture
def ambassador(user_with_role):
    """A person with the ambassador role and a public profile."""
    user = user_with_role(Role.AMBASSADOR)
    profile = AmbassadorProfileFactory(user=user, display_name="Jules Testbrook", slug="jules",
                                       locality=LocalityFactory(name="Cotmanhay"))
    return profile


def new_profile(email: str, **overrides) -> dict:
    data = {"email": email, "display_name": "Rowan Testley", "locality": LocalityFactory().pk, "about": "Local",
            "is_public": "on"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", MANAGERS)
def test_administrators_and_enablers_make_a_profile_for_an_ambassador(client, user_with_role, role):
    manager = user_with_role(role)
    person = user_with_role(Role.AMBASSADOR)
    client.force_login(manager)
    response = client.post(reverse("community:ambassador-profiles"), new_profile(person.email.upper()))
    assert response.status_code == 302
    profile = AmbassadorProfile.objects.get()
    assert (profile.user, profile.display_name, profile.slug, profile.is_public) == (
        person, "Rowan Testley", "rowan-testley", True)
    event = AuditEvent.objects.get(event="ambassador.created")
    assert (event.actor, event.subject) == (manager, "Rowan Testley")
    assert "Rowan Testley" in client.get(reverse("community:ambassador-profiles")).content.decode()


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_roles_may_not_make_profiles(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("community:ambassador-profiles")).status_code == 403


def test_a_profile_is_refused_for_someone_without_the_role_or_without_an_account(client, user_with_role):
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    not_ambassador = user_with_role(Role.TEAM_MEMBER)
    response = client.post(reverse("community:ambassador-profiles"), new_profile(not_ambassador.email))
    assert response.status_code == 400
    assert f"{not_ambassador.email} does not have the ambassador role" in response.content.decode()
    response = client.post(reverse("community:ambassador-profiles"), new_profile("nobody@example.org",
                                                                                 display_name=""))
    assert response.status_code == 400
    assert "There is no account with the email address nobody@example.org" in response.content.decode()
    assert "Enter the name to show on their public page" in response.content.decode()
    assert not AmbassadorProfile.objects.exists()


def test_a_second_profile_for_the_same_person_is_refused(client, user_with_role, ambassador):
    client.force_login(user_with_role(Role.ENABLER))
    response = client.post(reverse("community:ambassador-profiles"), new_profile(ambassador.user.email))
    assert response.status_code == 400
    assert "already has an ambassador profile" in response.content.decode()
    assert AmbassadorProfile.objects.count() == 1


def test_the_same_name_gets_its_own_web_address(client, user_with_role, ambassador):
    client.force_login(user_with_role(Role.ADMINISTRATOR))
    other = user_with_role(Role.AMBASSADOR)
    client.post(reverse("community:ambassador-profiles"), new_profile(other.email, display_name="Jules"))
    assert AmbassadorProfile.objects.get(user=other).slug == "jules-2"


# ---------------------------------------------------------------------------------------------
# The ambassador's own profile


def test_the_ambassador_edits_their_own_profile_and_a_stale_edit_is_refused(client, ambassador):
    client.force_login(ambassador.user)
    url = reverse("community:my-ambassador")
    assert client.get(url).status_code == 200
    data = {"version": 1, "display_name": "Jules T.", "about": "Born here", "is_public": ""}
    assert client.post(url, data).status_code == 302
    ambassador.refresh_from_db()
    assert (ambassador.display_name, ambassador.is_public, ambassador.version) == ("Jules T.", False, 2)
    event = AuditEvent.objects.get(event="ambassador.changed")
    assert event.changes["display_name"] == ["Jules Testbrook", "Jules T."]
    stale = client.post(url, {**data, "display_name": "Typed in another tab"})
    assert stale.status_code == 409
    assert "This was changed somewhere else" in stale.content.decode()
    assert "Typed in another tab" in stale.content.decode()
    ambassador.refresh_from_db()
    assert ambassador.display_name == "Jules T."


def test_an_ambassador_without_a_profile_is_told_who_makes_it(client, user_with_role):
    client.force_login(user_with_role(Role.AMBASSADOR))
    response = client.get(reverse("community:my-ambassador"))
    assert response.status_code == 200
    assert "Ask an administrator or an enabler" in response.content.decode()
    assert client.get(reverse("community:my-story-new")).status_code == 404


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.TEAM_MEMBER, Role.ENABLER])
def test_only_ambassadors_have_ambassador_pages(client, user_with_role, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("community:my-ambassador")).status_code == 403
    assert client.get(reverse("community:my-story-new")).status_code == 403


# ---------------------------------------------------------------------------------------------
# Good news stories


def test_a_story_is_drafted_published_and_withdrawn(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(reverse("community:my-story-new"), {"title": "Fridge success", "body": "200 meals."})
    assert response.status_code == 302
    story = GoodNewsStory.objects.get()
    assert (story.status, story.locality, story.published_at) == ("draft", ambassador.locality, None)
    public_url = reverse("community:ambassador-story", args=[ambassador.slug, story.uuid])
    assert client.get(public_url).status_code == 404
    assert client.post(reverse("community:my-story-publish", args=[story.uuid]), {"move-version": 1}).status_code == 302
    story.refresh_from_db()
    assert story.status == "published"
    assert story.published_at is not None
    assert "200 meals." in client.get(public_url).content.decode()
    assert "Fridge success" in client.get(reverse("community:ambassador", args=[ambassador.slug])).content.decode()
    assert client.post(reverse("community:my-story-withdraw", args=[story.uuid]),
                       {"move-version": 2}).status_code == 302
    story.refresh_from_db()
    assert story.status == "withdrawn"
    assert client.get(public_url).status_code == 404
    events = list(AuditEvent.objects.filter(event__startswith="good_news.").values_list("event", flat=True))
    assert sorted(events) == ["good_news.created", "good_news.published", "good_news.withdrawn"]


def test_a_story_needs_a_title_and_words(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(reverse("community:my-story-new"), {"title": " ", "body": ""})
    assert response.status_code == 400
    assert "Enter a title for the story" in response.content.decode()
    assert "Enter the story" in response.content.decode()
    assert not GoodNewsStory.objects.exists()


def test_a_stale_story_edit_or_publish_is_refused_keeping_what_was_typed(client, ambassador):
    story = GoodNewsStoryFactory(ambassador=ambassador, title="First title")
    client.force_login(ambassador.user)
    url = reverse("community:my-story", args=[story.uuid])
    assert client.post(url, {"version": 1, "title": "Second title", "body": "Words"}).status_code == 302
    stale = client.post(url, {"version": 1, "title": "Typed on an old page", "body": "Words"})
    assert stale.status_code == 409
    assert "Typed on an old page" in stale.content.decode()
    assert client.post(reverse("community:my-story-publish", args=[story.uuid]), {"move-version": 1}).status_code == 409
    story.refresh_from_db()
    assert (story.title, story.status) == ("Second title", "draft")


def test_an_ambassador_cannot_touch_another_ambassadors_story(client, ambassador, user_with_role):
    other = AmbassadorProfileFactory(user=user_with_role(Role.AMBASSADOR))
    theirs = GoodNewsStoryFactory(ambassador=other)
    client.force_login(ambassador.user)
    assert client.get(reverse("community:my-story", args=[theirs.uuid])).status_code == 404
    assert client.post(reverse("community:my-story-publish", args=[theirs.uuid]),
                       {"move-version": 1}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"


# ---------------------------------------------------------------------------------------------
# The public pages


def test_the_public_sees_public_profiles_by_place_and_published_stories_only(client, ambassador):
    GoodNewsStoryFactory(ambassador=ambassador, title="Published one", status="published")
    GoodNewsStoryFactory(ambassador=ambassador, title="Still a draft")
    hidden = AmbassadorProfileFactory(user=UserFactory(), display_name="Private Person", is_public=False)
    Membership.objects.create(user=hidden.user, role=Role.AMBASSADOR)
    listing = client.get(reverse("community:ambassadors")).content.decode()
    assert "Cotmanhay" in listing
    assert "Jules Testbrook" in listing
    assert "Private Person" not in listing
    page = client.get(reverse("community:ambassador", args=[ambassador.slug])).content.decode()
    assert "Published one" in page
    assert "Still a draft" not in page
    assert client.get(reverse("community:ambassador", args=[hidden.slug])).status_code == 404


def test_a_profile_is_hidden_once_the_ambassador_role_is_taken_away(client, ambassador):
    Membership.objects.filter(user=ambassador.user, role=Role.AMBASSADOR).delete()
    assert client.get(reverse("community:ambassador", args=[ambassador.slug])).status_code == 404
    assert "Jules Testbrook" not in client.get(reverse("community:ambassadors")).content.decode()


def test_the_ambassadors_page_reads_the_same_number_of_times_however_many_there_are(client, ambassador):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("community:ambassadors")).status_code == 200
        return len(captured)

    before = count()
    for _ in range(3):
        extra = AmbassadorProfileFactory(user=UserFactory(), locality=LocalityFactory())
        Membership.objects.create(user=extra.user, role=Role.AMBASSADOR)
    assert "Ambassador" in client.get(reverse("community:ambassadors")).content.decode()
    assert count() == before
