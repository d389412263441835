"""Importing survey responses through the admin: previewed, validated, all or nothing."""

import csv
import io

import pytest
from openpyxl import Workbook

from surveys.models import Answer, Response
from surveys.resources import ResponseResource
from surveys.results import survey_results

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/surveys/response/import/"
CONFIRM_URL = "/admin/surveys/response/process_import/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
EXPORT_URL = "/ankiety/pilotaz-2017-2019/ankieta-na-zywo/odpowiedzi.{}"

GOOD_ROWS = [
    [
        "respondent_id",
        "member",
        "network",
        "role",
        "responded_on",
        "cel-1",
        "wsparcie-webinaria",
        "efekt-oczekiwania",
        "korzysci-uczestnik",
    ],
    ["T-1", "torun", "jakosc-powietrza", "coordinator", "2024-05-06", "5", "4", "tak", "poznanie;wiedza"],
    ["T-2", "olsztyn", "mobilnosc-miejska", "city-official", "2024-05-07", "4", "", "nie", ""],
    ["T-3", "", "", "", "", "3", "2", "", "dobre-praktyki"],
]


def _csv(rows, delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _preview(client, survey, content: bytes, name="odpowiedzi.csv", file_format=CSV_FORMAT):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        IMPORT_URL, {"survey": survey.pk, "import_file": upload, "format": file_format, "resource": "0"}
    )


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(CONFIRM_URL, {**form.initial, "survey": form.initial["survey"]})


def _live(survey):
    return Response.objects.filter(survey=survey, provenance="live")


def test_a_good_file_is_previewed_first_then_imported(admin_client, live_survey):
    preview = _preview(admin_client, live_survey, _csv(GOOD_ROWS))
    assert preview.status_code == 200
    assert not preview.context["result"].has_errors()
    assert not preview.context["result"].has_validation_errors()
    assert not _live(live_survey).exists()  # the preview wrote nothing

    assert _confirm(admin_client, preview).status_code == 302
    imported = {response.respondent_id: response for response in _live(live_survey)}
    assert set(imported) == {"T-1", "T-2", "T-3"}
    assert imported["T-1"].member.slug == "torun"
    assert imported["T-1"].created_by.username == "admin-ania"
    first = Answer.objects.get(response=imported["T-1"], question__code="korzysci-uczestnik")
    assert sorted(first.choices.values_list("code", flat=True)) == ["poznanie", "wiedza"]
    assert Answer.objects.get(response=imported["T-2"], question__code="efekt-oczekiwania").yes_no is False
    # The figures are computed with the new answers.
    results = {result.question.code: result for result in survey_results(live_survey)}
    assert results["efekt-oczekiwania"].answered == 2


def test_an_xlsx_file_imports_the_same(admin_client, live_survey):
    preview = _preview(admin_client, live_survey, _xlsx(GOOD_ROWS), "odpowiedzi.xlsx", XLSX_FORMAT)
    _confirm(admin_client, preview)
    assert _live(live_survey).count() == 3


def test_importing_the_same_file_again_duplicates_nothing(admin_client, live_survey):
    for _ in range(2):
        _confirm(admin_client, _preview(admin_client, live_survey, _csv(GOOD_ROWS)))
    assert _live(live_survey).count() == 3
    assert Answer.objects.filter(response__in=_live(live_survey)).count() == 9


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_data(admin_client, live_survey, file_format):
    _confirm(admin_client, _preview(admin_client, live_survey, _csv(GOOD_ROWS)))
    exported = admin_client.get(EXPORT_URL.format(file_format)).content
    preview = _preview(
        admin_client,
        live_survey,
        exported,
        f"eksport.{file_format}",
        CSV_FORMAT if file_format == "csv" else XLSX_FORMAT,
    )
    assert not preview.context["result"].has_errors(), preview.context["result"].base_errors
    assert not preview.context["result"].has_validation_errors()
    _confirm(admin_client, preview)
    assert admin_client.get(EXPORT_URL.format(file_format)).content == exported or file_format == "xlsx"
    again = admin_client.get(EXPORT_URL.format("csv")).content
    assert again == admin_client.get(EXPORT_URL.format("csv")).content
    assert Response.objects.filter(survey=live_survey).count() == 3


