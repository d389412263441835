"""The survey aggregates computed from the loaded data equal the published figures."""

from decimal import Decimal

import pytest

from surveys.models import LikertAnswer, PublishedResult, QuestionGroup
from surveys.results import rounded, survey_results
from tests import reference

pytestmark = pytest.mark.django_db


def _results_by_code(survey):
    return {result.question.code: result for result in survey_results(survey)}


def _percent_of(result, value):
    return next(share.percent for share in result.shares if share.value == value)


def test_the_survey_has_as_many_respondents_as_the_shares_imply(pilot_survey):
    assert pilot_survey.responses.count() == reference.respondents()


@pytest.mark.parametrize("goal", sorted(reference.goal_shares()))
def test_goal_assessment_shares_equal_the_published_ones(pilot_survey, goal):
    result = _results_by_code(pilot_survey)[f"cel-{goal}"]
    published = reference.goal_shares()[goal]
    for value in (LikertAnswer.DEFINITELY_YES, LikertAnswer.RATHER_YES, LikertAnswer.NEITHER):
        assert _percent_of(result, value) == published[value]
    unanswered = [share for share in result.shares if share.value is None]
    if published["not shown"] is None:
        assert not unanswered
    else:
        assert unanswered[0].percent == published["not shown"]


def test_every_goal_question_is_in_the_programme_goals_group(pilot_survey):
    codes = set(
        pilot_survey.questions.filter(group=QuestionGroup.PROGRAMME_GOALS).values_list("code", flat=True)
    )
    assert codes == {f"cel-{goal}" for goal in reference.goal_shares()}


def test_support_form_means_equal_the_published_ones(pilot_survey):
    results = {
        result.question.text: result
        for result in survey_results(pilot_survey)
        if result.question.group == QuestionGroup.SUPPORT_FORMS
    }
    published = reference.support_form_means()
    assert set(results) == set(published)
    for text, mean in published.items():
        assert results[text].mean_rounded == mean, text
        assert results[text].answered == reference.respondents()


def test_recommendation_to_other_cities_matches_the_published_shares(pilot_survey):
    result = _results_by_code(pilot_survey)["polecenie"]
    counts = {"not shown" if share.value is None else share.value: share.count for share in result.shares}
    assert {
        value: counts[value] for value in reference.recommendation_counts()
    } == reference.recommendation_counts()
    # The remainder the source does not explain is "not shown", as for goal 4, never "neither".
    assert counts[LikertAnswer.NEITHER] == 0
    # "2/3 definitely yes, a further 30 % rather yes, nobody negative"
    definitely = Decimal(counts[LikertAnswer.DEFINITELY_YES]) / result.respondents
    assert rounded(definitely * 3, 0) == 2
    assert rounded(_percent_of(result, LikertAnswer.RATHER_YES), 0) == 30
    assert counts[LikertAnswer.RATHER_NO] == counts[LikertAnswer.DEFINITELY_NO] == 0


def test_questions_shown_only_as_pictures_have_no_invented_answers(pilot_survey):
    for result in survey_results(pilot_survey):
        if not result.question.figures_published:
            assert result.answered == 0, result.question.code


def test_reconstructed_responses_name_no_member_network_or_role(pilot_survey):
    responses = pilot_survey.responses.all()
    assert not responses.filter(member__isnull=False).exists()
    assert not responses.filter(network__isnull=False).exists()
    assert set(responses.values_list("provenance", flat=True)) == {"reconstruction"}
    assert set(responses.values_list("role", flat=True)) == {"not-known"}


def test_the_stored_published_figures_are_those_of_the_reference(pilot_survey):
    published = {
        (figure.question.code, figure.answer): figure.value
        for figure in PublishedResult.objects.filter(
            question__survey=pilot_survey, kind="share"
        ).select_related("question")
    }
    for goal, shares in reference.goal_shares().items():
        for value in (LikertAnswer.DEFINITELY_YES, LikertAnswer.RATHER_YES, LikertAnswer.NEITHER):
            assert published[(f"cel-{goal}", value)] == shares[value]
        # A remainder the source does not print is not stored as a published figure.
        assert (f"cel-{goal}", None) not in published
    means = {
        figure.question.text: figure.value
        for figure in PublishedResult.objects.filter(
            question__survey=pilot_survey, kind="mean"
        ).select_related("question")
    }
    assert means == reference.support_form_means()


def test_results_cost_a_fixed_number_of_queries(pilot_survey, django_assert_num_queries):
    # the respondents, the answer tally, the questions and their choices
    with django_assert_num_queries(4):
        survey_results(pilot_survey)


def test_rounding_is_half_up_like_the_published_figures():
    assert rounded(Decimal("4.25")) == Decimal("4.3")
    assert rounded(Decimal("62.15")) == Decimal("62.2")
