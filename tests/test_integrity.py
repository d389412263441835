"""PostgreSQL itself refuses bad rows, whatever code writes them."""

import pytest
from django.db import IntegrityError, connection, transaction

from cities.models import Member, Mid, MidStatus
from networks.models import Meeting, NetworkMidFigure
from surveys.models import Answer, Response

pytestmark = pytest.mark.django_db


def _refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def _answer(pilot_survey, kind_code):
    return Answer.objects.filter(question__survey=pilot_survey, question__code=kind_code)


def test_a_rating_outside_1_to_5_is_refused(pilot_survey):
    answers = _answer(pilot_survey, "wsparcie-webinaria")
    assert _refused(lambda: answers.update(rating=6))
    assert _refused(lambda: answers.update(rating=0))


def test_a_likert_value_outside_the_scale_is_refused(pilot_survey):
    assert _refused(lambda: _answer(pilot_survey, "cel-1").update(likert=7))


def test_an_answer_using_two_value_columns_is_refused(pilot_survey):
    assert _refused(lambda: _answer(pilot_survey, "cel-1").update(rating=3))


def test_a_second_answer_to_the_same_question_is_refused(pilot_survey):
    existing = _answer(pilot_survey, "cel-1").first()
    assert _refused(
        lambda: Answer.objects.create(response=existing.response, question=existing.question, likert=3)
    )


def test_a_duplicate_respondent_id_is_refused(pilot_survey):
    assert _refused(lambda: Response.objects.create(survey=pilot_survey, respondent_id="R01"))


def test_a_mid_figure_larger_than_its_total_is_refused():
    assert _refused(lambda: NetworkMidFigure.objects.filter(value__gt=0).update(value=99))


def test_a_second_mid_of_a_member_in_one_edition_is_refused(pilot):
    member = Member.objects.get(slug="torun")
    assert _refused(lambda: Mid.objects.create(member=member, edition=pilot))


def test_a_completion_date_without_the_status_is_refused(pilot):
    mids = Mid.objects.filter(edition=pilot, status=MidStatus.NOT_REPORTED)
    assert _refused(lambda: mids.update(completed_on="2019-03-01"))


def test_a_meeting_ending_before_it_starts_is_refused():
    assert _refused(lambda: Meeting.objects.filter(ends_on__isnull=False).update(ends_on="2000-01-01"))


def test_coordinates_out_of_range_or_half_given_are_refused():
    assert _refused(lambda: Member.objects.filter(slug="torun").update(latitude=123))
    assert _refused(lambda: Member.objects.filter(slug="torun").update(longitude=None))


def test_a_member_with_records_cannot_be_deleted_even_in_raw_sql():
    member = Member.objects.get(slug="torun")

    def delete_raw():
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; ask for the check now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DELETE FROM cities_member WHERE id = %s", [member.pk])

    assert _refused(delete_raw)
