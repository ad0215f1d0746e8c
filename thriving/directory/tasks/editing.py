"""Background tasks for keeping the directory true: reminding organisations of the services of
theirs nobody has checked for a while."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thriving.core import audit
from thriving.core.models import AuditEvent, Role
from thriving.directory.queries import editing as queries
from thriving.directory.tasks.common import people

REMINDER_EVENT = "directory.reminder_sent"


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
        staff = people(Role.ORGANISATION_STAFF, organisation)
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
