"""Each collection downloads as CSV and XLSX: its JSON fields flattened, formula-safe."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cities.models import Mid
from tests.api.conftest import API, COLLECTIONS

pytestmark = pytest.mark.django_db


def _csv(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", sorted(set(COLLECTIONS) - {"memberships"}))
def test_a_csv_download_holds_every_filtered_row_with_the_json_field_names(client, name):
    rows = _csv(client, f"{COLLECTIONS[name]}?format=csv")
    listing = client.get(COLLECTIONS[name], {"page_size": 500}).json()
    assert len(rows) == listing["count"]
    first = listing["results"][0]
    flat_names = set(rows[0])
    for key in first:
        assert key in flat_names or any(column.startswith(key + ".") for column in flat_names), key


def test_a_download_is_named_after_its_collection(client):
    response = client.get(f"{API}meetings/", {"format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="meetings.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert "title" in header and "source.code" in header


def test_downloads_take_the_same_filters(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    rows = _csv(client, f"{API}mids/?network={network.pk}&format=csv")
    assert len(rows) == network.memberships.count()


def test_a_formula_in_user_text_is_never_run_by_a_spreadsheet(client, pilot):
    Mid.objects.filter(member__slug="torun", edition=pilot).update(topic='=HYPERLINK("http://x.example")')
    rows = _csv(client, f"{API}mids/?member=torun&format=csv")
    assert rows[0]["topic"] == '\'=HYPERLINK("http://x.example")'
    response = client.get(f"{API}mids/", {"member": "torun", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("topic") + 1)
    assert cell.data_type != "f" and cell.value.startswith("'=")
