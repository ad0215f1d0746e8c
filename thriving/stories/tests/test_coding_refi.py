"""The REFI-QDA exports: the codebook (.qdc) with its nested codes, and the coded project (.qdpx),
a zip of project.qde and each story's text, with the coders as users (no emails), the stories as
text sources, their coded passages and the codes they refer to; never a withdrawn story or one
not approved; each export audited. The structure is checked with xml.etree (no XSD validator is
installed)."""

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import Story
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import CodeFactory, CodingFactory, StoryFactory

BOOK = "{urn:QDA-XML:codebook:1.0}"
QDE = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def book(story_project):
    help_ = CodeFactory(project=story_project, name="Help", definition="Any help given")
    neighbours = CodeFactory(project=story_project, name="Neighbours", parent=help_, definition="")
    return {"help": help_, "neighbours": neighbours}


@pytest.mark.django_db
def test_the_codebook_export_nests_the_codes(client, coder, story_project, book):
    client.force_login(coder)
    response = client.get(reverse("stories:refi-codebook", kwargs={"slug": story_project.slug}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{story_project.slug}.qdc"'
    root = ET.fromstring(response.content)
    assert root.tag == f"{BOOK}CodeBook"
    (top,) = root.find(f"{BOOK}Codes")
    assert (top.get("name"), top.get("guid"), top.get("isCodable")) == ("Help", str(book["help"].uuid), "true")
    assert top.find(f"{BOOK}Description").text == "Any help given"
    (child,) = top.findall(f"{BOOK}Code")
    assert child.get("guid") == str(book["neighbours"].uuid)
    assert child.find(f"{BOOK}Description") is None
    assert AuditEvent.objects.filter(event="stories.refi.codebook_exported", actor=coder,
                                     action="exported").exists()


@pytest.mark.django_db
def test_the_project_export_holds_the_stories_codings_and_coders_but_no_withdrawn_story(client, coder,
                                                                                       story_project, book):
    story = StoryFactory(project=story_project, title="The heater", text="My neighbour lent me a heater. ✓",
                         teller_name="Tess Teller", teller_email="tess@example.org")
    coding = CodingFactory(story=story, code=book["neighbours"], coder=coder, start=3, end=12, memo="Who helped")
    gone = StoryFactory(project=story_project, title="Gone", text="A withdrawn story")
    CodingFactory(story=gone, code=book["help"], coder=coder)
    withdrawal.withdraw_with_link(token=withdrawal.new_link(gone))
    StoryFactory(project=story_project, title="Waiting", text="Not approved", moderation=Story.Moderation.PENDING)
    client.force_login(coder)
    response = client.get(reverse("stories:refi-project", kwargs={"slug": story_project.slug}))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["project.qde", f"sources/{story.uuid}.txt"]
    assert archive.read(f"sources/{story.uuid}.txt").decode("utf-8") == story.text
    qde = archive.read("project.qde")
    assert b"tess" not in qde.lower()
    assert coder.email.encode() not in qde
    root = ET.fromstring(qde)
    assert root.tag == f"{QDE}Project"
    assert root.get("name") == story_project.title
    assert [child.tag for child in root] == [f"{QDE}Users", f"{QDE}CodeBook", f"{QDE}Sources"]
    (user,) = root.find(f"{QDE}Users")
    assert (user.get("guid"), user.get("name")) == (str(coder.uuid), "Cass Coder")
    codes = root.find(f"{QDE}CodeBook/{QDE}Codes")
    assert [code.get("name") for code in codes.iter(f"{QDE}Code")] == ["Help", "Neighbours"]
    (source,) = root.find(f"{QDE}Sources")
    assert source.tag == f"{QDE}TextSource"
    assert (source.get("guid"), source.get("name"), source.get("plainTextPath")) == (
        str(story.uuid), "The heater", f"internal://{story.uuid}.txt")
    (selection,) = source.findall(f"{QDE}PlainTextSelection")
    assert (selection.get("guid"), selection.get("startPosition"), selection.get("endPosition")) == (
        str(coding.uuid), "3", "12")
    assert selection.get("creatingUser") == str(coder.uuid)
    assert selection.find(f"{QDE}Description").text == "Who helped"
    ref = selection.find(f"{QDE}Coding/{QDE}CodeRef")
    assert ref.get("targetGUID") == str(book["neighbours"].uuid)
    assert AuditEvent.objects.filter(event="stories.refi.project_exported", actor=coder, action="exported",
                                     object_id=str(story_project.uuid)).exists()


@pytest.mark.django_db
def test_someone_who_may_not_code_the_project_gets_no_export(client, user_with_role, story_project, book):
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    for name in ("refi-codebook", "refi-project"):
        assert client.get(reverse(f"stories:{name}", kwargs={"slug": story_project.slug})).status_code == 404
    assert not AuditEvent.objects.filter(action="exported").exists()
