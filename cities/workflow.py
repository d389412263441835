"""The MID workflow: one table of the allowed status changes, who may take each and what
each needs; one function per step.

    not recorded ──hand in──▶ draft handed in ──accept──▶ complete ──report──▶ in implementation
                                 │      ▲
                          return │      │ hand in again
                                 ▼      │
                            returned for changes

The city hands in its MID with its document; the ministry (staff or an admin) reviews
it: accepts it as complete, or returns it to the city with a comment. After acceptance
the city reports it in implementation. Back steps undo a report or a review and are an
admin's alone. Every step stamps who and when, keeps its comment in the MID's history
(as the change reason) and queues the mails it owes (cities/notifications.py) in the
same transaction. The README's "MID workflow" section shows this table.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities import notifications
from cities.models import Mid, MidStatus
from cities.workflow_models import NotificationKind


class Step(models.TextChoices):
    HAND_IN = "hand-in", gettext_lazy("Hand in")
    ACCEPT = "accept", gettext_lazy("Accept as complete")
    RETURN = "return", gettext_lazy("Return to the city")
    REPORT_IMPLEMENTATION = "report-implementation", gettext_lazy("Report in implementation")
    STEP_BACK = "step-back", gettext_lazy("Move back")


@dataclass(frozen=True)
class Transition:
    step: Step
    permission: str  # a rule of cities/rules.py, checked with the MID
    date_field: str | None = None  # stamped with the step's date
    needs_document: bool = False
    needs_comment: bool = False
    notify: NotificationKind | None = None  # the mail it owes (whom: cities/notifications.py)


S = MidStatus
N = NotificationKind
BACK = Transition(Step.STEP_BACK, "cities.step_back_mid")

# (from, to) → the transition. Anything not in the table is refused.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.NOT_REPORTED, S.DRAFT): Transition(
        Step.HAND_IN, "cities.report_mid", "draft_handed_in_on", needs_document=True, notify=N.HANDED_IN
    ),
    (S.RETURNED, S.DRAFT): Transition(
        Step.HAND_IN, "cities.report_mid", "draft_handed_in_on", needs_document=True, notify=N.HANDED_IN
    ),
    (S.DRAFT, S.COMPLETE): Transition(Step.ACCEPT, "cities.review_mid", "completed_on", notify=N.ACCEPTED),
    (S.DRAFT, S.RETURNED): Transition(
        Step.RETURN, "cities.review_mid", needs_comment=True, notify=N.RETURNED
    ),
    (S.COMPLETE, S.IMPLEMENTATION): Transition(
        Step.REPORT_IMPLEMENTATION, "cities.report_mid", "implementation_started_on"
    ),
    (S.DRAFT, S.NOT_REPORTED): BACK,
    (S.RETURNED, S.NOT_REPORTED): BACK,
    (S.COMPLETE, S.DRAFT): BACK,
    (S.COMPLETE, S.NOT_REPORTED): BACK,
    (S.IMPLEMENTATION, S.COMPLETE): BACK,
    (S.IMPLEMENTATION, S.DRAFT): BACK,
    (S.IMPLEMENTATION, S.NOT_REPORTED): BACK,
}

# The way forward, without the detour of a return.
MAIN_LINE = (S.NOT_REPORTED, S.DRAFT, S.COMPLETE, S.IMPLEMENTATION)
STEP_DATE_FIELDS = ("draft_handed_in_on", "completed_on", "implementation_started_on")
# The step dates a MID in each status keeps (the database's check constraints agree).
DATES_KEPT = {
    S.NOT_REPORTED: (),
    S.DRAFT: ("draft_handed_in_on",),
    S.RETURNED: ("draft_handed_in_on",),
    S.COMPLETE: ("draft_handed_in_on", "completed_on"),
    S.IMPLEMENTATION: STEP_DATE_FIELDS,
}
REFUSALS = {
    "cities.report_mid": gettext_lazy(
        "Only the member's editors (or an admin) hand in the MID and report its implementation."
    ),
    "cities.review_mid": gettext_lazy(
        "Completeness is judged by the ministry: only ministry staff or an admin accept or return a MID."
    ),
    "cities.step_back_mid": gettext_lazy("Only an admin can move a MID back to an earlier status."),
}
COMMENT_MAX_LENGTH = 2000


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message says why."""


def allowed_targets(mid: Mid, user: AbstractBaseUser) -> list[str]:
    """The statuses this user may move the MID to now, in the statuses' order; at most one
    query per permission involved (the editor check)."""
    granted: dict[str, bool] = {}
    targets = []
    for status in S.values:
        transition = TRANSITIONS.get((mid.status, status))
        if transition is None:
            continue
        if transition.permission not in granted:
            granted[transition.permission] = user.has_perm(transition.permission, mid)
        if granted[transition.permission]:
            targets.append(status)
    return targets


