"""The members map: an SVG in the page, each member a link placed at its seat."""

import re

import pytest

from pim import map_svg
from tests import reference

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
    assert [(entry.network, entry.count) for entry in drawing.legend] == [("A", 1), ("B", 1)]
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
