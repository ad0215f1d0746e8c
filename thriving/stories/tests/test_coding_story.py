"""Coding a story: the text with the coder's passages marked (escaped, overlapping ones cut into
pieces), tagging a passage by its offsets or by typing it, the mistakes (nothing half-saved),
removing one's own coding only, accepting a suggested one, the stories to code with each coder's
codings, and a withdrawn story never reaching any of it."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import Coding, Story
from thriving.stories.queries.coding import pieces
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import CodeFactory, CodingFactory, StoryFactory

TEXT = "My neighbour lent me a heater. The council came. My neighbour stayed."


@pytest.fixture
def story(story_project):
    return StoryFactory(project=story_project, title="The heater", text=TEXT)


@pytest.fixture
def code(story_project):
    return CodeFactory(project=story_project, name="Neighbourly help")


def _url(story, name="code-story"):
    return reverse(f"stories:{name}", kwargs={"slug": story.project.slug, "uuid": story.uuid})


def test_pieces_cut_the_text_at_every_edge_of_overlapping_passages():
    class C:
        def __init__(self, start, end, name):
            self.start, self.end = start, end
            self.code = type("Code", (), {"name": name})

    cut = pieces("abcdefghij", [C(2, 6, "A"), C(4, 8, "B")])
    assert [(p.text, p.codes, p.start) for p in cut] == [
        ("ab", [], 0), ("cd", ["A"], 2), ("ef", ["A", "B"], 4), ("gh", ["B"], 6), ("ij", [], 8)]
    assert "".join(p.text for p in cut) == "abcdefghij"
    assert [p.text for p in pieces("abc", [])] == ["abc"]


@pytest.mark.django_db
def test_a_coder_tags_a_passage_by_its_start_and_end_and_sees_it_marked(client, coder, story, code):
    client.force_login(coder)
    assert client.get(_url(story)).status_code == 200
    response = client.post(_url(story), {"code": code.pk, "start": 3, "end": 12, "memo": "A neighbour"})
    assert response.status_code == 302
    coding = Coding.objects.get(story=story)
    assert (coding.quote, coding.coder, coding.source, coding.memo) == ("neighbour", coder, "person", "A neighbour")
    assert AuditEvent.objects.filter(event="stories.coding.added", object_id=str(coding.uuid)).exists()
    page = client.get(_url(story)).content.decode()
    text = page.split('data-testid="story-text"')[1].split("</div>")[0]
    assert '<mark class="stories-coding__mark" data-start="3" title="Neighbourly help">neighbour</mark>' in text
    mine = page.split('data-testid="my-codings"')[1]
    assert "applied by a person" in mine
    assert "“neighbour”" in mine


@pytest.mark.django_db
def test_the_story_text_is_escaped_around_the_marks(client, coder, story_project, code):
    story = StoryFactory(project=story_project, text="<b>bold</b> & <script>x()</script>")
    CodingFactory(story=story, code=code, coder=coder, start=3, end=7)
    client.force_login(coder)
    text = client.get(_url(story)).content.decode().split('data-testid="story-text"')[1].split("</div>")[0]
    assert "<script>" not in text
    assert "<b>" not in text
    assert "&lt;b&gt;" in text
    assert ">bold</mark>" in text
    assert "&amp;" in text


@pytest.mark.django_db
def test_without_offsets_the_typed_passage_is_found_in_the_story(client, coder, story, code):
    client.force_login(coder)
    response = client.post(_url(story), {"code": code.pk, "passage": "lent me a heater"})
    assert response.status_code == 302
    coding = Coding.objects.get(story=story)
    assert (coding.start, coding.end) == (13, 29)
    assert TEXT[coding.start:coding.end] == "lent me a heater"


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"passage": "a radiator"}, "The passage is not in the story"),
    ({"passage": "My neighbour"}, "more than once"),
    ({"passage": ""}, "Select the passage in the story"),
    ({"start": 3}, "Give both the start and the end"),
    ({"start": 10, "end": 5}, "The passage must end after it starts"),
    ({"start": 0, "end": 500}, "within the story’s 69 characters"),
    ({"code": "", "start": 0, "end": 5}, "Choose the code"),
])
def test_a_wrong_passage_shows_the_error_summary_and_saves_nothing(client, coder, story, code, data, message):
    client.force_login(coder)
    response = client.post(_url(story), {"code": code.pk, **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message.replace("’", "&#x27;") in page or message in page
    assert not Coding.objects.exists()


@pytest.mark.django_db
def test_a_code_of_another_project_cannot_be_used(client, coder, story):
    other = CodeFactory(name="Elsewhere")
    client.force_login(coder)
    response = client.post(_url(story), {"code": other.pk, "start": 0, "end": 5})
    assert response.status_code == 400
    assert not Coding.objects.exists()


@pytest.mark.django_db
def test_a_coder_removes_their_own_coding_but_not_someone_elses(client, coder, user_with_role, story, code):
    other = user_with_role(Role.TEAM_MEMBER)
    story.project.coders.add(other)
    theirs = CodingFactory(story=story, code=code, coder=other)
    mine = CodingFactory(story=story, code=code, coder=coder, start=3, end=12)
    client.force_login(coder)
    page = client.get(_url(story)).content.decode()
    assert 'data-start="0"' in page
    assert "<mark" in page
    assert page.count("<mark") == 1
    remove = reverse("stories:coding-remove", kwargs={"slug": story.project.slug, "uuid": story.uuid,
                                                      "coding": theirs.uuid})
    assert client.post(remove).status_code == 404
    assert Coding.objects.filter(pk=theirs.pk).exists()
    remove = reverse("stories:coding-remove", kwargs={"slug": story.project.slug, "uuid": story.uuid,
                                                      "coding": mine.uuid})
    assert client.post(remove).status_code == 302
    assert not Coding.objects.filter(pk=mine.pk).exists()
    assert AuditEvent.objects.filter(event="stories.coding.removed", object_id=str(mine.uuid)).exists()


@pytest.mark.django_db
def test_a_coder_accepts_a_suggested_coding_as_their_own(client, coder, story, code):
    suggested = CodingFactory(story=story, code=code, coder=None, source=Coding.Source.SUGGESTER, start=3, end=12)
    client.force_login(coder)
    page = client.get(_url(story)).content.decode()
    assert "applied by the suggester" in page.split('data-testid="suggested-codings"')[1]
    accept = reverse("stories:coding-accept", kwargs={"slug": story.project.slug, "uuid": story.uuid,
                                                      "coding": suggested.uuid})
    assert client.post(accept).status_code == 302
    made = Coding.objects.get(story=story, coder=coder)
    assert (made.source, made.start, made.end, made.quote) == ("person", 3, 12, "neighbour")
    assert Coding.objects.filter(pk=suggested.pk).exists()


@pytest.mark.django_db
def test_the_stories_to_code_show_each_coders_codings_and_the_persons_own(client, coder, story_member, story,
                                                                         story_project, code):
    CodingFactory(story=story, code=code, coder=coder)
    CodingFactory(story=story, code=code, coder=coder, start=3, end=12)
    other = StoryFactory(project=story_project, title="The warm space")
    StoryFactory(project=story_project, title="Still waiting", moderation=Story.Moderation.PENDING)
    client.force_login(coder)
    page = client.get(reverse("stories:coding", kwargs={"slug": story_project.slug})).content.decode()
    table = page.split('data-testid="stories"')[1]
    heater, warm = table.split("The heater")[1].split("The warm space")
    assert "Cass Coder: 2" in heater
    assert "Coded by you" in heater
    assert "None yet" in warm
    assert "Not coded by you" in warm
    assert "Still waiting" not in table
    assert _url(other) in table


@pytest.mark.django_db
def test_a_withdrawn_story_is_not_coded_listed_or_shown(client, coder, story, code):
    CodingFactory(story=story, code=code, coder=coder)
    withdrawal.withdraw_with_link(token=withdrawal.new_link(story))
    client.force_login(coder)
    assert client.get(_url(story)).status_code == 404
    assert client.post(_url(story), {"code": code.pk, "start": 0, "end": 5}).status_code == 404
    page = client.get(reverse("stories:coding", kwargs={"slug": story.project.slug})).content.decode()
    assert "The heater" not in page


@pytest.mark.django_db
def test_someone_who_is_not_a_coder_cannot_code(client, user_with_role, story, code):
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert client.get(_url(story)).status_code == 404
    assert client.post(_url(story), {"code": code.pk, "start": 0, "end": 5}).status_code == 404
    assert not Coding.objects.exists()
