"""Records of the MID workflow around the MID itself: invitations of city coordinators,
the outbox of notification mails, users' mail preferences and reminders sent.

Imported by cities/models.py, so Django sees these models as the cities app's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import Member
from networks.models import Edition


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        """Neither accepted nor withdrawn (an expired one is still pending: it can be resent)."""
        return self.filter(accepted_at=None, withdrawn_at=None)


class Invitation(models.Model):
    """An e-mailed invitation for a city's coordinator to become an editor of members.

    Only a hash of the link's token is kept: the link itself exists in the mail alone.
    Resending makes a new token and a new expiry, so an older link stops working.
    """

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    members = models.ManyToManyField(Member, verbose_name=_("members"), related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address: a second one would leave two valid links.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at=None, withdrawn_at=None),
                name="invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at=None) | Q(withdrawn_at=None),
                name="invitation_accepted_or_withdrawn_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None

    @property
    def is_expired(self) -> bool:
        return self.is_pending and self.expires_at <= timezone.now()


class NotificationKind(models.TextChoices):
    HANDED_IN = "handed-in", _("MID handed in for review")
    ACCEPTED = "accepted", _("MID accepted as complete")
    RETURNED = "returned", _("MID returned for changes")
    REMINDER = "reminder", _("Reminder to update the MID")


class NotificationQuerySet(models.QuerySet):
    def unsent(self) -> "NotificationQuerySet":
        return self.filter(sent_at=None)

    def for_mail(self) -> "NotificationQuerySet":
        return self.select_related("recipient", "member", "edition", "actor").order_by(
            "recipient_id", "created_at", "pk"
        )


class Notification(models.Model):
    """One mail owed to one user about a MID: the outbox.

    Written in the same transaction as the step it reports, so the step and the promise
    to tell people about it commit together; sent after the commit (at once, or in the
    recipient's daily digest). `sent_at` stays empty until a mail carrying it went out,
    so a failed send is retried by `manage.py send_digests`.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The outbox: unsent notifications, read by the digest and by each delivery.
            models.Index(
                fields=["recipient", "created_at"], condition=Q(sent_at=None), name="notification_outbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member} → {self.recipient}"


class MailPreference(models.Model):
    """How a user wants the workflow's mails: each at once (no row) or one digest a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    daily_digest = models.BooleanField(
        _("one digest a day"),
        default=False,
        help_text=_("Collect the day's notifications in one e-mail instead of one e-mail each."),
    )

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return str(self.user)


class Reminder(models.Model):
    """A reminder ministry staff sent to a member's editors about its MID of an edition; the log."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="reminders"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipient_count = models.PositiveSmallIntegerField(_("recipients"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            # The follow-up page's "last reminded" and the rate limit: latest per member and edition.
            models.Index(fields=["member", "edition", "-sent_at"], name="reminder_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.edition}) {self.sent_at:%Y-%m-%d %H:%M}"
