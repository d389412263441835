"""The MID workflow: every status × every role × every target, allowed or refused; the
dates, comments and history each step keeps."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cities import workflow
from cities.models import Mid, MidStatus

pytestmark = pytest.mark.django_db

NOT_RECORDED = MidStatus.NOT_REPORTED
DRAFT, RETURNED = MidStatus.DRAFT, MidStatus.RETURNED
COMPLETE, IMPLEMENTATION = MidStatus.COMPLETE, MidStatus.IMPLEMENTATION
ROLES = ["anonymous", "editor_of_another_member", "editor", "ministry", "admin"]
CITY, MINISTRY, ADMIN = {"editor", "admin"}, {"ministry", "admin"}, {"admin"}

# Who may take each status change; any pair not listed is refused for everyone.
# Written out here, independently of cities/workflow.py, as the README states it.
ALLOWED = {
    (NOT_RECORDED, DRAFT): CITY,  # hand in
    (RETURNED, DRAFT): CITY,  # hand in again
    (DRAFT, COMPLETE): MINISTRY,  # accept
    (DRAFT, RETURNED): MINISTRY,  # return with a comment
    (COMPLETE, IMPLEMENTATION): CITY,  # report implementation
    (DRAFT, NOT_RECORDED): ADMIN,  # back steps
    (RETURNED, NOT_RECORDED): ADMIN,
    (COMPLETE, DRAFT): ADMIN,
    (COMPLETE, NOT_RECORDED): ADMIN,
    (IMPLEMENTATION, COMPLETE): ADMIN,
    (IMPLEMENTATION, DRAFT): ADMIN,
    (IMPLEMENTATION, NOT_RECORDED): ADMIN,
}
PAIRS = [(source, target) for source in MidStatus.values for target in MidStatus.values if target != source]
STEP_DATES = {
    DRAFT: ["draft_handed_in_on"],
    RETURNED: ["draft_handed_in_on"],
    COMPLETE: ["draft_handed_in_on", "completed_on"],
    IMPLEMENTATION: ["draft_handed_in_on", "completed_on", "implementation_started_on"],
}


def _mid_at(status: str, **fields) -> Mid:
    """Toruń's MID put in `status` with plausible step dates and a document link."""
    mid = Mid.objects.get(member__slug="torun")
    day = date(2018, 12, 1)
    for field in STEP_DATES.get(status, []):
        setattr(mid, field, day)
        day += timedelta(days=90)
    mid.status = status
    mid.document_url = "https://example.torun.pl/mid.pdf"
    for name, value in fields.items():
        setattr(mid, name, value)
    mid.save()
    return mid


@pytest.fixture
def users(editor_a, editor_b, ministry_user, admin_user):
    return {
        "anonymous": AnonymousUser(),
        "editor_of_another_member": editor_b,
        "editor": editor_a,
        "ministry": ministry_user,
        "admin": admin_user,
    }


def test_the_code_has_exactly_the_transitions_of_this_table():
    assert len(PAIRS) * len(ROLES) == 5 * 4 * 5
    assert set(workflow.TRANSITIONS) == set(ALLOWED)


def test_transition_table(users):
    """Every role tries every change on the same MID; each try is rolled back afterwards
    (one test rather than a hundred: the fixtures' accounts are made once)."""
    for source, target in PAIRS:
        for role in ROLES:
            allowed = role in ALLOWED.get((source, target), set())
            case = (source, target, role, "allowed" if allowed else "refused")
            user = users[role]
            savepoint = transaction.savepoint()
            mid = _mid_at(source)
            before = (mid.status, mid.version)
            if allowed:
                workflow.change_status(mid, user, target, date(2019, 10, 1), comment="Uwagi recenzenta")
                mid.refresh_from_db()
                assert (mid.status, mid.version, mid.updated_by) == (target, before[1] + 1, user), case
            else:
                with pytest.raises((workflow.TransitionError, PermissionDenied)):
                    workflow.change_status(mid, user, target, date(2019, 10, 1), comment="Uwagi recenzenta")
                mid.refresh_from_db()
                assert (mid.status, mid.version) == before, case
            transaction.savepoint_rollback(savepoint)


def test_the_choices_offered_are_exactly_the_allowed_targets(users):
    for source in MidStatus.values:
        mid = _mid_at(source)
        for role in ROLES:
            expected = [t for t in MidStatus.values if role in ALLOWED.get((source, t), set())]
            assert workflow.allowed_targets(mid, users[role]) == expected, (source, role)


