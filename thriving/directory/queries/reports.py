"""Reads of the problems people report with service pages: only directory editors see them (the
"view" scope of `ProblemReport` in `policy.py`)."""

from typing import Any

from django.db.models import QuerySet

from thriving.directory.models import ProblemReport


def open_reports(user: Any) -> QuerySet[ProblemReport]:
    """The reports not yet resolved that the person may see, oldest first."""
    return (
        ProblemReport.objects.visible_to(user)
        .filter(status=ProblemReport.Status.OPEN)
        .select_related("service", "service__organisation")
        .order_by("created_at", "pk")
    )


def reports() -> QuerySet[ProblemReport]:
    """Reports with their service: the view fetches one with
    `get_visible_or_404(reports(), request.user, uuid=uuid)`."""
    return ProblemReport.objects.select_related("service")
