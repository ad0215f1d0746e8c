"""Searching the audit trail, for administrators and the data protection officer."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.models import AuditEvent
from thriving.core.policy import policy


@policy("core.view_audit")
def audit_search(request: HttpRequest) -> HttpResponse:
    return render(request, "core/audit/search.html", {"events": AuditEvent.objects.all()[:100]})
