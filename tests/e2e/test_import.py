"""An admin imports survey responses: reads the error of a bad row, fixes it, imports."""

from pathlib import Path

from tests.e2e.conftest import log_in, screenshot

HEADER = "respondent_id,member,network,role,responded_on,cel-1,wsparcie-webinaria\n"
GOOD = "E-1,torun,jakosc-powietrza,coordinator,2024-05-06,5,4\n"


def _upload(page, site, path):
    page.goto(site + "/admin/surveys/response/import/")
    page.select_option("#id_survey", label="Ankieta uczestników – dane na żywo")
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="csv")
    with page.expect_navigation():
        page.locator("#content form input[type=submit]").first.click()


def test_bad_row_then_fixed_file_is_imported(page, site, tmp_path):
    log_in(page, site, "e2e-admin")
    bad = tmp_path / "odpowiedzi.csv"
    bad.write_text(HEADER + GOOD + "E-2,olsztyn,mobilnosc-miejska,city-official,2024-05-07,4,7\n", "utf-8")
    _upload(page, site, bad)
    errors = page.locator(".validation-summary").inner_text()
    assert "Wiersz danych 2 (wiersz 3 arkusza)" in errors
    assert "wsparcie-webinaria" in errors and "„7” jest poza zakresem" in errors
    screenshot(page, "admin-import-error")

    bad.write_text(HEADER + GOOD + "E-2,olsztyn,mobilnosc-miejska,city-official,2024-05-07,4,5\n", "utf-8")
    _upload(page, site, bad)
    with page.expect_navigation():
        page.locator("form input[type=submit][value]").last.click()
    assert "Import zakończony: nowe 2" in page.locator(".messagelist").inner_text()
    page.goto(site + "/ankiety/pilotaz-2017-2019/ankieta-na-zywo/odpowiedzi/")
    table = page.locator("main table").inner_text()
    assert "E-1" in table and "E-2" in table


POLISH = (
    "Identyfikator respondenta;Członek;Sieć;Rola;Data odpowiedzi;cel-1\n"
    "PL-1;Toruń;Jakość powietrza;Koordynator PIM w urzędzie;12.08.2019;5\n"
    "PL-2;Olsztyn;;Inne;13.08.2019;4\n"
)


def test_polish_headers_and_values_from_excel_import(page, site, tmp_path):
    """A file as an admin types it in Polish Excel: semicolons, Polish headers, names, dotted dates."""
    log_in(page, site, "e2e-admin")
    page.goto(site + "/admin/surveys/response/import/")
    assert page.locator("a[href$='ankieta-na-zywo/szablon-importu.xlsx']").count() == 1
    path = tmp_path / "odpowiedzi-excel.csv"
    path.write_text(POLISH, "utf-8-sig")
    _upload(page, site, path)
    assert "Podgląd: jeszcze nic nie zapisano" in page.content()
    assert "nowe – 2" in page.locator(".import-summary").inner_text()
    screenshot(page, "admin-import-preview")
    with page.expect_navigation():
        page.locator("form input[type=submit][value]").last.click()
    assert "Import zakończony: nowe 2" in page.locator(".messagelist").inner_text()
    page.goto(site + "/ankiety/pilotaz-2017-2019/ankieta-na-zywo/odpowiedzi/")
    table = page.locator("main table").inner_text()
    assert "PL-1" in table and "Toruń" in table


def test_the_csv_for_excel_is_read_with_semicolons(page, site):
    import csv
    import io

    page.goto(site + "/czlonkowie/?edition=pilotaz-2017-2019")
    help_text = page.locator(".exports-help").inner_text()
    assert "średnikami" in help_text
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV dla Excela").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Członek", "Rodzaj"] and len(rows[0]) == 10
    assert any("," in row[8] for row in rows[1:] if row[8])  # latitude with a decimal comma
