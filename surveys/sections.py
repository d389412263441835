"""Survey results as the pages show them: chart sections of a question group, each with
its figure (pim.charts) and the results its data table lists."""

from dataclasses import dataclass

from pim import charts
from surveys.models import LikertAnswer, QuestionGroup, QuestionKind
from surveys.results import QuestionResult


@dataclass
class ChartSection:
    """A chart of one or more questions of a group, ready for a template."""

    chart_id: str
    title: str
    group: str
    kind: str
    results: list[QuestionResult]
    figure: dict | None

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
    results: list[QuestionResult], source_line: str, groups: tuple[str, ...] | None = None
) -> list[ChartSection]:
    """Charts for the results, group by group: agreement and rating questions of a group
    share one chart; yes/no and multiple-choice questions get one chart each."""
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
            build = likert_figure if kind == QuestionKind.LIKERT else rating_figure
            figure = build(answered, title, source_line) if answered else None
            sections.append(ChartSection(f"chart-{group.value}", title, title, kind, joint, figure))
        for result in group_results:
            if result in joint:
                continue
            label = _label(result)
            figure = shares_figure(result, label, source_line) if result.has_answers else None
            sections.append(
                ChartSection(
                    f"chart-{result.question.code}", label, title, result.question.kind, [result], figure
                )
            )
    return sections
