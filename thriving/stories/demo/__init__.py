"""The stories demo: a story project for a demo locality (Shirebrook) with enough stories to show
themes: the project and its stories (`projects`), stories waiting for moderation and typed in
from paper (`telling`), and the suggested themes the worker makes from them (`themes`)."""

from typing import Any

from thriving.stories.demo import projects, telling, themes


def load(stdout: Any, verbosity: int) -> None:
    projects.load(stdout, verbosity)
    telling.load(stdout, verbosity)
    themes.load(stdout, verbosity)
