"""The REFI-QDA exports (the open exchange standard for qualitative analysis software, version
1.5): the codebook alone as a `.qdc` file, and the coded project as a `.qdpx` file, a zip of
`project.qde` (the coders as users, the codebook, each story as a text source with its coded
passages) and `sources/<guid>.txt`, each story's text. Only the stories the person may code go in,
never a withdrawn one, and no teller's name or email; every export is audited."""

import datetime
import io
import uuid as uuids
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from django.utils import timezone

from thriving.core import audit
from thriving.core.models import User
from thriving.core.policy import require
from thriving.stories.models import Coding, Story, StoryProject
from thriving.stories.queries import coding as queries

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "Thriving stories"


def _stamp(moment: Any) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes(parent: ET.Element, tree: list[queries.CodeRow]) -> None:
    for row in tree:
        element = ET.SubElement(parent, "Code", guid=str(row.code.uuid), name=row.code.name, isCodable="true")
        if row.code.definition:
            ET.SubElement(element, "Description").text = row.code.definition
        _codes(element, row.children)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(user: Any, project: StoryProject) -> bytes:
    root = ET.Element("CodeBook", xmlns=CODEBOOK_NS, origin=ORIGIN)
    _codes(ET.SubElement(root, "Codes"), queries.codebook(user, project))
    return _xml(root)


def codebook_file(*, acting_user: Any, project: StoryProject) -> bytes:
    """The project's codebook as a REFI-QDA codebook (.qdc)."""
    require(acting_user, "stories.code", project)
    content = codebook_xml(acting_user, project)
    audit.record(acting_user, "stories.refi.codebook_exported", project, action=audit.Action.EXPORTED,
                 purpose="REFI-QDA codebook")
    return content


def _story_name(story: Story, number: int) -> str:
    return story.title.strip() or f"Story {number}"


def project_xml(user: Any, project: StoryProject, stories: list[Story], codings: list[Coding]) -> bytes:
    root = ET.Element("Project", xmlns=PROJECT_NS, name=project.title, origin=ORIGIN,
                      creationDateTime=_stamp(timezone.now()))
    coder_ids = sorted({coding.coder_id for coding in codings if coding.coder_id})
    users = ET.SubElement(root, "Users")
    guid_of: dict[int, str] = {}
    for person in User.objects.filter(pk__in=coder_ids).order_by("full_name", "pk"):
        guid_of[person.pk] = str(person.uuid)
        ET.SubElement(users, "User", guid=str(person.uuid), name=person.full_name or "A coder")
    book = ET.SubElement(root, "CodeBook")
    _codes(ET.SubElement(book, "Codes"), queries.codebook(user, project))
    by_story: dict[int, list[Coding]] = {}
    for coding in codings:
        by_story.setdefault(coding.story_id, []).append(coding)
    sources = ET.SubElement(root, "Sources")
    for number, story in enumerate(stories, start=1):
        source = ET.SubElement(sources, "TextSource", guid=str(story.uuid), name=_story_name(story, number),
                               plainTextPath=f"internal://{story.uuid}.txt",
                               creationDateTime=_stamp(story.created_at))
        for coding in by_story.get(story.pk, []):
            attributes = {"guid": str(coding.uuid), "name": coding.quote[:100], "startPosition": str(coding.start),
                          "endPosition": str(coding.end), "creationDateTime": _stamp(coding.created_at)}
            if coding.coder_id in guid_of:
                attributes["creatingUser"] = guid_of[coding.coder_id]
            selection = ET.SubElement(source, "PlainTextSelection", attributes)
            if coding.memo:
                ET.SubElement(selection, "Description").text = coding.memo
            tag = {"guid": str(uuids.uuid5(coding.uuid, "coding"))} | {
                key: value for key, value in attributes.items() if key in ("creatingUser", "creationDateTime")}
            element = ET.SubElement(selection, "Coding", tag)
            ET.SubElement(element, "CodeRef", targetGUID=str(coding.code.uuid))
    return _xml(root)


def project_file(*, acting_user: Any, project: StoryProject) -> bytes:
    """The coded project as a REFI-QDA project (.qdpx): project.qde and each story's text."""
    require(acting_user, "stories.code", project)
    stories = list(Story.objects.visible_to(acting_user, "code").filter(project=project).order_by("told_on", "pk"))
    codings = list(Coding.objects.visible_to(acting_user).filter(story__in=[story.pk for story in stories])
                   .select_related("code").order_by("story", "start", "end", "pk"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(acting_user, project, stories, codings))
        for story in stories:
            archive.writestr(f"sources/{story.uuid}.txt", story.text.encode("utf-8"))
    audit.record(acting_user, "stories.refi.project_exported", project, action=audit.Action.EXPORTED,
                 purpose=f"REFI-QDA project: {len(stories)} stories, {len(codings)} codings")
    return buffer.getvalue()
