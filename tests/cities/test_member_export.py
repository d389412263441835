"""Exports hold exactly the filtered rows, and never smuggle formulas into spreadsheets."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cities.models import Membership, Mid
from tests import reference
from tests.pages import _cache_query as cache_query

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    text = response.getvalue().decode("utf-8-sig")  # streamed when built, whole when kept
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
            assert response.getvalue()
        return len(_data_queries(captured))  # the product's data: not the cache (a table in tests)

    few, every = queries("?q=torun"), queries("")
    assert few == every <= 3


def _data_queries(captured) -> list[str]:
    """The product's data read: not the cache, nor the data version its keys name."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not cache_query(query["sql"]) and "pim_current_data_version" not in query["sql"]
    ]


@pytest.mark.parametrize("path", ["eksport.csv", "eksport-excel.csv", "eksport.xlsx"])
def test_an_export_asked_again_is_the_same_file_from_the_cache_until_a_write(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/czlonkowie/{path}?edition=pilotaz-2017-2019"
    first = client.get(url)
    built = first.getvalue()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url)
    assert _data_queries(captured) == []
    assert again.getvalue() == built
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Disposition"] == first["Content-Disposition"]
    Mid.objects.filter(member__slug="torun").update(topic="Temat zmieniony po eksporcie")  # no signal
    changed = client.get(url).getvalue()
    assert changed != built
    if path != "eksport.xlsx":
        assert "Temat zmieniony po eksporcie" in changed.decode("utf-8-sig")


def test_a_file_too_big_to_keep_is_built_for_each_download(client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("pim.downloads.MAX_BYTES", 100)
    url = "/czlonkowie/eksport.csv?edition=pilotaz-2017-2019"
    built = client.get(url).getvalue()
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).getvalue()
    assert _data_queries(captured) and again == built


def test_a_refused_filter_is_not_kept(client):
    url = "/czlonkowie/eksport.csv?edition=no-such-edition"
    assert client.get(url).status_code == 400
    assert client.get(url).status_code == 400
