"""Background tasks of the directory: telling editors about problem reports, and reminding
organisations of services nobody has checked for a while."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.core.models import AuditEvent, Organisation, Role, User
from thriving.directory import queries
from thriving.directory.models import ProblemReport

REMINDER_EVENT = "directory.reminder_sent"


def _people(role: str, organisation: Organisation | None = None) -> list[str]:
    found = User.objects.filter(is_active=True, memberships__role=role)
    if organisation is not None:
        found = found.filter(memberships__organisation=organisation)
    return sorted(set(found.values_list("email", flat=True)))


@task()
def notify_problem_report(report_uuid: str) -> int:
    """Email the directory editors about one problem report."""
    report = ProblemReport.objects.select_related("service").filter(uuid=report_uuid).first()
    editors = _people(Role.DIRECTORY_EDITOR)
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


@task()
def remind_unchecked_services() -> int:
    """Email each organisation's staff the services of theirs nobody has checked for
    DIRECTORY_CHECK_MONTHS months. Once a day at most for each organisation. Returns how many
    organisations were reminded."""
    today = timezone.localdate()
    by_organisation: dict[int, list] = {}
    for service in queries.unchecked_services().select_related("organisation"):
        by_organisation.setdefault(service.organisation_id, []).append(service)
    already = set(
        AuditEvent.objects.filter(event=REMINDER_EVENT, at__date=today, object_type="core.organisation").values_list(
            "object_id", flat=True
        )
    )
    reminded = 0
    base = settings.SITE_URL.rstrip("/")
    for services in by_organisation.values():
        organisation = services[0].organisation
        if str(organisation.uuid) in already:
            continue
        staff = _people(Role.ORGANISATION_STAFF, organisation)
        if not staff:
            continue
        lines = "\n".join(
            f"- {service.name} (last checked {service.last_checked or 'never'}): "
            f"{base}{reverse('directory:service', args=[service.uuid])}"
            for service in services
        )
        body = (
            f"These services of {organisation.name} have not been checked for more than "
            f"{settings.DIRECTORY_CHECK_MONTHS} months:\n\n{lines}\n\n"
            f"Please check each one. If it is still right, say so on {base}{reverse('directory:my-services')}; "
            "if not, propose the changes there.\n"
        )
        send_mail(f"Please check your directory entries ({len(services)})", body, None, staff, fail_silently=False)
        audit.record(
            None,
            REMINDER_EVENT,
            organisation,
            action=audit.Action.CREATED,
            actor_label="system",
            changes={"services": [service.name for service in services][:50]},
        )
        reminded += 1
    return reminded
