"""The document library as CSV: exactly the MIDs the filters select, with their links."""

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.models import MidStatus
from networks.models import Network
from pim import spreadsheets
from pim.streaming import started


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
    """The library's rows as a streamed CSV, written as every other export is."""
    return spreadsheets.csv_response(columns(), started(rows(request, mids)), filename)
