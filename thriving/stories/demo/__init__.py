"""The stories demo: a story project for a demo locality with enough stories to show themes."""

from typing import Any


def load(stdout: Any, verbosity: int) -> None:
    """Filled in with the app's pages."""
