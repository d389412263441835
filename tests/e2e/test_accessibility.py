"""WCAG 2.1 A and AA: axe-core on every page, both languages, phone and desktop; keyboard use."""

from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, log_in

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PILOT = "pilotaz-2017-2019"
PUBLIC_PAGES = [
    "/",
    f"/?edition={PILOT}",
    "/program/",
    "/ankiety/",
    "/sieci/",
    f"/sieci/{PILOT}/rewitalizacja/",
    f"/sieci/{PILOT}/mobilnosc-miejska/",
    "/czlonkowie/",
    "/czlonkowie/?voivodeship=atlantis",
    "/czlonkowie/torun/",
    "/czlonkowie/stargard/",
    "/mapa/",
    f"/ankiety/{PILOT}/ankieta-sierpien-2019/",
    "/zalecenia/",
    "/zrodla/",
    "/deklaracja-dostepnosci/",
    "/konto/login/",
    "/konto/password_reset/",
    "/nie-ma-takiej-strony/",
]
EDITOR_PAGES = [
    "/konto/moi-czlonkowie/",
    f"/czlonkowie/torun/mid/{PILOT}/edytuj/",
    "/czlonkowie/torun/edytuj/",
]
MINISTRY_PAGES = [f"/ankiety/{PILOT}/ankieta-sierpien-2019/odpowiedzi/"]


def _violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci` (make test does when npm is present)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
    ]


def _audit(browser, site, paths, language, width, user=None) -> dict[str, list[str]]:
    # bypass_csp: axe is injected as an inline script, which the site's own policy forbids.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    page = context.new_page()
    if user:
        log_in(page, site, user)
    found = {}
    for path in paths:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language
        violations = _violations(page)
        if violations:
            found[path] = violations
    context.close()
    return found


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_public_pages_have_no_wcag_violations(browser, site, language, width):
    assert _audit(browser, site, PUBLIC_PAGES, language, width) == {}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_pages_of_logged_in_users_have_no_wcag_violations(browser, site, language):
    assert _audit(browser, site, EDITOR_PAGES, language, 1280, user="e2e-torun-1") == {}
    assert _audit(browser, site, MINISTRY_PAGES, language, 390, user="e2e-ministry") == {}


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_focus_is_always_visible_and_the_keyboard_reaches_the_filters_and_the_export(page, site):
    page.goto(site + "/czlonkowie/")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[0] != "none" and outline[1] != "0px", page.evaluate("document.activeElement.outerHTML")
        seen.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
    assert "id_q" in seen and "Filtruj" in seen and "CSV dla Excela" in seen


def test_the_accessibility_statement_says_what_is_not_yet_met(page, site):
    page.goto(site + "/deklaracja-dostepnosci/")
    text = page.locator("main").inner_text()
    assert "częściowo zgodna" in text
    assert "Treści niedostępne" in text
    assert Path(AXE).exists()


def test_the_audit_catches_a_planted_violation(browser, site):
    """The harness itself works: a picture without a text alternative is reported."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(site + "/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.svg\">')"
    )
    assert any(violation.startswith("image-alt") for violation in _violations(page))
    context.close()
