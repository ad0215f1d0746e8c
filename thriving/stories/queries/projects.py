"""Reads of story projects: the projects a person may see, with their stories' counts, a
project's figures, and the stories waiting for moderation."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from thriving.stories.models import Signifier, Story, StoryProject

PROJECTS_PER_PAGE = 25
WAITING_PER_PAGE = 20


def projects_for(user: Any) -> QuerySet[StoryProject]:
    """The projects the person has a part in, newest first, with how many stories each holds that
    the person may see and how many wait for moderation."""
    return StoryProject.objects.visible_to(user).select_related("locality", "team").annotate(
        story_count=Count("stories", filter=Q(stories__withdrawn_at__isnull=True,
                                              stories__moderation=Story.Moderation.APPROVED)),
        waiting_count=Count("stories", filter=Q(stories__withdrawn_at__isnull=True,
                                                stories__moderation=Story.Moderation.PENDING)),
    ).order_by("-opens_on", "title", "pk")


def figures(project: StoryProject) -> dict[str, Any]:
    """The project's counts: approved stories by how they were told, waiting, refused, withdrawn."""
    rows = Story.objects.filter(project=project).aggregate(
        approved=Count("pk", filter=Q(withdrawn_at__isnull=True, moderation=Story.Moderation.APPROVED)),
        waiting=Count("pk", filter=Q(withdrawn_at__isnull=True, moderation=Story.Moderation.PENDING)),
        refused=Count("pk", filter=Q(withdrawn_at__isnull=True, moderation=Story.Moderation.REJECTED)),
        withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        **{channel.value: Count("pk", filter=Q(withdrawn_at__isnull=True, moderation=Story.Moderation.APPROVED,
                                               channel=channel.value)) for channel in Story.Channel},
    )
    rows["by_channel"] = [(channel.label, rows[channel.value]) for channel in Story.Channel]
    return rows


def signifiers(project: StoryProject) -> list[Signifier]:
    return list(project.signifiers.order_by("position", "pk"))


def waiting(user: Any, project: StoryProject) -> QuerySet[Story]:
    """The project's stories waiting for moderation that the person may moderate, oldest first."""
    return Story.objects.visible_to(user, "moderate").filter(project=project).order_by("created_at", "pk")
