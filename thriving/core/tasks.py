"""Background tasks of the core app. They run inline in the demo and tests, and in
`thriving worker` when TASKS_BACKEND=database."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email through Django's configured email backend."""
    return send_mail(subject, body, None, to, fail_silently=False)
