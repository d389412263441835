import pytest


@pytest.fixture
def pilot_copy(live_survey, pilot_survey):
    """An open survey holding a copy of the pilot's 37 responses as live data: the background
    that small groups of live respondents are added to (the sealed pilot takes none)."""
    from surveys.models import Answer, Response

    questions = {question.code: question for question in live_survey.questions.all()}
    originals = list(pilot_survey.responses.prefetch_related("answers__question"))
    copies = Response.objects.bulk_create(
        Response(survey=live_survey, respondent_id=f"copy-{original.respondent_id}") for original in originals
    )
    Answer.objects.bulk_create(
        Answer(
            response=copy,
            question=questions[answer.question.code],
            likert=answer.likert,
            rating=answer.rating,
            yes_no=answer.yes_no,
        )
        for original, copy in zip(originals, copies, strict=True)
        for answer in original.answers.all()
    )
    return live_survey
