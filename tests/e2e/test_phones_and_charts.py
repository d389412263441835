"""A city clerk on a phone, a window that is resized, charts taken away: in a real browser."""

import csv
import io

import pytest

from tests.e2e.conftest import Problems, log_in

PILOT = "pilotaz-2017-2019"
SURVEY = f"/ankiety/{PILOT}/ankieta-sierpien-2019/"
# Every page a visitor reaches from the menu, in the states a visitor can put it in:
# filtered, sorted, with every table and every "more" section opened.
PAGES_IN_EVERY_STATE = [
    f"/?edition={PILOT}",
    "/program/",
    f"/sieci/?edition={PILOT}",
    f"/sieci/{PILOT}/rewitalizacja/",
    f"/sieci/{PILOT}/jakosc-powietrza/",
    "/czlonkowie/",
    f"/czlonkowie/?edition={PILOT}&o=-network",
    f"/czlonkowie/?edition={PILOT}&voivodeship=dolnoslaskie",
    "/czlonkowie/torun/",
    "/mapa/",
    f"/mapa/?edition={PILOT}",
    SURVEY,
    f"{SURVEY}?role=not-known",
    f"/zalecenia/?edition={PILOT}",
    "/zrodla/",
    "/deklaracja-dostepnosci/",
    "/konto/login/",
]


def _open_everything(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.evaluate("window.PIM ? window.PIM.drawAll() : null")
    page.wait_for_timeout(200)


def _overflowing(page) -> list[str]:
    """Elements that reach past the right edge of the viewport (none may)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const element of document.querySelectorAll('body *')) {
            const box = element.getBoundingClientRect();
            const inside = element.closest('.table-scroll, .site-nav ul, .chart-plot');
            if (box.width && box.right > width + 1 && !inside) {
              out.push(element.tagName + '.' + element.className + ' ' + Math.round(box.right));
            }
          }
          return out.slice(0, 5);
        }"""
    )


@pytest.mark.parametrize("width", [360, 390])
def test_no_page_in_any_state_is_wider_than_a_phone(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="pl-PL")
    page = context.new_page()
    problems = Problems(page)
    for path in PAGES_IN_EVERY_STATE:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        _open_everything(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, _overflowing(page))
        assert _overflowing(page) == [], path
        # The menu stays one line high however many entries it has.
        lines = page.locator(".site-nav li").evaluate_all("li => new Set(li.map(i => i.offsetTop)).size")
        assert lines == 1, path
    assert problems.items == []
    context.close()


def test_a_table_wider_than_the_phone_says_it_scrolls_and_scrolls_by_keyboard(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="pl-PL")
    page = context.new_page()
    page.goto(f"{site}/?edition={PILOT}")
    page.wait_for_load_state("networkidle")
    box = page.locator("#mid-heading ~ .table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert "is-scrollable" in box.get_attribute("class")
    hint = page.locator("#mid-heading ~ .scroll-hint").first
    assert hint.is_visible() and "przewiń" in hint.inner_text()
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    # At desktop width the same table fits: no hint.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function("() => !document.querySelector('.table-scroll.is-scrollable')")
    assert not hint.is_visible()
    context.close()


FITS = "p => Math.abs(p.querySelector('svg.main-svg').getBoundingClientRect().width - p.clientWidth) <= 2"
WIDER = "([p, w]) => p.querySelector('svg.main-svg').getBoundingClientRect().width > w"


def _plot_width(plot) -> int:
    return plot.locator("svg.main-svg").first.evaluate("svg => Math.round(svg.getBoundingClientRect().width)")


def test_charts_follow_their_box_when_the_window_is_resized(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    page = context.new_page()
    problems = Problems(page)
    page.goto(site + SURVEY)
    plot = page.locator(".chart-plot").first
    plot.locator("svg.main-svg").first.wait_for()
    wide = _plot_width(plot)
    assert abs(wide - plot.evaluate("p => p.clientWidth")) <= 2
    page.set_viewport_size({"width": 390, "height": 800})
    page.wait_for_function(FITS, arg=plot.element_handle())
    narrow = _plot_width(plot)
    assert narrow < wide and narrow <= 390
    # Every bar still inside the plot: nothing clipped at the right edge.
    right = plot.evaluate("p => p.getBoundingClientRect().right")
    bars = plot.locator("g.barlayer path").evaluate_all("ps => ps.map(p => p.getBoundingClientRect().right)")
    assert bars and max(bars) <= right + 1
    # The axis title is whole, broken into lines rather than cut at the edge.
    title = plot.locator(".g-xtitle text").first
    assert title.evaluate("t => t.getBoundingClientRect().right") <= right + 1
    # And back: wide again.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(WIDER, arg=[plot.element_handle(), narrow])
    assert problems.items == []
    context.close()


def test_charts_are_drawn_as_they_come_into_view_and_all_before_printing(browser, site):
    context = browser.new_context(viewport={"width": 412, "height": 823}, locale="pl-PL")
    page = context.new_page()
    plotly = []
    page.on("request", lambda request: plotly.append(request.url) if "plotly" in request.url else None)
    page.goto(site + SURVEY)
    page.wait_for_load_state("networkidle")
    plots = page.locator(".chart-plot")
    # The first chart only peeks in at the bottom of the phone's screen: nothing is run yet.
    assert plots.first.evaluate("p => p.getBoundingClientRect().top") < 823
    assert not page.evaluate("Boolean(window.Plotly)")
    assert plots.evaluate_all("ps => ps.filter(p => p.dataset.drawn).length") == 0
    page.mouse.wheel(0, 400)
    plots.first.locator("svg.main-svg").first.wait_for()
    drawn = plots.evaluate_all("ps => ps.map(p => p.getAttribute('data-drawn') === 'true')")
    assert drawn[0] and not drawn[-1]
    # Each box had its height before drawing: drawing moved nothing below it.
    heights = plots.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().height)")
    plots.last.scroll_into_view_if_needed()
    plots.last.locator("svg.main-svg").first.wait_for()
    assert plots.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().height)") == heights
    page.goto(site + SURVEY)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function("() => [...document.querySelectorAll('.chart-plot')].every(p => p.dataset.drawn)")
    assert plotly, "plotly was fetched"
    # A page without charts never fetches plotly.
    plotly.clear()
    page.goto(site + "/zrodla/")
    page.wait_for_load_state("networkidle")
    assert plotly == []
    context.close()


