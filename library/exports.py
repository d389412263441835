"""The document library as CSV: exactly the MIDs the filters select, with their links."""

import csv
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.exports import spreadsheet_safe
from cities.models import MidStatus
from networks.models import Network
from pim.streaming import started


class _Echo:
    def write(self, value: str) -> str:
        return value


def columns() -> list[str]:
    return [
        _("Member"),
        _("Edition"),
        _("Network"),
        _("MID topic"),
        _("MID status"),
        _("Date"),
        _("MID document (PDF)"),
        _("Published version"),
    ]


def rows(request: HttpRequest, mids) -> Iterator[list]:
    """One list of cells per MID of `mids` (queries.library_mids()); the networks are read
    once (one query), the MIDs in chunks."""
    networks = dict(Network.objects.values_list("pk", "name"))
    statuses = dict(MidStatus.choices)
    for mid in mids.iterator(chunk_size=2000):
        document = (
            request.build_absolute_uri(
                reverse("cities:mid-document", args=[mid.member.slug, mid.edition.slug])
            )
            if mid.document
            else ""
        )
        yield [
            mid.member.name,
            mid.edition.name,
            networks.get(mid.network_pk, ""),
            mid.topic,
            str(statuses[mid.status]),
            mid.document_date.isoformat() if mid.document_date else "",
            document,
            mid.document_url,
        ]


def csv_response(request: HttpRequest, mids, filename: str) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV (with BOM, so spreadsheet programs read the Polish letters)."""
    writer = csv.writer(_Echo())
    body = started(rows(request, mids))

    def lines():
        yield "\ufeff" + writer.writerow(columns())
        for row in body:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
