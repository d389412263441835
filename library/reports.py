"""What a printable report holds, for a whole edition or for one network.

The sections follow the programme's own summary deck (the 2019 "Raport podsumowujący"
presentation): the programme in figures, the networks and their members' MID topics, the
state of the MIDs ("MID – stan prac") and their main threads, the meetings, the
participants' survey (goals, benefits, forms of support), the recommendations for urban
policy and for the next editions, and last the sources. Every chart comes as a figure
dict and as an SVG image (library/svg.py) so that it prints without any script.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.models import Membership
from cities.progress import (
    MidProgress,
    RecordedStatus,
    edition_progress,
    network_recorded,
    published_totals,
    status_count_subqueries,
    status_counts_of,
)
from library import figures, history, svg
from networks.models import (
    Edition,
    EditionRecommendationKind,
    ImprovementPlan,
    Meeting,
    MidThread,
    Network,
    NetworkMidFigure,
    NetworkQuerySet,
    Recommendation,
    Source,
)
from surveys.cache import cached
from surveys.models import QuestionGroup, Survey
from surveys.results import Disclosure, describe_provenance, results_for
from surveys.sections import chart_sections, published_by_question

# The survey's groups in the order the deck presents them.
SURVEY_GROUPS = (
    QuestionGroup.PROGRAMME_GOALS,
    QuestionGroup.EFFECTS,
    QuestionGroup.PARTICIPANT_BENEFITS,
    QuestionGroup.CITY_BENEFITS,
    QuestionGroup.SUPPORT_FORMS,
    QuestionGroup.RECOMMENDATION,
)
ROWS_SHOWN = 60


@dataclass
class Chart:
    """A chart ready to print: its id, title, source line, figure and the figure as an image."""

    chart_id: str
    title: str
    source_line: str
    figure: dict
    image: str = ""

    def __post_init__(self):
        self.image = svg.data_uri(self.figure, decimal_comma=(get_language() or "pl").startswith("pl"))


@dataclass
class Report:
    edition: Edition
    network: Network | None
    networks: list[Network]
    progress: MidProgress
    charts: dict[str, Chart] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    more_members: bool = False
    threads: list[MidThread] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    meeting_count: int = 0
    survey: Survey | None = None
    survey_charts: list[Chart] = field(default_factory=list)
    survey_note: str = ""
    plans: list[ImprovementPlan] = field(default_factory=list)
    future: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)
    months: list = field(default_factory=list)
    comparison: list = field(default_factory=list)
    network_months: list = field(default_factory=list)
    network_rows: list = field(default_factory=list)
    named_member_count: int = 0

    @property
    def sources(self) -> list[Source]:
        """Every source the report cites, by code; no query (the objects are loaded)."""
        found: dict[str, Source] = {}

        def add(*sources):
            for source in sources:
                if source is not None:
                    found[source.code] = source

        add(self.edition.figures_source, self.edition.member_count_source)
        for network in self.networks:
            add(network.leader_source, network.member_count_source)
        for total in self.progress.published:
            add(*total.sources)
        add(*(thread.source for thread in self.threads))
        add(*(meeting.source for meeting in self.meetings))
        for plan in self.plans:
            add(plan.source, *(r.source for r in plan.recommendations.all()))
        add(*(r.source for r in [*self.future, *self.next_steps]))
        if self.survey is not None:
            add(self.survey.source)
        return sorted(found.values(), key=lambda source: source.code)

    @property
    def all_charts(self) -> list[Chart]:
        return [*self.charts.values(), *self.survey_charts]


def _survey_charts(survey: Survey) -> tuple[list, str]:
    """The survey's charts in the deck's order (figure, title, source line), or why there
    are none; cached per data version and language."""

    def compute():
        results = results_for(survey)
        if results.disclosure != Disclosure.SHOWN:
            return [], _("The survey's figures are withheld: too few respondents.")
        source_line = describe_provenance(results.provenances, results.respondents, survey)
        published = published_by_question(survey)
        charts = []
        for group in SURVEY_GROUPS:  # one group at a time: the deck's order, not the model's
            for section in chart_sections(results.results, source_line, (group,), published):
                if section.figure:
                    charts.append((section.chart_id, section.title, source_line, section.figure))
        return charts, ""

    return cached(survey.pk, "report", {}, compute)


def _survey(edition: Edition) -> Survey | None:
    return (
        Survey.objects.filter(edition=edition)
        .select_related("source", "edition")
        .order_by(F("conducted_from").desc(nulls_last=True), "-sealed")
        .first()
    )


def _add_survey(report: Report) -> None:
    report.survey = _survey(report.edition)
    if report.survey is None:
        return
    charts, report.survey_note = _survey_charts(report.survey)
    report.survey_charts = [Chart(chart_id, title, line, figure) for chart_id, title, line, figure in charts]


def _add_history(report: Report, subject: str, months: list) -> None:
    report.months = months
    if report.months:
        line = _(
            "Live data: the MID statuses recorded in this system, from the history it keeps of every MID"
        )
        report.charts["history"] = Chart(
            "chart-history",
            _("MID statuses over time: %(subject)s") % {"subject": subject},
            line,
            figures.statuses_over_time(report.months, "", line),
        )


def _add_network_history(report: Report, months: list) -> None:
    """Per network, the MIDs with a recorded status month by month: one chart."""
    if not months or not report.networks:
        return
    rows = [(n.name, [counts.get(n.pk, 0) for _month, counts in months]) for n in report.networks]
    report.network_months = [month for month, _counts in months]
    report.network_rows = rows
    line = _("Live data: MIDs with a status recorded in this system, from the history it keeps of every MID")
    report.charts["network_history"] = Chart(
        "chart-network-history",
        _("MIDs with a recorded status per network, month by month"),
        line,
        figures.editions_compared(rows, report.network_months, "", line),
    )


def _status_chart(report: Report, recorded: RecordedStatus, subject: str) -> None:
    line = _("Live data: the MID statuses members recorded in this system")
    report.charts["status"] = Chart(
        "chart-status",
        _("MID status recorded: %(subject)s") % {"subject": subject},
        line,
        figures.status_bars(recorded.counts, "", line),
    )


def _networks_with_plans() -> NetworkQuerySet:
    """Networks with leader, member counts and improvement plan (None when none is recorded)
    with its recommendations: one query and one for the recommendations."""
    recommendations = Recommendation.objects.select_related("source")
    return (
        Network.objects.with_leader()
        .with_member_counts()
        .select_related("edition__member_count_source", "improvement_plan__source")
        .prefetch_related(Prefetch("improvement_plan__recommendations", queryset=recommendations))
    )


def _plans_of(networks: list[Network]) -> list[ImprovementPlan]:
    return [network.improvement_plan for network in networks if hasattr(network, "improvement_plan")]


def edition_report(edition_slug: str) -> Report | None:
    """The report of the whole edition, None when there is no such edition; ten queries
    whatever the data, the survey's figures aside (surveys/cache.py)."""
    # The edition comes with the others it is compared with (a synthetic one only with them
    # when it is the one reported on), and with its MIDs per status.
    compared = list(
        Edition.objects.filter(Q(is_synthetic=False) | Q(slug=edition_slug))
        .compared()
        .annotate(**status_count_subqueries("edition"))
        .order_by("is_synthetic", "start_year")
    )
    edition = next((edition for edition in compared if edition.slug == edition_slug), None)
    if edition is None:
        return None
    networks = list(_networks_with_plans().in_edition(edition))
    report = Report(
        edition=edition,
        network=None,
        networks=networks,
        progress=edition_progress(
            edition, len(networks), edition.named_member_count, status_counts_of(edition)
        ),
        named_member_count=edition.named_member_count,
        meeting_count=edition.meeting_count,
    )
    _status_chart(report, report.progress.recorded, edition.name)
    months, network_months = history.edition_history(edition)
    _add_history(report, edition.name, months)
    _add_network_history(report, network_months)
    report.threads = list(
        MidThread.objects.filter(network__edition=edition).select_related("network", "source")
    )
    report.meetings = list(
        Meeting.objects.in_edition(edition).with_places().order_by("-starts_on", "title")[:ROWS_SHOWN]
    )[::-1]
    _add_survey(report)
    report.plans = _plans_of(networks)
    future = list(edition.recommendations_for_future.select_related("source"))
    report.future = [r for r in future if r.kind == EditionRecommendationKind.RECOMMENDATION]
    report.next_steps = [r for r in future if r.kind == EditionRecommendationKind.NEXT_STEP]
    _add_comparison(report, compared)
    return report


