"""In Chromium: the reports print to A4 PDF with every section and every chart; the
library, search and report pages pass the WCAG 2.1 A/AA audit."""

import base64
import io
import re

import pytest

from tests.e2e.test_accessibility import _audit

PILOT = "pilotaz-2017-2019"
REPORTS = [f"/raport/{PILOT}/", f"/raport/{PILOT}/rewitalizacja/"]
PAGES = [
    "/dokumenty/",
    f"/dokumenty/?edition={PILOT}&status=not-reported",
    "/szukaj/",
    "/szukaj/?q=zdunska+wola",
    "/szukaj/?q=rewitalizacja",
    *REPORTS,
]
SECTION_HEADINGS = {
    "pl": [
        "Najważniejsze liczby",
        "MID – stan prac",
        "Główne wątki tematyczne MID",
        "Spotkania",
        "Ankieta wśród uczestników",
        "Zalecenia",
        "Źródła",
    ],
}
# One A4 page in PDF points, as Chromium writes it (210 × 297 mm).
A4 = (595.0, 842.0)


def _chart_labels(page) -> list[str]:
    """The first label drawn in each chart image, read from the SVG the page holds."""
    sources = page.eval_on_selector_all("img.report-chart-image", "images => images.map(i => i.src)")
    labels = []
    for source in sources:
        svg = base64.b64decode(source.split(",", 1)[1]).decode()
        texts = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
        labels.append(texts[0].replace("&amp;", "&"))
    return labels


@pytest.mark.parametrize("path", REPORTS)
def test_the_report_prints_to_a4_with_every_section_and_chart_and_no_blank_page(browser, site, path):
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "pl", "url": site}])
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    # Every chart is an image that has loaded and takes room in the printed layout.
    charts = page.eval_on_selector_all(
        "figure.report-chart",
        "figures => figures.map(f => { const i = f.querySelector('img');"
        " return i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 50; })",
    )
    assert len(charts) >= 4 and all(charts), charts
    labels = _chart_labels(page)
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    context.close()

    texts = [pdf_page.extract_text() for pdf_page in pdf.pages]
    for number, pdf_page in enumerate(pdf.pages, 1):
        size = (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height))
        assert abs(size[0] - A4[0]) < 2 and abs(size[1] - A4[1]) < 2, (number, size)
        assert texts[number - 1].strip(), f"page {number} of {len(pdf.pages)} is blank"
    text = " ".join(" ".join(texts).split())
    for heading in SECTION_HEADINGS["pl"]:
        assert heading in text, heading
    assert "Wydrukowano" in text and "Partnerska Inicjatywa Miast" in text
    # The charts' own drawing (not a caption beside it) is in the PDF.
    for label in labels:
        assert " ".join(label.split()) in text, label


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_library_search_and_report_pages_have_no_wcag_violations(browser, site, language, width):
    assert _audit(browser, site, PAGES, language, width) == {}


def test_the_report_s_print_button_opens_the_print_dialog(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + REPORTS[0])
    # The expression ends in a number: Playwright would call a function the expression returned.
    page.evaluate("window.printed = 0; window.print = () => { window.printed += 1; }; 0")
    page.locator("[data-print]").click()
    assert page.evaluate("window.printed") == 1
    context.close()


def test_search_from_the_menu_finds_a_city_typed_without_polish_letters(browser, site):
    context = browser.new_context()
    context.add_cookies([{"name": "django_language", "value": "pl", "url": site}])
    page = context.new_page()
    page.goto(site + "/")
    page.locator(".site-nav a", has_text="Szukaj").click()
    page.fill("#search-q", "swiebodzice")
    page.locator("form[role=search] button").click()
    assert page.locator("#group-member + ul a", has_text="Świebodzice").count() == 1
    context.close()
