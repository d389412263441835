"""CSV and XLSX downloads of any API collection: the JSON rows, flattened into a table.

The API's own serializers define the columns, so a download holds exactly the fields
(and provenance) of the JSON, under the same names: `member_count.published.value`.
Cells that a spreadsheet would run as a formula are escaped as in the members export.
"""

import csv
import io

from rest_framework.renderers import BaseRenderer

from pim.spreadsheets import spreadsheet_safe, xlsx_bytes


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(_reference(item)) for item in value)
    return value


def _reference(item):
    """A list item in one cell: a nested object by its stable id, or its text."""
    if isinstance(item, dict):
        for key in ("slug", "code", "api_url", "id"):
            if item.get(key) is not None:
                return item[key]
        return "/".join(str(value) for value in item.values() if value is not None)
    return item


def flatten(row: dict, prefix: str = "") -> dict:
    """{"a": {"b": 1}} → {"a.b": 1}; lists become one "; "-separated cell."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = _cell(value)
    return flat


def table(data) -> tuple[list[str], list[list]]:
    """(header, rows) of serialized data: a list of objects, or one object."""
    rows = [flatten(item) for item in (data if isinstance(data, list) else [data])]
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    return list(header), [[row.get(name) for name in header] for row in rows]


class _TableRenderer(BaseRenderer):
    def table_of(self, data, renderer_context) -> tuple[list[str], list[list]]:
        view = renderer_context.get("view") if renderer_context else None
        if view is not None and hasattr(view, "table"):
            return view.table(data)
        return table(data)

    def name_download(self, renderer_context) -> None:
        view = renderer_context.get("view") if renderer_context else None
        response = renderer_context.get("response") if renderer_context else None
        if response is not None and response.status_code == 200:
            name = getattr(view, "download_name", "data")
            response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'


class CSVRenderer(_TableRenderer):
    """UTF-8 CSV with a BOM, so spreadsheet programs read the Polish letters."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = self.table_of(data, renderer_context)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])
        self.name_download(renderer_context)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSXRenderer(_TableRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = self.table_of(data, renderer_context)
        view = renderer_context.get("view") if renderer_context else None
        content = xlsx_bytes([(getattr(view, "download_name", "data"), header, rows)])
        self.name_download(renderer_context)
        return content
