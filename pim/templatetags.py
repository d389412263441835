"""Template filters shared by every app's pages: numbers, percentages, dates of known precision."""

from datetime import date
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.formats import number_format
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def decimal1(value: Decimal | float | None) -> str:
    """A number with one decimal in the active language's format (4,8 / 4.8)."""
    if value is None:
        return "–"
    return number_format(Decimal(str(value)), decimal_pos=1)


@register.filter
def percent(value: Decimal | float | None) -> str:
    """A percentage with one decimal, written the way the language writes it (62,2 % / 62.2%)."""
    if value is None:
        return "–"
    suffix = "\u00a0%" if (get_language() or "pl").startswith("pl") else "%"
    return number_format(Decimal(str(value)), decimal_pos=1) + suffix


@register.filter
def with_precision(value: date | None, precision: str) -> str:
    """A date shown only as precisely as its source gives it (day, month or year)."""
    if value is None:
        return ""
    formats = {"day": "j E Y", "month": "F Y", "year": "Y"}
    text = format_date(value, formats.get(precision, "j E Y"))
    return (
        text[0].lower() + text[1:]
        if precision == "month" and (get_language() or "").startswith("pl")
        else text
    )


@register.simple_tag
def chart_plot(figure: dict, chart_id: str, title: str) -> str:
    """The element static/js/pim.js draws `figure` into, the figure as JSON beside it, and
    the buttons that download the chart as PNG and its data table as CSV.

    No inline script: the JSON sits in a non-executable <script type="application/json">.
    The element gets the chart's height before it is drawn (a CSS variable), so drawing it
    moves nothing on the page. The buttons stay hidden until the script can serve them.
    """
    label = _("Chart: %(title)s. The same figures are in the table below.") % {"title": title}
    height = int(figure.get("layout", {}).get("height") or 400)
    return format_html(
        '<div class="chart-plot" id="{}" data-figure="{}-data" role="img" aria-label="{}"'
        ' style="--chart-height: {}px"></div>'
        '{}<p class="chart-actions" hidden>{} '
        '<button type="button" class="button-secondary" data-action="chart-png" data-chart="{}"'
        ' data-name="{}" hidden>{}<span class="visually-hidden"> – {}</span></button> '
        '<button type="button" class="button-secondary" data-action="chart-csv" data-chart="{}"'
        ' data-name="{}" hidden>{}<span class="visually-hidden"> – {}</span></button></p>',
        chart_id,
        chart_id,
        label,
        height,
        json_script(figure, f"{chart_id}-data"),
        _("Download:"),
        chart_id,
        chart_id,
        _("Chart (PNG)"),
        title,
        chart_id,
        chart_id,
        _("Data (CSV)"),
        title,
    )


@register.inclusion_tag("includes/sortable_th.html", takes_context=True)
def sortable_th(context, field: str, label: str) -> dict:
    """A column header that sorts the list by `field`, toggling the direction, keeping the filters."""
    query = context["request"].GET.copy()
    current = query.get("o", "")
    query.pop("page", None)
    if current == field:
        query["o"], sort = f"-{field}", "ascending"
    elif current == f"-{field}":
        query["o"], sort = field, "descending"
    else:
        query["o"], sort = field, None
    return {"href": "?" + query.urlencode(), "label": label, "sort": sort}


class SharedNode(template.Node):
    def __init__(
        self, fragment: template.base.FilterExpression, part: template.base.FilterExpression, nodelist
    ):
        self.fragment, self.part, self.nodelist = fragment, part, nodelist

    def render(self, context) -> str:
        fragment = self.fragment.resolve(context, ignore_failures=True)
        part = self.part.resolve(context)
        if fragment is not None and part in fragment.html:
            return mark_safe(fragment.html[part])
        html = self.nodelist.render(context)
        if fragment is not None:
            fragment.store(part, html)
        return html


@register.tag
def shared(parser, token) -> SharedNode:
    """`{% shared fragment "part" %}…{% endshared %}`: a part of the page that is the same for
    everyone it is shown to, written from the cache when the view's SharedFragment found it
    (pim/fragments.py), else rendered and stored. Without a fragment it is simply rendered."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError('{% shared fragment "part" %} takes a fragment and a part name.')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
