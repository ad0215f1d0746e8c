"""The panel's selections (with their mistakes), feedback to the tellers who asked for it (once),
passing the selections up (idempotent), and a withdrawn story gone from every round."""

import pytest
from django.urls import reverse

from thriving.core.models import AuditEvent, Role
from thriving.stories.models import MSCCandidate, MSCRound, MSCSelection
from thriving.stories.services import withdrawal
from thriving.stories.tasks.msc import send_feedback
from thriving.stories.tests.factories import MSCCandidateFactory, MSCDomainFactory, MSCRoundFactory, StoryFactory
from thriving.teams.tests.factories import TeamMemberFactory


@pytest.fixture
def panellist(user_with_role, story_team):
    user = user_with_role(Role.TEAM_MEMBER, locality=story_team.locality)
    TeamMemberFactory(team=story_team, user=user)
    return user


@pytest.fixture
def above(story_team, administrator):
    """The locality's round the team's passes up to, with one of the same domains already."""
    made = MSCRoundFactory(title="Shirebrook locality", level="locality", team=None, locality=story_team.locality,
                           created_by=administrator)
    MSCDomainFactory(round=made, name="Changes in people's lives", position=0)
    return made


@pytest.fixture
def selecting(story_team, story_project, story_member, panellist, above):
    """A team's round the panel is selecting in: two domains, each with two stories put forward.
    The tellers of the first domain's stories asked for feedback (one left no email)."""
    made = MSCRoundFactory(title="Shirebrook spring", team=story_team, project=story_project, status="selecting",
                           panel=[story_member, panellist], passes_to=above)
    lives = MSCDomainFactory(round=made, name="Changes in people's lives", position=0)
    work = MSCDomainFactory(round=made, name="Changes in how we work together", position=1)
    MSCDomainFactory(round=made, name="Changes in the community", position=2)  # nothing put forward
    made.lives = [
        MSCCandidateFactory(domain=lives, story=StoryFactory(project=story_project, title="The warm space",
                            wants_feedback=True, teller_email="ada@example.org", teller_name="Ada")),
        MSCCandidateFactory(domain=lives, story=StoryFactory(project=story_project, title="The food bank",
                            wants_feedback=True, teller_email="bo@example.org")),
    ]
    made.work = [
        MSCCandidateFactory(domain=work, story=StoryFactory(project=story_project, title="The joined-up visit")),
        MSCCandidateFactory(domain=work, story=StoryFactory(project=story_project, title="The quiet one",
                            wants_feedback=True, teller_email="")),
    ]
    return made


def _data(round_, **more):
    lives, work = round_.domains.get(position=0), round_.domains.get(position=1)
    data = {
        f"choice_{lives.uuid}": str(round_.lives[0].uuid), f"reason_{lives.uuid}": "It shows a street coming together.",
        f"choice_{work.uuid}": str(round_.work[0].uuid), f"reason_{work.uuid}": "One visit instead of five.",
        "present": [str(p.uuid) for p in round_.panel.all()], "version": round_.version,
    }
    data.update(more)
    return data


@pytest.mark.django_db
def test_the_panel_selects_and_the_tellers_who_asked_hear_once(client, story_member, panellist, selecting, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    client.force_login(panellist)
    url = reverse("stories:round-select", kwargs={"uuid": selecting.uuid})
    page = client.get(url).content.decode()
    assert "The warm space" in page
    assert "Changes in the community" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _data(selecting, present=[str(story_member.uuid)]))
    assert response.status_code == 302
    selecting.refresh_from_db()
    assert selecting.status == MSCRound.Status.DONE
    lives = MSCSelection.objects.get(domain__name="Changes in people's lives", domain__round=selecting)
    assert lives.candidate == selecting.lives[0]
    assert lives.reason == "It shows a street coming together."
    assert list(lives.present.all()) == [story_member]
    assert lives.feedback_sent_at is not None
    assert AuditEvent.objects.filter(event="msc_selection.made").count() == 2
    # Two tellers asked and left an email: the one chosen hears why, the other that another was chosen.
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.org", "bo@example.org"]
    chosen = next(m for m in mailoutbox if m.to == ["ada@example.org"])
    assert "chose your story as the most significant change" in chosen.body
    assert "It shows a street coming together." in chosen.body
    other = next(m for m in mailoutbox if m.to == ["bo@example.org"])
    assert "chose another story" in other.body
    assert "It shows a street coming together." not in other.body
    assert "The warm space" not in other.body
    assert AuditEvent.objects.filter(event="msc_feedback.sent").count() == 2
    # Once only.
    assert send_feedback.call(selecting.pk) == 0
    assert len(mailoutbox) == 2
    round_page = client.get(reverse("stories:round", kwargs={"uuid": selecting.uuid})).content.decode()
    assert "The panel chose: The warm space" in round_page
    assert "One visit instead of five." in round_page


