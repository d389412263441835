"""The files pim/spreadsheets.py writes open in spreadsheet programs with every value as it was
given: numbers as numbers, dates as dates, texts as texts, formulas escaped."""

import csv
import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import load_workbook

from pim.spreadsheets import csv_lines, xlsx_bytes

HEADER = ["Name", "Population", "Share", "Since", "Checked", "At", "Active", "Note"]
ROWS = [
    ["Toruń", 201447, 0.25, date(2019, 3, 1), datetime(2024, 5, 6, 7, 8, 9), time(12, 30), True, None],
    ['=HYPERLINK("http://evil.example","x")', -5, Decimal("52.0123"), None, None, None, False, "@x"],
    ["A & B <c>", None, None, None, None, None, None, "  spaces kept  "],
    ["", 0, -0.5, None, None, None, None, "line\r\nbreak\ttab\x07bell"],
]


def _workbook(sheets):
    return load_workbook(io.BytesIO(xlsx_bytes(sheets)))


def test_the_xlsx_keeps_each_value_with_its_type():
    sheet = _workbook([("Members", HEADER, ROWS)]).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert list(rows[1]) == [
        "Toruń",
        201447,
        0.25,
        datetime(2019, 3, 1),
        datetime(2024, 5, 6, 7, 8, 9),
        time(12, 30),
        True,
        None,
    ]
    assert list(rows[2]) == [
        '\'=HYPERLINK("http://evil.example","x")',
        -5,
        52.0123,
        None,
        None,
        None,
        False,
        "'@x",
    ]
    assert list(rows[3]) == ["A & B <c>", None, None, None, None, None, None, "  spaces kept  "]
    # A carriage return survives; a control character XML cannot hold is dropped.
    assert list(rows[4]) == [None, 0, -0.5, None, None, None, None, "line\r\nbreak\ttabbell"]
    assert sheet.cell(2, 4).is_date and sheet.cell(2, 4).number_format == "yyyy-mm-dd"
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_the_xlsx_has_a_bold_frozen_header_and_sized_columns():
    sheet = _workbook([("Członkowie", HEADER, ROWS)]).worksheets[0]
    assert sheet.title == "Członkowie"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert all(8 <= width <= 60 for width in widths)
    assert widths[0] > widths[6]  # the escaped formula is wider than "Active"


def test_the_xlsx_holds_several_sheets_with_texts_shared_between_them():
    many = [[f"member {n % 7}", n] for n in range(3000)]
    workbook = _workbook(
        [("Responses", ["Member", "Value"], many), ("Allowed values", ["Column"], [["Member"]])]
    )
    assert workbook.sheetnames == ["Responses", "Allowed values"]
    first, second = workbook.worksheets
    assert [row for row in first.iter_rows(min_row=2, values_only=True)] == [tuple(row) for row in many]
    assert [row for row in second.iter_rows(values_only=True)] == [("Column",), ("Member",)]


def test_the_xlsx_is_a_valid_package_of_compressed_xml_parts():
    archive = zipfile.ZipFile(io.BytesIO(xlsx_bytes([("Members", HEADER, ROWS)])))
    assert archive.testzip() is None
    assert {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
    } <= set(archive.namelist())
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())


def _csv(lines, delimiter=","):
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_a_long_csv_escapes_formulas_in_any_piece_and_leaves_numbers_alone():
    rows = [[f"member {n}", n, -1.5] for n in range(2500)]
    rows[1700][0] = "=1+1"
    rows[2400][0] = "line\n+break"  # not at a cell's start: left as it is
    parsed = _csv(csv_lines(["Name", "N", "X"], iter(rows)))
    assert len(parsed) == 2501
    assert parsed[1701] == ["'=1+1", "1700", "-1.5"]
    assert parsed[2401][0] == "line\n+break"
    assert parsed[1] == ["member 0", "0", "-1.5"]


def test_a_csv_piece_that_starts_with_a_formula_is_escaped():
    parsed = _csv(csv_lines(["A", "B"], iter([["-2", None], ["x", '"=q']])))
    assert parsed[1:] == [["'-2", ""], ["x", '"=q']]


def test_the_csv_for_excel_has_decimal_commas_and_escapes_formulas():
    parsed = _csv(csv_lines(["A", "B"], iter([["@x", 1.5], [None, Decimal("2.25")]]), excel=True), ";")
    assert parsed[1:] == [["'@x", "1,5"], ["", "2,25"]]
