"""The MID workflow: which status changes are allowed, for whom, with which dates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cities import workflow
from cities.models import Mid, MidStatus

pytestmark = pytest.mark.django_db

NOT_REPORTED, DRAFT, COMPLETE, IMPLEMENTATION = MidStatus.values

TRANSITIONS = [
    # (from, to, who, allowed?)
    (NOT_REPORTED, DRAFT, "editor", True),
    (DRAFT, COMPLETE, "editor", True),
    (COMPLETE, IMPLEMENTATION, "editor", True),
    (NOT_REPORTED, COMPLETE, "editor", False),
    (NOT_REPORTED, IMPLEMENTATION, "editor", False),
    (DRAFT, IMPLEMENTATION, "editor", False),
    (DRAFT, NOT_REPORTED, "editor", False),
    (COMPLETE, DRAFT, "editor", False),
    (IMPLEMENTATION, COMPLETE, "editor", False),
    (NOT_REPORTED, DRAFT, "admin", True),
    (NOT_REPORTED, COMPLETE, "admin", False),
    (DRAFT, NOT_REPORTED, "admin", True),
    (COMPLETE, DRAFT, "admin", True),
    (IMPLEMENTATION, NOT_REPORTED, "admin", True),
]


def _mid_at(status: str) -> Mid:
    """Toruń's MID walked to `status` with plausible dates."""
    mid = Mid.objects.get(member__slug="torun")
    day = date(2018, 12, 1)
    for step in workflow.ORDER[1 : workflow.ORDER.index(status) + 1]:
        setattr(mid, workflow.STEP_DATE_FIELD[step], day)
        day += timedelta(days=90)
    mid.status = status
    mid.save()
    return mid


@pytest.mark.parametrize("source, target, who, allowed", TRANSITIONS)
def test_transition_table(source, target, who, allowed, editor_a, admin_user):
    user = {"editor": editor_a, "admin": admin_user}[who]
    mid = _mid_at(source)
    version = mid.version
    if allowed:
        workflow.change_status(mid, user, target, date(2019, 10, 1))
        mid.refresh_from_db()
        assert mid.status == target
        assert mid.version == version + 1
        assert mid.updated_by == user
    else:
        with pytest.raises((workflow.TransitionError, PermissionDenied)):
            workflow.change_status(mid, user, target, date(2019, 10, 1))
        mid.refresh_from_db()
        assert (mid.status, mid.version) == (source, version)


def test_a_forward_step_stamps_its_date(editor_a):
    mid = _mid_at(NOT_REPORTED)
    workflow.hand_in_draft(mid, editor_a, date(2018, 12, 14))
    mid.refresh_from_db()
    assert mid.draft_handed_in_on == date(2018, 12, 14)


def test_a_step_back_clears_the_dates_of_the_steps_undone(admin_user):
    mid = _mid_at(IMPLEMENTATION)
    workflow.step_back(mid, admin_user, DRAFT)
    mid.refresh_from_db()
    assert mid.draft_handed_in_on is not None
    assert mid.completed_on is None and mid.implementation_started_on is None


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_step(editor_a):
    mid = _mid_at(DRAFT)
    with pytest.raises(workflow.TransitionError):
        workflow.complete(mid, editor_a, timezone.localdate() + timedelta(days=1))
    with pytest.raises(workflow.TransitionError):
        workflow.complete(mid, editor_a, mid.draft_handed_in_on - timedelta(days=1))


def test_each_change_is_kept_in_the_history_with_who_made_it(editor_a):
    mid = _mid_at(NOT_REPORTED)
    workflow.hand_in_draft(mid, editor_a, date(2018, 12, 14))
    latest = mid.history.order_by("-history_date").first()
    assert latest.status == DRAFT
    assert latest.updated_by_id == editor_a.pk
