"""The dated history of a member's MIDs, as the member card shows it."""

from dataclasses import dataclass, field
from datetime import datetime

from cities.models import Member, Mid, MidStatus

HIDDEN_FIELDS = ["version", "updated_at", "updated_by"]


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[tuple[str, str]] = field(default_factory=list)


def _shown(field_name: str, value) -> str:
    if field_name == "status" and value:
        return str(MidStatus(value).label)
    if value in (None, ""):
        return "–"
    return str(value)


def mid_histories(member: Member) -> dict[int, list[HistoryEntry]]:
    """{MID id: entries newest first}, each entry with the fields it changed; one query."""
    records = list(
        Mid.history.filter(member=member).select_related("history_user").order_by("id", "history_date")
    )
    histories: dict[int, list[HistoryEntry]] = {}
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            changes = [
                (str(Mid._meta.get_field(change.field).verbose_name), _shown(change.field, change.new))
                for change in delta.changes
            ]
        else:
            # The first record of a MID: show where it stood when the history began.
            changes = [(str(Mid._meta.get_field("status").verbose_name), _shown("status", record.status))]
        if changes:
            who = record.history_user.get_username() if record.history_user else ""
            entry = HistoryEntry(record.history_date, who, record.history_type, changes)
            histories.setdefault(record.id, []).insert(0, entry)
        previous = record
    return histories
