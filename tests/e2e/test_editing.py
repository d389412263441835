"""City editors update their MID; a second editor meets the conflict message."""

from tests.e2e.conftest import log_in, screenshot

EDIT = "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/"


def _save(page):
    with page.expect_navigation():
        page.locator("form.edit-form button[type=submit]").click()


def test_an_editor_updates_the_mid_and_sees_the_history(page, site):
    log_in(page, site, "e2e-torun-1")
    page.get_by_role("link", name="aktualizuj MID").first.click()
    page.wait_for_url("**" + EDIT)
    page.fill("#id_document_url", "https://bip.torun.pl/mid.pdf")  # a MID is handed in with its document
    page.select_option("#id_status", "draft")
    page.fill("#id_status_on", "2018-12-10")
    page.fill("#id_summary", "Kampania edukacyjna w szkołach")
    _save(page)
    assert page.url.endswith("/czlonkowie/torun/")
    assert "MID zapisano." in page.locator(".messages").inner_text()
    assert "Projekt przekazany" in page.locator("main").inner_text()
    page.get_by_text("Historia zmian").click()
    history = page.locator("details.history").inner_text()
    assert "redaktor miasta" in history and "Kampania edukacyjna w szkołach" in history
    assert "e2e-torun-1" not in history  # the public card names a role, never a login
    screenshot(page, "editor-history")
    assert page.problems.items == []


def test_a_second_editor_is_told_what_changed_and_loses_nothing(browser, site):
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    log_in(first, site, "e2e-torun-1")
    log_in(second, site, "e2e-torun-2")
    first.goto(site + EDIT)
    second.goto(site + EDIT)
    first.fill("#id_topic", "Temat zapisany pierwszy")
    _save(first)
    second.fill("#id_topic", "Temat drugiego redaktora")
    _save(second)
    alert = second.locator(".conflict")
    assert "Ktoś inny zapisał tę MID" in alert.inner_text()
    assert "Temat zapisany pierwszy" in alert.inner_text()
    assert second.locator("#id_topic").input_value() == "Temat drugiego redaktora"
    screenshot(second, "editor-conflict")
    _save(second)  # saving again, knowingly, replaces the other version
    assert "Temat drugiego redaktora" in second.locator("main").inner_text()


def test_an_editor_cannot_open_another_members_mid(page, site):
    log_in(page, site, "e2e-torun-1")
    response = page.goto(site + "/czlonkowie/olsztyn/mid/pilotaz-2017-2019/edytuj/")
    assert response.status == 403
    assert "Nie masz do tego uprawnień" in page.locator("h1").inner_text()
