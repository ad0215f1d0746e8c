"""The coaching demo: fictional coaching for the demo families (`thriving demo`)."""

from typing import Any


def load(stdout: Any, verbosity: int) -> None:
    """Nothing yet."""
