"""Searching the audit trail, for administrators and the data protection officer, and exporting
what a search finds. The trail cannot be changed or deleted from here or anywhere else."""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from thriving.core import audit, queries
from thriving.core.exports import csv_response
from thriving.core.forms import audit as forms
from thriving.core.models import AuditEvent
from thriving.core.policy import policy

PER_PAGE = 50
CSV_COLUMNS = [
    "When",
    "Who",
    "Action",
    "Event",
    "Object type",
    "Object",
    "Object label",
    "Whose data",
    "Purpose",
    "Changes",
    "IP address",
    "Request",
]



@policy("core.view_audit")
@require_GET
def audit_search(request: HttpRequest) -> HttpResponse:
    """Search the trail. Each search is itself recorded, with the filters used, once the page is
    drawn (so that it does not show itself)."""
    form = forms.AuditFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    events = queries.audit_events(request.user, **filters)
    page_obj = queries.page_of(events, request.GET.get("page"), PER_PAGE)
    response = render(request, "core/audit/search.html", {"form": form, "page_obj": page_obj})
    described = form.describe() if valid else "everything (the filters given were wrong)"
    audit.record(
        request.user,
        "audit.searched",
        action=audit.Action.VIEWED,
        object_type="audit trail",
        object_label=f"Audit trail search: {described}; page {page_obj.number}",
        subject=str(filters.get("subject") or ""),
        purpose="audit search",
    )
    return response


def _changes_text(changes: object) -> str:
    if not isinstance(changes, dict):
        return str(changes or "")
    parts = []
    for field, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            parts.append(f"{field}: {value[0]} → {value[1]}")
        else:
            parts.append(f"{field}: {value}")
    return "; ".join(parts)


def _row(event: AuditEvent) -> list[str]:
    values = [
        timezone.localtime(event.at).isoformat(),
        event.actor_label,
        event.get_action_display(),
        event.event,
        event.object_type,
        event.object_id,
        event.object_label,
        event.subject,
        event.purpose,
        _changes_text(event.changes),
        event.ip_address,
        event.request_id,
    ]
    return values


@policy("core.view_audit")
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    form = forms.AuditFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('core:audit')}?{request.GET.urlencode()}")
    events = queries.export_audit_events(acting_user=request.user, description=form.describe(), **form.cleaned_data)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    rows = (_row(event) for event in events.iterator(chunk_size=2000))
    return csv_response(f"audit-trail-{stamp}.csv", CSV_COLUMNS, rows, bom=True)
