"""The codebook: coders see the codes nested under their parents with their passages; managers
add, change and delete codes; a code cannot go under itself or its descendants, names are unique
among siblings, a code that tags passages is not deleted, and nobody else sees the codebook."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import Code
from thriving.stories.services import withdrawal
from thriving.stories.tests.factories import CodeFactory, CodingFactory, StoryFactory


@pytest.fixture
def codes(story_project):
    help_ = CodeFactory(project=story_project, name="Help", definition="Any help given")
    neighbours = CodeFactory(project=story_project, name="Neighbours", parent=help_, definition="From neighbours")
    lent = CodeFactory(project=story_project, name="Lending", parent=neighbours, definition="")
    services = CodeFactory(project=story_project, name="Services", definition="The council and others")
    return {"help": help_, "neighbours": neighbours, "lent": lent, "services": services}


def _url(name, project, code=None):
    kwargs = {"slug": project.slug} | ({"uuid": code.uuid} if code else {})
    return reverse(f"stories:{name}", kwargs=kwargs)


@pytest.mark.django_db
def test_a_coder_sees_the_codes_nested_with_their_passages_but_no_withdrawn_storys(client, coder, story_project,
                                                                                  codes):
    story = StoryFactory(project=story_project)
    CodingFactory(story=story, code=codes["neighbours"], coder=coder)
    CodingFactory(story=story, code=codes["neighbours"], coder=coder, start=20, end=30)
    gone = StoryFactory(project=story_project)
    CodingFactory(story=gone, code=codes["neighbours"], coder=coder)
    withdrawal.withdraw_with_link(token=withdrawal.new_link(gone))
    client.force_login(coder)
    page = client.get(_url("codebook", story_project)).content.decode()
    book = page.split('data-testid="codebook"')[1]
    # Neighbours sits inside Help's item, Lending inside Neighbours', Services after Help's.
    assert book.index("Help") < book.index("Neighbours") < book.index("Lending") < book.index("Services")
    neighbours = book.split("Neighbours")[1].split("</h3>")[0]
    assert "2 passages" in neighbours
    assert "From neighbours" in book
    assert _url("code-new", story_project) not in page
    assert client.get(_url("code-new", story_project)).status_code == 404


@pytest.mark.django_db
def test_someone_with_no_part_in_the_project_cannot_see_the_codebook(client, user_with_role, story_project, codes):
    client.force_login(user_with_role(Role.TEAM_MEMBER))
    assert client.get(_url("codebook", story_project)).status_code == 404


@pytest.mark.django_db
def test_a_manager_adds_a_code_under_a_parent(client, story_member, story_project, codes):
    client.force_login(story_member)
    assert client.get(_url("code-new", story_project)).status_code == 200
    response = client.post(_url("code-new", story_project), {
        "name": "Warm spaces", "definition": "Places to keep warm", "parent": codes["help"].pk})
    assert response.status_code == 302
    made = Code.objects.get(name="Warm spaces")
    assert made.parent == codes["help"]
    assert made.position == 1  # after Neighbours
    assert AuditEvent.objects.filter(event="stories.code.added", object_id=str(made.uuid)).exists()


@pytest.mark.django_db
def test_a_name_already_used_under_the_same_parent_is_an_error_not_a_crash(client, story_member, story_project,
                                                                           codes):
    client.force_login(story_member)
    response = client.post(_url("code-new", story_project), {"name": "neighbours", "parent": codes["help"].pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "under “Help” already" in page
    top = client.post(_url("code-new", story_project), {"name": "Services", "parent": ""})
    assert top.status_code == 400
    assert "at the top of the codebook already" in top.content.decode()
    # The same name under another parent is fine.
    assert client.post(_url("code-new", story_project), {"name": "Services", "parent": codes["help"].pk}) \
        .status_code == 302
    assert Code.objects.filter(project=story_project, name__iexact="neighbours").count() == 1


@pytest.mark.django_db
def test_a_code_without_a_name_shows_the_error_summary(client, story_member, story_project):
    client.force_login(story_member)
    response = client.post(_url("code-new", story_project), {"name": "", "definition": "Something"})
    assert response.status_code == 400
    assert "Enter the code&#x27;s name" in response.content.decode() or "Enter the code's name" in \
        response.content.decode()
    assert not Code.objects.filter(project=story_project).exists()


@pytest.mark.django_db
def test_a_code_cannot_sit_under_itself_or_its_descendants(client, story_member, story_project, codes):
    client.force_login(story_member)
    help_ = codes["help"]
    for parent in (help_, codes["lent"]):
        response = client.post(_url("code-edit", story_project, help_), {
            "name": "Help", "definition": "", "parent": parent.pk, "version": help_.version})
        assert response.status_code == 400
        assert "cannot sit under itself" in response.content.decode()
    help_.refresh_from_db()
    assert help_.parent is None
    assert help_.definition == "Any help given"
    # Moving Lending to the top, and renaming it, is fine.
    lent = codes["lent"]
    response = client.post(_url("code-edit", story_project, lent), {
        "name": "Lending things", "definition": "Lent, not given", "parent": "", "version": lent.version})
    assert response.status_code == 302
    lent.refresh_from_db()
    assert (lent.name, lent.parent, lent.version) == ("Lending things", None, 2)


@pytest.mark.django_db
def test_changing_a_code_someone_else_changed_first_is_a_conflict(client, story_member, story_project, codes):
    client.force_login(story_member)
    code = codes["services"]
    Code.objects.filter(pk=code.pk).update(version=5)
    response = client.post(_url("code-edit", story_project, code), {
        "name": "Services, renamed", "definition": "", "parent": "", "version": 1})
    assert response.status_code == 409
    assert "Services, renamed" in response.content.decode()  # what was typed is kept
    code.refresh_from_db()
    assert code.name == "Services"


@pytest.mark.django_db
def test_a_code_that_tags_passages_is_not_deleted_until_they_are_removed(client, story_member, coder,
                                                                         story_project, codes):
    coding = CodingFactory(story=StoryFactory(project=story_project), code=codes["lent"], coder=coder)
    client.force_login(story_member)
    confirm = client.get(_url("code-delete", story_project, codes["help"]))
    assert confirm.status_code == 200
    assert "Delete the code “Help”?" in confirm.content.decode()
    response = client.post(_url("code-delete", story_project, codes["help"]), {"version": codes["help"].version})
    assert response.status_code == 400
    assert "tags 1 passage" in response.content.decode()
    assert Code.objects.filter(pk=codes["help"].pk).exists()
    coding.delete()
    response = client.post(_url("code-delete", story_project, codes["help"]), {"version": codes["help"].version})
    assert response.status_code == 302
    assert list(Code.objects.filter(project=story_project).values_list("name", flat=True)) == ["Services"]
    assert AuditEvent.objects.filter(event="stories.code.deleted", object_id=str(codes["help"].uuid)).exists()


@pytest.mark.django_db
def test_a_coder_cannot_change_or_delete_a_code(client, coder, story_project, codes):
    client.force_login(coder)
    code = codes["services"]
    assert client.post(_url("code-edit", story_project, code), {
        "name": "Mine", "definition": "", "parent": "", "version": code.version}).status_code == 404
    assert client.post(_url("code-delete", story_project, code), {"version": code.version}).status_code == 404
    code.refresh_from_db()
    assert code.name == "Services"
