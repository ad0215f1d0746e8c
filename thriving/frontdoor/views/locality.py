"""Setting or changing the locality of a request, from its page."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from thriving.core import policy
from thriving.frontdoor.forms import locality as locality_forms
from thriving.frontdoor.services import locality as locality_services
from thriving.frontdoor.views.requests import _act


@require_POST
@policy.policy("frontdoor.triage")
def set_locality(request: HttpRequest, reference: str) -> HttpResponse:
    form = locality_forms.LocalityForm(request.POST)
    return _act(request, reference, form, "locality_form", lambda r, d: locality_services.set_locality(
        acting_user=request.user, request=r, version=d["version"], locality=d["locality"], reason=d["reason"]),
        "where", done=lambda r, d: f"{r.reference} is now in {d['locality'].name}")
