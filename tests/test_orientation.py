"""Pages say what the visitor sees before they act: where to sign in, why a list is shorter
than the programme, which survey breakdowns exist, what a printout is."""

import re
from datetime import date

import pytest
from django.test import override_settings

from tests import reference

pytestmark = pytest.mark.django_db

PILOT = "pilotaz-2017-2019"
SURVEY = f"/ankiety/{PILOT}/ankieta-sierpien-2019/"
MAIN_PAGES = [
    "/",
    "/program/",
    "/sieci/",
    f"/sieci/{PILOT}/rewitalizacja/",
    "/czlonkowie/",
    "/czlonkowie/torun/",
    "/mapa/",
    SURVEY,
    "/zalecenia/",
    "/zrodla/",
    "/deklaracja-dostepnosci/",
]


def _description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_every_main_page_has_a_meta_description_of_its_own(client):
    descriptions = {path: _description(client.get(path).content.decode()) for path in MAIN_PAGES}
    assert all(len(text) > 50 for text in descriptions.values()), descriptions
    assert len(set(descriptions.values())) == len(MAIN_PAGES)


def test_the_footer_says_where_to_sign_in(client):
    html = client.get("/zrodla/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/konto/login/"' in footer
    assert "logują się" in footer


def test_the_menu_dashboard_and_the_breadcrumb_dashboard_lead_to_the_same_page(client):
    html = client.get(f"/mapa/?edition={PILOT}").content.decode()
    links = re.findall(r'<a href="([^"]*)"[^>]*>Pulpit</a>', html)
    assert len(links) == 2
    assert set(links) == {f"/?edition={PILOT}"}


def test_the_members_list_of_an_edition_says_how_many_of_its_members_the_sources_name(client):
    html = client.get(f"/czlonkowie/?edition={PILOT}").content.decode()
    named = len(reference.named_members())
    total = reference.published_member_total()
    assert named < total
    note = re.search(r'<p class="unnamed-note">(.*?)</p>', html, re.S).group(1)
    assert f"{total} członków" in note
    assert f"wymieniają z nazwy {named} z nich" in note
    # Filtered further, the rows are no longer the edition's named members: no such note.
    filtered = client.get(f"/czlonkowie/?edition={PILOT}&voivodeship=dolnoslaskie").content.decode()
    assert "unnamed-note" not in filtered


def test_the_survey_says_up_front_that_its_data_allows_no_breakdown_and_shows_no_pickers(client):
    html = client.get(SURVEY).content.decode()
    note = html.index("nie pozwalają na podział według sieci ani roli")
    assert note < html.index('class="chart"')
    assert 'id="id_network"' not in html and 'id="id_role"' not in html


def test_a_filtered_survey_keeps_its_pickers_so_the_filter_can_be_changed(client):
    html = client.get(f"{SURVEY}?role=not-known").content.decode()
    assert 'id="id_role"' in html


def test_questions_shown_only_as_a_picture_are_named_once_not_once_each(client):
    html = client.get(SURVEY).content.decode()
    assert html.count("tylko jako obraz") == 1
    box = re.search(r'<section class="notice notice-gap pictured".*?</section>', html, re.S).group(0)
    questions = re.findall(r"<li>", box)
    assert len(questions) > 1
    assert f"Brak liczb dla {len(questions)} pytań" in box


def test_the_printed_member_card_has_a_header_and_leaves_out_the_history(client):
    html = client.get("/czlonkowie/torun/").content.decode()
    header = re.search(r'<p class="print-header">(.*?)</p>', html, re.S).group(1)
    assert "Partnerska Inicjatywa Miast" in header
    assert "PIM – pilotaż 2017–2019" in header
    assert "wydrukowano" in header and "data-print-date" in header
    css = client.get("/static/css/pim.css")
    text = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    printing = text[text.index("@media print") :]
    assert ".history" in printing and ".print-header { display: block" in printing


def test_the_accessibility_statement_has_no_placeholders_and_its_dates_come_from_settings(client):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    assert "do uzupełnienia" not in html and 'class="unknown"' not in html
    with override_settings(
        ACCESSIBILITY_PUBLISHED_ON=date(2027, 1, 15),
        ACCESSIBILITY_UPDATED_ON=date(2027, 3, 2),
        ACCESSIBILITY_CONTACT_NAME="Anna Nowak",
        ACCESSIBILITY_CONTACT_EMAIL="dostepnosc@example.gov.pl",
        ACCESSIBILITY_CONTACT_PHONE="",
    ):
        html = client.get("/deklaracja-dostepnosci/", headers={"cache-control": "no-cache"}).content.decode()
    assert "Data publikacji strony internetowej: 15 stycznia 2027" in html
    assert "Data ostatniej istotnej aktualizacji: 2 marca 2027" in html
    assert 'Anna Nowak, <a href="mailto:dostepnosc@example.gov.pl">' in html


def test_the_admin_site_is_branded_and_translated(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "PIM Dashboard – administracja" in html
    assert "Administracja Django" not in html
    assert "Access failures" not in html and "Nieudane logowania" in html
    assert "css/admin." in html


def test_an_edition_picker_with_one_edition_is_not_shown(pilot):
    from django.template.loader import render_to_string

    one = render_to_string("includes/edition_switcher.html", {"editions": [pilot], "edition": pilot})
    assert "<select" not in one
    two = render_to_string("includes/edition_switcher.html", {"editions": [pilot, pilot], "edition": pilot})
    assert two.count("<option") == 2
