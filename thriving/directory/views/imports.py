"""The import runs: what each import of a feed read, landed and set aside, for directory editors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thriving.core.policy import get_visible_or_404, policy
from thriving.core.queries import page_of
from thriving.directory.queries import imports as queries

PER_PAGE = 25
SHOWN = 500  # notes shown on the page; the run keeps up to 5,000 of each


@policy("directory.view_imports")
def import_list(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.runs(request.user), request.GET.get("page"), PER_PAGE)
    return render(request, "directory/staff/import_list.html", {"page_obj": page})


@policy("directory.view_imports")
def import_run(request: HttpRequest, uuid: str) -> HttpResponse:
    run = get_visible_or_404(queries.all_runs(), request.user, uuid=uuid)
    report = run.report or {}
    context = {
        "run": run,
        "report": report,
        "problems": (report.get("problems") or [])[:SHOWN],
        "warnings": (report.get("warnings") or [])[:SHOWN],
        "shown": SHOWN,
    }
    return render(request, "directory/staff/import_run.html", context)
