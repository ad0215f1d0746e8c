"""The themes demo: suggested themes for the demo project's stories, run as the worker would, when
the project (`shirebrook-getting-help`) exists with at least 20 stories; otherwise nothing."""

from typing import Any

from thriving.stories.models import StoryProject, ThemeRun
from thriving.stories.services import themes


def load(stdout: Any, verbosity: int) -> None:
    project = StoryProject.objects.filter(slug="shirebrook-getting-help").first()
    if project is None or themes.needed(project) or project.theme_runs.exists():
        return
    run = themes.run_suggester(ThemeRun.objects.create(project=project))
    if verbosity:
        stdout.write(f"Suggested themes for {project.title}: {run.status}, {project.themes.count()} themes")
