"""Background tasks for problem reports: telling the directory editors about each one."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from thriving.core.models import Role
from thriving.directory.models import ProblemReport
from thriving.directory.tasks.common import people


@task()
def notify_problem_report(report_uuid: str) -> int:
    """Email the directory editors about one problem report."""
    report = ProblemReport.objects.select_related("service").filter(uuid=report_uuid).first()
    editors = people(Role.DIRECTORY_EDITOR)
    if report is None or not editors:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("directory:problem-list")
    body = (
        f"Someone has reported a problem with the directory page for {report.service.name}.\n\n"
        f"What they said:\n{report.description}\n\n"
        f"{'They would like a reply at ' + report.reporter_email if report.reporter_email else 'They left no email.'}"
        f"\n\nSee the open reports: {link}\n"
    )
    return send_mail(f"Problem reported: {report.service.name}", body, None, editors, fail_silently=False)
