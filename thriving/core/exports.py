"""CSV downloads for every export: streamed, with every cell made safe for spreadsheets.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or
carriage return hides such a start; `safe_cell` puts a `'` before each, so what a resident typed
can never run on the machine of the person who opens the file (OWASP's CSV injection advice).
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write: text that could start a formula is prefixed with `'`. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = False) -> Iterable[str]:
    """The lines of a CSV file, header first, each cell made safe; with `bom`, a byte order mark
    first, so that spreadsheets read the file as UTF-8."""
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = False
) -> StreamingHttpResponse:
    """A CSV download, streamed row by row, never kept by a browser or proxy cache."""
    response = StreamingHttpResponse(csv_rows(header, rows, bom=bom), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
