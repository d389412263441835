"""A survey that reconstructs published figures is sealed: nothing enters or changes it, by
any path, and live data goes into a survey of its own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from surveys.models import Answer, LikertAnswer, Response, Survey
from surveys.results import survey_results
from tests import reference

pytestmark = pytest.mark.django_db


def _refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError as error:
        return "sealed" in str(error)
    return False


def test_the_reconstructed_survey_is_sealed(pilot_survey):
    assert pilot_survey.sealed
    with pytest.raises(ValidationError, match="nową ankietę"):
        pilot_survey.refuse_if_sealed()


def test_no_response_enters_a_sealed_survey_by_any_path(pilot_survey):
    assert _refused(lambda: Response.objects.create(survey=pilot_survey, respondent_id="live-1"))
    assert _refused(lambda: Response.objects.bulk_create([Response(survey=pilot_survey, respondent_id="x")]))

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO surveys_response (survey_id, respondent_id, role, provenance, created_at) "
                "VALUES (%s, 'sql-1', 'not-known', 'live', now())",
                [pilot_survey.pk],
            )

    assert _refused(raw_sql)
    assert pilot_survey.responses.count() == reference.respondents()


def test_no_answer_of_a_sealed_survey_changes_or_disappears(pilot_survey):
    answer = Answer.objects.filter(response__survey=pilot_survey, likert__isnull=False).first()
    assert _refused(lambda: Answer.objects.filter(pk=answer.pk).update(likert=LikertAnswer.DEFINITELY_NO))
    assert _refused(lambda: Answer.objects.filter(pk=answer.pk).delete())
    assert _refused(lambda: pilot_survey.responses.first().delete())
    goal_1 = next(result for result in survey_results(pilot_survey) if result.question.code == "cel-1")
    assert next(s.percent for s in goal_1.shares if s.value == 5) == reference.goal_shares()[1][5]


def test_an_open_copy_takes_live_data_and_leaves_the_published_figures_alone(pilot_survey):
    live = Survey.objects.open_copy(pilot_survey, "na-zywo", "Ankieta – dane na żywo")
    assert not live.sealed
    assert list(live.questions.values_list("code", flat=True)) == list(
        pilot_survey.questions.values_list("code", flat=True)
    )
    response = Response.objects.create(survey=live, respondent_id="live-1")
    Answer.objects.create(
        response=response, question=live.questions.get(code="cel-1"), likert=LikertAnswer.RATHER_NO
    )
    assert next(r for r in survey_results(live) if r.question.code == "cel-1").respondents == 1
    assert pilot_survey.responses.count() == reference.respondents()