def _add_comparison(report: Report, editions: list[Edition]) -> None:
    """The editions side by side (Edition.objects.compared()) as one chart; no query."""
    rows = [
        (_("Networks"), "network_count"),
        (_("Members named in the sources"), "named_member_count"),
        (_("MID status recorded here"), "recorded_mid_count"),
        (_("MID documents on record"), "document_count"),
        (_("Improvement plans"), "plan_count"),
        (_("Recommendations transcribed"), "recommendation_count"),
        (_("Meetings recorded one by one"), "meeting_count"),
    ]
    data = [(label, [getattr(edition, name) or 0 for edition in editions]) for label, name in rows]
    line = _("What this system holds of each edition (published and live records)")
    report.comparison = editions
    report.charts["comparison"] = Chart(
        "chart-comparison",
        _("The editions compared"),
        line,
        figures.editions_compared(data, [edition.name for edition in editions], "", line),
    )


def network_report(edition_slug: str, slug: str) -> Report | None:
    """The report of one network, None when there is no such network; nine queries whatever
    the data, the survey's figures aside (surveys/cache.py)."""
    meetings = Meeting.objects.filter(edition=OuterRef("edition")).filter(
        Q(network=OuterRef("pk")) | Q(network=None)
    )
    network = (
        _networks_with_plans()
        .annotate(
            **status_count_subqueries("network"),
            meeting_count=Subquery(meetings.order_by().values("edition").annotate(n=Count("pk")).values("n")),
        )
        .filter(edition__slug=edition_slug, slug=slug)
        .first()
    )
    if network is None:
        return None
    edition = network.edition
    recorded = network_recorded(network, network.named_member_count, status_counts_of(network))
    report = Report(
        edition=edition,
        network=network,
        networks=[network],
        progress=MidProgress(
            published=published_totals(NetworkMidFigure.objects.filter(network=network), 1), recorded=recorded
        ),
        named_member_count=network.named_member_count,
        meeting_count=network.meeting_count or 0,
    )
    _status_chart(report, recorded, network.name)
    _add_history(report, network.name, history.statuses_by_month(edition, network))
    memberships = list(
        Membership.objects.in_network(network).with_mid().order_by("member__name")[: ROWS_SHOWN + 1]
    )
    report.memberships, report.more_members = memberships[:ROWS_SHOWN], len(memberships) > ROWS_SHOWN
    report.threads = list(network.mid_threads.select_related("network", "source"))
    in_network = Meeting.objects.in_edition(edition).filter(Q(network=network) | Q(network=None))
    report.meetings = list(in_network.with_places().order_by("-starts_on", "title")[:ROWS_SHOWN])[::-1]
    _add_survey(report)
    report.plans = _plans_of([network])
    return report
