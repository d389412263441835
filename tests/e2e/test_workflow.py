"""The MID workflow as the ministry runs it, in a real browser, as the three roles:
ministry staff invite a city's coordinator, the coordinator accepts and hands the MID
in, the ministry returns it with a comment, the city hands it in again, an admin
accepts it. Mail is read from the site's file backend."""

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.e2e.conftest import Problems, log_in, screenshot
from tests.e2e.test_accessibility import _violations

MEMBER = "gdynia"
EDIT = f"/czlonkowie/{MEMBER}/mid/pilotaz-2017-2019/edytuj/"
REVIEW = f"/czlonkowie/{MEMBER}/mid/pilotaz-2017-2019/przeglad/"
COORDINATOR = "koordynator.e2e@um.gdynia.pl"
PASSWORD = "Latarnia-nad-Zatoka-2026"
COMMENT = "Brakuje harmonogramu działań i budżetu."


def _mails(site_env, to: str) -> list:
    """Messages the site wrote to its mail folder for one address, oldest first."""
    found = []
    for path in sorted(Path(site_env["EMAIL_FILE_PATH"]).iterdir(), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            message = message_from_bytes(chunk, policy=policy.default) if chunk.strip() else None
            if message is not None and message["To"] == to:
                found.append(message)
    return found


def _log_in_with(page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/konto/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _page(browser, width: int):
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="pl-PL").new_page()
    page.problems = Problems(page)
    return page


def _submit(page, locator: str) -> None:
    with page.expect_navigation():
        page.locator(locator).click()


def _no_wcag_violations(page) -> None:
    # axe runs as an injected script, which the site's CSP forbids: checked in a
    # context that bypasses CSP, as tests/e2e/test_accessibility.py does.
    assert _violations(page) == [], page.url


@pytest.fixture
def audited(browser):
    context = browser.new_context(viewport={"width": 390, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_invite_accept_hand_in_return_hand_in_again_accept(browser, site, site_env, audited):
    ministry, city, admin = _page(browser, 1280), _page(browser, 390), _page(browser, 1280)

    # Ministry staff land on their review queue and invite Gdynia's coordinator.
    log_in(ministry, site, "e2e-ministry")
    assert ministry.url.endswith("/przeglad/")
    ministry.goto(f"{site}/czlonkowie/{MEMBER}/")
    ministry.get_by_role("link", name="Zaproś koordynatora").click()
    ministry.fill("#id_name", "Katarzyna Morska")
    ministry.fill("#id_email", COORDINATOR)
    _submit(ministry, "form.edit-form button[type=submit]")
    assert f"Zaproszenie wysłano na adres {COORDINATOR}" in ministry.locator(".messages").inner_text()
    assert COORDINATOR in ministry.locator("section[aria-labelledby=coordinators-heading]").inner_text()
    screenshot(ministry, "workflow-invited")

    # The coordinator follows the link in the e-mail and sets a password.
    [invitation] = _mails(site_env, COORDINATOR)
    assert invitation["Subject"] == "PIM Dashboard: zaproszenie do aktualizacji MID"
    link = re.search(r"https?://\S+(/konto/zaproszenie/\S+/)", invitation.get_content()).group(1)
    city.goto(site + link)
    assert "Witaj, Katarzyna Morska" in city.locator("main").inner_text()
    assert link not in city.url  # the token left the address bar
    city.fill("#id_new_password1", PASSWORD)
    city.fill("#id_new_password2", PASSWORD)
    _submit(city, "form.edit-form button[type=submit]")
    assert city.url.endswith("/konto/moi-czlonkowie/")
    assert "Gdynia" in city.locator("main").inner_text()
    screenshot(city, "workflow-accepted-invitation")

    # The city hands its MID in, with the document.
    city.locator(f'a[href="{EDIT}"]').first.click()  # the pilot's MID: Gdynia is in PIM 3 too
    city.wait_for_url("**" + EDIT)
    city.fill("#id_document_url", "https://bip.gdynia.pl/mid.pdf")
    city.select_option("#id_status", "draft")
    city.fill("#id_comment", "Wersja do konsultacji.")
    _submit(city, "form.edit-form button[type=submit]")
    assert "MID zapisano." in city.locator(".messages").inner_text()
    # (Other browser tests hand in Toruń's MID: the reviewers' mail about Gdynia is the one.)
    [handed_in] = [m for m in _mails(site_env, "e2e-ministry@example.gov.pl") if "Gdynia" in m["Subject"]]
    assert REVIEW in handed_in.get_content()

    # The ministry returns it with a comment.
    ministry.goto(f"{site}/przeglad/?edition=pilotaz-2017-2019")
    ministry.get_by_role("link", name="Oceń – Gdynia").click()
    ministry.wait_for_url("**" + REVIEW)
    assert "https://bip.gdynia.pl/mid.pdf" in ministry.locator("main").inner_text()
    screenshot(ministry, "workflow-review")
    ministry.fill("#id_comment", COMMENT)
    _submit(ministry, "button[value=return]")
    assert "zwrócono miastu" in ministry.locator(".messages").inner_text()
    returned = _mails(site_env, COORDINATOR)[-1]
    assert "zwrócony do poprawy" in returned["Subject"] and COMMENT in returned.get_content()

    # The city reads the comment and hands the MID in again.
    city.goto(site + EDIT)
    notice = city.locator(".notice-returned").inner_text()
    assert COMMENT in notice and "Ministerstwo zwróciło MID do poprawy" in notice
    screenshot(city, "workflow-returned")
    city.select_option("#id_status", "draft")
    _submit(city, "form.edit-form button[type=submit]")
    assert "Projekt przekazany" in city.locator("main").inner_text()

    # An admin lands on the admin site, and accepts it from the review queue.
    log_in(admin, site, "e2e-admin")
    assert admin.url.endswith("/admin/")
    admin.goto(f"{site}/przeglad/?edition=pilotaz-2017-2019")
    admin.get_by_role("link", name="Oceń – Gdynia").click()
    _submit(admin, "button[value=accept]")
    assert "przyjęto jako kompletny" in admin.locator(".messages").inner_text()
    accepted = _mails(site_env, COORDINATOR)[-1]
    assert "przyjęty" in accepted["Subject"]

    # The member card and its history say so, step by step.
    city.goto(f"{site}/czlonkowie/{MEMBER}/")
    assert "Kompletny po konsultacjach" in city.locator("main").inner_text()
    city.goto(site + EDIT)
    steps = city.locator("#steps-heading + ol").inner_text()
    assert steps.count("Projekt przekazany") == 2 and "Zwrócony do poprawy" in steps and COMMENT in steps
    screenshot(city, "workflow-steps")
    for page in (ministry, city):
        assert page.problems.items == [], page.problems.items
    # Django's admin pages name no icon, so the browser asks for /favicon.ico there.
    assert [item for item in admin.problems.items if "404" not in item] == [], admin.problems.items

    # The new pages meet WCAG 2.1 A and AA at phone width, for staff and for the city.
    log_in(audited, site, "e2e-ministry")
    for path in ("/przeglad/", REVIEW, f"/czlonkowie/{MEMBER}/", f"/czlonkowie/{MEMBER}/zapros/"):
        audited.goto(site + path)
        _no_wcag_violations(audited)
    audited.context.clear_cookies()
    _log_in_with(audited, site, COORDINATOR, PASSWORD)
    for path in (EDIT, "/konto/powiadomienia/", "/konto/moi-czlonkowie/"):
        audited.goto(site + path)
        _no_wcag_violations(audited)
