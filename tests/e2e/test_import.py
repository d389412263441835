"""An admin imports survey responses: reads the error of a bad row, fixes it, imports."""

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
