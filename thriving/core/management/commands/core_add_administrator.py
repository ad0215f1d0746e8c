"""`thriving core add-administrator EMAIL`: give a person the administrator role, everywhere.

For the first administrator of a new service, made with `thriving createsuperuser`: the pages and
the administration area follow Thriving roles, not Django's superuser flag, so until someone holds
the administrator role nobody can give anyone a role. Later administrators are added in the
service itself (Users). Audited as done from the command line; running it again changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from thriving.core import audit
from thriving.core.models import Membership, Role, User

BY = "the command line"


class Command(BaseCommand):
    help = "Give a person the administrator role everywhere (for the first administrator of a new service)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")

    @transaction.atomic
    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no user with the email address {email.strip()}: create them first.")
        membership, created = Membership.objects.get_or_create(
            user=user, role=Role.ADMINISTRATOR, organisation=None, locality=None
        )
        if not created:
            self.stdout.write(f"{user.email} is already an administrator.")
            return
        changes = {"user": ["", user.email], "role": ["", membership.get_role_display()]}
        if not user.is_staff:  # the administrator role goes with Django's staff flag
            user.is_staff = True
            user.save(update_fields=["is_staff", "updated_at"])
            changes["is_staff"] = ["False", "True"]
        audit.record(
            None,
            "membership.created",
            membership,
            action=audit.Action.CREATED,
            actor_label=BY,
            subject=user.email,
            purpose="administration",
            changes=changes,
        )
        self.stdout.write(f"{user.email} is now an administrator.")
