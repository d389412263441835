"""Plotly figure dicts of the reports' own charts (MID statuses, progress over time, the
editions compared), in the schema of pim/charts.py so that the page could draw them too;
library/svg.py draws them for print."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from cities.models import MidStatus
from pim.charts import CATEGORY_COLOURS, _height, _layout, _wrap

# The statuses' colours of the site's badges, darkened to read as bars.
STATUS_COLOURS = {
    MidStatus.NOT_REPORTED: "#bdbdbd",
    MidStatus.DRAFT: "#E69F00",
    MidStatus.RETURNED: "#D55E00",
    MidStatus.COMPLETE: "#0072B2",
    MidStatus.IMPLEMENTATION: "#009E73",
}


def status_bars(counts: dict[str, int], title: str, source_line: str) -> dict:
    """One bar per MID status with the number of MIDs in it, in the workflow's order."""
    labels = [str(MidStatus(status).label) for status in counts]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": list(counts.values()),
                "marker": {"color": [STATUS_COLOURS[status] for status in counts]},
                "text": [str(value) for value in counts.values()],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x}<extra></extra>",
                "showlegend": False,
            }
        ],
        "layout": _layout(
            title,
            source_line,
            _height(len(labels)),
            xaxis={"title": {"text": _("MIDs")}, "fixedrange": True, "rangemode": "tozero"},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        ),
    }


def statuses_over_time(months: Sequence[tuple[str, dict[str, int]]], title: str, source_line: str) -> dict:
    """One stacked bar per month: how many MIDs stood in each status at the month's end."""
    labels = [month for month, _counts in months]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": str(status.label),
            "y": labels,
            "x": [counts.get(status, 0) for _month, counts in months],
            "marker": {"color": STATUS_COLOURS[status]},
            "text": [str(counts.get(status, 0) or "") for _month, counts in months],
            "textposition": "inside",
            "textfont": {"color": "#1a1a1a" if status in ("not-reported", "draft") else "#ffffff"},
            "hovertemplate": f"%{{y}}<br>{status.label}: %{{x}}<extra></extra>",
        }
        for status in MidStatus
    ]
    return {
        "data": traces,
        "layout": _layout(
            title,
            source_line,
            _height(len(labels)) + 40,
            barmode="stack",
            xaxis={"title": {"text": _("MIDs at the end of the month")}, "fixedrange": True},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        ),
    }


def editions_compared(
    rows: Sequence[tuple[str, list[int]]], editions: Sequence[str], title: str, source_line: str
) -> dict:
    """Grouped bars: one group per figure (`rows`: label and one value per series), one
    colour per series (the editions; or the months, for networks over time)."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": edition,
                "y": [_wrap(label) for label, _values in rows],
                "x": [values[index] for _label, values in rows],
                "marker": {"color": CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]},
                "text": [str(values[index]) for _label, values in rows],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"%{{y}}<br>{edition}: %{{x}}<extra></extra>",
            }
            for index, edition in enumerate(editions)
        ],
        "layout": _layout(
            title,
            source_line,
            _height(len(rows) * max(len(editions), 1)),
            barmode="group",
            xaxis={"fixedrange": True, "rangemode": "tozero"},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        ),
    }
