"""Pure functions from query results to plotly figure dicts.

The figures are plain dicts in plotly's JSON schema, not graph objects: building
graph objects validates every property and costs an order of magnitude more per
page (the tests validate these dicts against plotly's schema instead). The page
embeds them with `json_script` and `static/js/pim.js` draws them.

The builders know no model: they take rows of labels and numbers, so that any app
(survey results, the map, progress over time) can chart its figures through them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Diverging, colour-blind-safe (ColorBrewer RdBu, 5 classes) with a neutral middle, from
# the most positive answer to the most negative; "no answer" is white with an outline so
# it never reads as an opinion.
SCALE_COLOURS = ["#0571b0", "#92c5de", "#d6d6d6", "#f4a582", "#ca0020"]
NO_ANSWER_COLOUR = "#ffffff"
# Okabe–Ito: distinguishable with every common colour-vision deficiency.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BAR_COLOUR = "#0072B2"
PERCENT_TICKS = [0, 20, 40, 60, 80, 100]


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (a share in per cent, or a mean) and the count behind it."""

    label: str
    value: float | Decimal | None
    count: int


@dataclass(frozen=True)
class StackedRow:
    """One 100 % bar of a stacked chart: the share of each option, in the options' order."""

    label: str
    parts: Sequence[Bar]


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


def likert_stacked(
    rows: Sequence[StackedRow], options: Sequence[str], no_answer: str | None, title: str, source_line: str
) -> dict:
    """100 % stacked horizontal bars, one bar per row, one colour per option.

    `options` name the answer scale from the most positive to the most negative; each
    row's `parts` follow them, plus one more part for `no_answer` when that is given (a
    share shown only when some row has it).
    """
    labels = [_wrap(row.label) for row in rows]
    names = list(options) + ([no_answer] if no_answer is not None else [])
    traces = []
    for position, name in enumerate(names):
        parts = [row.parts[position] if position < len(row.parts) else None for row in rows]
        is_no_answer = position >= len(options)
        if is_no_answer and not any(part and part.count for part in parts):
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": [float(part.value or 0) if part else 0 for part in parts],
                "customdata": [part.count if part else 0 for part in parts],
                "marker": {
                    "color": NO_ANSWER_COLOUR if is_no_answer else SCALE_COLOURS[position % 5],
                    "line": {"color": "#767676", "width": 1 if is_no_answer else 0},
                },
                "text": [
                    _percent_text(part.value) if part and part.value and part.value >= 6 else ""
                    for part in parts
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
                # Ticks given, not left to plotly: with the wider Polish labels ("100 %")
                # it dropped the last one, and a 100 % bar needs its 100 % mark.
                "tickvals": PERCENT_TICKS,
                "ticktext": [f"{tick}{_percent_suffix()}" for tick in PERCENT_TICKS],
                "title": {"text": _("Share of respondents")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
        ),
    }


def rating_means(bars: Sequence[Bar], title: str, source_line: str) -> dict:
    """Horizontal bars of mean ratings on the 1–5 scale, labelled with mean and n."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [_wrap(bar.label) for bar in bars],
                "x": [float(bar.value) if bar.value is not None else None for bar in bars],
                "customdata": [bar.count for bar in bars],
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
            _height(len(bars)),
            xaxis={
                "range": [1, 5.4],
                "tickvals": [1, 2, 3, 4, 5],
                "title": {"text": _("Mean rating (1 = very bad, 5 = very good)")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    }


def share_bars(bars: Sequence[Bar], title: str, source_line: str) -> dict:
    """Horizontal bars of the share of respondents giving each answer (yes/no, multiple choice)."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [_wrap(bar.label) for bar in bars],
                "x": [float(bar.value or 0) for bar in bars],
                "customdata": [bar.count for bar in bars],
                "marker": {"color": BAR_COLOUR},
                "text": [_percent_text(bar.value) for bar in bars],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"%{{y}}: %{{x:.1f}}{_percent_suffix()} (%{{customdata}})<extra></extra>",
                "showlegend": False,
            }
        ],
        "layout": _layout(
            title,
            source_line,
            _height(len(bars)),
            xaxis={
                "range": [0, 110],
                "ticksuffix": _percent_suffix(),
                "title": {"text": _("Share of respondents")},
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    }
