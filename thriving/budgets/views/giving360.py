"""The 360Giving export, for anyone: the grants of a year as the JSON package (streamed grant by
grant) and as the flattened spreadsheet; and, for administrators, how the council publishes them."""

import tempfile
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from thriving.budgets.forms.publishing import PublishingForm
from thriving.budgets.models import Publishing
from thriving.budgets.queries import giving360 as queries
from thriving.budgets.services import publishing as services
from thriving.core.policy import policy, public
from thriving.core.views.helpers import answer

EARLIEST = 2000


def _year(request: HttpRequest) -> int | None:
    """The year asked for (this year when none is), or None when it is not a year."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return timezone.localdate().year
    if not raw.isdigit() or not EARLIEST <= int(raw) <= timezone.localdate().year + 1:
        return None
    return int(raw)


def _bad_year() -> HttpResponse:
    return HttpResponse("Give the year as four digits, such as ?year=2026.", status=400,
                        content_type="text/plain; charset=utf-8")


def _source(request: HttpRequest, name: str, year: int) -> str:
    return request.build_absolute_uri(f"{reverse(name)}?year={year}")


@public
@require_GET
def grants_json(request: HttpRequest) -> HttpResponseBase:
    year = _year(request)
    if year is None:
        return _bad_year()
    lines = queries.package_lines(request.user, year, Publishing.current(), _source(request, "budgets:360giving", year))
    response = StreamingHttpResponse(lines, content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="grants-{year}.json"'
    return response


@public
@require_GET
def grants_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The flattened spreadsheet, written row by row (openpyxl's write-only mode) to a temporary
    file that is then streamed."""
    year = _year(request)
    if year is None:
        return _bad_year()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("grants")
    source = _source(request, "budgets:360giving", year)
    for row in queries.sheet_rows(request.user, year, Publishing.current(), source):
        sheet.append([_cell(sheet, value, WriteOnlyCell) for value in row])
    stored = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(stored)
    stored.seek(0)
    return FileResponse(stored, as_attachment=True, filename=f"grants-{year}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _cell(sheet: Any, value: Any, make: Any) -> Any:
    """Text is always text: a cell starting `=` is written as a string, never as a formula."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = make(sheet, value=value)
    cell.data_type = "s"
    return cell


@policy("budgets.manage_publishing")
def publishing(request: HttpRequest) -> HttpResponse:
    current = Publishing.current()
    initial = {name: getattr(current, name) for name in services.FIELDS}
    form = PublishingForm(request.POST or None, initial=initial)

    def page(*, status: int = 200, form: Any, error_message: str = "") -> HttpResponse:
        return render(request, "budgets/public/publishing.html", {
            "form": form, "error_message": error_message, "publishing": current,
            "forms_in_error": [form] if form.is_bound and form.errors else [],
        }, status=status)

    if request.method != "POST":
        return page(form=form)

    def done(_: Any) -> HttpResponse:
        messages.success(request, "How the grants are published is saved.")
        return redirect("budgets:publishing")

    return answer(form, lambda data: services.change_publishing(acting_user=request.user, **data),
                  page=page, done=done)
