"""Survey results per question, of all respondents or of a network and/or role, added up from
the answer tally that PostgreSQL keeps with every write (surveys.models.AnswerTally).

Shares are "% wskazań" as the programme publishes them: answers of a kind divided
by the respondents in scope, so respondents who gave no answer (or whose answer the
source does not show) appear as their own share instead of inflating the others.

Pages, exports and the API get figures only through results_for(survey, breakdown):
the figures, or the reason surveys.disclosure withholds them. The breakdown comes
from the survey filters (surveys.filters.ResponseFilter(...).breakdown()).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from networks.models import Provenance
from surveys.cache import cached
from surveys.disclosure import (
    MINIMUM_RESPONDENTS,
    Breakdown,
    Cell,
    Disclosure,
    DisclosurePlan,
    plan_disclosure,
)
from surveys.models import AnswerTally, LikertAnswer, Question, QuestionKind, Response, Survey

__all__ = ["MINIMUM_RESPONDENTS", "Breakdown", "Disclosure", "SurveyFigures", "results_for", "survey_plan"]

ALL_RESPONDENTS = Breakdown()


def rounded(value: float | Decimal | None, places: int = 1) -> Decimal | None:
    """Round half up, as published figures are rounded (62.16 → 62.2), not to even."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Share:
    label: str
    count: int
    respondents: int
    value: int | str | None = None

    @property
    def percent(self) -> Decimal | None:
        """The share in per cent, rounded to one decimal like the published figures."""
        if not self.respondents:
            return None
        return rounded(Decimal(self.count) * 100 / Decimal(self.respondents))


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    answered: int = 0
    shares: list[Share] = field(default_factory=list)
    mean: Decimal | None = None

    @property
    def has_answers(self) -> bool:
        return self.answered > 0

    @property
    def mean_rounded(self) -> Decimal | None:
        return rounded(self.mean)


def _unanswered(respondents: int, answered: int) -> list[Share]:
    missing = respondents - answered
    return [Share(str(_("No answer or not shown")), missing, respondents)] if missing > 0 else []


def _breakdown_responses(survey: Survey, breakdown: Breakdown):
    responses = Response.objects.of_survey(survey)
    if breakdown.network:
        responses = responses.filter(network__slug=breakdown.network, network__edition_id=survey.edition_id)
    if breakdown.role:
        responses = responses.filter(role=breakdown.role)
    return responses


def survey_results(
    survey: Survey, breakdown: Breakdown = ALL_RESPONDENTS, respondents: int | None = None
) -> list[QuestionResult]:
    """Every question of `survey` with its aggregates over the breakdown's respondents (all
    by default), shown or not: pages, exports and the API go through results_for(), which
    withholds.

    Costs four queries whatever the number of questions, responses and answers (three when
    the number of `respondents` is given): the counts come from the answer tally
    (surveys.models.AnswerTally), which PostgreSQL keeps with every write.
    """
    if respondents is None:
        respondents = _breakdown_responses(survey, breakdown).count()
    values, choices = AnswerTally.objects.of_survey(survey, breakdown.network, breakdown.role).counts()
    empty = {"likert": {}, "rating": {}, "yes_no": {}, "answered": 0}

    results = []
    for question in Question.objects.filter(survey=survey).charted():
        result = QuestionResult(question=question, respondents=respondents)
        counted = values.get(question.pk, empty)
        result.answered = counted["answered"]
        if question.kind == QuestionKind.LIKERT:
            counts = counted["likert"]
            result.shares = [
                Share(str(option.label), counts.get(option.value, 0), respondents, option.value)
                for option in LikertAnswer
            ] + _unanswered(respondents, result.answered)
        elif question.kind == QuestionKind.RATING:
            counts = counted["rating"]
            rated = sum(counts.values())
            # The mean from PostgreSQL's counts of each rating: exact, no row leaves the database.
            result.mean = Decimal(sum(value * n for value, n in counts.items())) / rated if rated else None
            result.shares = [
                Share(str(value), counts.get(value, 0), respondents, value) for value in range(1, 6)
            ] + _unanswered(respondents, result.answered)
        elif question.kind == QuestionKind.YES_NO:
            counts = counted["yes_no"]
            result.shares = [
                Share(str(_("Yes")), counts.get(True, 0), respondents, "yes"),
                Share(str(_("No")), counts.get(False, 0), respondents, "no"),
            ] + _unanswered(respondents, result.answered)
        else:
            counts = choices.get(question.pk, {})
            result.shares = [
                Share(choice.label, counts.get(choice.pk, 0), respondents, choice.code)
                for choice in question.choices.all()
            ]
        results.append(result)
    return results