def _check(mid: Mid, user: AbstractBaseUser, to: str, on: date, comment: str) -> Transition:
    transition = TRANSITIONS.get((mid.status, to))
    if transition is None:
        raise TransitionError(
            _("A MID cannot go from “%(current)s” to “%(target)s”.")
            % {"current": S(mid.status).label, "target": S(to).label}
        )
    if not user.has_perm(transition.permission, mid):
        raise PermissionDenied(str(REFUSALS[transition.permission]))
    if transition.needs_document and not (mid.document or mid.document_url):
        raise TransitionError(
            _("The MID is handed in with its document: upload the PDF or give a link to it.")
        )
    if transition.needs_comment and not comment.strip():
        raise TransitionError(_("Say what the city should change: a return needs a comment."))
    if len(comment) > COMMENT_MAX_LENGTH:
        raise TransitionError(
            _("The comment is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(comment), "limit": COMMENT_MAX_LENGTH}
        )
    if transition.date_field:
        if on > timezone.localdate():
            raise TransitionError(_("The date of a step cannot be in the future."))
        earlier = STEP_DATE_FIELDS[: STEP_DATE_FIELDS.index(transition.date_field)]
        latest_earlier = max((getattr(mid, field) for field in earlier if getattr(mid, field)), default=None)
        if latest_earlier and on < latest_earlier:
            raise TransitionError(
                _("The date of this step cannot be before the previous step (%(date)s).")
                % {"date": date_format(latest_earlier, "j E Y")}
            )
    return transition


@transaction.atomic
def _take(mid: Mid, user: AbstractBaseUser, to: str, on: date | None, comment: str) -> Mid:
    """Check the step against the table, stamp its date, clear the dates it undoes, save
    (the history keeps who, when and the comment) and queue its mails; raises
    TransitionError or PermissionDenied writing nothing. Two queries and the mails' rows."""
    on = on or timezone.localdate()
    transition = _check(mid, user, to, on, comment)
    changed = ["status", "updated_by", "version", "updated_at"]
    if transition.date_field:
        setattr(mid, transition.date_field, on)
        changed.append(transition.date_field)
    for field in STEP_DATE_FIELDS:
        if field not in DATES_KEPT[to] and getattr(mid, field) is not None:
            setattr(mid, field, None)
            changed.append(field)
    mid.status = to
    mid.updated_by = user
    mid.version += 1
    mid._change_reason = comment.strip() or None
    mid._history_user = user
    mid.save(update_fields=changed)
    if transition.notify:
        notifications.notify(transition.notify, mid.member, mid.edition, user, comment.strip())
    return mid


def hand_in(mid: Mid, user: AbstractBaseUser, on: date | None = None, comment: str = "") -> Mid:
    """The city hands in its MID (first time, or again after a return) for the ministry's review."""
    return _take(mid, user, S.DRAFT, on, comment)


def accept(mid: Mid, user: AbstractBaseUser, on: date | None = None, comment: str = "") -> Mid:
    """The ministry accepts the handed-in MID as complete."""
    return _take(mid, user, S.COMPLETE, on, comment)


def return_to_city(mid: Mid, user: AbstractBaseUser, comment: str) -> Mid:
    """The ministry returns the handed-in MID to the city with what to change."""
    return _take(mid, user, S.RETURNED, None, comment)


def report_implementation(mid: Mid, user: AbstractBaseUser, on: date | None = None, comment: str = "") -> Mid:
    """The city reports the accepted MID in implementation."""
    return _take(mid, user, S.IMPLEMENTATION, on, comment)


def step_back(mid: Mid, user: AbstractBaseUser, to: str, comment: str = "") -> Mid:
    """An admin returns the MID to an earlier status, clearing the dates of the steps undone."""
    return _take(mid, user, to, None, comment)


def change_status(
    mid: Mid, user: AbstractBaseUser, to: str, on: date | None = None, comment: str = ""
) -> Mid:
    """Move the MID to `to` by the one transition the table allows, or refuse; staying
    where it is changes nothing."""
    if to == mid.status:
        return mid
    return _take(mid, user, to, on, comment)


@dataclass
class StepRecord:
    status: str
    when: datetime
    who: str
    comment: str


def step_records(mid: Mid) -> list[StepRecord]:
    """The MID's status changes from its history, newest first, each with who, when and
    its comment; one query."""
    records = mid.history.order_by("history_date", "history_id").values_list(
        "status",
        "history_date",
        "history_change_reason",
        "history_user__first_name",
        "history_user__last_name",
        "history_user__username",
    )
    steps: list[StepRecord] = []
    previous_status = S.NOT_REPORTED
    for status, when, comment, first_name, last_name, username in records:
        if status != previous_status:
            who = f"{first_name} {last_name}".strip() or username or ""
            steps.append(StepRecord(status, when, who, comment or ""))
        previous_status = status
    return steps[::-1]
