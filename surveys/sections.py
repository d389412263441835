"""Survey results as the pages show them: chart sections of a question group, each with
its figure (pim.charts) and its data table, where the figures a source published stand
beside the figures computed from the responses in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from pim import charts
from surveys.models import (
    LikertAnswer,
    PublishedResult,
    PublishedResultKind,
    QuestionGroup,
    QuestionKind,
    Survey,
)
from surveys.results import QuestionResult, Share, rounded

# {question id: {(kind, answer): figure}}
Published = dict[int, dict[tuple[str, int | None], PublishedResult]]


def published_by_question(survey: Survey) -> Published:
    """The figures the source published for each question of the survey; one query."""
    published: Published = {}
    for figure in PublishedResult.objects.filter(question__survey=survey).select_related("source"):
        published.setdefault(figure.question_id, {})[(figure.kind, figure.answer)] = figure
    return published


@dataclass
class Cell:
    """One cell of a data table: the computed share or mean, and what was published for it."""

    share: Share | None = None
    mean: Decimal | None = None
    count: int | None = None
    published: PublishedResult | None = None

    @property
    def differs(self) -> bool:
        """The published figure and the computed one are not the same number (to its decimal)."""
        if self.published is None:
            return False
        computed = self.mean if self.mean is not None else (self.share.percent if self.share else None)
        return computed is None or rounded(computed) != self.published.value


@dataclass
class Row:
    label: str
    cells: list[Cell]
    respondents: int

    @property
    def has_published(self) -> bool:
        return any(cell.published for cell in self.cells)

    @property
    def differs(self) -> bool:
        return any(cell.differs for cell in self.cells)

    @property
    def sources(self) -> list:
        return list({c.published.source.code: c.published.source for c in self.cells if c.published}.values())


@dataclass
class DataTable:
    """The table beside a chart: one header, and rows with exactly one cell per column."""

    row_label: str
    columns: list[str]
    rows: list[Row]

    @property
    def has_published(self) -> bool:
        return any(row.has_published for row in self.rows)

    @property
    def differs(self) -> bool:
        return any(row.differs for row in self.rows)


def _scale_table(results: list[QuestionResult], published: Published) -> DataTable:
    """Agreement questions: one column per answer, plus "no answer" when any row has one."""
    no_answer = next((s.label for r in results for s in r.shares if s.value is None and s.count), None)
    values = [option.value for option in LikertAnswer] + ([None] if no_answer else [])
    columns = [str(option.label) for option in LikertAnswer] + ([no_answer] if no_answer else [])
    rows = []
    for result in results:
        shares = {share.value: share for share in result.shares}
        figures = published.get(result.question.pk, {})
        cells = [
            Cell(share=shares.get(value), published=figures.get((PublishedResultKind.SHARE, value)))
            for value in values
        ]
        rows.append(Row(result.question.text, cells, result.respondents))
    return DataTable(_("Question"), columns, rows)


def _rating_table(results: list[QuestionResult], published: Published) -> DataTable:
    """Rating questions: the mean, then how many gave each rating."""
    columns = [_("Mean"), *[_("rated %(value)s") % {"value": value} for value in range(1, 6)]]
    rows = []
    for result in results:
        counts = {share.value: share.count for share in result.shares}
        figure = published.get(result.question.pk, {}).get((PublishedResultKind.MEAN, None))
        cells = [Cell(mean=result.mean_rounded, published=figure)]
        cells += [Cell(count=counts.get(value, 0)) for value in range(1, 6)]
        rows.append(Row(result.question.text, cells, result.answered))
    return DataTable(_("Form of support"), columns, rows)


def _answers_table(result: QuestionResult) -> DataTable:
    """Yes/no and multiple choice: one row per answer, its share and count."""
    rows = [Row(share.label, [Cell(share=share)], result.respondents) for share in result.shares]
    return DataTable(_("Answer"), [_("Share of respondents")], rows)


@dataclass
class ChartSection:
    """A chart of one or more questions of a group, ready for a template."""

    chart_id: str
    title: str
    group: str
    kind: str
    results: list[QuestionResult]
    figure: dict | None
    table: DataTable | None = None

    @property
    def has_answers(self) -> bool:
        return any(result.has_answers for result in self.results)

    @property
    def figures_published(self) -> bool:
        return any(result.question.figures_published for result in self.results)


def _label(result: QuestionResult) -> str:
    return result.question.short_label or result.question.text


def likert_figure(results: list[QuestionResult], title: str, source_line: str) -> dict:
    options = [str(option.label) for option in LikertAnswer]
    rows = [
        charts.StackedRow(
            _label(result), [charts.Bar(share.label, share.percent, share.count) for share in result.shares]
        )
        for result in results
    ]
    no_answer = next(
        (share.label for result in results for share in result.shares if share.value is None), None
    )
    return charts.likert_stacked(rows, options, no_answer, title, source_line)


def rating_figure(results: list[QuestionResult], title: str, source_line: str) -> dict:
    bars = [charts.Bar(_label(result), result.mean_rounded, result.answered) for result in results]
    return charts.rating_means(bars, title, source_line)


def shares_figure(result: QuestionResult, title: str, source_line: str) -> dict:
    bars = [
        charts.Bar(share.label, share.percent, share.count)
        for share in result.shares
        if share.value is not None
    ]
    return charts.share_bars(bars, title, source_line)


def chart_sections(
    results: list[QuestionResult],
    source_line: str,
    groups: tuple[str, ...] | None = None,
    published: Published | None = None,
) -> list[ChartSection]:
    """Charts for the results, group by group: agreement and rating questions of a group
    share one chart; yes/no and multiple-choice questions get one chart each. `published`
    (published_by_question()) puts the source's figures beside the computed ones."""
    published = published or {}
    by_group: dict[str, list[QuestionResult]] = {}
    for result in results:
        by_group.setdefault(result.question.group, []).append(result)
    sections = []
    for group in QuestionGroup:
        if group not in by_group or (groups is not None and group not in groups):
            continue
        group_results = by_group[group]
        title = str(group.label)
        joint = [r for r in group_results if r.question.kind in (QuestionKind.LIKERT, QuestionKind.RATING)]
        if joint:
            kind = joint[0].question.kind
            answered = [r for r in joint if r.has_answers]
            if kind == QuestionKind.LIKERT:
                figure = likert_figure(answered, title, source_line) if answered else None
                table = _scale_table(joint, published)
            else:
                figure = rating_figure(answered, title, source_line) if answered else None
                table = _rating_table(joint, published)
            sections.append(ChartSection(f"chart-{group.value}", title, title, kind, joint, figure, table))
        for result in group_results:
            if result in joint:
                continue
            label = _label(result)
            figure = shares_figure(result, label, source_line) if result.has_answers else None
            sections.append(
                ChartSection(
                    f"chart-{result.question.code}",
                    label,
                    title,
                    result.question.kind,
                    [result],
                    figure,
                    _answers_table(result),
                )
            )
    return sections
