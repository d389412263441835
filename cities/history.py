"""The dated history of a member's MIDs, as the public member card shows it.

The card is public: it names who changed a MID by role (city editor, ministry staff,
administrator), never by login, and an uploaded document by its file name, never by its
place in storage.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cities.models import Member, Mid, MidStatus
from networks.roles import MINISTRY_STAFF_GROUP

HIDDEN_FIELDS = ["version", "updated_at", "updated_by"]


@dataclass
class Change:
    label: str
    old: str | None  # None: the first record of the MID, nothing before it
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def _shown(field_name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if field_name == "status":
        return str(MidStatus(value).label)
    if field_name == "document":
        return PurePosixPath(str(value)).name  # the file's name, not where storage keeps it
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j E Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j E Y")
    return str(value)


def _role(record) -> str:
    if record.history_user_id is None:
        return ""  # written by the system: the pilot data's loader, an import
    if record.by_admin:
        return _("administrator")
    if record.by_ministry_staff:
        return _("ministry staff")
    if record.by_editor:
        return _("city editor")
    return _("user")


def mid_histories(member: Member) -> dict[int, list[HistoryEntry]]:
    """{MID id: entries newest first}, each with the fields it changed, old → new; one query."""
    users = get_user_model()
    records = list(
        Mid.history.filter(member=member)
        .annotate(
            by_admin=F("history_user__is_superuser"),
            by_ministry_staff=Exists(
                users.groups.through.objects.filter(
                    user=OuterRef("history_user"), group__name=MINISTRY_STAFF_GROUP
                )
            ),
            by_editor=Exists(
                Member.editors.through.objects.filter(member=member, user=OuterRef("history_user"))
            ),
        )
        .order_by("id", "history_date")
    )
    histories: dict[int, list[HistoryEntry]] = {}
    previous = None
    for record in records:
        if previous is not None and previous.id == record.id:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            changes = [
                Change(
                    str(Mid._meta.get_field(change.field).verbose_name),
                    _shown(change.field, change.old),
                    _shown(change.field, change.new),
                )
                for change in delta.changes
            ]
        else:
            # The first record of a MID: show where it stood when the history began.
            changes = [
                Change(str(Mid._meta.get_field("status").verbose_name), None, _shown("status", record.status))
            ]
        if changes:
            entry = HistoryEntry(record.history_date, _role(record), record.history_type, changes)
            histories.setdefault(record.id, []).insert(0, entry)
        previous = record
    return histories