def test_staying_in_the_same_status_changes_nothing(editor_a):
    mid = _mid_at(DRAFT)
    workflow.change_status(mid, editor_a, DRAFT)
    mid.refresh_from_db()
    assert mid.version == 1


def test_a_hand_in_stamps_its_date(editor_a):
    mid = _mid_at(NOT_RECORDED)
    workflow.hand_in(mid, editor_a, date(2018, 12, 14))
    mid.refresh_from_db()
    assert (mid.status, mid.draft_handed_in_on) == (DRAFT, date(2018, 12, 14))


def test_a_hand_in_needs_the_document(editor_a):
    mid = _mid_at(NOT_RECORDED, document_url="")
    with pytest.raises(workflow.TransitionError, match="z dokumentem"):
        workflow.hand_in(mid, editor_a)
    mid.refresh_from_db()
    assert mid.status == NOT_RECORDED


def test_a_return_needs_a_comment(ministry_user):
    mid = _mid_at(DRAFT)
    with pytest.raises(workflow.TransitionError, match="wymaga komentarza"):
        workflow.return_to_city(mid, ministry_user, "   ")
    mid.refresh_from_db()
    assert mid.status == DRAFT


def test_a_return_keeps_the_hand_in_date_and_a_new_hand_in_replaces_it(ministry_user, editor_a):
    mid = _mid_at(DRAFT)
    workflow.return_to_city(mid, ministry_user, "Brak harmonogramu działań.")
    mid.refresh_from_db()
    assert (mid.status, mid.draft_handed_in_on) == (RETURNED, date(2018, 12, 1))
    workflow.hand_in(mid, editor_a, date(2019, 1, 15))
    mid.refresh_from_db()
    assert (mid.status, mid.draft_handed_in_on) == (DRAFT, date(2019, 1, 15))


def test_an_acceptance_cannot_be_dated_before_the_hand_in_nor_in_the_future(ministry_user):
    mid = _mid_at(DRAFT)
    with pytest.raises(workflow.TransitionError):
        workflow.accept(mid, ministry_user, timezone.localdate() + timedelta(days=1))
    with pytest.raises(workflow.TransitionError):
        workflow.accept(mid, ministry_user, mid.draft_handed_in_on - timedelta(days=1))


def test_a_step_back_clears_the_dates_of_the_steps_undone(admin_user):
    mid = _mid_at(IMPLEMENTATION)
    workflow.step_back(mid, admin_user, DRAFT)
    mid.refresh_from_db()
    assert mid.draft_handed_in_on is not None
    assert mid.completed_on is None and mid.implementation_started_on is None


def test_a_comment_over_the_limit_is_refused(ministry_user):
    mid = _mid_at(DRAFT)
    with pytest.raises(workflow.TransitionError, match="limit"):
        workflow.return_to_city(mid, ministry_user, "x" * (workflow.COMMENT_MAX_LENGTH + 1))


def test_every_step_keeps_who_when_and_the_comment_in_the_history(editor_a, ministry_user):
    mid = _mid_at(NOT_RECORDED)
    workflow.hand_in(mid, editor_a, date(2018, 12, 14), comment="Wersja do konsultacji")
    workflow.return_to_city(mid, ministry_user, "Uzupełnijcie budżet.")
    latest = mid.history.order_by("-history_date").first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        RETURNED,
        ministry_user,
        "Uzupełnijcie budżet.",
    )
    steps = workflow.step_records(mid)
    assert [(step.status, step.who, step.comment) for step in steps] == [
        (RETURNED, ministry_user.username, "Uzupełnijcie budżet."),
        (DRAFT, editor_a.username, "Wersja do konsultacji"),
    ]
    assert steps[0].when >= steps[1].when


def test_the_readme_shows_the_same_table_of_transitions():
    """The README's table of the workflow, read back: the same pairs, the same roles."""
    import re

    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text("utf-8")
    section = readme[readme.index("## The MID workflow") : readme.index("### Notifications")]
    documented = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 5 or not cells[0].endswith("`)"):
            continue
        source, target = (re.search(r"`([a-z-]+)`", cell).group(1) for cell in cells[:2])
        who = cells[3]
        documented[(source, target)] = {
            role
            for role, word in (("editor", "editors"), ("ministry", "ministry staff"), ("admin", "admin"))
            if word in who
        }
    assert documented == ALLOWED
