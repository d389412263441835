"""The answer tally (surveys.models.AnswerTally) is what counting the answers gives, after a
write by any path, for every breakdown; and the survey figures are read from it, never from
the answers themselves."""

import itertools
from collections import Counter

import pytest
import tablib
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from networks.models import Network
from surveys.models import Answer, AnswerTally, LikertAnswer, RespondentRole, Response, Survey
from surveys.resources import ResponseResource
from surveys.results import Breakdown, results_for
from tests.pages import queries_of

pytestmark = pytest.mark.django_db

# The count the tally must always equal, written out here rather than taken from the code.
COUNTED = """
SELECT r.survey_id, a.question_id, r.network_id, r.role, a.likert, a.rating, a.yes_no,
       NULL::bigint, count(*)
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
UNION ALL
SELECT r.survey_id, a.question_id, r.network_id, r.role, NULL::smallint, NULL::smallint, NULL::boolean,
       p.choice_id, count(*)
FROM surveys_answer_choices p JOIN surveys_answer a ON a.id = p.answer_id
JOIN surveys_response r ON r.id = a.response_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""
STORED = (
    "SELECT survey_id, question_id, network_id, role, likert, rating, yes_no, choice_id, answers "
    "FROM surveys_answertally"
)


def _rows(sql: str) -> Counter:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return Counter(cursor.fetchall())


def _grouped(answers) -> tuple[dict, dict]:
    """The counts of `answers` as the tally gives them, by GROUP BYs over the answers."""
    values: dict[int, dict] = {}
    rows = answers.values_list("question_id", "likert", "rating", "yes_no").annotate(n=Count("pk")).order_by()
    for question_id, likert, rating, yes_no, n in rows:
        question = values.setdefault(question_id, {"likert": {}, "rating": {}, "yes_no": {}, "answered": 0})
        question["answered"] += n
        for column, value in (("likert", likert), ("rating", rating), ("yes_no", yes_no)):
            if value is not None:
                question[column][value] = n
    choices: dict[int, dict[int, int]] = {}
    picks = (
        answers.filter(choices__isnull=False).values_list("question_id", "choices").annotate(n=Count("pk"))
    )
    for question_id, choice_id, n in picks.order_by():
        choices.setdefault(question_id, {})[choice_id] = n
    return values, choices


def _breakdowns(survey: Survey):
    networks = [None, *survey.edition.networks.values_list("slug", flat=True)]
    roles = [None, *RespondentRole.values]
    return itertools.product(networks, roles)


def assert_tally_is_exact(*surveys: Survey) -> None:
    """The whole tally equals the count over the answers, row for row (no row of 0); and for
    each survey, every breakdown's counts (all respondents, each network, each role, each of
    both) equal GROUP BYs over the answers of exactly those respondents."""
    stored = _rows(STORED)
    assert stored == _rows(COUNTED)
    assert all(row[-1] > 0 for row in stored)
    for survey in surveys:
        for network, role in _breakdowns(survey):
            answers = Answer.objects.filter(question__survey=survey)
            if network or role:
                responses = Response.objects.filter(survey=survey)
                if network:
                    responses = responses.filter(network__slug=network, network__edition=survey.edition)
                if role:
                    responses = responses.filter(role=role)
                answers = answers.filter(response__in=responses)
            tallied = AnswerTally.objects.of_survey(survey, network, role).counts()
            assert tallied == _grouped(answers), (survey.slug, network, role)


def _networks(survey: Survey) -> list[Network]:
    return list(survey.edition.networks.order_by("position")[:2])


def _answer(response, code: str, **values) -> Answer:
    return Answer.objects.create(
        response=response, question=response.survey.questions.get(code=code), **values
    )


def test_the_loaded_data_is_counted_exactly_and_a_recount_changes_nothing(pilot_survey):
    stored = _rows(STORED)
    assert sum(stored.values()) and stored == _rows(COUNTED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT surveys_rebuild_answer_tally()")
    assert _rows(STORED) == stored
    assert_tally_is_exact(pilot_survey)


def test_orm_saves_changes_and_deletions_are_counted(live_survey):
    first, second = _networks(live_survey)
    response = Response.objects.create(
        survey=live_survey, respondent_id="orm-1", network=first, role=RespondentRole.COORDINATOR
    )
    goal = _answer(response, "cel-1", likert=LikertAnswer.RATHER_YES)
    _answer(response, "wsparcie-webinaria", rating=4)
    _answer(response, "efekt-oczekiwania", yes_no=True)
    benefits = _answer(response, "korzysci-uczestnik")
    benefits.choices.add(*benefits.question.choices.all()[:2])
    assert_tally_is_exact(live_survey)

    goal.likert = LikertAnswer.DEFINITELY_NO
    goal.save()
    response.network, response.role = second, RespondentRole.OTHER
    response.save()
    response.save()  # saved as it is: nothing moves
    benefits.choices.remove(benefits.question.choices.first())
    assert_tally_is_exact(live_survey)

    benefits.choices.set(benefits.question.choices.all()[1:])
    goal.delete()
    assert_tally_is_exact(live_survey)
    benefits.choices.clear()
    response.delete()
    assert_tally_is_exact(live_survey)


def test_bulk_inserts_are_counted(pilot_copy):
    assert_tally_is_exact(pilot_copy)
    question = pilot_copy.questions.get(code="korzysci-uczestnik")
    answers = Answer.objects.bulk_create(
        Answer(response=response, question=question) for response in pilot_copy.responses.all()[:10]
    )
    through = Answer.choices.through
    through.objects.bulk_create(
        through(answer_id=answer.pk, choice_id=choice.pk)
        for answer, choice in zip(answers, itertools.cycle(question.choices.all()), strict=False)
    )
    assert_tally_is_exact(pilot_copy)


def test_a_queryset_update_of_networks_roles_and_surveys_moves_the_counts(pilot_copy, pilot_survey):
    first, second = _networks(pilot_copy)
    responses = Response.objects.filter(survey=pilot_copy)
    responses.filter(respondent_id__lt="copy-R10").update(network=first, role=RespondentRole.COORDINATOR)
    responses.filter(respondent_id__gte="copy-R10").update(network=second)
    assert_tally_is_exact(pilot_copy)
    responses.filter(network=second).update(network=None, role=RespondentRole.CITY_OFFICIAL)
    assert_tally_is_exact(pilot_copy)
    other = Survey.objects.open_copy(pilot_survey, "druga-kopia", "Druga kopia")
    Response.objects.filter(survey=pilot_copy, network=first).update(survey=other)
    assert_tally_is_exact(pilot_copy, other)


def test_deleted_answers_and_responses_leave_the_counts(pilot_copy):
    Answer.objects.filter(response__survey=pilot_copy, question__code="cel-1").delete()
    assert_tally_is_exact(pilot_copy)
    Response.objects.filter(survey=pilot_copy, respondent_id__lt="copy-R10").delete()
    assert_tally_is_exact(pilot_copy)


def test_writes_in_sql_are_counted_whatever_their_order(pilot_copy):
    """What psql does: plain statements, answers without a response until the transaction
    ends (PostgreSQL checks the foreign keys only at commit)."""
    own = "response_id IN (SELECT id FROM surveys_response WHERE survey_id = %(s)s)"
    statements = [
        f"UPDATE surveys_answer SET likert = 6 - likert WHERE likert IS NOT NULL AND {own}",
        # a respondent's answers moved to another response
        "INSERT INTO surveys_response (survey_id, respondent_id, role, provenance, created_at) "
        "VALUES (%(s)s, 'sql-1', 'other', 'live', now())",
        "UPDATE surveys_answer "
        "SET response_id = (SELECT id FROM surveys_response WHERE respondent_id = 'sql-1') "
        f"WHERE {own} AND response_id = (SELECT id FROM surveys_response "
        "WHERE survey_id = %(s)s AND respondent_id = 'copy-R20')",
        # a response deleted before its answers, then its answers
        "DELETE FROM surveys_response WHERE survey_id = %(s)s AND respondent_id = 'copy-R21'",
        "DELETE FROM surveys_answer a WHERE a.question_id = %(q1)s "
        "AND NOT EXISTS (SELECT 1 FROM surveys_response r WHERE r.id = a.response_id)",
        "DELETE FROM surveys_answer a "
        "WHERE NOT EXISTS (SELECT 1 FROM surveys_response r WHERE r.id = a.response_id)",
        # answers before their response, then the response
        "INSERT INTO surveys_answer (id, response_id, question_id, likert) "
        "VALUES (900000001, 900000001, %(q1)s, 5), (900000002, 900000001, %(q2)s, 4)",
        "INSERT INTO surveys_response (id, survey_id, respondent_id, role, provenance, created_at) "
        "VALUES (900000001, %(s)s, 'sql-2', 'coordinator', 'live', now())",
        # answers of every respondent who had none to the question
        "INSERT INTO surveys_response (survey_id, respondent_id, role, provenance, created_at) "
        "VALUES (%(s)s, 'sql-3', 'other', 'live', now())",
        "INSERT INTO surveys_answer (response_id, question_id, likert) "
        "SELECT r.id, %(q1)s, 3 FROM surveys_response r WHERE r.survey_id = %(s)s AND NOT EXISTS "
        "(SELECT 1 FROM surveys_answer a WHERE a.response_id = r.id AND a.question_id = %(q1)s)",
    ]
    questions = dict(pilot_copy.questions.values_list("code", "pk"))
    parameters = {"s": pilot_copy.pk, "q1": questions["cel-1"], "q2": questions["cel-2"]}
    responses = Response.objects.values("pk")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, parameters)
            # Answers without a response (which no commit lets through) count in no breakdown,
            # but the figures of all respondents used to count them: compare those only without.
            orphans = Answer.objects.exclude(response_id__in=responses).exists()
            assert_tally_is_exact(*([] if orphans else [pilot_copy]))


def test_an_import_and_a_corrected_import_are_counted(live_survey):
    first, second = _networks(live_survey)
    headers = ["respondent_id", "network", "role", "cel-1", "wsparcie-webinaria", "korzysci-uczestnik"]
    rows = [
        [
            f"I-{n}",
            [first, second][n % 2].slug,
            "coordinator",
            str(1 + n % 5),
            str(1 + n % 3),
            "poznanie;wiedza",
        ]
        for n in range(12)
    ]

    def load(rows):
        result = ResponseResource(survey=live_survey).import_data(
            tablib.Dataset(*rows, headers=headers), dry_run=False
        )
        assert not result.has_errors() and not result.has_validation_errors()

    load(rows)
    assert_tally_is_exact(live_survey)
    for n, row in enumerate(rows):
        row[1:] = [first.slug, "other", str(5 - n % 5), "", "wiedza" if n % 2 else ""]
    load(rows)
    assert_tally_is_exact(live_survey)


def test_a_truncate_recounts_the_tally(pilot_copy):
    question = pilot_copy.questions.get(code="korzysci-uczestnik")
    answers = Answer.objects.bulk_create(
        Answer(response=response, question=question) for response in pilot_copy.responses.all()[:5]
    )
    for answer in answers:
        answer.choices.add(question.choices.first())
    assert AnswerTally.objects.filter(choice=question.choices.first(), answers=5).exists()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL truncates no table with checks pending
        cursor.execute("TRUNCATE surveys_answer_choices")
    assert not AnswerTally.objects.filter(choice__isnull=False).exists()
    assert_tally_is_exact(pilot_copy)


def test_a_write_the_tally_cannot_follow_fails_instead_of_showing_wrong_figures(pilot_copy):
    AnswerTally.objects.filter(survey=pilot_copy).delete()
    with pytest.raises(DatabaseError, match="out of step"), transaction.atomic():
        Answer.objects.filter(response__survey=pilot_copy, question__code="cel-1").delete()


ALL = Breakdown()


def test_figures_follow_a_write_at_once(pilot_copy):
    def definitely_no(breakdown=ALL):
        result = next(r for r in results_for(pilot_copy, breakdown).results if r.question.code == "cel-1")
        return next(s.count for s in result.shares if s.value == LikertAnswer.DEFINITELY_NO)

    before = definitely_no()
    answered = Answer.objects.filter(response__survey=pilot_copy, question__code="cel-1")
    answered.update(likert=LikertAnswer.DEFINITELY_NO)
    assert before < definitely_no() == answered.count()
    assert definitely_no(Breakdown(role=RespondentRole.NOT_KNOWN)) == answered.count()


def test_cold_survey_pages_read_the_tally_never_the_answers(client, pilot_survey):
    """Computing figures with nothing cached reads a few thousand tally rows, whatever the
    number of answers: no query of the survey page or the dashboard reads the answers."""
    for url in (pilot_survey.get_absolute_url(), f"/?edition={pilot_survey.edition.slug}"):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            queries_of(client, url)
        tables = " ".join(query["sql"] for query in context.captured_queries)
        assert "surveys_answertally" in tables, url
        assert '"surveys_answer"' not in tables and '"surveys_answer_choices"' not in tables, url
