"""The members map: an SVG in the page, each member a link placed at its seat."""

import re

import pytest

from pim import map_svg
from tests import reference
from tests.pages import queries_of

pytestmark = pytest.mark.django_db

PILOT = "pilotaz-2017-2019"
MARKER = r'<a href="(/czlonkowie/[^"]+/)" tabindex="-1" transform="translate\(([\d.]+) ([\d.]+)\)">'


def test_members_are_placed_west_to_east_and_north_to_south():
    geometry = {"outline": [[[14.0, 55.0], [24.3, 48.9]]], "voivodeship_borders": []}
    drawing = map_svg.members_map(
        [
            ("A", [{"name": "Szczecin", "lon": 14.55, "lat": 53.43, "url": "/a/"}]),
            ("B", [{"name": "Przemyśl", "lon": 22.77, "lat": 49.78, "url": "/b/"}]),
        ],
        geometry,
    )
    west, east = drawing.markers
    assert west.x < east.x and west.y < east.y
    assert 0 <= west.x <= drawing.width and 0 <= east.y <= drawing.height
    # Network B differs from A in colour and in shape, never in colour alone.
    assert west.colour != east.colour and west.shape != east.shape
    assert [(entry.group, entry.count) for entry in drawing.legend] == [("A", 1), ("B", 1)]
    assert drawing.outline.startswith("M0 0L")


def test_the_map_page_draws_every_named_member_of_the_pilot_as_a_link(client):
    html = client.get(f"/mapa/?edition={PILOT}").content.decode()
    svg = re.search(r'<svg class="map-svg".*?</svg>', html, re.S).group(0)
    links = re.findall(MARKER, svg)
    assert len(links) == len(reference.named_members())
    assert "/czlonkowie/torun/" in {href for href, _, _ in links}
    # Coordinates are written with a dot whatever the page's language.
    assert "," not in svg.split("<a ", 1)[1].split(">", 1)[0]
    # No plotly on the map page: it is drawn with the page.
    assert "plotly" not in html


def _legend(html: str) -> dict[str, int]:
    legend = re.search(r'<ul class="map-legend">(.*?)</ul>', html, re.S).group(1)
    return {
        name.strip(): int(count) for name, count in re.findall(r"</svg>\s*([^<]+?) \((\d+)\)</li>", legend)
    }


def test_coloured_by_status_every_member_of_the_edition_is_in_the_group_of_its_recorded_status(client):
    from cities.maps import ColourBy, map_groups
    from cities.models import Membership, Mid, MidStatus
    from networks.models import Edition

    pilot = Edition.objects.get(slug=PILOT)
    Mid.objects.filter(member__slug="torun", edition=pilot).update(status=MidStatus.DRAFT)
    groups, without_coordinates = map_groups(pilot, ColourBy.STATUS)
    by_label = {label: {member["name"] for member in members} for label, members in groups}
    assert sum(len(names) for names in by_label.values()) + len(without_coordinates) == (
        Membership.objects.filter(edition=pilot).count()
    )
    assert "Toruń" in by_label[str(MidStatus.DRAFT.label)]
    # The page's legend counts what the function grouped.
    html = client.get(f"/mapa/?edition={PILOT}&colour=status").content.decode()
    assert sum(_legend(html).values()) == sum(len(names) for names in by_label.values())


def test_coloured_by_editions_each_member_is_drawn_once_and_members_of_two_editions_apart(client):
    from cities.maps import ColourBy, map_groups
    from networks.models import Edition

    groups, without_coordinates = map_groups(Edition.objects.get(slug=PILOT), ColourBy.EDITION)
    drawn = [member["url"] for _, members in groups for member in members] + [
        m["url"] for m in without_coordinates
    ]
    assert len(drawn) == len(set(drawn)) == len(reference.all_named_member_names())
    editions_of: dict[str, int] = {}
    for name in {row["member"] for row in reference.named_members()}:
        editions_of[name] = 1
    for rows in reference.later_edition_members().values():
        for name in {row["member"] for row in rows}:
            editions_of[name] = editions_of.get(name, 0) + 1
    in_two = sum(1 for count in editions_of.values() if count > 1)
    assert in_two > 0
    assert (
        sum(len(members) for label, members in groups if " + " in label)
        + sum(1 for m in without_coordinates if " + " in m["group"])
        == in_two
    )
    html = client.get("/mapa/?colour=edition").content.decode()
    assert sum(_legend(html).values()) == len(drawn) - len(without_coordinates)


def test_an_unknown_colouring_is_refused_with_the_choices(client):
    response = client.get("/mapa/?colour=rainbow")
    assert response.status_code == 400
    assert "rainbow" in response.content.decode() and "status" in response.content.decode()


@pytest.mark.parametrize("colour", ["network", "status", "edition"])
def test_every_colouring_costs_the_same_few_queries(client, colour):
    cold, fresh = queries_of(client, f"/mapa/?edition={PILOT}&colour={colour}")
    assert max(cold, fresh) <= 3
