"""Pledges for the public (no account): the open campaigns, a campaign's page, signing as a person
or for an organisation, and the confirmation.

Robots are kept out as on the front door's "Ask for help": a honeypot field, a time trap (a form
sent sooner than FRONTDOOR_MIN_SECONDS after it was shown is shown again, with its answers, to
send again) and a rate limit per IP address. A robot caught by the honeypot sees the usual
confirmation and nothing is saved.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from thriving.community.forms import pledges as forms
from thriving.community.models import PledgeCampaign
from thriving.community.queries import pledges as queries
from thriving.community.services import pledges as services
from thriving.core import policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.public_forms import HONEYPOT, public_rate

DONE = "community_pledge_signed"


def _limited(request: HttpRequest, campaign: PledgeCampaign) -> HttpResponse:
    return render(request, "community/pledges/limited.html", {"campaign": campaign}, status=429)


def _is_robot(request: HttpRequest, form: Any) -> bool:
    """Caught by the honeypot, or with no signed moment the form was shown (which the page always
    carries). A form sent too fast is not valid, so it is shown again rather than getting here."""
    waited = forms.seconds_since(request.POST.get(f"{form.prefix}-started", ""))
    return bool(request.POST.get(HONEYPOT)) or waited is None


def _page(
    request: HttpRequest, campaign: PledgeCampaign, status: int = 200, *, person_form: Any = None,
    organisation_form: Any = None, error_message: str = "",
) -> HttpResponse:
    person_form = person_form or forms.PersonSignForm()
    organisation_form = organisation_form or forms.OrganisationSignForm()
    return render(request, "community/pledges/campaign.html", {
        "campaign": campaign,
        "page": queries.campaign_page(campaign),
        "refusal": services.refusal(campaign),
        "person_form": person_form,
        "organisation_form": organisation_form,
        "forms_in_error": [f for f in (person_form, organisation_form) if f.errors],
        "error_message": error_message,
        "honeypot": HONEYPOT,
    }, status=status)


@policy.public
def index(request: HttpRequest) -> HttpResponse:
    """Pledges open for signatures now."""
    return render(request, "community/pledges/index.html", {"campaigns": list(queries.open_campaigns(request.user))})


@policy.public
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_visible_or_404(queries.campaigns(), request.user, "view_public", slug=slug))


def _sign(request: HttpRequest, slug: str, form: Any, key: str, act: Any) -> HttpResponse:
    """Check the form and sign; a closed campaign, a mistake or a refusal shows the page again
    with what was typed."""
    campaign = get_visible_or_404(queries.campaigns(), request.user, "view_public", slug=slug)
    if getattr(request, "limited", False):
        return _limited(request, campaign)
    reason = services.refusal(campaign)
    if reason:
        return _page(request, campaign, 400, error_message=reason)
    if not form.is_valid():
        return _page(request, campaign, 400, **{key: form})
    done: dict[str, Any] = {"slug": campaign.slug, "kind": key, "already": False, "organisation": ""}
    if not _is_robot(request, form):
        try:
            done.update(act(campaign, form.cleaned_data))
        except services.AlreadySigned as error:
            form.add_error("organisation_name", str(error))
            return _page(request, campaign, 400, **{key: form})
        except ActionRefused as error:
            return _page(request, campaign, 400, error_message=str(error), **{key: form})
    request.session[DONE] = done
    return redirect("community:pledge-signed", slug=campaign.slug)


@require_POST
@policy.public
@ratelimit(group="community:pledge", key="ip", rate=public_rate, method="POST", block=False)
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign as a person. The same person signing again is told so, and nothing changes."""

    def act(campaign: PledgeCampaign, data: dict) -> dict:
        _, created = services.sign_as_person(
            campaign, acting_user=request.user, name=data["name"], show_name=data["show_name"],
            email=data["email"], postcode=data["postcode"])
        return {"already": not created}

    return _sign(request, slug, forms.PersonSignForm(request.POST), "person_form", act)


@require_POST
@policy.public
@ratelimit(group="community:pledge", key="ip", rate=public_rate, method="POST", block=False)
def sign_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign for an organisation, with its commitment. An organisation signs once."""

    def act(campaign: PledgeCampaign, data: dict) -> dict:
        pledge = services.sign_as_organisation(
            campaign, acting_user=request.user, organisation_name=data["organisation_name"],
            commitment=data["commitment"], signed_by=data["signed_by"], contact_email=data["contact_email"])
        return {"organisation": pledge.organisation_name}

    return _sign(request, slug, forms.OrganisationSignForm(request.POST), "organisation_form", act)


@policy.public
def signed(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_visible_or_404(queries.campaigns(), request.user, "view_public", slug=slug)
    done = request.session.get(DONE)
    if not done or done.get("slug") != campaign.slug:
        return redirect("community:pledge", slug=campaign.slug)
    return render(request, "community/pledges/signed.html", {"campaign": campaign, "done": done})
