"""Exports hold exactly the filtered rows, and never smuggle formulas into spreadsheets."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cities.models import Membership, Mid
from tests import reference

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_holds_exactly_the_filtered_rows(client):
    response = client.get(
        "/czlonkowie/eksport.csv?edition=pilotaz-2017-2019&network=&voivodeship=dolnoslaskie"
    )
    assert response["Content-Type"].startswith("text/csv")
    _header, *rows = _csv_rows(response)
    expected = sorted(
        row["member"] for row in reference.named_members() if row["voivodeship"] == "dolnośląskie"
    )
    assert sorted(row[0] for row in rows) == expected


def test_xlsx_export_matches_the_csv_export(client):
    query = "?q=ograniczenie"
    csv_rows = _csv_rows(client.get("/czlonkowie/eksport.csv" + query))
    workbook = load_workbook(io.BytesIO(client.get("/czlonkowie/eksport.xlsx" + query).content))
    xlsx_rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert [row[:7] for row in xlsx_rows] == [row[:7] for row in csv_rows]
    assert len(csv_rows) > 1


def test_cells_that_look_like_formulas_are_escaped(client, pilot):
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = '=HYPERLINK("http://evil.example","x")'
    mid.save()
    rows = _csv_rows(client.get("/czlonkowie/eksport.csv?q=torun"))
    assert rows[1][5] == "'" + mid.topic
    workbook = load_workbook(io.BytesIO(client.get("/czlonkowie/eksport.xlsx?q=torun").content))
    assert list(workbook.active.iter_rows(values_only=True))[1][5] == "'" + mid.topic


def test_the_list_and_the_export_agree_on_the_row_count(client):
    page = client.get("/czlonkowie/?kind=city")
    rows = _csv_rows(client.get("/czlonkowie/eksport.csv?kind=city"))
    memberships = Membership.objects.filter(member__kind="city").count()
    assert page.context["page"].paginator.count == len(rows) - 1 == memberships


@pytest.mark.parametrize("path", ["eksport.csv", "eksport-excel.csv", "eksport.xlsx"])
def test_an_export_costs_the_same_queries_for_few_rows_as_for_all(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/czlonkowie/{path}{query}")
            assert b"".join(response.streaming_content) if response.streaming else response.content
        return len(captured)

    few, every = queries("?q=torun"), queries("")
    assert few == every <= 3
