"""Files every export and import template writes: CSV (standard and for Polish Excel) and XLSX.

Every writer escapes formulas (a text cell that a spreadsheet program would run), keeps
numbers as numbers, and streams or builds the file in one pass over the rows.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO, StringIO
from itertools import chain, islice
from zipfile import ZIP_DEFLATED, ZipFile

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

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


def _excel_cell(value):
    """A cell for Polish Excel: decimal comma, numbers otherwise as digits."""
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


# Rows per piece of a streamed CSV: one piece per row made a 27,000-row export spend more
# time passing pieces to the server than writing them.
_CSV_ROWS_PER_PIECE = 1000
# A line break or comma, then a formula prefix (after an opening quote): a regular expression
# that starts with a set of characters, which Python's re scans for quickly.
_FORMULA_AFTER = re.compile(r'[,\n]"?[=+\-@\t\r]')


def _may_hold_formula(piece: str) -> bool:
    """Whether a cell of a standard CSV piece may start with a formula prefix. Also true for
    more (a negative number, a comma inside quotes), which only costs the slower path."""
    return bool(_FORMULA_AFTER.match("\n" + piece[:2]) or _FORMULA_AFTER.search(piece))


def csv_lines(header: list[str], rows: Iterable[list], *, excel: bool = False) -> Iterator[str]:
    """Pieces of a CSV (the header, then up to 1,000 lines each) with a UTF-8 BOM (spreadsheet
    programs then read the Polish letters).

    Standard: comma-separated, decimal point, for programs and most spreadsheets.
    excel=True: semicolon-separated with decimal commas, as Polish Excel opens it by double click.
    None is an empty cell (the csv module's rule).
    """
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    writer.writerow([spreadsheet_safe(name) for name in header])
    yield "\ufeff" + buffer.getvalue()
    rows = iter(rows)
    while batch := list(islice(rows, _CSV_ROWS_PER_PIECE)):
        buffer.seek(0)
        buffer.truncate()
        if excel:
            writer.writerows([[_excel_cell(spreadsheet_safe(cell)) for cell in row] for row in batch])
        else:
            # Written as they are first (in C; checking each cell in Python took longer), then
            # again cell by cell only if some cell of the piece may start with a formula.
            writer.writerows(batch)
            if _may_hold_formula(buffer.getvalue()):
                buffer.seek(0)
                buffer.truncate()
                writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in batch])
        yield buffer.getvalue()


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


def _column_widths(header: list[str], head: list[list]) -> list[int]:
    """Each column's width in characters: its header or widest value among `head`, within bounds."""
    widths = []
    for index, name in enumerate(header):
        widest = max([_width(name) + 2, *(_width(row[index]) for row in head if index < len(row))])
        widths.append(min(max(widest + 1, MIN_WIDTH), MAX_WIDTH))
    return widths


# The XLSX files are SpreadsheetML written here rather than through openpyxl: its per-cell
# objects took ~80 % of an export's time (1.4 s for the 27,000 memberships; now ~0.15 s).
# Every text is stored once in the shared strings table, so a cell is a dictionary look-up
# and the formula check and XML escaping run once per distinct text, not once per cell.
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 has no way to write these control characters: dropped, as Excel would not show them.
# A carriage return is a character reference, or XML readers would turn it into a line feed.
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
_XML_UNSAFE = re.compile(r'[&<>"\r\x00-\x08\x0b\x0c\x0e-\x1f]')
# Cell styles (cellXfs): the header's bold text, then dates, date-times and times as
# openpyxl wrote them, so they read back as dates, not as day numbers.
_BOLD, _DATE, _DATETIME, _TIME = 1, 2, 3, 4
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_NS}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
_ROWS_PER_WRITE = 1000


def _xml_text(text: str) -> str:
    """The text as XML character data (a regular expression: most texts need no change)."""
    return _XML_UNSAFE.sub(lambda match: _XML_ESCAPES.get(match.group(), ""), text)


