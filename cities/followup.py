"""The ministry's follow-up of an edition: MIDs waiting for review, members to remind,
the edition's deadlines, and reminders (rate-limited, logged).

"To remind" means the city has something to do and has not done it: no status recorded
yet, or a MID returned for changes or accepted (not yet reported in implementation)
that has not changed for FOLLOW_UP_STALE_DAYS. Handed-in MIDs wait for the ministry,
not the city (they are in the review queue); MIDs in implementation are done.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cities import notifications
from cities.models import Member, Membership, MembershipQuerySet, MidStatus
from cities.workflow_models import NotificationKind, Reminder
from networks.models import Edition, Network

logger = logging.getLogger(__name__)

S = MidStatus
# Statuses in which the city has to act (hand in, hand in again, report implementation).
CITY_TO_ACT = [S.RETURNED, S.COMPLETE]


class ReminderRefused(Exception):
    """A reminder that is not sent (too soon after the last one, or nobody to send it to)."""


class DaysBetween(Func):
    """Whole days from a date column to a given day, in SQL (PostgreSQL: date - date)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def stale_before() -> datetime:
    """The moment before which an unchanged MID counts as stale."""
    return timezone.now() - timedelta(days=settings.FOLLOW_UP_STALE_DAYS)


def _needs_reminding(cutoff) -> Q:
    return (
        Q(mid_status__isnull=True)
        | Q(mid_status=S.NOT_REPORTED)
        | Q(mid_status__in=CITY_TO_ACT, edition_mid__updated_at__lt=cutoff)
    )


def _in(edition: Edition, network: Network | None) -> MembershipQuerySet:
    rows = Membership.objects.in_edition(edition).with_mid()
    return rows.in_network(network) if network else rows


def waiting_for_review(edition: Edition, network: Network | None = None) -> MembershipQuerySet:
    """Members (per network) whose MID of the edition is handed in and waits for review,
    the oldest hand-in first, with `handed_in_on`, `days_waiting` and `mid_version`; one query."""
    return (
        _in(edition, network)
        .filter(mid_status=S.DRAFT)
        .annotate(
            handed_in_on=F("edition_mid__draft_handed_in_on"),
            days_waiting=DaysBetween(Value(timezone.localdate()), F("edition_mid__draft_handed_in_on")),
        )
        .order_by("handed_in_on", "member__name", "network__position")
    )


def to_remind(edition: Edition, network: Network | None = None) -> MembershipQuerySet:
    """Members (per network) whose editors have something to do on the edition's MID and
    have not done it, with `last_change`, `last_reminded_at`, `editor_count`; by network,
    then member. One query."""
    latest_reminder = Reminder.objects.filter(
        member=OuterRef("member_id"), edition=OuterRef("edition_id")
    ).order_by("-sent_at")
    editors = (
        Member.editors.through.objects.filter(member_id=OuterRef("member_id"))
        .values("member_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _in(edition, network)
        .filter(_needs_reminding(stale_before()))
        .annotate(
            last_change=F("edition_mid__updated_at"),
            last_reminded_at=Subquery(latest_reminder.values("sent_at")[:1]),
            editor_count=Coalesce(Subquery(editors), 0),
        )
        .order_by("network__position", "network__name", "member__name")
    )


def counts_by_network(edition: Edition) -> dict[int, dict[str, int]]:
    """{network id: {"waiting": …, "to_remind": …}} for the edition's networks; one query."""
    rows = (
        Membership.objects.in_edition(edition)
        .with_mid()
        .values("network")
        .annotate(
            waiting=Count("pk", filter=Q(mid_status=S.DRAFT)),
            to_remind=Count("pk", filter=_needs_reminding(stale_before())),
        )
        .order_by()
    )
    return {row["network"]: {"waiting": row["waiting"], "to_remind": row["to_remind"]} for row in rows}


@dataclass(frozen=True)
class Deadlines:
    """An edition's deadlines for handing in and for a complete MID, and who missed them."""

    hand_in: date | None
    completion: date | None

    @classmethod
    def of(cls, edition: Edition) -> "Deadlines":
        return cls(edition.hand_in_deadline, edition.completion_deadline)

    def __bool__(self) -> bool:
        return bool(self.hand_in or self.completion)

    def overdue(self, status: str | None, today: date | None = None) -> list[str]:
        """The deadlines a MID in `status` has missed, as labels; no query."""
        today = today or timezone.localdate()
        missed = []
        if self.hand_in and today > self.hand_in and status in (None, S.NOT_REPORTED, S.RETURNED):
            missed.append(_("hand-in overdue"))
        if self.completion and today > self.completion and status not in (S.COMPLETE, S.IMPLEMENTATION):
            missed.append(_("completion overdue"))
        return missed


def remind(member: Member, edition: Edition, user: AbstractBaseUser) -> Reminder:
    """Mail the member's editors a reminder about its MID of the edition, and log it.

    At most one per member and edition every REMINDER_INTERVAL_HOURS: raises
    ReminderRefused (sending nothing) when too soon, or when the member has no editor
    with an e-mail address. Two clicks at once queue on the member's row lock.
    """
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        last = Reminder.objects.filter(member=member, edition=edition).select_related("sent_by").first()
        next_allowed = last and last.sent_at + timedelta(hours=settings.REMINDER_INTERVAL_HOURS)
        if next_allowed and next_allowed > timezone.now():
            who = (last.sent_by.get_full_name() or last.sent_by.get_username()) if last.sent_by else "?"
            raise ReminderRefused(
                _(
                    "The editors of %(member)s were already reminded on %(when)s by %(who)s. "
                    "Nothing was sent; the next reminder is possible from %(next)s."
                )
                % {
                    "member": member.name,
                    "when": date_format(timezone.localtime(last.sent_at), "j E Y, H:i"),
                    "who": who,
                    "next": date_format(timezone.localtime(next_allowed), "j E Y, H:i"),
                }
            )
        editors = list(notifications.editors_to_mail(member))
        if not editors:
            raise ReminderRefused(
                _("%(member)s has no editor with an e-mail address: invite its coordinator first.")
                % {"member": member.name}
            )
        reminder = Reminder.objects.create(
            member=member, edition=edition, sent_by=user, recipient_count=len(editors)
        )
        notifications.notify(NotificationKind.REMINDER, member, edition, user, to=editors)
    logger.info(
        "Reminder %s about member %s, edition %s, by user %s to %d editors",
        reminder.pk,
        member.pk,
        edition.pk,
        user.pk,
        len(editors),
    )
    return reminder
