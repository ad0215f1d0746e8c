"""Pledges for the staff who run them: setting campaigns up, publishing them, seeing who signed
(with contacts, audited, and as a download) and recording progress against organisations'
commitments. The public's pages are in `public`.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thriving.community.forms import pledges as forms
from thriving.community.models import OrganisationPledge, PledgeCampaign
from thriving.community.queries import pledges as queries
from thriving.community.services import pledges as services
from thriving.core import audit, policy
from thriving.core.access import get_visible_or_404
from thriving.core.conflicts import ActionRefused
from thriving.core.exports import csv_response
from thriving.core.views.helpers import answer, status_of

RUN = "community.run_pledges"
SHOWN_SIGNATURES = 100


def _details(data: dict) -> services.CampaignDetails:
    return services.CampaignDetails(
        title=data["title"], slug=data["slug"], pledge=data["pledge"], about=data["about"],
        locality=data["locality"], team=data["team"], opens_on=data["opens_on"], closes_on=data["closes_on"])


def _initial(campaign: PledgeCampaign) -> dict[str, Any]:
    return {"version": campaign.version, "title": campaign.title, "slug": campaign.slug, "pledge": campaign.pledge,
            "about": campaign.about, "locality": campaign.locality_id, "team": campaign.team_id,
            "opens_on": campaign.opens_on, "closes_on": campaign.closes_on}


@policy.policy(RUN)
def campaigns(request: HttpRequest) -> HttpResponse:
    """The campaigns the person runs."""
    return render(request, "community/pledges/manage_list.html",
                  {"campaigns": list(queries.campaigns_for_staff(request.user))})


@policy.policy(RUN)
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None)
    error_message, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.create_campaign(acting_user=request.user, details=_details(form.cleaned_data))
            except ActionRefused as error:
                error_message = str(error)
            else:
                messages.success(request, f"The campaign “{created.title}” was set up. Publish it when it is ready.")
                return redirect("community:pledge-campaign", slug=created.slug)
        status = 400
    return render(request, "community/pledges/manage_new.html",
                  {"form": form, "error_message": error_message, "forms_in_error": [form] if form.errors else []},
                  status=status)


def _manage_page(request: HttpRequest, campaign: PledgeCampaign, status: int = 200, **context: Any) -> HttpResponse:
    everyone = queries.signatures(campaign)
    total = everyone.count()
    shown = list(everyone.reverse()[:SHOWN_SIGNATURES])
    pledges = list(queries.organisation_pledges(campaign))
    if shown or pledges:  # names and contacts of people, and of those who signed for organisations
        audit.record(request.user, "pledge.signatures_viewed", campaign, action=audit.Action.VIEWED,
                     subject=f"{len(shown)} people and {len(pledges)} organisations who signed",
                     purpose="running the pledge")
    form = context.pop("form", None) or forms.CampaignForm(initial=_initial(campaign))
    progress_forms = context.pop("progress_forms", {})
    rows = [(pledge, progress_forms.get(pledge.pk) or forms.ProgressForm(prefix=f"progress-{pledge.uuid}"))
            for pledge in pledges]
    in_error = [f for f in [form, *progress_forms.values()] if f.errors]
    return render(request, "community/pledges/manage_campaign.html", {
        "campaign": campaign, "form": form, "signatures": shown, "signature_total": total,
        "shown_limit": SHOWN_SIGNATURES, "pledges": rows, "forms_in_error": in_error,
        "publish_form": forms.PublishForm(
            initial={"version": campaign.version, "published": not campaign.is_published}),
        "error_message": context.pop("error_message", ""), **context,
    }, status=status)


@policy.policy(RUN)
def campaign_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """A campaign for the staff running it: its details (edited here), who signed, and the
    organisations' commitments with their progress."""
    found = get_visible_or_404(queries.campaigns(), request.user, slug=slug)
    if request.method != "POST":
        return _manage_page(request, found)

    def page(*, status: int, form: Any, error_message: str = "") -> HttpResponse:
        if error_message:
            found.refresh_from_db()  # the campaign as it is now; the form keeps what was typed
        return _manage_page(request, found, status, form=form, error_message=error_message)

    def done(_: Any) -> HttpResponse:
        messages.success(request, "The campaign was saved")
        return redirect("community:pledge-campaign", slug=found.slug)

    return answer(forms.CampaignForm(request.POST), lambda data: services.edit_campaign(
        found, acting_user=request.user, version=data["version"] or 0, details=_details(data)), page=page, done=done)


@require_POST
@policy.policy(RUN)
def campaign_publish(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_visible_or_404(queries.campaigns(), request.user, slug=slug)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, found, 400, error_message="The page was out of date. Try again.")
    try:
        services.set_published(found, acting_user=request.user, version=form.cleaned_data["version"],
                               published=form.cleaned_data["published"])
    except ActionRefused as error:
        found.refresh_from_db()
        return _manage_page(request, found, status_of(error),
                            error_message=str(error))
    messages.success(request, "The campaign is published" if found.is_published else "The campaign was taken down")
    return redirect("community:pledge-campaign", slug=found.slug)


@require_POST
@policy.policy(RUN)
def record_progress(request: HttpRequest, slug: str, pledge_uuid: str) -> HttpResponse:
    found = get_visible_or_404(queries.campaigns(), request.user, slug=slug)
    pledge = get_visible_or_404(OrganisationPledge, request.user, campaign=found, uuid=pledge_uuid)
    form = forms.ProgressForm(request.POST, prefix=f"progress-{pledge.uuid}")
    if not form.is_valid():
        return _manage_page(request, found, 400, progress_forms={pledge.pk: form})
    try:
        services.record_progress(pledge, acting_user=request.user, status=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"])
    except ActionRefused as error:
        return _manage_page(request, found, 400, progress_forms={pledge.pk: form}, error_message=str(error))
    messages.success(request, f"Progress was recorded for {pledge.organisation_name}")
    return redirect(reverse("community:pledge-campaign", args=[found.slug]) + f"#commitment-{pledge.uuid}")


@policy.policy(RUN)
def signatures_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Everyone who signed, with their contacts, as a spreadsheet. The download is audited."""
    found = get_visible_or_404(queries.campaigns(), request.user, slug=slug)
    rows = list(queries.signatures(found))
    audit.record(request.user, "pledge.signatures_exported", found, action=audit.Action.EXPORTED,
                 subject=f"{len(rows)} people who signed", purpose="running the pledge")
    return csv_response(f"pledge-{found.slug}-signatures.csv", ["Signed", "Name", "Show name", "Email", "Postcode"], (
        [f"{s.created_at:%Y-%m-%d %H:%M}", s.name, "yes" if s.show_name else "no", s.email, s.postcode]
        for s in rows))
