"""CSV and XLSX exports of the members list: exactly the rows the filters select."""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cities.models import MemberKind, MidStatus, Voivodeship

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet shows as text, never runs (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def columns() -> list[str]:
    return [
        _("Member"),
        _("Kind"),
        _("Voivodeship"),
        _("Edition"),
        _("Network"),
        _("MID topic"),
        _("MID status"),
        _("Population"),
        _("Latitude"),
        _("Longitude"),
    ]


def membership_rows(memberships) -> Iterator[list]:
    """One list of cell values per membership row (uses `Membership.objects.with_mid()`)."""
    kinds, voivodeships, statuses = (
        dict(MemberKind.choices),
        dict(Voivodeship.choices),
        dict(MidStatus.choices),
    )
    for row in memberships.iterator(chunk_size=2000):
        member = row.member
        yield [
            member.name,
            str(kinds.get(member.kind, member.kind)),
            str(voivodeships.get(member.voivodeship, "")),
            row.edition.name,
            row.network.name if row.network else "",
            row.mid_topic or "",
            str(statuses[row.mid_status or MidStatus.NOT_REPORTED]),
            member.population,
            float(member.latitude) if member.latitude is not None else None,
            float(member.longitude) if member.longitude is not None else None,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV (with BOM, so spreadsheet programs read the Polish letters)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(columns())
        for row in rows:
            yield writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list], filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Members"))
    sheet.append(columns())
    for row in rows:
        sheet.append([spreadsheet_safe(cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
