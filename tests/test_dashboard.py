"""The dashboard tells published figures from what is recorded here, for every edition."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.translation import npgettext, override

from cities.models import Mid, MidStatus
from networks.models import Edition
from tests import reference
from tests.pages import queries_of

pytestmark = pytest.mark.django_db


class KeyFigures(HTMLParser):
    """The text of each key-figure card of a page, in order."""

    def __init__(self):
        super().__init__()
        self.cards: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li" and ("class", "key-figure") in attrs:
            self.cards.append("")
            self._depth = 1
        elif self._depth and tag == "li":
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth and tag == "li":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.cards[-1] += data


def _cards(client, url: str) -> list[str]:
    parser = KeyFigures()
    parser.feed(client.get(url).content.decode())
    return [" ".join(card.split()) for card in parser.cards]


def _polish_form(n: int) -> int:
    """1 for one, 2 for 2–4 (not 12–14) and their like, 0 for the rest."""
    if n == 1:
        return 1
    return 2 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 0


def _mid_card(client, edition: Edition) -> str:
    return next(card for card in _cards(client, f"/?edition={edition.slug}") if "MID" in card)


def test_the_default_edition_is_the_most_recent_one_with_data_and_the_page_says_so(client):
    newest = (
        Edition.objects.real().filter(memberships__isnull=False).distinct().order_by("-start_year").first()
    )
    response = client.get("/")
    assert response.context["edition"] == newest
    assert f"Pokazywana edycja: {newest.name}" in response.content.decode()


def test_the_mid_card_leads_with_the_published_complete_mids_not_a_recorded_zero(client, pilot):
    published = sum(value for value, _ in reference.mid_status_table()["complete"].values())
    card = _mid_card(client, pilot)
    # The label agrees with the number in Polish (1 kompletny, 2–4 kompletne, 5+ kompletnych).
    with override("pl"):
        label = npgettext("key figure", "complete MID after review", "complete MIDs after review", published)
    assert card.startswith(f"{published} {label}")
    adjective = {1: "kompletny", 2: "kompletne", 0: "kompletnych"}[_polish_form(published)]
    assert label == f"{adjective} MID po konsultacjach"
    assert "źródło nie podaje daty tej liczby" in card
    assert f"status MID 0 z {reference.published_member_total()} członków" in card


def test_a_status_someone_records_counts_as_recorded_of_all_members(client, pilot):
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.status, mid.draft_handed_in_on = MidStatus.DRAFT, "2018-12-10"
    mid.save()
    assert f"status MID 1 z {reference.published_member_total()} członków" in _mid_card(client, pilot)


def test_an_edition_without_published_mid_figures_shows_recorded_statuses_as_such(client):
    name = reference.PIM_3
    start, end = reference.edition_years()[name]
    edition = Edition.objects.get(start_year=start, end_year=end)
    total, _ = reference.later_edition_member_totals()[name]
    card = _mid_card(client, edition)
    assert card.startswith(f"0 z {total} członków z odnotowanym statusem MID")
    assert "nie opublikowano" in card or "żadna liczba nie jest opublikowana" in card


def test_not_recorded_reads_as_not_recorded_never_as_not_handed_in(client, pilot):
    page = client.get(f"/?edition={pilot.slug}").content.decode()
    assert "Nie odnotowano" in page
    assert "Nie zgłoszono" not in page


def test_the_dashboard_and_the_programme_page_stay_within_ten_queries(client, pilot):
    for url in (f"/?edition={pilot.slug}", "/", "/program/"):
        _, warm = queries_of(client, url)
        assert warm <= 10, (url, warm)


def test_the_programme_page_compares_every_edition_with_what_is_not_known(client):
    page = client.get("/program/").content.decode()
    for edition in Edition.objects.real():
        assert edition.name in page
    for name, (total, _) in reference.later_edition_member_totals().items():
        named = len(reference.later_edition_members()[name])
        assert f"{named} wymienionych w źródłach" in page
        assert re.search(rf"{total - named}\s+niewymienion", page), name
    for name in [n for names in reference.edition_networks().values() for n in names]:
        assert name in page


def _network_rows(client, network) -> set[str]:
    """The member names a network page lists in its members table."""
    page = client.get(network.get_absolute_url()).content.decode()
    table = page.split('id="members-heading"')[1].split("</table>")[0]
    return set(re.findall(r'<th scope="row"><a href="/czlonkowie/[^"]+/">([^<]+)</a>', table))


def test_network_pages_list_exactly_the_members_the_sources_name(client):
    from networks.models import Network

    expected: dict[str, set[str]] = {}
    for row in reference.named_members():
        expected.setdefault(row["network"], set()).add(row["member"])
    for rows in reference.later_edition_members().values():
        for row in rows:
            if row["network"]:
                expected.setdefault(row["network"], set()).add(row["member"])
    for network in Network.objects.filter(edition__is_synthetic=False).select_related("edition"):
        memberships = network.memberships.select_related("member")
        full_names = {m.member.display_name: m.member.name for m in memberships}
        shown = {full_names.get(name, name) for name in _network_rows(client, network)}
        assert shown == expected.get(network.name, set()), network.name
