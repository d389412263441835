"""Ministry staff browse the results: what a person sees, in a real browser."""

import csv
import io
from pathlib import Path

import pytest

from cities.views import MEMBERS_PER_PAGE
from tests import reference
from tests.e2e.conftest import screenshot

PILOT = "pilotaz-2017-2019"


def polish(value) -> str:
    return f"{value}".replace(".", ",") + "\u00a0%"


def test_dashboard_to_network_to_member_card(page, site):
    page.goto(f"{site}/?edition={PILOT}")
    assert page.locator("h1").inner_text() == "Partnerska Inicjatywa Miast: wyniki"
    page.get_by_role("link", name="Rewitalizacja").first.click()
    page.wait_for_url(f"**/sieci/{PILOT}/rewitalizacja/")
    assert page.locator("h1").inner_text() == "Rewitalizacja"
    named = [row["member"] for row in reference.named_members() if row["network"] == "Rewitalizacja"]
    table = page.locator("#members-heading + .table-scroll table").inner_text()
    assert all(name in table for name in named)
    page.get_by_role("link", name="Katowice").first.click()
    page.wait_for_url("**/czlonkowie/katowice/")
    assert "Nie odnotowano" in page.locator("main").inner_text()
    assert page.problems.items == []


def test_charts_draw_their_bars_with_the_computed_values(page, site):
    page.goto(f"{site}/?edition={PILOT}")
    plot = page.locator("#chart-programme-goals")
    plot.locator("svg.main-svg").first.wait_for()
    bar_labels = plot.locator("g.barlayer text").evaluate_all("texts => texts.map(t => t.textContent)")
    for shares in reference.goal_shares().values():
        assert polish(shares[5]) in bar_labels
    assert plot.get_attribute("data-drawn") == "true"
    assert page.problems.items == []


def test_every_chart_has_a_table_a_keyboard_opens(page, site):
    page.goto(f"{site}/ankiety/{PILOT}/ankieta-sierpien-2019/")
    summaries = page.locator("details.chart-table summary")
    assert summaries.count() == page.locator(".chart-plot").count() > 0
    summaries.first.focus()
    page.keyboard.press("Enter")
    table = page.locator("details.chart-table").first.locator("table")
    assert table.is_visible()
    assert polish(reference.goal_shares()[1][5]) in table.inner_text()


def test_filter_the_members_list_and_export_exactly_those_rows(page, site):
    page.goto(f"{site}/czlonkowie/?edition={PILOT}")
    page.select_option("#id_voivodeship", "dolnoslaskie")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtruj").click()
    assert "voivodeship=dolnoslaskie" in page.url
    expected = sorted(
        row["member"] for row in reference.named_members() if row["voivodeship"] == "dolnośląskie"
    )
    shown = sorted(page.locator("table.data-table tbody th").all_inner_texts())
    assert shown == expected
    assert "Województwo: dolnośląskie" in page.locator(".list-summary").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV standardowy").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == expected
    assert "voivodeship=dolnoslaskie" in page.url  # the download left the page where it was
    page.go_back()  # the back button returns to the list before filtering
    assert page.url.endswith(f"/czlonkowie/?edition={PILOT}")
    # The list before filtering by voivodeship again: its first page, as many rows as a page holds.
    assert page.locator("table.data-table tbody tr").count() == min(
        len(reference.named_members()), MEMBERS_PER_PAGE
    )


def test_switch_to_english_and_back(page, site):
    page.goto(f"{site}/?edition={PILOT}")
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Partnership Initiative of Cities: results"
    assert "62.2%" in page.locator("#chart-programme-goals").text_content()
    with page.expect_navigation():
        page.get_by_role("link", name="Polski").click()
    assert page.locator("html").get_attribute("lang") == "pl"


MAIN_PAGES = {
    "dashboard": f"/?edition={PILOT}",
    "programme": "/program/",
    "networks": "/sieci/",
    "network": f"/sieci/{PILOT}/rewitalizacja/",
    "members": "/czlonkowie/",
    "member-card": "/czlonkowie/torun/",
    "map": "/mapa/",
    "survey": f"/ankiety/{PILOT}/ankieta-sierpien-2019/",
    "recommendations": "/zalecenia/",
}


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_fit_the_screen_without_errors_and_are_photographed(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    from tests.e2e.conftest import Problems

    problems = Problems(page)
    for name, path in MAIN_PAGES.items():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        for plot in page.locator(".chart-plot").all():
            assert plot.get_attribute("data-drawn") == "true", name
        screenshot(page, f"{name}-{width}")
    assert problems.items == []
    context.close()
