"""Files every export and import template writes: CSV (standard and for Polish Excel) and XLSX.

Every writer escapes formulas (a text cell that a spreadsheet program would run), keeps
numbers as numbers, and streams or builds the file in one pass over the rows.
"""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in characters: wide enough for most values, never a screen wide.
MIN_WIDTH, MAX_WIDTH = 8, 60


def spreadsheet_safe(value):
    """Text that a spreadsheet shows as text, never runs (CSV/formula injection); numbers unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape(text: str) -> str:
    """The value a spreadsheet_safe cell stood for: an export imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _excel_cell(value):
    """A cell for Polish Excel: decimal comma, numbers otherwise as digits."""
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


def csv_lines(header: list[str], rows: Iterable[list], *, excel: bool = False) -> Iterator[str]:
    """Lines of a CSV with a UTF-8 BOM (spreadsheet programs then read the Polish letters).

    Standard: comma-separated, decimal point, for programs and most spreadsheets.
    excel=True: semicolon-separated with decimal commas, as Polish Excel opens it by double click.
    """
    writer = csv.writer(_Echo(), delimiter=";" if excel else ",")
    convert = _excel_cell if excel else (lambda value: value)
    yield "\ufeff" + writer.writerow([spreadsheet_safe(name) for name in header])
    for row in rows:
        yield writer.writerow(["" if cell is None else convert(spreadsheet_safe(cell)) for cell in row])


def csv_response(
    header: list[str], rows: Iterable[list], filename: str, *, excel: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download (see csv_lines): streamed from an iterator, whole from a list."""
    if isinstance(rows, list):
        response = HttpResponse(
            "".join(csv_lines(header, rows, excel=excel)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    response = StreamingHttpResponse(
        csv_lines(header, rows, excel=excel), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _width(value) -> int:
    return len(str(value)) if value is not None else 0


def xlsx_bytes(sheets: list[tuple[str, list[str], Iterable[list]]]) -> bytes:
    """An XLSX workbook of named sheets: bold header row frozen in place, columns sized to
    their contents (from the first rows), numbers as numbers, formulas escaped.

    Each sheet is (title, header, rows); rows are read once.
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet name
        sheet.freeze_panes = "A2"
        rows = iter(rows)
        # Widths must be set before the first row is written: sized from the first 200 rows.
        head = [list(row) for _, row in zip(range(200), rows, strict=False)]
        for index, name in enumerate(header):
            widest = max([_width(name) + 2, *(_width(row[index]) for row in head if index < len(row))])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(
                max(widest + 1, MIN_WIDTH), MAX_WIDTH
            )
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(name))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in head:
            sheet.append([spreadsheet_safe(cell) for cell in row])
        for row in rows:
            sheet.append([spreadsheet_safe(cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: list[tuple[str, list[str], Iterable[list]]], filename: str) -> HttpResponse:
    """A complete XLSX download (see xlsx_bytes): built before the status is sent, so a
    failure is an error status, never a truncated file."""
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