def _row_errors(preview) -> list[tuple[int, str, str]]:
    """(row number, column, message) of every invalid row in the preview."""
    result = preview.context["result"]
    return [
        (row.number, column, " ".join(messages))
        for row in result.invalid_rows
        for column, messages in row.error_dict.items()
    ]


def _page(preview) -> str:
    return preview.content.decode()


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("wsparcie-webinaria", "7", "jest poza zakresem"),
        ("cel-1", "bardzo", "jest poza zakresem"),
        ("member", "atlantyda", "nieznany członek „atlantyda”"),
        ("network", "rewitalizacja-x", "nieznany sieć „rewitalizacja-x”"),
        ("role", "krol", "„krol”; dozwolone: Koordynator PIM w urzędzie (coordinator)"),
        ("efekt-oczekiwania", "może", "nie jest odpowiedzią na pytanie tak/nie"),
        ("korzysci-uczestnik", "poznanie;pizza", "nieznana odpowiedź „pizza”"),
    ],
)
def test_a_bad_value_is_reported_by_row_and_column_and_nothing_is_written(
    admin_client, live_survey, column, value, message
):
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][rows[0].index(column)] = value
    preview = _preview(admin_client, live_survey, _csv(rows))
    errors = _row_errors(preview)
    assert [(number, name) for number, name, _ in errors] == [(2, column)]
    assert message in errors[0][2]
    assert message in _page(preview)
    assert "Some rows failed" not in _page(preview) and "<td>---</td>" not in _page(preview)
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert not _live(live_survey).exists()


def test_a_duplicated_respondent_id_is_reported_on_both_rows(admin_client, live_survey):
    rows = [*GOOD_ROWS, ["T-1", "", "", "", "", "5", "", "", ""]]
    errors = _row_errors(_preview(admin_client, live_survey, _csv(rows)))
    assert [(number, column) for number, column, _ in errors] == [(1, "respondent_id"), (4, "respondent_id")]
    assert "powtarza się w tym pliku (wiersze 1, 4)" in errors[0][2]


def test_an_unknown_question_column_is_named(admin_client, live_survey):
    rows = [[*GOOD_ROWS[0], "cel-9"], *[[*row, "5"] for row in GOOD_ROWS[1:]]]
    preview = _preview(admin_client, live_survey, _csv(rows))
    assert "Nieznane kolumny: „cel-9”" in _page(preview)
    assert not _live(live_survey).exists()


def test_a_file_with_semicolons_from_polish_excel_imports_the_same(admin_client, live_survey):
    preview = _preview(admin_client, live_survey, _csv(GOOD_ROWS, delimiter=";"))
    assert not preview.context["result"].has_validation_errors()
    _confirm(admin_client, preview)
    assert _live(live_survey).count() == 3


def test_a_file_not_in_utf8_is_refused_with_the_reason(admin_client, live_survey):
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][3] = "coordinator"
    content = _csv(rows).decode().replace("T-1", "Łódź-1").encode("cp1250")
    preview = _preview(admin_client, live_survey, content)
    assert "nie jest zapisany w kodowaniu UTF-8" in _page(preview)
    assert not _live(live_survey).exists()


def test_one_bad_row_keeps_every_good_row_out(live_survey):
    import tablib

    rows = [list(row) for row in GOOD_ROWS]
    rows[3][rows[0].index("wsparcie-webinaria")] = "9"
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    result = ResponseResource(survey=live_survey).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert not _live(live_survey).exists()
    assert not Answer.objects.filter(response__respondent_id__startswith="T-").exists()