def _table_rows(table) -> list[list[str]]:
    return table.evaluate(
        """t => [...t.querySelectorAll('tr')].map(r =>
             [...r.querySelectorAll('th, td')].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))"""
    )


@pytest.mark.parametrize("path", [SURVEY, f"/mapa/?edition={PILOT}"])
def test_a_chart_downloads_as_csv_equal_to_its_table_with_the_source_and_n(page, site, path):
    page.goto(site + path)
    figure = page.locator("figure.chart").filter(has=page.locator("[data-action='chart-csv']")).first
    button = figure.get_by_role("button", name="Dane (CSV)")
    assert button.is_visible()
    with page.expect_download() as download:
        button.click()
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    title, source, blank, *table = rows
    assert title == [figure.locator(".chart-title").inner_text()]
    assert source[0].startswith("Źródło: ") and "n = " in source[0]
    assert blank == []
    assert table == _table_rows(figure.locator("table"))
    assert page.problems.items == []


@pytest.mark.parametrize("path", [SURVEY, f"/mapa/?edition={PILOT}"])
def test_a_chart_downloads_as_png(page, site, path):
    page.goto(site + path)
    button = page.get_by_role("button", name="Wykres (PNG)").first
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".png")
    assert download.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "username, landing, heading",
    [
        ("e2e-torun-1", "/konto/moi-czlonkowie/", "Moi członkowie"),
        ("e2e-ministry", "/przeglad/", None),
        ("e2e-admin", "/admin/", "Dane, użytkownicy i importy"),
    ],
)
def test_each_role_lands_on_its_own_start_page(page, site, username, landing, heading):
    log_in(page, site, username)
    assert page.url == site + landing
    if heading:
        assert heading in page.locator("body").inner_text()
    assert page.problems.items == []


def test_the_admin_site_is_branded_in_polish_and_its_member_page_fits_1280(page, site):
    log_in(page, site, "e2e-admin")
    text = page.locator("body").inner_text()
    assert "PIM Dashboard – administracja" in text
    assert "Access failures" not in text and "Nieudane logowania" in text
    page.goto(f"{site}/admin/cities/member/")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_map_is_drawn_with_the_page_and_its_points_open_member_cards(page, site):
    page.goto(f"{site}/mapa/?edition={PILOT}")
    marker = page.locator(".map-svg a[href='/czlonkowie/torun/']")
    assert marker.is_visible()
    with page.expect_navigation():
        marker.click()
    assert page.url.endswith("/czlonkowie/torun/")
    assert page.problems.items == []
