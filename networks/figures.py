"""Published figures of every kind as rows of one shape, for the API and its downloads.

A kind of published figure (a network's MID counts, a network's or an edition's number
of members, …) is a `FigureKind`: a function from the chosen edition and network to a
`values()` query with the columns of `COLUMNS`. The kinds are put together with UNION
ALL into one list that PostgreSQL counts, sorts and pages, so a new kind (say, published
survey figures) slots in as one more `FigureKind`, with no change to the endpoint.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, DateField, F, IntegerField, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from networks.models import DatePrecision, Edition, Network, NetworkMidFigure

COLUMNS = (
    "kind",
    "subject_type",
    "subject_slug",
    "edition_slug",
    "edition_is_synthetic",
    "network_id",
    "metric",
    "value",
    "out_of",
    "as_of",
    "as_of_precision",
    "source_id",
)
ORDER = ("kind", "edition_slug", "subject_slug", "metric", "as_of")
PREFIX = "figure_"


@dataclass(frozen=True)
class FigureKind:
    code: str
    label: str
    rows: Callable[[Edition | None, Network | None], QuerySet]


def _text(value: str | None) -> Value:
    return Value(value, output_field=CharField())


def row(*expressions) -> dict:
    """The expressions named as the columns every kind of figure gives (for kinds defined in
    other apps, e.g. surveys' published results)."""
    return _row(*expressions)


def text(value: str | None) -> Value:
    return _text(value)


def _plain(model) -> QuerySet:
    """A plain QuerySet of a model with translated fields: modeltranslation's own turns
    values(**expressions) into a select of every field, which a UNION cannot take."""
    return QuerySet(model=model)


def _row(*expressions) -> dict:
    """The expressions named after COLUMNS (prefixed: a name may not shadow a model field)."""
    assert len(expressions) == len(COLUMNS)
    return {PREFIX + name: expression for name, expression in zip(COLUMNS, expressions, strict=True)}


def network_mid_figures(edition: Edition | None, network: Network | None) -> QuerySet:
    figures = NetworkMidFigure.objects.all()
    if edition is not None:
        figures = figures.filter(network__edition=edition)
    if network is not None:
        figures = figures.filter(network=network)
    return figures.order_by().values(
        **_row(
            _text("network-mid"),
            _text("network"),
            F("network__slug"),
            F("network__edition__slug"),
            F("network__edition__is_synthetic"),
            F("network_id"),
            F("metric"),
            F("value"),
            F("out_of"),
            F("as_of"),
            F("as_of_precision"),
            F("source_id"),
        )
    )


def network_member_counts(edition: Edition | None, network: Network | None) -> QuerySet:
    networks = _plain(Network).filter(published_member_count__isnull=False)
    if edition is not None:
        networks = networks.filter(edition=edition)
    if network is not None:
        networks = networks.filter(pk=network.pk)
    return networks.order_by().values(
        **_row(
            _text("network-members"),
            _text("network"),
            F("slug"),
            F("edition__slug"),
            F("edition__is_synthetic"),
            F("id"),
            _text("members"),
            F("published_member_count"),
            Value(None, output_field=IntegerField()),
            Value(None, output_field=DateField()),
            _text(DatePrecision.DAY),
            F("member_count_source_id"),
        )
    )


def _edition_figure(
    code: str, metric: str, field: str, source_field: str
) -> Callable[[Edition | None, Network | None], QuerySet]:
    def rows(edition: Edition | None, network: Network | None) -> QuerySet:
        editions = _plain(Edition).filter(**{f"{field}__isnull": False})
        if edition is not None:
            editions = editions.filter(pk=edition.pk)
        if network is not None:  # an edition's figure is no network's
            editions = editions.none()
        return editions.order_by().values(
            **_row(
                _text(code),
                _text("edition"),
                F("slug"),
                F("slug"),
                F("is_synthetic"),
                Value(None, output_field=IntegerField()),
                _text(metric),
                F(field),
                Value(None, output_field=IntegerField()),
                Value(None, output_field=DateField()),
                _text(DatePrecision.DAY),
                F(source_field),
            )
        )

    return rows


KINDS = [
    FigureKind("network-mid", _("A network's published MID counts"), network_mid_figures),
    FigureKind("network-members", _("A network's published number of members"), network_member_counts),
    FigureKind(
        "edition-members",
        _("An edition's published number of members"),
        _edition_figure("edition-members", "members", "published_member_count", "member_count_source_id"),
    ),
    FigureKind(
        "edition-network-meetings",
        _("An edition's published number of network meetings"),
        _edition_figure(
            "edition-network-meetings",
            "network-meetings",
            "published_network_meeting_count",
            "figures_source_id",
        ),
    ),
]


def published_figures(
    kinds: list[FigureKind], edition: Edition | None = None, network: Network | None = None
) -> QuerySet:
    """Every published figure of the kinds as rows of COLUMNS, in a stable order: one
    UNION ALL query, which PostgreSQL counts and pages."""
    first, *others = [kind.rows(edition, network) for kind in kinds]
    return first.union(*others, all=True).order_by(*(PREFIX + name for name in ORDER))


def without_prefix(row: dict) -> dict:
    return {name.removeprefix(PREFIX): value for name, value in row.items()}
