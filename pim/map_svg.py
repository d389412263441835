"""The members map as a drawing the server sends in the page: an SVG, no script.

The map is the first thing on its page, so drawing it in the browser (plotly, ~0.5 s of
a phone's CPU before the first point shows) held the page up; an SVG is drawn with the
page. Longitude and latitude are placed on a plane with the vertical stretched by
1/cos(52°), as Poland looks on an equirectangular map near its centre. Each member is a
link to its card; colour and shape both tell the member's group — its network, MID
status or editions (never colour alone).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from itertools import groupby

from django.utils.safestring import mark_safe

from pim.charts import CATEGORY_COLOURS

WEST, EAST, SOUTH, NORTH = 14.0, 24.3, 48.9, 55.0
STRETCH = 1.62  # 1 / cos(52°)
SCALE = 100  # drawing units per degree of longitude
SIZE = 11  # a marker's half width, in drawing units

# Shapes around (0, 0), one per network in turn, as SVG path data.
SHAPES = [
    f"M{-SIZE} 0a{SIZE} {SIZE} 0 1 0 {2 * SIZE} 0a{SIZE} {SIZE} 0 1 0 {-2 * SIZE} 0Z",  # circle
    "M-9 -9H9V9H-9Z",  # square
    "M0 -13L13 0L0 13L-13 0Z",  # diamond
    "M0 -12L12 10H-12Z",  # triangle up
    "M0 12L12 -10H-12Z",  # triangle down
    "M-6 -11H6L12 0L6 11H-6L-12 0Z",  # hexagon
]


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str
    name: str
    group: str
    url: str


@dataclass(frozen=True)
class LegendEntry:
    group: str
    shape: str
    colour: str
    count: int


@dataclass(frozen=True)
class MapDrawing:
    width: int
    height: int
    outline: str
    borders: str
    markers: list[Marker]
    legend: list[LegendEntry]

    @property
    def markers_svg(self) -> str:
        """The markers as SVG, each a link to the member's card: each shape is defined once
        and every marker uses it inside its group's colour, so that 2,477 members (national
        size) weigh half of what a full path each did. Written here rather than by a template
        loop, which at that size took a third of a second."""
        shapes = list(dict.fromkeys(marker.shape for marker in self.markers))
        ids = {shape: f"map-shape-{index}" for index, shape in enumerate(shapes)}
        parts = ["<defs>"]
        parts += [f'<path id="{ids[shape]}" d="{shape}" stroke="#fff" stroke-width="2"/>' for shape in shapes]
        parts.append("</defs>")
        for (shape, colour), markers in groupby(self.markers, key=lambda m: (m.shape, m.colour)):
            parts.append(f'<g fill="{colour}">')
            parts += [
                f'<a href="{escape(m.url)}" tabindex="-1" transform="translate({m.x} {m.y})">'
                f'<title>{escape(m.name)} – {escape(m.group)}</title><use href="#{ids[shape]}"/></a>'
                for m in markers
            ]
            parts.append("</g>")
        return mark_safe("".join(parts))


def _point(lon: float, lat: float) -> tuple[float, float]:
    return round((lon - WEST) * SCALE, 1), round((NORTH - lat) * SCALE * STRETCH, 1)


def _path(polylines: list[list[list[float]]]) -> str:
    parts = []
    for line in polylines:
        points = [_point(lon, lat) for lon, lat in line]
        parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points))
    return "".join(parts)


def members_map(groups: Iterable[tuple[str, list[dict]]], geometry: dict) -> MapDrawing:
    """The drawing of `groups` ([(group label, [{"name", "lon", "lat", "url"}…])…]) over
    Poland's outline and voivodeship borders (`geometry`, static/geo/poland.json). No query."""
    markers, legend = [], []
    for index, (group, members) in enumerate(groups):
        shape = SHAPES[index % len(SHAPES)]
        colour = CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
        legend.append(LegendEntry(group, shape, colour, len(members)))
        for member in members:
            x, y = _point(member["lon"], member["lat"])
            markers.append(Marker(x, y, shape, colour, member["name"], group, member["url"]))
    width, height = _point(EAST, SOUTH)
    return MapDrawing(
        width=round(width),
        height=round(height),
        outline=_path(geometry["outline"]),
        borders=_path(geometry["voivodeship_borders"]),
        markers=markers,
        legend=legend,
    )
