"""Drill-down: a network or a status in the dashboard's table opens the members list
filtered that way, and the list holds as many members as the table counts."""

import re
from html import unescape

import pytest

from cities.models import Mid, MidStatus
from networks.models import Edition

pytestmark = pytest.mark.django_db


def _live_table(page: str) -> str:
    start = page.index('<table class="data-table mid-table" aria-labelledby="mid-live-caption">')
    return page[start : page.index("</table>", start)]


def _cell_links(page: str) -> list[tuple[str, int]]:
    """(href, number shown) of every counting cell of the recorded-status table."""
    table = _live_table(page)
    return [
        (unescape(href), int(number))
        for href, number in re.findall(r'<td class="num"><a href="([^"]+)">(\d+)<', table)
    ]


@pytest.fixture
def edition_with_statuses(pilot):
    """The pilot with a few statuses recorded, so that more than one row counts something."""
    mids = list(Mid.objects.filter(edition=pilot).order_by("pk")[:6])
    statuses = [MidStatus.DRAFT, MidStatus.DRAFT, MidStatus.COMPLETE, MidStatus.RETURNED, MidStatus.COMPLETE]
    for mid, status in zip(mids, statuses, strict=False):
        Mid.objects.filter(pk=mid.pk).update(status=status)
    return pilot


def test_every_count_links_to_the_members_list_filtered_by_edition_network_and_status(
    client, edition_with_statuses
):
    edition = edition_with_statuses
    page = client.get(f"/?edition={edition.slug}").content.decode()
    links = _cell_links(page)
    networks = list(edition.networks.order_by("position", "name"))
    assert len(links) == len(networks) * len(MidStatus.values)
    expected = [
        f"/czlonkowie/?edition={edition.slug}&network={network.pk}&status={status}"
        for status in MidStatus.values
        for network in networks
    ]
    assert [href for href, _ in links] == expected


def test_the_filtered_members_list_holds_as_many_members_as_the_cell_counts(client, edition_with_statuses):
    page = client.get(f"/?edition={edition_with_statuses.slug}").content.decode()
    for href, number in _cell_links(page):
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert listed.context["page"].paginator.count == number, href


def test_a_network_heading_and_a_status_heading_open_the_list_filtered_by_that_alone(
    client, edition_with_statuses
):
    edition = edition_with_statuses
    table = _live_table(client.get(f"/?edition={edition.slug}").content.decode())
    heads = [unescape(href) for href in re.findall(r'<th scope="(?:col|row)"[^>]*><a href="([^"]+)"', table)]
    networks = list(edition.networks.order_by("position", "name"))
    assert heads == [f"/czlonkowie/?edition={edition.slug}&network={n.pk}" for n in networks] + [
        f"/czlonkowie/?edition={edition.slug}&status={status}" for status in MidStatus.values
    ]
    draft = client.get(f"/czlonkowie/?edition={edition.slug}&status=draft")
    drafts = Mid.objects.filter(edition=edition, status="draft").count()
    assert draft.context["page"].paginator.count == drafts


def test_every_edition_s_dashboard_drills_down(client):
    for edition in Edition.objects.real():
        page = client.get(f"/?edition={edition.slug}").content.decode()
        for href, number in _cell_links(page)[:3]:
            assert client.get(href).context["page"].paginator.count == number, href


def test_the_network_page_s_status_counts_open_its_members_of_that_status(client, edition_with_statuses):
    edition = edition_with_statuses
    for network in edition.networks.all():
        page = client.get(network.get_absolute_url()).content.decode()
        links = re.findall(r'<td class="num"><a href="([^"]+)">(\d+)<', page)
        assert [unescape(href) for href, _ in links] == [
            f"/czlonkowie/?edition={edition.slug}&network={network.pk}&status={status}"
            for status in MidStatus.values
        ]
        for href, number in links:
            assert client.get(unescape(href)).context["page"].paginator.count == int(number), href
