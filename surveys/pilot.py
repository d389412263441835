"""Loading the pilot survey and its reconstructed responses (fixtures/pilot/survey.toml)."""

from collections import Counter

from networks.models import Edition, Provenance, Source
from networks.pilot import create_missing
from surveys.models import Answer, Choice, Question, QuestionKind, Response, Survey


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
    spec = data["survey"]
    survey, survey_created = create_missing(
        report,
        Survey,
        {"edition": edition, "slug": spec["slug"]},
        {
            "title": spec["title"],
            "conducted_from": spec["conducted_from"],
            "conducted_to": spec["conducted_to"],
            "method": spec["method"],
            "description": spec["description"],
            "source": sources[spec["source"]],
        },
    )
    questions = []
    for position, qspec in enumerate(data["questions"], start=1):
        question, _ = create_missing(
            report,
            Question,
            {"survey": survey, "code": qspec["code"]},
            {
                "group": qspec["group"],
                "kind": qspec["kind"],
                "text": qspec["text"],
                "short_label": qspec["short_label"],
                "position": position,
                "figures_published": qspec.get("figures_published", False),
            },
        )
        for choice_position, cspec in enumerate(qspec.get("choices", []), start=1):
            create_missing(
                report,
                Choice,
                {"question": question, "code": cspec["code"]},
                {"label": cspec["label"], "position": choice_position},
            )
        questions.append((question, qspec))

    # The reconstruction is one whole: added only with the survey itself, so a
    # second load never adds a second set, and answers an admin deleted stay deleted.
    if survey_created:
        _reconstruct_responses(survey, spec["respondents"], questions, report)
    return survey


def _reconstruct_responses(survey: Survey, respondents: int, questions: list, report: Counter) -> None:
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent_id=f"R{number:02d}", provenance=Provenance.RECONSTRUCTION)
        for number in range(1, respondents + 1)
    )
    report[Response._meta.verbose_name_plural] += len(responses)
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
    report[Answer._meta.verbose_name_plural] += len(answers)
