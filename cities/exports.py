"""CSV and XLSX exports of the members list: exactly the rows the filters select.

Rows come from `values_list()` (no model instances), so the national list of ~2,500 rows
is one query and a single pass; see pim/spreadsheets.py for the file formats.
"""

from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cities.models import MemberKind, MidStatus, Voivodeship
from pim.spreadsheets import csv_response, xlsx_response

FIELDS = [
    "member__name",
    "member__kind",
    "member__voivodeship",
    "edition__name",
    "network__name",
    "mid_topic",
    "mid_status",
    "member__population",
    "member__latitude",
    "member__longitude",
]


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
    """One list of cell values per membership (a `Membership.objects.with_mid()` queryset,
    filtered and ordered as the list shows it); one query, streamed in chunks."""
    kinds, voivodeships, statuses = (
        dict(MemberKind.choices),
        dict(Voivodeship.choices),
        dict(MidStatus.choices),
    )
    not_reported = str(statuses[MidStatus.NOT_REPORTED])
    statuses = {key: str(label) for key, label in statuses.items()}
    kinds = {key: str(label) for key, label in kinds.items()}
    voivodeships = {key: str(label) for key, label in voivodeships.items()}
    for (
        name,
        kind,
        voivodeship,
        edition,
        network,
        topic,
        status,
        population,
        lat,
        lon,
    ) in memberships.values_list(*FIELDS).iterator(chunk_size=2000):
        yield [
            name,
            kinds.get(kind, kind),
            voivodeships.get(voivodeship, ""),
            edition,
            network or "",
            topic or "",
            statuses.get(status, not_reported),
            population,
            float(lat) if lat is not None else None,
            float(lon) if lon is not None else None,
        ]


def members_csv(rows, filename: str, *, excel: bool = False):
    return csv_response(columns(), rows, filename, excel=excel)


def members_xlsx(rows, filename: str) -> HttpResponse:
    return xlsx_response([(_("Members"), columns(), rows)], filename)
