"""How the council publishes its grants to 360Giving: changed by an administrator, recorded in the
audit trail."""

from typing import Any

from django.db import transaction

from thriving.budgets.models import Publishing
from thriving.core import audit
from thriving.core.models import AuditEvent
from thriving.core.policy import require

FIELDS = ("identifier_prefix", "funder_identifier", "funder_name", "publisher_name", "licence", "grant_programme")


@transaction.atomic
def change_publishing(*, acting_user: Any, **values: Any) -> Publishing:
    require(acting_user, "budgets.manage_publishing")
    publishing = Publishing.current()
    publishing = Publishing.objects.select_for_update().get(pk=publishing.pk)
    changes = {}
    for name in FIELDS:
        value = values[name].strip() if isinstance(values[name], str) else values[name]
        if getattr(publishing, name) != value:
            changes[name] = [getattr(publishing, name), value]
            setattr(publishing, name, value)
    if changes:
        publishing.save()
        audit.record(acting_user, "budgets.publishing_changed", publishing, action=AuditEvent.Action.CHANGED,
                     changes=changes)
    return publishing
