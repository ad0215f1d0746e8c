"""Reads of the import runs and their reports: only directory editors see them (the "view" scope
of `ImportRun` in `policy.py`)."""

from typing import Any

from django.db.models import QuerySet

from thriving.directory.interchange.models import ImportRun


def runs(user: Any) -> QuerySet[ImportRun]:
    """The runs the person may see, newest first, without their reports (which may be large)."""
    found = ImportRun.objects.visible_to(user).defer("report").select_related("created_by")
    return found.order_by("-created_at", "-pk")


def all_runs() -> QuerySet[ImportRun]:
    """Runs with their reports: the view fetches one with `get_visible_or_404(all_runs(), user, uuid=…)`."""
    return ImportRun.objects.select_related("created_by", "feed")
