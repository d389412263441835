"""Loading a survey as its source publishes it (fixtures/editions/*/survey.toml): the
questions, the published figures and the anonymous responses that reconstruct them."""

from collections import Counter

from networks.loading import load_row, translated
from networks.models import Edition, Provenance, Source
from surveys.models import Answer, Choice, PublishedResult, Question, QuestionKind, Response, Survey


def reconstructed_values(
    distribution: dict[str, int], unanswered: int, respondents: int, offset: int
) -> list:
    """The answer of each of `respondents` reconstructed respondents, None where not shown.

    The values are dealt out in a fixed order that differs per question (`offset`),
    so the same respondents are not always the critical ones; the counts of each
    value are exactly those of `distribution`.
    """
    values = [int(value) for value, n in sorted(distribution.items(), reverse=True) for _ in range(n)]
    values += [None] * unanswered
    if len(values) != respondents:
        raise ValueError(f"reconstruction gives {len(values)} answers for {respondents} respondents")
    # 11 is coprime with 37 and most respondent counts, so this is a permutation.
    order = sorted(range(respondents), key=lambda i: (i * 11 + offset * 5) % respondents)
    dealt = [None] * respondents
    for value, respondent in zip(values, order, strict=True):
        dealt[respondent] = value
    return dealt


def load_survey(data: dict, edition: Edition, sources: dict[str, Source], report: Counter) -> Survey:
    """The survey with its questions and published figures; its reconstructed responses are
    added only with the survey itself, then the survey is sealed."""
    spec = data["survey"]
    survey = Survey.objects.filter(edition=edition, slug=spec["slug"]).first()
    is_new = survey is None
    survey = load_row(
        report,
        Survey,
        {"edition": edition, "slug": spec["slug"]},
        {
            **translated(spec, "title", "method", "description"),
            "conducted_from": spec["conducted_from"],
            "conducted_to": spec["conducted_to"],
            "source": sources[spec["source"]],
        },
    )
    questions = []
    for position, qspec in enumerate(data["questions"], start=1):
        question = load_row(
            report,
            Question,
            {"survey": survey, "code": qspec["code"]},
            {
                **translated(qspec, "text", "short_label"),
                "group": qspec["group"],
                "kind": qspec["kind"],
                "position": position,
                "figures_published": qspec.get("figures_published", False),
            },
        )
        for choice_position, cspec in enumerate(qspec.get("choices", []), start=1):
            load_row(
                report,
                Choice,
                {"question": question, "code": cspec["code"]},
                {**translated(cspec, "label"), "position": choice_position},
            )
        for figure in qspec.get("published", []):
            load_row(
                report,
                PublishedResult,
                {"question": question, "kind": figure["kind"], "answer": figure.get("answer")},
                {
                    "value": str(figure["value"]),
                    "as_printed": figure["as_printed"],
                    "note": figure.get("note", ""),
                    "source": survey.source,
                },
            )
        questions.append((question, qspec))

    # The reconstruction is one whole: added only with the survey itself, so a second load
    # never adds a second set; then the survey is sealed, so nothing mixes into it.
    if is_new and spec.get("respondents"):
        _reconstruct_responses(survey, spec["respondents"], questions, report)
        survey.sealed = True
        survey.save(update_fields=["sealed"])
    return survey


def _reconstruct_responses(survey: Survey, respondents: int, questions: list, report: Counter) -> None:
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent_id=f"R{number:02d}", provenance=Provenance.RECONSTRUCTION)
        for number in range(1, respondents + 1)
    )
    report[f"{Response._meta.verbose_name_plural}: created"] += len(responses)
    column = {QuestionKind.LIKERT: "likert", QuestionKind.RATING: "rating"}
    answers = []
    for question, qspec in questions:
        if "reconstruction" not in qspec:
            continue
        values = reconstructed_values(
            qspec["reconstruction"], qspec.get("reconstruction_unanswered", 0), respondents, question.position
        )
        answers += [
            Answer(response=response, question=question, **{column[question.kind]: value})
            for response, value in zip(responses, values, strict=True)
            if value is not None
        ]
    Answer.objects.bulk_create(answers)
    report[f"{Answer._meta.verbose_name_plural}: created"] += len(answers)
