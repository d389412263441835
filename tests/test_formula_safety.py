"""A formula typed into any writable field reaches no export as a formula (CSV/formula injection)."""

import csv
import io

import pytest
import tablib
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook

from cities.models import Member, Mid
from cities.resources import MembershipResource
from pim.spreadsheets import FORMULA_PREFIXES
from surveys.importing import ResponseImport

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _csv_cells(content: bytes, delimiter=",") -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter)
    return [cell for row in rows for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"], "a live formula in the XLSX"
    return [cell.value for cell in cells]


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def planted(pilot, live_survey, admin_user):
    """The formula in an editor's MID topic, a member's seat and an imported respondent id."""
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = FORMULA
    mid.save()
    Member.objects.filter(slug="torun").update(seat="+48 " + FORMULA)
    importer = ResponseImport(live_survey)
    checked = importer.check(["respondent_id", "member", "cel-1"], [["@" + FORMULA, "Toruń", "5"]])
    assert not checked.errors
    importer.write(checked, user=admin_user)
    return mid


def test_no_export_holds_a_formula(client, admin_user, planted, live_survey):
    client.force_login(admin_user)
    survey = f"/ankiety/{live_survey.edition.slug}/{live_survey.slug}/"
    files = {
        "members CSV": _csv_cells(_body(client.get("/czlonkowie/eksport.csv?q=toru"))),
        "members CSV for Excel": _csv_cells(_body(client.get("/czlonkowie/eksport-excel.csv?q=toru")), ";"),
        "members XLSX": _xlsx_cells(_body(client.get("/czlonkowie/eksport.xlsx?q=toru"))),
        "API memberships CSV": _csv_cells(_body(client.get("/api/v1/memberships/?q=toru&format=csv"))),
        "API memberships XLSX": _xlsx_cells(_body(client.get("/api/v1/memberships/?q=toru&format=xlsx"))),
        "API MIDs CSV": _csv_cells(_body(client.get("/api/v1/mids/?member=torun&format=csv"))),
        "API MIDs XLSX": _xlsx_cells(_body(client.get("/api/v1/mids/?member=torun&format=xlsx"))),
        "raw responses CSV": _csv_cells(_body(client.get(survey + "odpowiedzi.csv"))),
        "raw responses XLSX": _xlsx_cells(_body(client.get(survey + "odpowiedzi.xlsx"))),
        "import template CSV": _csv_cells(_body(client.get(survey + "szablon-importu.csv"))),
        "import template XLSX": _xlsx_cells(_body(client.get(survey + "szablon-importu.xlsx"))),
    }
    admin_export = MembershipResource().export()
    files["admin export CSV"] = _csv_cells(CSV().export_data(admin_export).encode())
    files["admin export XLSX"] = _xlsx_cells(XLSX().export_data(admin_export))
    for name, cells in files.items():
        texts = [cell for cell in cells if isinstance(cell, str)]
        assert not [cell for cell in texts if cell.startswith(FORMULA_PREFIXES)], name
    for name in [name for name in files if "template" not in name and "responses" not in name]:
        assert "'" + FORMULA in files[name], name
    assert "'+48 " + FORMULA in files["admin export CSV"]
    for name in ("raw responses CSV", "raw responses XLSX"):
        assert "'@" + FORMULA in files[name], name


def test_numbers_stay_numbers(client):
    cells = _xlsx_cells(_body(client.get("/czlonkowie/eksport.xlsx")))
    assert any(isinstance(cell, float) for cell in cells)  # the coordinates
    assert not any(isinstance(cell, str) and cell.startswith("'") for cell in cells)


def test_an_escaped_export_imports_back_as_it_was(planted):
    dataset = MembershipResource().export()
    reloaded = tablib.Dataset().load(CSV().export_data(dataset), format="csv")
    result = MembershipResource().import_data(reloaded, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    planted.refresh_from_db()
    assert planted.topic == FORMULA
