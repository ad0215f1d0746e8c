"""The stories demo, loaded by the real `thriving demo` command: a story project for Shirebrook
with its signifiers, 60 approved stories with answers, a story waiting for moderation, suggested
themes from the real model with at most a tenth of the stories unassigned, and nothing made twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from thriving.core.models import User
from thriving.stories.models import (
    Code,
    Coding,
    MSCCandidate,
    MSCRound,
    MSCSelection,
    Priority,
    Signifier,
    SignifierAnswer,
    Story,
    StoryProject,
    Theme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.model]


def test_the_demo_makes_a_project_with_enough_stories_to_show_themes_once(client):
    out = StringIO()
    call_command("demo", quiet_logins=True, stdout=out)
    assert "Stories demo:" in out.getvalue()
    project = StoryProject.objects.get(slug="shirebrook-getting-help")
    assert project.locality.slug == "shirebrook"
    assert sorted(project.signifiers.values_list("kind", flat=True)) == sorted(Signifier.Kind.values)
    approved = project.stories.filter(moderation=Story.Moderation.APPROVED)
    assert approved.count() >= 60
    assert project.stories.filter(moderation=Story.Moderation.PENDING).exists()
    triads = SignifierAnswer.objects.filter(story__project=project, signifier__kind="triad")
    assert all(abs(a + b + c - 1) < 1e-9 for a, b, c in triads.values_list("a", "b", "c"))
    run = project.theme_runs.get()
    assert run.status == "done"
    assert run.unassigned_count <= run.story_count // 10
    assert Theme.objects.filter(project=project, status=Theme.Status.SUGGESTED).count() >= 3

    coded = Coding.objects.filter(story__project=project)
    assert Code.objects.filter(project=project, parent__isnull=False).count() >= 5
    assert coded.values("coder").distinct().count() == 2
    assert all(story_text[start:end] == quote for story_text, start, end, quote
               in coded.values_list("story__text", "start", "end", "quote"))
    team_round = MSCRound.objects.get(project=project, level=MSCRound.Level.TEAM)
    assert team_round.passes_to.level == MSCRound.Level.LOCALITY
    assert MSCSelection.objects.filter(domain__round=team_round).get().reason
    assert MSCCandidate.objects.filter(domain__round=team_round).count() >= 6

    priority = Priority.objects.get(locality=project.locality)
    assert priority.themes.get().status == Theme.Status.CONFIRMED
    assert priority.ideas.exists()
    assert priority.quotes.filter(status="approved").count() == 2

    before = (StoryProject.objects.count(), Story.objects.count(), Theme.objects.count(), coded.count(),
              MSCRound.objects.count())
    call_command("demo", quiet_logins=True, stdout=StringIO())
    assert (StoryProject.objects.count(), Story.objects.count(), Theme.objects.count(), coded.count(),
            MSCRound.objects.count()) == before

    client.force_login(User.objects.get(email__startswith="team@"))
    page = client.get(reverse("stories:themes", kwargs={"slug": project.slug}))
    assert page.status_code == 200
    assert "Suggested" in page.content.decode()
    team_page = client.get(reverse("teams:team", kwargs={"slug": project.team.slug}))
    assert priority.title in team_page.content.decode()
