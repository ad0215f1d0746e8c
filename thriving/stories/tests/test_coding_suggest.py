"""The suggester: a manager asks it to apply each code with a definition to the sentences closest
to it in meaning (the model stood in for by a fake encoder here), replacing its earlier
suggestions; only stories that may be coded go in; coders
see the suggestions and nobody else may ask for them."""

import numpy as np
import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent
from thriving.stories.models import Coding
from thriving.stories.services import coding as service
from thriving.stories.services import themes
from thriving.stories.tests.factories import CodeFactory, CodingFactory, StoryFactory


def fake_encode(texts):
    """Near [1, 0] for a text about neighbours, [0, 1] otherwise."""
    return np.array([[1.0, 0.0] if "neighbour" in text.lower() else [0.0, 1.0] for text in texts],
                    dtype=np.float32)


@pytest.fixture
def model(monkeypatch):
    monkeypatch.setattr(themes, "encode", fake_encode)


def test_sentences_are_found_without_their_spaces():
    text = "One thing.  Then my neighbour came!\nAnd stayed"
    assert [text[s:e] for s, e in service.sentences(text)] == ["One thing.", "Then my neighbour came!", "And stayed"]


@pytest.mark.django_db
def test_a_manager_asks_the_suggester_and_a_coder_sees_its_codings(client, model, story_member, coder,
                                                                   story_project,
                                                                   django_capture_on_commit_callbacks):
    code = CodeFactory(project=story_project, name="Neighbours", definition="Help from a neighbour")
    CodeFactory(project=story_project, name="Undefined", definition="")
    story = StoryFactory(project=story_project, text="The boiler broke. My neighbour lent me a heater.")
    StoryFactory(project=story_project, text="A neighbour still waiting.", moderation="pending")
    old = CodingFactory(story=story, code=code, coder=None, source=Coding.Source.SUGGESTER, start=0, end=3)
    client.force_login(story_member)
    with django_capture_on_commit_callbacks(execute=True) as asked:
        response = client.post(reverse("stories:coding-suggest", kwargs={"slug": story_project.slug}), follow=True)
    assert len(asked) == 1  # the worker's task, enqueued once the request's work commits
    assert "The suggester is applying the codes" in response.content.decode()
    (made,) = Coding.objects.filter(source=Coding.Source.SUGGESTER)
    assert (made.code, made.coder, made.quote) == (code, None, "My neighbour lent me a heater.")
    assert not Coding.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(event="stories.codes_suggestion_asked").exists()
    assert AuditEvent.objects.filter(event="stories.codes_suggested").exists()
    client.force_login(coder)
    page = client.get(reverse("stories:code-story", kwargs={"slug": story_project.slug, "uuid": story.uuid}))
    assert "My neighbour lent me a heater." in page.content.decode().split('data-testid="suggested-codings"')[1]


@pytest.mark.django_db
def test_with_no_code_defined_the_suggester_says_so(client, model, story_member, story_project):
    CodeFactory(project=story_project, name="Undefined", definition="")
    client.force_login(story_member)
    response = client.post(reverse("stories:coding-suggest", kwargs={"slug": story_project.slug}), follow=True)
    assert "Give the codes definitions first" in response.content.decode()
    assert not Coding.objects.exists()


@pytest.mark.django_db
def test_a_coder_cannot_ask_the_suggester(client, model, coder, story_project):
    CodeFactory(project=story_project, definition="Help from a neighbour")
    StoryFactory(project=story_project, text="My neighbour helped.")
    client.force_login(coder)
    assert client.post(reverse("stories:coding-suggest", kwargs={"slug": story_project.slug})).status_code == 404
    assert not Coding.objects.exists()
