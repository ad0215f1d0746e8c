"""The budgets demo: fictional pots, applications and awards for the demo teams."""

from typing import Any


def load(stdout: Any, verbosity: int) -> None:
    """Nothing yet."""