def describe_provenance(provenances: set[str], respondents: int, survey: Survey) -> str:
    """The source line of a survey chart: what kind of data it is, where from, and n."""
    source = f" ({survey.source.code})" if survey.source_id else ""
    if not provenances:
        kind = _("No responses recorded")
    elif provenances == {Provenance.RECONSTRUCTION}:
        kind = _("Reconstruction: anonymous answers rebuilt from the published shares and means") + source
    elif provenances == {Provenance.LIVE}:
        kind = _("Live data entered by users")
    elif provenances == {Provenance.SYNTHETIC}:
        kind = _("Synthetic demo data")
    else:
        kind = _("Reconstruction%(source)s and live data") % {"source": source}
    return f"{kind} · n = {respondents}"


def _survey_plan(survey: Survey) -> DisclosurePlan:
    rows = (
        Response.objects.of_survey(survey)
        .values_list("network__slug", "network__name", "network__edition_id", "role", "provenance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[Cell, int] = {}
    provenances: dict[Cell, set[str]] = {}
    names: dict[str, str] = {}
    for slug, name, edition_id, role, provenance, n in rows:
        # A network of another edition is no option of this survey's filter: like no network.
        network = slug if edition_id == survey.edition_id else None
        if network is not None:
            names[network] = name
        counts[network, role] = counts.get((network, role), 0) + n
        provenances.setdefault((network, role), set()).add(provenance)
    return plan_disclosure(counts, names, {cell: frozenset(kinds) for cell, kinds in provenances.items()})


def survey_plan(survey: Survey) -> DisclosurePlan:
    """Which breakdowns of the survey may be shown (surveys.disclosure), with the respondents
    and provenances of each; cached per survey version, one GROUP BY query when not."""
    return cached(survey.pk, "disclosure-plan", {}, lambda: _survey_plan(survey))


@dataclass
class SurveyFigures:
    """A breakdown's figures, or the reason they are withheld (then no figures at all)."""

    breakdown: Breakdown
    disclosure: Disclosure
    respondents: int | None = None
    results: list[QuestionResult] = field(default_factory=list)
    provenances: frozenset[str] = frozenset()

    @property
    def withheld(self) -> bool:
        return self.disclosure in (Disclosure.TOO_FEW, Disclosure.SUBTRACTION)


def _figures(survey: Survey, breakdown: Breakdown) -> SurveyFigures:
    # The plan is read afresh, not from the cache: the figures are stored under the data
    # version read before this began, so the verdict must come from the data they come from.
    plan = _survey_plan(survey)
    disclosure = plan.verdict(breakdown)
    if disclosure == Disclosure.EMPTY:
        return SurveyFigures(breakdown, disclosure, respondents=0)
    if disclosure != Disclosure.SHOWN:
        return SurveyFigures(breakdown, disclosure)
    respondents = plan.respondents(breakdown)
    return SurveyFigures(
        breakdown,
        disclosure,
        respondents,
        survey_results(survey, breakdown, respondents=respondents),
        plan.provenances_of(breakdown),
    )


def results_for(survey: Survey, breakdown: Breakdown = ALL_RESPONDENTS) -> SurveyFigures:
    """The figures of every question of `survey` over the breakdown's respondents, or why
    they are withheld: the one way pages, exports and the API get survey figures.

    Cached per survey version and breakdown. When not cached: one query (the respondents
    per network and role, a GROUP BY) and, for a shown breakdown, three more whatever the
    size of the data.
    """
    return cached(survey.pk, "figures", breakdown.parameters(), lambda: _figures(survey, breakdown))
