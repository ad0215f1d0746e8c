"""Writes of the problems people report with service pages: anyone may report one, and the
directory editors are emailed once it is saved; an editor marks it resolved."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from thriving.core import audit, policy
from thriving.core.models import User
from thriving.directory.models import ProblemReport, Service
from thriving.directory.tasks.reports import notify_problem_report


@transaction.atomic
def report_problem(*, acting_user: Any, service: Service, description: str, reporter_email: str = "") -> ProblemReport:
    """Anyone, signed in or not, may report that a service page is wrong; the directory editors
    are told once the report is saved."""
    report = ProblemReport.objects.create(service=service, description=description, reporter_email=reporter_email)
    audit.record(acting_user, "problem_report.created", report, action=audit.Action.CREATED, actor_label="public")
    transaction.on_commit(lambda: notify_problem_report.enqueue(str(report.uuid)))
    return report


@transaction.atomic
def resolve_problem(*, acting_user: User, report: ProblemReport) -> ProblemReport:
    """An editor marks a report resolved."""
    policy.require(acting_user, "directory.review_problem_reports")
    ProblemReport.objects.filter(pk=report.pk, status=ProblemReport.Status.OPEN).update(
        status=ProblemReport.Status.RESOLVED, resolved_at=timezone.now(), resolved_by=acting_user
    )
    report.refresh_from_db()
    audit.record(acting_user, "problem_report.resolved", report, action=audit.Action.CHANGED)
    return report
