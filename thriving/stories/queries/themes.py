"""Reads of suggested themes: a project's themes by status, each with how many of its stories the
person may see, how many fit weakly, and (for managers) its most typical stories."""

from typing import Any

from django.db.models import Count, Q

from thriving.stories.models import Story, StoryProject, Theme, ThemeMembership


def by_status(user: Any, project: StoryProject, *, with_typical: bool) -> list[dict[str, Any]]:
    """The project's themes grouped by status, in the statuses' order: two queries, and a third
    for the typical stories when asked."""
    seen = Story.objects.visible_to(user).values("pk")
    themes = list(Theme.objects.visible_to(user).filter(project=project).annotate(
        count=Count("memberships", filter=Q(memberships__story__in=seen)),
        weak_count=Count("memberships", filter=Q(memberships__story__in=seen, memberships__is_weak=True)),
    ))
    typical: dict[int, list[Story]] = {}
    if with_typical and themes:
        members = ThemeMembership.objects.filter(theme__in=[t.pk for t in themes], story__in=seen, is_typical=True)
        for member in members.select_related("story").order_by("theme", "-strength"):
            typical.setdefault(member.theme_id, []).append(member.story)
    for theme in themes:
        theme.typical = typical.get(theme.pk, [])  # type: ignore[attr-defined]
    return [{"status": status, "name": name, "themes": [t for t in themes if t.status == status]}
            for status, name in Theme.Status.choices]
