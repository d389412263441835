"""The staff's raw-responses export and the import template, in the import's own format.

An export imports back to the same data; the template is the same header with an example
row, and (XLSX: a second sheet; CSV: lines starting with #) the values each column takes.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from surveys.importing import BASE_COLUMNS, question_allowed, question_example, role_allowed
from surveys.models import Answer, QuestionKind, RespondentRole, Response, Survey


def header(survey: Survey, questions) -> list[str]:
    return [str(column.label) for column in BASE_COLUMNS] + [question.code for question in questions]


def response_rows(survey: Survey, questions) -> list[list]:
    """Every response of the survey, one row each, answers in question order; three queries."""
    answers = defaultdict(dict)
    for response, question, likert, rating, yes_no in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "likert", "rating", "yes_no"):
        answers[response][question] = (
            likert if likert is not None else rating if rating is not None else yes_no
        )
    for response, question, code in (
        Answer.choices.through.objects.filter(answer__response__survey=survey)
        .order_by("choice__position")
        .values_list("answer__response_id", "answer__question_id", "choice__code")
    ):
        chosen = answers[response].get(question)
        answers[response][question] = f"{chosen};{code}" if isinstance(chosen, str) else code
    roles = {code: str(label) for code, label in RespondentRole.choices}
    rows = []
    for pk, respondent, member, network, role, responded_on in (
        Response.objects.filter(survey=survey)
        .order_by("respondent_id")
        .values_list("pk", "respondent_id", "member__name", "network__name", "role", "responded_on")
    ):
        given = answers.get(pk, {})
        row = [respondent, member or "", network or "", roles.get(role, role), responded_on]
        for question in questions:
            value = given.get(question.pk)
            if question.kind == QuestionKind.YES_NO and value is not None:
                value = "tak" if value else "nie"
            row.append(value)
        rows.append(row)
    return rows


def template_rows(survey: Survey, questions) -> tuple[list, list[list]]:
    """(example row, [column, values it takes]) of the survey's import template."""
    example = [column.example for column in BASE_COLUMNS] + [question_example(q) for q in questions]
    allowed = []
    for column in BASE_COLUMNS:
        text = role_allowed() if column.code == "role" else str(column.allowed)
        allowed.append([str(column.label), text])
    for question in questions:
        allowed.append(
            [question.code, f"{question.short_label or question.text} — {question_allowed(question)}"]
        )
    allowed.append(
        [
            _("Note"),
            _(
                "Headers may be written in Polish, in English or as codes. Replace the example row "
                "with your data; empty rows are skipped."
            ),
        ]
    )
    return example, allowed


def comment_rows(allowed: list[list]) -> list[list]:
    """The CSV template's explanation: lines starting with # that the import skips."""
    return [[f"# {column}: {text}"] for column, text in allowed]