class _SharedStrings:
    """The workbook's table of distinct texts, each stored once and referred to by number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def cell(self, text: str, style: int = 0) -> str:
        number = self.index.setdefault(spreadsheet_safe(text), len(self.index))
        styled = f' s="{style}"' if style else ""
        return f'<c{styled} t="s"><v>{number}</v></c>'

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{_xml_text(text)}</t></si>' for text in self.index)
        count = len(self.index)
        return f'{_XML}<sst xmlns="{_NS}" count="{count}" uniqueCount="{count}">{items}</sst>'.encode()


_EMPTY = "<c/>"


def _other_cell(value, strings: _SharedStrings) -> str:
    """The cell XML of a value that is not a text, an int, a float or None."""
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # Excel has no time zones: the time as shown here
            value = timezone.localtime(value).replace(tzinfo=None)
        delta = value - _EPOCH
        days = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
        return f'<c s="{_DATETIME}"><v>{days!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return f'<c s="{_TIME}"><v>{seconds / 86400!r}</v></c>'
    text = str(value)  # e.g. a lazy translation
    return strings.cell(text) if text else _EMPTY


def _sheet_rows(rows: Iterable[list], strings: _SharedStrings, first: int) -> Iterator[str]:
    """<row> elements numbered from `first`, one <c> per value, an empty <c/> for None and "".

    Cells carry no reference (`r`, optional in ECMA-376): each follows the one before it, so a
    cell's XML depends on its value alone and is looked up, not formatted, when values repeat.
    """
    texts: dict[str, str] = {}
    numbers: dict[int | float, str] = {}  # 1 and 1.0 share a cell: the same number in Excel
    for number, row in enumerate(rows, first):
        cells = []
        for value in row:
            cls = value.__class__
            if cls is str:
                cell = texts.get(value)
                if cell is None:
                    cell = texts[value] = strings.cell(value) if value else _EMPTY
            elif cls is int or cls is float:
                cell = numbers.get(value)
                if cell is None:
                    cell = numbers[value] = f"<c><v>{value!r}</v></c>"
            elif value is None:
                cell = _EMPTY
            else:
                cell = _other_cell(value, strings)
            cells.append(cell)
        yield f'<row r="{number}">{"".join(cells)}</row>'


def _write_sheet(archive: ZipFile, path: str, header: list[str], rows, strings: _SharedStrings) -> None:
    rows = iter(rows)
    # Widths come before the cells in the file: sized from the header and the first 200 rows.
    head = [list(row) for _, row in zip(range(200), rows, strict=False)]
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(_column_widths(header, head), 1)
    )
    top = "".join(strings.cell(str(name), _BOLD) for name in header)
    with archive.open(path, "w") as part:
        part.write(
            (
                f'{_XML}<worksheet xmlns="{_NS}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{columns}</cols>" if columns else ""}'
                f'<sheetData><row r="1">{top}</row>'
            ).encode()
        )
        lines = _sheet_rows(chain(head, rows), strings, 2)
        while chunk := "".join(islice(lines, _ROWS_PER_WRITE)):
            part.write(chunk.encode())
        part.write(b"</sheetData></worksheet>")


def xlsx_bytes(sheets: list[tuple[str, list[str], Iterable[list]]]) -> bytes:
    """An XLSX workbook of named sheets: bold header row frozen in place, columns sized to
    their contents (from the first rows), numbers as numbers, dates as dates, formulas escaped.

    Each sheet is (title, header, rows); rows are read once. ~4 µs a row of ten cells.
    """
    buffer = BytesIO()
    strings = _SharedStrings()
    # Level 1: a fifth of level 6's time (30 ms for all memberships) for a file a third larger.
    with ZipFile(buffer, "w", ZIP_DEFLATED, compresslevel=1) as archive:
        for number, (_title, header, rows) in enumerate(sheets, 1):
            _write_sheet(archive, f"xl/worksheets/sheet{number}.xml", header, rows, strings)
        archive.writestr("xl/sharedStrings.xml", strings.xml())
        archive.writestr("xl/styles.xml", _STYLES)
        _write_package(archive, [title for title, _, _ in sheets])
    return buffer.getvalue()


def _write_package(archive: ZipFile, titles: list[str]) -> None:
    """The parts that tie the sheets, the shared strings and the styles into a workbook."""
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}"/>'
        for n in range(1, len(titles) + 1)
    )
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    archive.writestr(
        "[Content_Types].xml",
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>{overrides}</Types>',
    )
    archive.writestr(
        "_rels/.rels",
        f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    # Sheet names: Excel's limit of 31 characters; the same name twice would not open.
    names, seen = [], set()
    for n, title in enumerate(titles, 1):
        name = title[:31] if title[:31] not in seen else f"{title[:28]} {n}"
        seen.add(name)
        names.append(f'<sheet name="{_xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>')
    archive.writestr(
        "xl/workbook.xml",
        f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{''.join(names)}</sheets></workbook>",
    )
    parts = [(f"{_REL}/worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(titles) + 1)]
    parts += [(f"{_REL}/sharedStrings", "sharedStrings.xml"), (f"{_REL}/styles", "styles.xml")]
    relationships = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(parts, 1)
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels", f'{_XML}<Relationships xmlns="{_PKG}">{relationships}</Relationships>'
    )


def xlsx_response(sheets: list[tuple[str, list[str], Iterable[list]]], filename: str) -> HttpResponse:
    """A complete XLSX download (see xlsx_bytes): built before the status is sent, so a
    failure is an error status, never a truncated file."""
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
