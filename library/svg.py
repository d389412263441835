"""Charts as static SVG images, drawn on the server from the same plotly figure dicts the
pages draw in the browser (pim/charts.py, library/figures.py).

Why: a printed report must hold every chart, and a chart drawn by JavaScript when it
scrolls into view (or on `beforeprint`) may be missing when the print engine lays out the
page. An <img> of an SVG is there before any script runs, prints sharp at any size and
needs neither a browser nor Chrome (kaleido) on the server.

Only what the figures of this product use is drawn: horizontal bars, single or stacked,
with the trace's colours, bar labels, a legend, the x axis with its ticks and title.
"""

import base64
import re
from xml.sax.saxutils import escape

WIDTH = 760
LABEL_WIDTH = 250
ROW_HEIGHT = 30
FONT = "Arial, Helvetica, sans-serif"
TEXT = "#1a1a1a"
GRID = "#d9d9d9"


def _lines(label) -> list[str]:
    return [part for part in re.split(r"<br\s*/?>", str(label)) if part] or [""]


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _colour(marker: dict, index: int) -> str:
    colour = marker.get("color", "#0072B2")
    return colour[index % len(colour)] if isinstance(colour, list) else colour


def _bar_text(trace: dict, index: int, value: float) -> str:
    if "text" in trace:
        texts = trace["text"]
        return str(texts[index]) if isinstance(texts, list) and index < len(texts) else ""
    template = trace.get("texttemplate", "")
    match = re.search(r"%\{x(?::\.(\d)f)?\}", template)
    if match:
        return _number(value, int(match.group(1) or 0))
    return ""


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if span / step <= 6:
            break
    first = int(low // step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        if value >= low - 1e-9:
            ticks.append(value)
        value += step
    return ticks


def render(figure: dict, decimal_comma: bool = False) -> str:
    """The figure's horizontal bars as an SVG document (a string)."""
    traces = [t for t in figure.get("data", []) if t.get("type") == "bar"]
    layout = figure.get("layout", {})
    stacked = layout.get("barmode") == "stack"
    categories = traces[0].get("y", []) if traces else []
    rows = len(categories)
    label_lines = [_lines(label) for label in categories]
    row_heights = [max(ROW_HEIGHT, 16 * len(lines) + 10) for lines in label_lines]
    if not stacked and len(traces) > 1:
        row_heights = [max(h, 12 + 16 * len(traces)) for h in row_heights]
    named = [t for t in traces if t.get("name") and t.get("showlegend", True)]
    legend_rows = (len(named) + 2) // 3 if len(named) > 1 else 0
    top = 12 + 22 * legend_rows
    plot_height = sum(row_heights)
    axis = layout.get("xaxis", {})
    axis_title = (axis.get("title") or {}).get("text", "")
    height = top + plot_height + 34 + (20 if axis_title else 0)

    values = [[float(v or 0) for v in t.get("x", [])] for t in traces]
    if "range" in axis:
        low, high = float(axis["range"][0]), float(axis["range"][1])
    else:
        totals = (
            [sum(column) for column in zip(*values, strict=False)]
            if stacked
            else [max(v, default=0) for v in values]
        )
        high = max([*totals, 1]) * 1.15
        low = 0.0
    plot_left, plot_right = LABEL_WIDTH + 10, WIDTH - 20

    def x_of(value: float) -> float:
        value = min(max(value, low), high)
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    suffix = axis.get("ticksuffix", "")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="13" fill="{TEXT}">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Legend: three entries a row, in the traces' order.
    for index, trace in enumerate(named):
        column, line = index % 3, index // 3
        lx, ly = 12 + column * (WIDTH - 24) / 3, 8 + line * 22
        colour = _colour(trace.get("marker", {}), 0)
        out.append(
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="14" height="14" fill="{colour}" stroke="#767676" '
            f'stroke-width="{1 if colour.lower() == "#ffffff" else 0}"/>'
            f'<text x="{lx + 20:.1f}" y="{ly + 12:.1f}">{escape(str(trace["name"])[:38])}</text>'
        )
    # Grid and ticks.
    for tick in _ticks(low, high):
        tx = x_of(tick)
        shown = _number(tick, 0 if float(tick).is_integer() else 1)
        if decimal_comma:
            shown = shown.replace(".", ",")
        out.append(
            f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{top + plot_height}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{top + plot_height + 16}" text-anchor="middle" font-size="11">'
            f"{escape(shown + suffix)}</text>"
        )
    if axis_title:
        out.append(
            f'<text x="{(plot_left + plot_right) / 2:.1f}" y="{top + plot_height + 36}" text-anchor="middle" '
            f'font-size="12">{escape(axis_title)}</text>'
        )
    y = top
    for row in range(rows):
        row_height = row_heights[row]
        lines = label_lines[row]
        first = y + row_height / 2 - 8 * (len(lines) - 1) + 4
        for number, line in enumerate(lines):
            out.append(
                f'<text x="{LABEL_WIDTH}" y="{first + 16 * number:.1f}" text-anchor="end">'
                f"{escape(line)}</text>"
            )
        start = low
        for index, trace in enumerate(traces):
            value = values[index][row] if row < len(values[index]) else 0.0
            colour = _colour(trace.get("marker", {}), row)
            outline = (trace.get("marker", {}).get("line") or {}).get("width", 0)
            if stacked:
                bar_y, bar_h = y + 5, row_height - 10
                x0, x1 = x_of(start), x_of(start + value)
                start += value
            else:
                slot = (row_height - 10) / max(len(traces), 1)
                bar_y, bar_h = y + 5 + slot * index, slot - 2
                x0, x1 = x_of(max(low, 0)), x_of(value)
            if x1 - x0 > 0:
                out.append(
                    f'<rect x="{x0:.1f}" y="{bar_y:.1f}" width="{x1 - x0:.1f}" height="{bar_h:.1f}" '
                    f'fill="{colour}" stroke="#767676" stroke-width="{1 if outline else 0}"/>'
                )
            text = _bar_text(trace, row, value)
            if decimal_comma:
                text = text.replace(".", ",")
            if text:
                inside = stacked or trace.get("textposition") == "inside"
                font_colour = ((trace.get("textfont") or {}).get("color")) if inside else TEXT
                tx = (x0 + x1) / 2 if inside else x1 + 4
                anchor = "middle" if inside else "start"
                out.append(
                    f'<text x="{tx:.1f}" y="{bar_y + bar_h / 2 + 4:.1f}" text-anchor="{anchor}" '
                    f'font-size="12" '
                    f'fill="{font_colour or TEXT}">{escape(text)}</text>'
                )
        y += row_height
    out.append(
        f'<line x1="{plot_left}" y1="{top}" x2="{plot_left}" y2="{top + plot_height}" stroke="#4d4d4d"/>'
    )
    out.append("</svg>")
    return "".join(out)


def data_uri(figure: dict, decimal_comma: bool = False) -> str:
    """The figure as a data: URI for an <img> (the site's CSP allows data: images)."""
    encoded = base64.b64encode(render(figure, decimal_comma).encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"
