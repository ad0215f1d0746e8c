"""Model permissions for the Django admin site, from Thriving roles rather than per-user flags."""

from typing import Any

from django.contrib.auth.backends import BaseBackend

from thriving.core import policy

# Nobody changes or deletes the audit trail, whatever their role.
NEVER = {"core.change_auditevent", "core.delete_auditevent", "core.add_auditevent"}


class RoleBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm in NEVER:
            return False
        return policy.can(user_obj, "core.use_admin")

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return policy.can(user_obj, "core.use_admin")
