"""Survey results per question, computed in SQL for any filtered set of responses.

Shares are "% wskazań" as the programme publishes them: answers of a kind divided
by the respondents in scope, so respondents who gave no answer (or whose answer the
source does not show) appear as their own share instead of inflating the others.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from networks.models import Provenance
from surveys.models import Answer, LikertAnswer, Question, QuestionKind, Response, Survey

# Fewer respondents than this in a filtered breakdown could identify people.
MINIMUM_RESPONDENTS = 5


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
    def withheld(self) -> bool:
        """Too few respondents to show without risk of identifying someone."""
        return 0 < self.respondents < MINIMUM_RESPONDENTS

    @property
    def has_answers(self) -> bool:
        return self.answered > 0

    @property
    def mean_rounded(self) -> Decimal | None:
        return rounded(self.mean)


def _unanswered(respondents: int, answered: int) -> list[Share]:
    missing = respondents - answered
    return [Share(str(_("No answer or not shown")), missing, respondents)] if missing > 0 else []


def survey_results(survey: Survey, responses=None) -> list[QuestionResult]:
    """Every question of `survey` with its aggregates over `responses` (all by default).

    Costs five queries whatever the number of questions, responses and answers; the two
    over the answers are GROUP BYs in PostgreSQL.
    """
    if responses is None:
        responses = Response.objects.of_survey(survey)
        answers = Answer.objects.of_survey(survey)
        choices = Answer.objects.choice_counts_of_survey(survey)
    else:
        answers = Answer.objects.to_responses(responses)
        choices = answers.choice_counts()
    respondents = responses.count()
    values = answers.value_counts()
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