@pytest.mark.django_db
def test_a_missing_reason_or_choice_shows_the_error_summary_and_saves_nothing(client, panellist, selecting,
                                                                               mailoutbox):
    client.force_login(panellist)
    url = reverse("stories:round-select", kwargs={"uuid": selecting.uuid})
    work = selecting.domains.get(position=1)
    response = client.post(url, _data(selecting, **{f"reason_{work.uuid}": "  "}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why the panel chose it in “Changes in how we work together”" in page
    lives = selecting.domains.get(position=0)
    response = client.post(url, _data(selecting, **{f"choice_{lives.uuid}": ""}))
    assert response.status_code == 400
    assert "Choose the most significant story in “Changes in people&#x27;s lives”" in response.content.decode()
    # A candidate of another domain is not a choice here.
    response = client.post(url, _data(selecting, **{f"choice_{lives.uuid}": str(selecting.work[0].uuid)}))
    assert response.status_code == 400
    assert not MSCSelection.objects.exists()
    selecting.refresh_from_db()
    assert selecting.status == MSCRound.Status.SELECTING
    assert not mailoutbox


@pytest.mark.django_db
def test_selecting_needs_the_version_read_and_happens_once(client, panellist, selecting):
    client.force_login(panellist)
    url = reverse("stories:round-select", kwargs={"uuid": selecting.uuid})
    assert client.post(url, _data(selecting, version=selecting.version + 1)).status_code == 409
    assert client.post(url, _data(selecting)).status_code == 302
    selecting.refresh_from_db()
    assert client.post(url, _data(selecting)).status_code == 400
    assert "The panel has made its selections." in client.get(url).content.decode()
    assert MSCSelection.objects.count() == 2


@pytest.mark.django_db
def test_only_the_panel_and_managers_select(client, user_with_role, story_project, selecting):
    coder = user_with_role(Role.TEAM_MEMBER, locality=story_project.locality)
    story_project.coders.add(coder)
    client.force_login(coder)
    assert client.get(reverse("stories:round", kwargs={"uuid": selecting.uuid})).status_code == 200
    assert client.post(reverse("stories:round-select", kwargs={"uuid": selecting.uuid}),
                       _data(selecting)).status_code == 404
    assert not MSCSelection.objects.exists()


@pytest.mark.django_db
def test_pass_up_carries_the_selections_and_their_reasons_once(client, story_member, administrator, selecting,
                                                               above, django_capture_on_commit_callbacks):
    client.force_login(story_member)
    url = reverse("stories:round-pass-up", kwargs={"uuid": selecting.uuid})
    client.post(url)
    assert not MSCCandidate.objects.filter(domain__round=above).exists()  # not before the selections
    client.post(reverse("stories:round-select", kwargs={"uuid": selecting.uuid}), _data(selecting))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    passed = MSCCandidate.objects.filter(domain__round=above).select_related("domain", "story", "passed_from")
    assert sorted((c.domain.name, c.story.title) for c in passed) == [
        ("Changes in how we work together", "The joined-up visit"), ("Changes in people's lives", "The warm space")]
    assert {c.passed_from.reason for c in passed} == {"It shows a street coming together.",
                                                      "One visit instead of five."}
    assert above.domains.count() == 2  # the missing domain made there, the same-named one reused
    assert AuditEvent.objects.filter(event="msc_candidate.passed_up").count() == 2
    # A second pass-up adds nothing.
    response = client.post(url, follow=True)
    assert "already in" in response.content.decode()
    assert MSCCandidate.objects.filter(domain__round=above).count() == 2
    # The locality's round shows where each came from, with the team panel's reason.
    client.force_login(administrator)
    page = client.get(reverse("stories:round", kwargs={"uuid": above.uuid})).content.decode()
    assert "Passed up from" in page
    assert "Shirebrook spring" in page
    assert "It shows a street coming together." in page


@pytest.mark.django_db
def test_a_withdrawn_story_vanishes_from_every_round(client, story_member, administrator, selecting, above):
    client.force_login(story_member)
    client.post(reverse("stories:round-select", kwargs={"uuid": selecting.uuid}), _data(selecting))
    client.post(reverse("stories:round-pass-up", kwargs={"uuid": selecting.uuid}))
    warm = selecting.lives[0].story
    withdrawal.withdraw(acting_user=story_member, story=warm, reason="Asked by phone")
    assert not MSCCandidate.objects.filter(story=warm).exists()
    assert not MSCSelection.objects.filter(domain__round=selecting, domain__position=0).exists()
    for user, found in ((story_member, selecting), (administrator, above)):
        client.force_login(user)
        for name in ("stories:round", "stories:round-select"):
            response = client.get(reverse(name, kwargs={"uuid": found.uuid}))
            assert response.status_code == 200
            assert "The warm space" not in response.content.decode()
            assert "It shows a street coming together." not in response.content.decode()
        assert "The joined-up visit" in client.get(reverse("stories:round", kwargs={"uuid": found.uuid})) \
            .content.decode()
    assert "The warm space" not in client.get(reverse("stories:rounds")).content.decode()
