"""Writing to the audit trail. Every read of personal data, and every change to it, calls `record`."""

import contextvars
import uuid
from typing import Any

from django.db import models

from thriving.core.models import AuditEvent

_request_context: contextvars.ContextVar[dict[str, str | None] | None] = contextvars.ContextVar(
    "thriving_audit_request", default=None
)

Action = AuditEvent.Action


def bind_request(ip_address: str | None) -> contextvars.Token:
    return _request_context.set({"ip_address": ip_address, "request_id": uuid.uuid4().hex})


def unbind_request(token: contextvars.Token) -> None:
    _request_context.reset(token)


def record(
    actor: Any,
    event: str,
    obj: models.Model | None = None,
    *,
    action: str,
    subject: str = "",
    purpose: str = "",
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Append one event. `subject` names whose personal data it was; `purpose` says why."""
    context = _request_context.get() or {}
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
        object_label = object_label or str(obj)[:200]
    return AuditEvent.objects.create(
        actor=actor if signed_in else None,
        actor_label=(actor.email if signed_in else actor_label)[:254],
        action=action,
        event=event,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        subject=subject[:200],
        purpose=purpose[:200],
        changes=changes or {},
        ip_address=context.get("ip_address"),
        request_id=context.get("request_id") or "",
    )


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that differ, as {field: [before, after]}, for the audit record."""
    return {
        key: [str(before.get(key, "")), str(after.get(key, ""))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
