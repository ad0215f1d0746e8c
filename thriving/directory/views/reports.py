"""Problems with service pages: anyone may report one (a public form, throttled as every public
form is), and directory editors see the open reports and resolve them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thriving.core import public_forms
from thriving.core.policy import get_visible_or_404, policy, public
from thriving.core.queries import page_of
from thriving.directory import forms
from thriving.directory.models import Service
from thriving.directory.queries import reports as queries
from thriving.directory.services import reports as services

PER_PAGE = 25


@public
@public_forms.limit("directory:report")
def report_problem(request: HttpRequest, uuid: str) -> HttpResponse:
    """Anyone may report a problem: past the rate limit the page comes back (429) with what was
    typed; a robot caught by the honeypot or the time trap sees the usual "sent" page, and nothing
    is saved or emailed."""
    service = get_visible_or_404(Service, request.user, uuid=uuid)
    form = forms.ProblemReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "service": service}
    if request.method == "POST":
        if public_forms.is_limited(request):
            return public_forms.refuse(request, "directory/report.html", context, form)
        if form.is_valid():
            if not form.is_robot:
                services.report_problem(
                    acting_user=request.user,
                    service=service,
                    description=form.cleaned_data["description"],
                    reporter_email=form.cleaned_data["email"],
                )
            return redirect("directory:report-sent", uuid=service.uuid)
        return render(request, "directory/report.html", context, status=400)
    return render(request, "directory/report.html", context)


@public
def report_sent(request: HttpRequest, uuid: str) -> HttpResponse:
    service = get_visible_or_404(Service, request.user, uuid=uuid)
    return render(request, "directory/report_sent.html", {"service": service})


@policy("directory.review_problem_reports")
def problem_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.open_reports(request.user), request.GET.get("page"), PER_PAGE)
    return render(request, "directory/staff/problem_list.html", {"page_obj": page})


@require_POST
@policy("directory.review_problem_reports")
def problem_resolve(request: HttpRequest, uuid: str) -> HttpResponse:
    report = get_visible_or_404(queries.reports(), request.user, uuid=uuid)
    services.resolve_problem(acting_user=request.user, report=report)
    messages.success(request, f"The report about {report.service.name} is marked as resolved")
    return redirect("directory:problem-list")
