"""Reads of story projects: the projects a person may see, with their stories' counts."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from thriving.stories.models import Story, StoryProject

PROJECTS_PER_PAGE = 25


def projects_for(user: Any) -> QuerySet[StoryProject]:
    """The projects the person has a part in, newest first, with how many stories each holds that
    the person may see and how many wait for moderation."""
    return StoryProject.objects.visible_to(user).select_related("locality", "team").annotate(
        story_count=Count("stories", filter=Q(stories__withdrawn_at__isnull=True,
                                              stories__moderation=Story.Moderation.APPROVED)),
        waiting_count=Count("stories", filter=Q(stories__withdrawn_at__isnull=True,
                                                stories__moderation=Story.Moderation.PENDING)),
    )
