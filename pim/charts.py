"""Pure functions from query results to plotly figure dicts.

The figures are plain dicts in plotly's JSON schema, not graph objects: building
graph objects validates every property and costs an order of magnitude more per
page (the tests validate these dicts against plotly's schema instead). The page
embeds them with `json_script` and `static/js/charts.js` draws them.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from surveys.models import LikertAnswer
from surveys.results import QuestionResult

# Diverging, colour-blind-safe (ColorBrewer RdBu, 5 classes) with a neutral middle;
# "no answer" is white with an outline so it never reads as an opinion.
LIKERT_COLOURS = {
    LikertAnswer.DEFINITELY_YES: "#0571b0",
    LikertAnswer.RATHER_YES: "#92c5de",
    LikertAnswer.NEITHER: "#d6d6d6",
    LikertAnswer.RATHER_NO: "#f4a582",
    LikertAnswer.DEFINITELY_NO: "#ca0020",
    None: "#ffffff",
}
# Okabe–Ito: distinguishable with every common colour-vision deficiency.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BAR_COLOUR = "#0072B2"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _separators() -> str:
    """Decimal and thousands separators of the active language (plotly's `separators`)."""
    return ", " if (get_language() or "pl").startswith("pl") else ". "


def _percent_suffix() -> str:
    return "\u00a0%" if (get_language() or "pl").startswith("pl") else "%"


def _layout(title: str, source_line: str, height: int, **extra) -> dict:
    """Common layout. The title and the source line are kept in `meta` for the page's
    caption, which shows them as text (readable without the chart and by screen readers)."""
    layout = {
        "meta": {"title": title, "source": source_line},
        "autosize": True,
        # Labels that do not fit their bar are hidden, not shrunk or turned sideways.
        "uniformtext": {"mode": "hide", "minsize": 10},
        "font": {"family": FONT, "size": 13, "color": "#1a1a1a"},
        "separators": _separators(),
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 40, "b": 50},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    layout.update(extra)
    return layout


def _wrap(label: str, width: int = 30) -> str:
    """Break a long axis label into lines (plotly does not wrap by itself)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _percent_text(value: Decimal | None) -> str:
    """62,2 % / 62.2%: the label printed on a bar."""
    return number_format(value, decimal_pos=1) + _percent_suffix() if value is not None else ""


def _height(rows: int) -> int:
    return 110 + 52 * max(rows, 1)


def likert_stacked(results: Sequence[QuestionResult], title: str, source_line: str) -> dict:
    """100 % stacked horizontal bars, one bar per question, one colour per answer."""
    labels = [_wrap(result.question.short_label or result.question.text) for result in results]
    traces = []
    for position, value in enumerate([*LikertAnswer, None]):
        shares = [next((s for s in result.shares if s.value == value), None) for result in results]
        if value is None and not any(share and share.count for share in shares):
            continue
        name = str(value.label) if value is not None else _("No answer or not shown")
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [float(share.percent or 0) if share else 0 for share in shares],
                "customdata": [share.count if share else 0 for share in shares],
                "marker": {
                    "color": LIKERT_COLOURS[value],
                    "line": {"color": "#767676", "width": 1 if value is None else 0},
                },
                "text": [
                    _percent_text(share.percent) if share and share.percent and share.percent >= 6 else ""
                    for share in shares
                ],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"color": "#ffffff" if position in (0, 4) else "#1a1a1a"},
                "hovertemplate": (
                    f"%{{y}}<br>{name}: %{{x:.1f}}{_percent_suffix()} (%{{customdata}})<extra></extra>"
                ),
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            title,
            source_line,
            _height(len(labels)) + 40,
            barmode="stack",
            xaxis={
                "range": [0, 100],
                "ticksuffix": _percent_suffix(),
                "title": {"text": _("Share of respondents")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
        ),
    }


def rating_means(results: Sequence[QuestionResult], title: str, source_line: str) -> dict:
    """Horizontal bars of mean ratings on the 1–5 scale, labelled with mean and n."""
    labels = [_wrap(result.question.short_label or result.question.text) for result in results]
    means = [float(result.mean_rounded) if result.mean is not None else None for result in results]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": means,
                "customdata": [result.answered for result in results],
                "marker": {"color": BAR_COLOUR},
                "texttemplate": "%{x:.1f}",
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}<br>" + _("mean") + " %{x:.1f} (n = %{customdata})<extra></extra>",
                "showlegend": False,
            }
        ],
        "layout": _layout(
            title,
            source_line,
            _height(len(labels)),
            xaxis={
                "range": [1, 5.4],
                "tickvals": [1, 2, 3, 4, 5],
                "title": {"text": _("Mean rating (1 = very bad, 5 = very good)")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    }


def share_bars(result: QuestionResult, title: str, source_line: str) -> dict:
    """Horizontal bars of the share of respondents giving each answer (yes/no, multiple choice)."""
    shares = [share for share in result.shares if share.value is not None]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [_wrap(share.label) for share in shares],
                "x": [float(share.percent or 0) for share in shares],
                "customdata": [share.count for share in shares],
                "marker": {"color": BAR_COLOUR},
                "text": [_percent_text(share.percent) for share in shares],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"%{{y}}: %{{x:.1f}}{_percent_suffix()} (%{{customdata}})<extra></extra>",
                "showlegend": False,
            }
        ],
        "layout": _layout(
            title,
            source_line,
            _height(len(shares)),
            xaxis={
                "range": [0, 110],
                "ticksuffix": _percent_suffix(),
                "title": {"text": _("Share of respondents")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    }


def members_map(
    groups: Iterable[tuple[str, list[dict]]], geometry: dict, title: str, source_line: str
) -> dict:
    """Members as points over Poland's outline and voivodeship borders, one colour per network.

    `groups` is [(network name, [{"name", "lon", "lat", "url"}…])…]. Longitude and
    latitude are drawn on plain axes with the y axis stretched by 1/cos(52°), which
    is how Poland looks on an equirectangular map near its centre.
    """

    def lines(polylines: list[list[list[float]]]) -> tuple[list, list]:
        xs, ys = [], []
        for line in polylines:
            xs += [point[0] for point in line] + [None]
            ys += [point[1] for point in line] + [None]
        return xs, ys

    border_x, border_y = lines(geometry["voivodeship_borders"])
    outline_x, outline_y = lines(geometry["outline"])
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": border_x,
            "y": border_y,
            "line": {"color": "#b3b3b3", "width": 1},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": outline_x,
            "y": outline_y,
            "line": {"color": "#4d4d4d", "width": 1.5},
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    symbols = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
    for index, (network, members) in enumerate(groups):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": network,
                "x": [member["lon"] for member in members],
                "y": [member["lat"] for member in members],
                "text": [member["name"] for member in members],
                "customdata": [member["url"] for member in members],
                "marker": {
                    "size": 11,
                    "color": CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)],
                    "symbol": symbols[index % len(symbols)],
                    "line": {"color": "#ffffff", "width": 1},
                },
                "hovertemplate": "%{text}<extra>" + network + "</extra>",
            }
        )
    hidden_axis = {"visible": False, "fixedrange": True}
    return {
        "data": traces,
        "layout": _layout(
            title,
            source_line,
            620,
            xaxis={**hidden_axis, "range": [14.0, 24.3]},
            yaxis={**hidden_axis, "range": [48.9, 55.0], "scaleanchor": "x", "scaleratio": 1.62},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            hovermode="closest",
        ),
    }
