"""Polish conventions in lists and files: Polish alphabetical order, a CSV for Polish Excel,
an XLSX that opens ready to read."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cities.models import Member, Membership

pytestmark = pytest.mark.django_db


def _csv(response, delimiter=","):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _polish_key(name: str):
    """The Polish alphabet's order of letters, for comparing with the database's collation."""
    alphabet = "aąbcćdeęfghijklłmnńoóprsśtuwxyzźż"
    return [alphabet.index(c) if c in alphabet else ord(c) + 100 for c in name.lower() if c.isalpha()]


@pytest.fixture
def polish_names(pilot):
    names = ["Łaziska", "Lublin", "Żory", "Zabrze", "Śrem", "Sanok", "Źródła"]
    for name in names:
        member = Member.objects.create(
            slug=f"test-{_polish_key(name)[0]}-{len(name)}", name=name, kind="city"
        )
        Membership.objects.create(member=member, edition=pilot)
    return names


def test_the_members_list_sorts_in_polish(client, polish_names):
    page = client.get("/czlonkowie/?edition=pilotaz-2017-2019&o=name")
    shown = [row.member.display_name for row in page.context["page"].object_list]
    rows = _csv(client.get("/czlonkowie/eksport.csv?edition=pilotaz-2017-2019"))
    exported = [row[0] for row in rows[1:]]
    api = client.get("/api/v1/memberships/?edition=pilotaz-2017-2019&page_size=100").json()
    listed = [
        row["member"]["name"] if isinstance(row["member"], dict) else row["member_name"]
        for row in api["results"]
    ]
    ours = [name for name in exported if name in polish_names]
    assert ours == sorted(polish_names, key=_polish_key)
    assert ours.index("Lublin") < ours.index("Łaziska") < ours.index("Sanok") < ours.index("Śrem")
    assert ours.index("Zabrze") < ours.index("Źródła") < ours.index("Żory")
    assert [name for name in shown if name in polish_names] == ours[
        : len([n for n in shown if n in polish_names])
    ]
    assert len(listed) == len(exported)


def test_a_short_name_is_sorted_where_it_is_shown(client):
    rows = _csv(client.get("/czlonkowie/eksport.csv?edition=pilotaz-2017-2019"))
    page = client.get("/czlonkowie/?edition=pilotaz-2017-2019")
    shown = [row.member.display_name for row in page.context["page"].object_list]
    assert "BOF" in shown  # on the first page: under B, not under "Stowarzyszenie…"
    assert shown == sorted(shown, key=_polish_key)
    assert len(rows) > 1


def test_the_csv_for_excel_has_semicolons_decimal_commas_and_a_bom(client):
    response = client.get("/czlonkowie/eksport-excel.csv?edition=pilotaz-2017-2019")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    standard = _csv(client.get("/czlonkowie/eksport.csv?edition=pilotaz-2017-2019"))
    assert len(rows) == len(standard) and len(rows[0]) == len(standard[0]) == 10
    latitudes = [row[8] for row in rows[1:] if row[8]]
    assert latitudes and all("," in value and "." not in value for value in latitudes)
    assert [row[8].replace(",", ".") for row in rows[1:]] == [row[8] for row in standard[1:]]
    assert "CSV dla Excela" in client.get("/czlonkowie/").content.decode()


def test_the_xlsx_has_a_named_sheet_a_frozen_bold_header_and_sized_columns(client):
    workbook = load_workbook(io.BytesIO(client.get("/czlonkowie/eksport.xlsx").content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Członkowie"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert all(8 <= width <= 60 for width in widths) and widths[0] > widths[9] / 2


def test_the_admins_xlsx_export_has_a_named_sheet(admin_user):
    from import_export.formats.base_formats import XLSX

    from cities.resources import MembershipResource

    workbook = load_workbook(io.BytesIO(XLSX().export_data(MembershipResource().export())))
    assert workbook.worksheets[0].title == "Członkowie"
