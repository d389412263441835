"""Saving an edited MID: concurrent edits are caught, never silently overwritten."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from cities import workflow
from cities.models import Mid

EDITABLE_FIELDS = [
    "topic",
    "summary",
    "document_url",
    "document",
    "partnership_stakeholders",
    "partnership_meeting_count",
]


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object


class EditConflict(Exception):
    """Someone saved the MID after the editor opened it; carries what they changed."""

    def __init__(self, current: Mid, changes: list[Change]):
        super().__init__("The MID was changed by someone else.")
        self.current = current
        self.changes = changes


def changes_since(mid: Mid, version: int) -> list[Change]:
    """What differs between the MID as it was at `version` and as it is now (history; two queries)."""
    then = mid.history.filter(version=version).order_by("-history_date").first()
    now = mid.history.order_by("-history_date").first()
    if then is None or now is None:
        return []
    delta = now.diff_against(then, excluded_fields=["version", "updated_at", "updated_by"])
    return [
        Change(change.field, str(Mid._meta.get_field(change.field).verbose_name), change.old, change.new)
        for change in delta.changes
    ]


def _locked_at(mid_id: int, base_version: int) -> Mid:
    """The MID, locked so two saves cannot interleave; EditConflict when it moved on since
    the user opened it at `base_version`."""
    mid = Mid.objects.select_for_update(of=("self",)).select_related("member", "edition").get(pk=mid_id)
    if mid.version != base_version:
        raise EditConflict(mid, changes_since(mid, base_version))
    return mid


@transaction.atomic
def save_mid(
    mid_id: int,
    base_version: int,
    values: dict,
    status: str,
    status_on: date | None,
    user,
    comment: str = "",
) -> Mid:
    """Apply the editor's values and status change to the MID they opened at `base_version`.

    Raises EditConflict (writing nothing) when the MID moved on since the editor opened
    it, and TransitionError or PermissionDenied (also writing nothing, the transaction
    rolls back) when the status change is not allowed.
    """
    mid = _locked_at(mid_id, base_version)
    changed = [field for field in EDITABLE_FIELDS if field in values and values[field] != getattr(mid, field)]
    if changed:
        for field in changed:
            setattr(mid, field, values[field])
        mid.updated_by = user
        mid.version += 1
        mid._history_user = user
        mid.save(update_fields=[*changed, "updated_by", "version", "updated_at"])
    return workflow.change_status(mid, user, status, status_on, comment)


@transaction.atomic
def review_mid(mid_id: int, base_version: int, status: str, on: date | None, comment: str, user) -> Mid:
    """The ministry's review of the MID as the reviewer saw it at `base_version`: accept
    it (status complete) or return it (status returned, with the comment).

    A MID that changed in the meantime (handed in again, reviewed by someone else) raises
    EditConflict, so no one judges a version they did not see; nothing is written.
    """
    mid = _locked_at(mid_id, base_version)
    return workflow.change_status(mid, user, status, on, comment)
