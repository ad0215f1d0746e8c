"""The worker's themes tasks: embedding a project's new or changed stories, and suggesting themes."""

from django_tasks import task

from thriving.stories.models import StoryProject, ThemeRun
from thriving.stories.services import themes


@task()
def embed_stories(project_id: int) -> int:
    """Embed the project's stories whose text is new or changed; returns how many."""
    project = StoryProject.objects.filter(pk=project_id).first()
    return themes.embed_project(project) if project else 0


@task()
def embed_taken(project_id: int, story_ids: list[int]) -> int:
    """Embed stories just taken into a project (those still eligible); returns how many."""
    project = StoryProject.objects.filter(pk=project_id).first()
    return themes.embed_project(project, only=story_ids) if project else 0


@task()
def suggest_themes(run_id: int) -> str:
    """Run the suggester for a queued run; returns its status."""
    run = ThemeRun.objects.select_related("project").filter(pk=run_id).first()
    if run is None or run.status != ThemeRun.Status.QUEUED:
        return "skipped"
    return themes.run_suggester(run).status
