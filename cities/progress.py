"""MID progress of an edition or a network: what was published, and what members recorded.

The two are never mixed: published figures are network totals with their source and date
(NetworkMidFigure); what the system holds is each member's own recorded status (Mid). Pages,
exports and the API read both through these functions, so they cannot disagree.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import Coalesce

from cities.models import Mid, MidStatus
from networks.models import Edition, MidFigureMetric, Network, NetworkMidFigure, Source


@dataclass
class PublishedTotal:
    """One published MID figure summed over the networks that publish it."""

    metric: str
    label: str
    value: int
    out_of: int | None
    network_count: int
    networks_in_edition: int
    figures: list[NetworkMidFigure]

    @property
    def sources(self) -> list[Source]:
        return list({figure.source.code: figure.source for figure in self.figures}.values())

    @property
    def covers_every_network(self) -> bool:
        return self.network_count == self.networks_in_edition

    @property
    def dated(self) -> NetworkMidFigure | None:
        """A figure carrying the date the source gives, when every network's figure has one."""
        return self.figures[0] if all(figure.as_of for figure in self.figures) else None


@dataclass
class RecordedStatus:
    """What members recorded in the system: MIDs per status, and of how many members."""

    counts: dict[str, int]
    members: int
    published_members: int | None

    @property
    def recorded(self) -> int:
        """Members whose MID status someone recorded (anything but "not recorded")."""
        return sum(n for status, n in self.counts.items() if status != MidStatus.NOT_REPORTED)

    @property
    def of_members(self) -> int:
        """The whole the recorded count is a part of: the published number of members where
        known, else the members named in the data."""
        return self.published_members if self.published_members is not None else self.members

    @property
    def unnamed(self) -> int:
        """Members the published total has but the data does not name."""
        return max(self.of_members - self.members, 0)


@dataclass
class MidProgress:
    published: list[PublishedTotal] = field(default_factory=list)
    recorded: RecordedStatus | None = None

    def published_total(self, metric: str) -> PublishedTotal | None:
        return next((total for total in self.published if total.metric == metric), None)


def published_totals(figures, networks_in_edition: int) -> list[PublishedTotal]:
    """The figures summed per metric in SQL, in the metrics' order, each with its figures
    (network and source loaded) for the table beside it; one query."""
    per_metric = {"partition_by": F("metric")}
    rows = list(
        figures.select_related("network", "source")
        .annotate(
            total=Window(Sum("value"), **per_metric),
            total_out_of=Window(Sum("out_of"), **per_metric),
            with_out_of=Window(Count("out_of"), **per_metric),
            rows=Window(Count("pk"), **per_metric),
        )
        .order_by("network__position", "metric", "as_of")
    )
    totals = []
    for metric in MidFigureMetric:
        of_metric = [figure for figure in rows if figure.metric == metric]
        if not of_metric:
            continue
        sums = of_metric[0]
        totals.append(
            PublishedTotal(
                metric=metric,
                label=str(metric.label),
                value=sums.total,
                # A total "of" the members exists only when every figure gives its "of".
                out_of=sums.total_out_of if sums.with_out_of == sums.rows else None,
                # PostgreSQL counts nothing DISTINCT over a window: the networks are those
                # of the figures just read.
                network_count=len({figure.network_id for figure in of_metric}),
                networks_in_edition=networks_in_edition,
                figures=of_metric,
            )
        )
    return totals


def status_count_subqueries(scope: str) -> dict[str, Coalesce]:
    """{"mid_status_<n>": MIDs in the n-th status} as counting subqueries to annotate an
    Edition (scope "edition") or a Network (scope "network") queryset with; read them with
    status_counts_of(). Saves a query per page that shows the statuses beside other counts."""
    if scope == "edition":
        mids = Mid.objects.filter(edition=OuterRef("pk"))
    else:
        mids = Mid.objects.filter(edition=OuterRef("edition"), member__memberships__network=OuterRef("pk"))
    return {
        f"mid_status_{number}": Coalesce(
            Subquery(
                mids.filter(status=status).order_by().values("edition").annotate(n=Count("pk")).values("n")
            ),
            0,
        )
        for number, status in enumerate(MidStatus.values)
    }


def status_counts_of(annotated) -> dict[str, int]:
    """{status: MIDs} from the values status_count_subqueries() annotated (an object or a dict)."""
    value = annotated.get if isinstance(annotated, dict) else lambda name: getattr(annotated, name)
    return {status: value(f"mid_status_{number}") or 0 for number, status in enumerate(MidStatus.values)}


def edition_progress(
    edition: Edition, networks_in_edition: int, named_members: int, counts: dict[str, int] | None = None
) -> MidProgress:
    """The edition's published MID totals and recorded statuses, given its number of networks
    and of named members (Edition.objects.recorded_counts()) and, when read with them, its
    MIDs per status (status_count_subqueries()); one query, two without the counts."""
    figures = NetworkMidFigure.objects.filter(network__edition=edition)
    if counts is None:
        counts = Mid.objects.in_edition(edition).status_counts()
    members = named_members
    return MidProgress(
        published=published_totals(figures, networks_in_edition),
        recorded=RecordedStatus(counts, members, edition.published_member_count),
    )


def network_recorded(
    network: Network, named_members: int, counts: dict[str, int] | None = None
) -> RecordedStatus:
    """The MID statuses the network's members recorded, given its number of named members
    (NetworkQuerySet.with_member_counts()) and, when read with the network, its MIDs per
    status (status_count_subqueries("network")); one query without them, none with."""
    if counts is None:
        counts = Mid.objects.in_network(network).status_counts()
    return RecordedStatus(counts, named_members, network.published_member_count)


def recorded_by_network(edition: Edition) -> dict[int, dict[str, int]]:
    """{network id: {status: MIDs}} for the members of each network; one query."""
    return Mid.objects.status_counts_by_network(edition)
