"""The mails the MID workflow owes people, kept in an outbox and sent after the commit.

How a mail can never cost a status change, nor be lost:

1. A step (cities/workflow.py) writes one Notification row per recipient in its own
   transaction: the status change and the promise to tell people commit together, or
   neither does.
2. After the commit (`transaction.on_commit`) the rows of recipients who want each mail
   at once are sent, each as its own mail. A row is marked sent only once its mail went
   out; when the mail server fails, the failure is logged and the row stays in the
   outbox with its error. The request that took the step has already committed it.
3. `manage.py send_digests` (cron, daily) sends every row still unsent, one mail per
   recipient: the day's digest for those who chose one, and a retry of the failed mails
   for the others. `--failed-only` retries only those, and can run more often.

Rows are locked while they are sent (SELECT … FOR UPDATE SKIP LOCKED), so the digest
and a delivery after commit never send the same row twice. A process that dies between
the mail server's acceptance and the commit may send a mail twice, never zero times.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from itertools import groupby

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cities.models import Member
from cities.workflow_models import MailPreference, Notification, NotificationKind
from networks.models import Edition
from networks.roles import ministry_staff_users

logger = logging.getLogger(__name__)

# A row younger than this is still being delivered after its commit: the retry leaves it alone.
DELIVERY_GRACE = timedelta(minutes=10)


def editors_to_mail(member: Member) -> QuerySet:
    """The member's active editors who have an e-mail address (lazy)."""
    return member.editors.filter(is_active=True).exclude(email="")


def recipients(kind: str, member: Member) -> QuerySet:
    """Whom a notification of this kind goes to: reviewers for a hand-in, the member's
    editors for a review's outcome or a reminder (lazy)."""
    if kind == NotificationKind.HANDED_IN:
        return ministry_staff_users()
    return editors_to_mail(member)


def notify(
    kind: str,
    member: Member,
    edition: Edition,
    actor: AbstractBaseUser | None,
    comment: str = "",
    to: Iterable[AbstractBaseUser] | None = None,
) -> list[Notification]:
    """Queue a notification for each recipient in the caller's transaction, and send the
    immediate ones after it commits. Three queries, whatever the number of recipients."""
    users = list(recipients(kind, member) if to is None else to)
    if not users:
        return []
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, member=member, edition=edition, actor=actor, comment=comment)
        for user in users
    )
    digest = set(
        MailPreference.objects.filter(user__in=users, daily_digest=True).values_list("user_id", flat=True)
    )
    immediate = [row.pk for row in rows if row.recipient_id not in digest]
    if immediate:
        transaction.on_commit(partial(deliver, immediate))
    return rows


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _render(template: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context).strip()


def _entry(notification: Notification) -> dict:
    member, edition = notification.member, notification.edition
    if notification.kind == NotificationKind.HANDED_IN:
        link = _link("cities:mid-review", member.slug, edition.slug)
    else:
        link = _link("cities:mid-edit", member.slug, edition.slug)
    actor = notification.actor
    return {
        "notification": notification,
        "kind": notification.kind,
        "member": member.name,
        "edition": edition.name,
        "actor": (actor.get_full_name() or actor.get_username()) if actor else "",
        "comment": notification.comment,
        "link": link,
    }


def _message(recipient: AbstractBaseUser, notifications: list[Notification], connection) -> EmailMessage:
    entries = [_entry(notification) for notification in notifications]
    context = {
        "recipient": recipient.get_full_name() or recipient.get_username(),
        "entries": entries,
        "entry": entries[0],
        "settings_link": _link("cities:mail-preference"),
    }
    template = "cities/mail/notification" if len(entries) == 1 else "cities/mail/digest"
    subject = " ".join(_render(f"{template}_subject.txt", context).split())
    body = _render(f"{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email], connection=connection)


def _send(rows: list[Notification], one_mail_each: bool) -> tuple[int, int]:
    """Send the rows (ordered by recipient), one mail each or one per recipient, marking
    what went out and logging what did not; returns (mails sent, mails failed). One query
    for the sent rows, one per failed mail, plus the mails."""
    if one_mail_each:
        batches = [[row] for row in rows]
    else:
        batches = [list(group) for _, group in groupby(rows, key=lambda row: row.recipient_id)]
    connection = get_connection(fail_silently=False)
    sent: list[int] = []
    mails = failures = 0
    for batch in batches:
        recipient = batch[0].recipient
        try:
            _message(recipient, batch, connection).send()
        except Exception as error:  # any backend failure: the rows stay in the outbox
            logger.warning(
                "Mail to user %s failed; kept in the outbox for the retry", recipient.pk, exc_info=True
            )
            failures += 1
            Notification.objects.filter(pk__in=[row.pk for row in batch]).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:300]
            )
        else:
            mails += 1
            sent.extend(row.pk for row in batch)
    if sent:
        Notification.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return mails, failures


def _locked(rows: QuerySet) -> list[Notification]:
    return list(rows.unsent().for_mail().select_for_update(skip_locked=True, of=("self",)))


def deliver(notification_ids: list[int]) -> tuple[int, int]:
    """Send these notifications now, each as its own mail (run after the step's commit);
    returns (mails sent, mails failed). A failure is logged and never raised: the step
    it reports is committed already."""
    try:
        with transaction.atomic():
            return _send(_locked(Notification.objects.filter(pk__in=notification_ids)), one_mail_each=True)
    except Exception:  # e.g. the database went away: the rows are still in the outbox
        logger.exception("Notifications %s were not delivered; kept for the retry", notification_ids)
        return 0, len(notification_ids)


def send_outbox(failed_only: bool = False) -> tuple[int, int]:
    """Send every unsent notification, one mail per recipient (the daily digest, and the
    retry of failed mails); with `failed_only`, only the failed or stuck mails of those who
    want mails at once. Returns (mails sent, mails failed); a few queries plus the mails."""
    rows = Notification.objects.all()
    if failed_only:
        digest_users = MailPreference.objects.filter(daily_digest=True).values("user_id")
        rows = rows.exclude(recipient__in=digest_users).filter(created_at__lt=timezone.now() - DELIVERY_GRACE)
    with transaction.atomic():
        return _send(_locked(rows), one_mail_each=False)


def set_daily_digest(user: AbstractBaseUser, daily_digest: bool) -> None:
    """Store the user's choice between mails at once and one daily digest; one query."""
    MailPreference.objects.update_or_create(user=user, defaults={"daily_digest": daily_digest})


def wants_daily_digest(user: AbstractBaseUser) -> bool:
    """One query."""
    return MailPreference.objects.filter(user=user, daily_digest=True).exists()
