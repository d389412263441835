"""The API's documentation runs in a real browser under the strict CSP, and the lists
lead to their open data."""

from tests.e2e.conftest import screenshot

PILOT = "pilotaz-2017-2019"


def test_the_api_docs_run_without_inline_script_and_try_a_call(page, site):
    page.goto(site + "/api/v1/docs/")
    operation = page.locator("#operations-networks-networks_list")
    operation.wait_for()
    operation.click()
    page.locator("tr[data-param-name='edition'] input").fill(PILOT)
    page.locator("button.execute").click()
    status = page.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert "jakosc-powietrza" in page.locator(".live-responses-table").inner_text()
    screenshot(page, "api-docs")
    assert page.problems.items == []


def test_the_members_list_links_its_rows_as_open_data(page, site):
    page.goto(f"{site}/czlonkowie/?edition={PILOT}&voivodeship=pomorskie")
    link = page.locator(".api-link a", has_text="JSON")
    assert link.get_attribute("href") == f"/api/v1/memberships/?edition={PILOT}&voivodeship=pomorskie"
    response = page.request.get(site + link.get_attribute("href"))
    listed = page.locator("main table tbody tr").count()
    assert response.status == 200 and response.json()["count"] == listed
    assert page.problems.items == []
