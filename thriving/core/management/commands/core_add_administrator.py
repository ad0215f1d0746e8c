"""`thriving core add-administrator EMAIL`: give a person the administrator role, everywhere.

For the first administrator of a new service, made with `thriving createsuperuser`: the pages and
the administration area follow Thriving roles, not Django's superuser flag, so until someone holds
the administrator role nobody can give anyone a role. Later administrators are added in the
service itself (Users). Audited as done from the command line; running it again changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thriving.core import services

BY = "the command line"


class Command(BaseCommand):
    help = "Give a person the administrator role everywhere (for the first administrator of a new service)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        try:
            made = services.make_first_administrator(email=email, actor_label=BY)
        except services.ServiceError as error:
            raise CommandError(str(error)) from error
        address = email.strip().lower()
        self.stdout.write(f"{address} is now an administrator." if made else f"{address} is already an administrator.")
