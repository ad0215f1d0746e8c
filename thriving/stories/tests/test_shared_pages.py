"""Stories shared with partners (`/stories/shared/`): organisation staff of the project's locality
read the stories whose tellers agreed to sharing, anonymised; nothing else, and nobody else."""

import pytest
from django.urls import reverse

from thriving.core.models import Role
from thriving.core.tests.factories import UserFactory
from thriving.places.tests.factories import LocalityFactory
from thriving.stories.models import Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db
URL = reverse("stories:shared")


@pytest.fixture
def partner(user_with_role, story_project):
    return user_with_role(Role.ORGANISATION_STAFF, locality=story_project.locality)


@pytest.fixture
def shared(story_project):
    UserFactory(full_name="Dorothy Pemberton")
    return StoryFactory(
        project=story_project, title="Help from Dorothy", consent_share=True, teller_name="Kez Arbuthnot",
        text=("Dorothy Pemberton from the chapel rang me on 07700 900123 and Kez Arbuthnot's sister wrote to "
              "kez.a+help@example.org. We live at 12a Market Street, S44 6AB."))


def test_a_partner_reads_shared_stories_anonymised(client, partner, shared, story_project):
    StoryFactory(project=story_project, title="Not shared", consent_share=False)
    StoryFactory(project=story_project, title="Waiting", consent_share=True, moderation=Story.Moderation.PENDING)
    StoryFactory(consent_share=True, title="Elsewhere", project__locality=LocalityFactory())
    client.force_login(partner)
    page = client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    for gone in ("Dorothy", "Pemberton", "07700", "kez.a+help", "12a Market Street", "S44 6AB", "Arbuthnot"):
        assert gone not in body
    for placeholder in ("[name]", "[phone]", "[email]", "[address]", "[postcode]"):
        assert placeholder in body
    assert "Help from [name]" in body
    assert "from the chapel" in body
    for hidden in ("Not shared", "Waiting", "Elsewhere"):
        assert hidden not in body
    assert reverse("stories:story", args=[story_project.slug, shared.uuid]) not in body


def test_the_project_filter_and_a_wrong_project(client, partner, shared, story_project):
    client.force_login(partner)
    assert "[phone]" in client.get(URL, {"project": story_project.slug}).content.decode()
    assert client.get(URL, {"project": "no-such-project"}).status_code == 404


def test_a_withdrawn_story_is_gone_and_others_may_not_look(client, partner, shared, story_member, user_with_role):
    withdrawal.withdraw(acting_user=story_member, story=shared, reason="The teller rang to ask")
    client.force_login(partner)
    assert "none-shared" in client.get(URL).content.decode()
    client.force_login(story_member)
    assert client.get(URL).status_code == 403
    client.force_login(user_with_role(Role.ORGANISATION_STAFF, locality=LocalityFactory()))
    assert "none-shared" in client.get(URL).content.decode()
