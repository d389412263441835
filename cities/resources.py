"""Members with their network and MID status in django-import-export's admin pages: the
upload, preview and confirm screens, and the admin's export (in the import's own format,
so it imports back unchanged). Files are read and written by cities/importing.py."""

import tablib
from django.db.models import F
from django.utils.translation import gettext
from import_export import fields, resources

from cities.importing import COLUMNS, DATE_COLUMNS, MemberImport
from cities.models import MemberKind, Membership, MidStatus, Voivodeship
from pim.import_checks import ImportRefused
from pim.imports import as_result
from pim.spreadsheets import spreadsheet_safe


class MembershipResource(resources.ModelResource):
    class Meta:
        model = Membership
        fields = ["member"]

    def get_user_visible_fields(self):
        return [fields.Field(column_name=str(column.label)) for column in COLUMNS]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """The file checked as a whole; written (all of it) unless dry_run or a row is invalid."""
        importer = MemberImport()
        try:
            checked = importer.check(dataset.headers or [], dataset)
            if not dry_run and not checked.errors:
                importer.write(checked, user=kwargs.get("user"), report=kwargs.get("report"))
        except ImportRefused as refused:
            return as_result(None, str(refused))
        return as_result(checked)

    @staticmethod
    def export_queryset(queryset=None):
        """Memberships with member, network, edition and the MID's fields, in list order."""
        queryset = queryset if queryset is not None else Membership.objects.all()
        return (
            queryset.with_mid()
            .annotate(**{f"mid_{column}": F(f"edition_mid__{column}") for column in DATE_COLUMNS})
            .order_by("edition__slug", "network__position", "member__name")
        )

    def export(self, queryset=None, **kwargs):
        """A dataset in the import's format (headers in the user's language); one query."""
        kinds, voivodeships, statuses = (
            {key: str(label) for key, label in choices.choices}
            for choices in (MemberKind, Voivodeship, MidStatus)
        )
        rows = self.export_queryset(queryset).values_list(
            "edition__slug",
            "network__slug",
            "member__slug",
            "member__name",
            "member__kind",
            "member__voivodeship",
            "member__seat",
            "member__population",
            "member__latitude",
            "member__longitude",
            "mid_topic",
            "mid_status",
            *[f"mid_{column}" for column in DATE_COLUMNS],
        )
        dataset = tablib.Dataset(headers=[str(column.label) for column in COLUMNS], title=gettext("Members"))
        for row in rows.iterator(chunk_size=2000):
            (
                edition,
                network,
                slug,
                name,
                kind,
                voivodeship,
                seat,
                population,
                lat,
                lon,
                topic,
                status,
                *dates,
            ) = row
            cells = [
                edition,
                network or "",
                slug,
                name,
                kinds.get(kind, kind),
                voivodeships.get(voivodeship, ""),
                seat,
                population,
                lat,
                lon,
                topic or "",
                statuses[status or MidStatus.NOT_REPORTED],
                *dates,
            ]
            dataset.append(["" if cell is None else spreadsheet_safe(cell) for cell in cells])
        return dataset
