"""The stories demo: a story project for a demo locality (Shirebrook) with enough stories to show
themes: the project and its stories (`projects`), stories waiting for moderation and typed in
from paper (`telling`), the suggested themes the worker makes from them (`themes`), a codebook
with two coders' passages (`coding`), a Most Significant Change round with a selection
(`msc`), and a priority for Shirebrook from a confirmed theme, with quotes and ideas (`priorities`)."""

from typing import Any

from thriving.stories.demo import coding, msc, priorities, projects, telling, themes


def load(stdout: Any, verbosity: int) -> None:
    projects.load(stdout, verbosity)
    telling.load(stdout, verbosity)
    themes.load(stdout, verbosity)
    coding.load(stdout, verbosity)
    msc.load(stdout, verbosity)
    priorities.load(stdout, verbosity)