def test_the_template_lists_the_columns_the_import_expects(admin_client, live_survey):
    response = admin_client.get("/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/szablon-importu.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:5] == ["Identyfikator respondenta", "Członek", "Sieć", "Rola", "Data odpowiedzi"]
    assert set(header[5:]) == set(live_survey.questions.values_list("code", flat=True))


def test_polish_headers_member_names_role_names_and_dotted_dates(admin_client, live_survey):
    rows = [
        ["Identyfikator respondenta", "Członek", "Sieć", "Rola", "Data odpowiedzi", "cel-1"],
        ["P-1", "Toruń", "Jakość powietrza", "Koordynator PIM w urzędzie", "12.08.2019", "5"],
        ["P-2", "olsztyn", "", "city-official", "2019-08-13", "4"],
    ]
    preview = _preview(admin_client, live_survey, _csv(rows))
    assert not preview.context["result"].has_validation_errors(), _row_errors(preview)
    _confirm(admin_client, preview)
    first = _live(live_survey).get(respondent_id="P-1")
    assert (first.member.slug, first.network.slug, first.role) == ("torun", "jakosc-powietrza", "coordinator")
    assert first.responded_on.isoformat() == "2019-08-12"


def test_an_import_into_a_sealed_survey_is_refused_up_front(pilot_survey):
    import tablib

    dataset = tablib.Dataset(*[row for row in GOOD_ROWS[1:]], headers=GOOD_ROWS[0])
    result = ResponseResource(survey=pilot_survey).import_data(dataset, dry_run=True)
    assert "jest zamknięta" in result.base_errors[0].error
    assert not result.invalid_rows


def test_a_national_file_is_checked_in_a_fixed_number_of_queries(live_survey, django_assert_max_num_queries):
    import tablib

    rows = [[f"N-{n}", "torun", "", "", "", "5", "4", "tak", "wiedza"] for n in range(500)]
    with django_assert_max_num_queries(8):
        result = ResponseResource(survey=live_survey).import_data(
            tablib.Dataset(*rows, headers=GOOD_ROWS[0]), dry_run=True
        )
    assert result.totals["new"] == 500 and not result.invalid_rows


def test_the_import_page_links_each_open_surveys_template(admin_client, live_survey, pilot_survey):
    page = admin_client.get(IMPORT_URL).content.decode()
    assert f"/ankiety/pilotaz-2017-2019/{live_survey.slug}/szablon-importu.xlsx" in page
    assert f"/{pilot_survey.slug}/szablon-importu" not in page  # sealed: takes no import


def test_the_xlsx_template_explains_each_column_and_imports_as_it_is(admin_client, live_survey):
    from openpyxl import load_workbook

    content = admin_client.get(f"/ankiety/pilotaz-2017-2019/{live_survey.slug}/szablon-importu.xlsx").content
    first, allowed = load_workbook(io.BytesIO(content)).worksheets
    assert first.title == "Odpowiedzi" and allowed.title == "Dozwolone wartości"
    explained = {row[0]: row[1] for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert "Koordynator PIM w urzędzie (coordinator)" in explained["Rola"]
    assert "zdecydowanie tak" in explained["cel-1"]
    preview = _preview(admin_client, live_survey, content, "szablon.xlsx", XLSX_FORMAT)
    assert not preview.context["result"].has_validation_errors(), _row_errors(preview)
    assert preview.context["result"].totals["new"] == 1


def test_a_corrected_file_rewrites_only_the_answers_it_changes(admin_client, live_survey):
    _confirm(admin_client, _preview(admin_client, live_survey, _csv(GOOD_ROWS)))
    before = dict(Answer.objects.filter(response__survey=live_survey).values_list("pk", "question__code"))
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][rows[0].index("cel-1")] = "2"  # changed
    rows[1][rows[0].index("korzysci-uczestnik")] = "wiedza"  # one choice fewer
    rows[2][rows[0].index("efekt-oczekiwania")] = ""  # no answer any more
    _confirm(admin_client, _preview(admin_client, live_survey, _csv(rows)))
    after = Answer.objects.filter(response__survey=live_survey)
    first = {answer.question.code: answer for answer in after.filter(response__respondent_id="T-1")}
    assert first["cel-1"].likert == 2
    assert list(first["korzysci-uczestnik"].choices.values_list("code", flat=True)) == ["wiedza"]
    assert not after.filter(response__respondent_id="T-2", question__code="efekt-oczekiwania").exists()
    kept = set(before) & set(after.values_list("pk", flat=True))
    assert len(kept) == len(before) - 3  # every other answer is the row it was
