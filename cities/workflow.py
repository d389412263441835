"""The MID workflow: an explicit map of allowed transitions, one function per transition.

not reported → draft handed in → complete after review → in implementation.
Each forward step is taken by the member's editor or an admin, with the date of the
step; back steps undo a member's report and are an admin's alone.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import Mid, MidStatus

ORDER = [MidStatus.NOT_REPORTED, MidStatus.DRAFT, MidStatus.COMPLETE, MidStatus.IMPLEMENTATION]
STEP_DATE_FIELD = {
    MidStatus.DRAFT: "draft_handed_in_on",
    MidStatus.COMPLETE: "completed_on",
    MidStatus.IMPLEMENTATION: "implementation_started_on",
}


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message says why."""


def _check_step_date(mid: Mid, to: str, on: date) -> None:
    if on > timezone.localdate():
        raise TransitionError(_("The date of a step cannot be in the future."))
    earlier = [getattr(mid, STEP_DATE_FIELD[step]) for step in ORDER[1 : ORDER.index(to)]]
    latest_earlier = max((day for day in earlier if day), default=None)
    if latest_earlier and on < latest_earlier:
        raise TransitionError(
            _("The date of this step cannot be before the previous step (%(date)s).")
            % {"date": latest_earlier.isoformat()}
        )


def _advance(mid: Mid, user, to: str, on: date) -> Mid:
    _check_step_date(mid, to, on)
    field = STEP_DATE_FIELD[to]
    setattr(mid, field, on)
    mid.status = to
    mid.updated_by = user
    mid.version += 1
    mid.save(update_fields=["status", field, "updated_by", "version", "updated_at"])
    return mid


def hand_in_draft(mid: Mid, user, on: date) -> Mid:
    return _advance(mid, user, MidStatus.DRAFT, on)


def complete(mid: Mid, user, on: date) -> Mid:
    return _advance(mid, user, MidStatus.COMPLETE, on)


def start_implementation(mid: Mid, user, on: date) -> Mid:
    return _advance(mid, user, MidStatus.IMPLEMENTATION, on)


def step_back(mid: Mid, user, to: str) -> Mid:
    """Return the MID to an earlier status, clearing the dates of the steps undone."""
    if not user.has_perm("cities.step_back_mid", mid):
        raise PermissionDenied(_("Only an admin can move a MID back to an earlier status."))
    cleared = [STEP_DATE_FIELD[step] for step in ORDER[ORDER.index(to) + 1 : ORDER.index(mid.status) + 1]]
    for field in cleared:
        setattr(mid, field, None)
    mid.status = to
    mid.updated_by = user
    mid.version += 1
    mid.save(update_fields=["status", *cleared, "updated_by", "version", "updated_at"])
    return mid


FORWARD = {
    (MidStatus.NOT_REPORTED, MidStatus.DRAFT): hand_in_draft,
    (MidStatus.DRAFT, MidStatus.COMPLETE): complete,
    (MidStatus.COMPLETE, MidStatus.IMPLEMENTATION): start_implementation,
}


def allowed_statuses(mid: Mid, user) -> list[str]:
    """The statuses this user may choose for the MID now: where it is, the next step, and
    for an admin every earlier one."""
    current = ORDER.index(mid.status)
    allowed = [mid.status]
    if current + 1 < len(ORDER):
        allowed.append(ORDER[current + 1])
    if user.has_perm("cities.step_back_mid", mid):
        allowed = ORDER[:current] + allowed
    return allowed


def change_status(mid: Mid, user, to: str, on: date | None) -> Mid:
    """Move the MID to `to` by the one transition the workflow allows, or refuse."""
    if to == mid.status:
        return mid
    if ORDER.index(to) < ORDER.index(mid.status):
        return step_back(mid, user, to)
    transition = FORWARD.get((mid.status, to))
    if transition is None:
        raise TransitionError(
            _("A MID moves one step at a time: from “%(current)s” only to the next status.")
            % {"current": MidStatus(mid.status).label}
        )
    return transition(mid, user, on or timezone.localdate())
