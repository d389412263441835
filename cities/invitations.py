"""Inviting a city's coordinator by e-mail instead of making their account by hand.

Ministry staff (or an admin) invite a name and an e-mail address to edit one or more
members. The mail carries a link with a random token; the database keeps only the
token's hash. The link works once, until it expires (INVITATION_VALID_DAYS); resending
makes a new link (the old one stops working); withdrawing stops it at once. Accepting
sets a password and makes the account, an editor of the invited members, in one
transaction. The mail goes out after the commit; a failed mail is logged and shown, and
the invitation waits to be resent.
"""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cities.models import Member
from cities.workflow_models import Invitation
from pim import data_version

logger = logging.getLogger(__name__)


class InvitationError(ValueError):
    """An invitation that cannot be made, sent, withdrawn or accepted; the message says why."""


def token_hash(token: str) -> str:
    """What the database keeps of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(invitation: Invitation) -> str:
    """Give the invitation a fresh token and expiry; returns the token (kept nowhere else)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    return token


def _display(user: AbstractBaseUser | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def check_address(email: str) -> None:
    """Refuse an address that already has an account or an open invitation; two queries."""
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is None:
        existing = get_user_model().objects.filter(username__iexact=email).first()
    if existing is not None:
        raise InvitationError(
            _(
                "An account with the e-mail %(email)s already exists (login “%(login)s”). "
                "Nothing was sent: an admin can add that account to the member's editors."
            )
            % {"email": email, "login": existing.get_username()}
        )
    pending = Invitation.objects.pending().filter(email__iexact=email).first()
    if pending is not None:
        raise InvitationError(
            _(
                "%(email)s was already invited on %(date)s and has not accepted yet. "
                "Resend or withdraw that invitation instead."
            )
            % {"email": email, "date": date_format(timezone.localtime(pending.created_at), "j E Y")}
        )


def _send(invitation: Invitation, token: str) -> None:
    """Mail the invitation link; marks `invitation.mail_sent` and `sent_at`. Logs a failure."""
    members = list(invitation.members.order_by("name").values_list("name", flat=True))
    context = {
        "invitation": invitation,
        "members": members,
        "invited_by": _display(invitation.invited_by),
        "link": settings.SITE_URL + reverse("cities:invitation-accept", args=[token]),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("cities/mail/invitation_subject.txt", context).split())
        body = render_to_string("cities/mail/invitation.txt", context).strip()
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # any backend failure: the invitation stays, to be resent
        logger.warning("Invitation %s could not be mailed", invitation.pk, exc_info=True)
        invitation.mail_sent = False
        return
    invitation.sent_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.sent_at)
    invitation.mail_sent = True


def invite(name: str, email: str, members: Iterable[Member], invited_by: AbstractBaseUser) -> Invitation:
    """Record an invitation to edit `members`, then mail its link; raises InvitationError
    (writing nothing, sending nothing) for a known address. `mail_sent` on the result says
    whether the mail went out, so the caller can say so at once.

    The mail is sent after the transaction that records the invitation (views run
    outside transactions, so that is after the commit): no mail points at an
    invitation that a rollback undid."""
    email = email.strip()
    invitation = Invitation(name=name.strip(), email=email, invited_by=invited_by)
    token = _new_link(invitation)
    try:
        with transaction.atomic():
            check_address(email)
            invitation.save()
            invitation.members.set(members)
    except IntegrityError as error:  # the same address invited at the same moment
        raise InvitationError(
            _("%(email)s was invited a moment ago by someone else.") % {"email": email}
        ) from error
    _send(invitation, token)
    return invitation


def _pending_for_update(invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.accepted_at:
        raise InvitationError(
            _("%(email)s already accepted this invitation on %(date)s.")
            % {
                "email": invitation.email,
                "date": date_format(timezone.localtime(invitation.accepted_at), "j E Y"),
            }
        )
    if invitation.withdrawn_at:
        raise InvitationError(_("This invitation was withdrawn; invite the person again if needed."))
    return invitation


def resend(invitation_id: int) -> Invitation:
    """A new link (the old stops working) with a new expiry, mailed after the transaction;
    `mail_sent` on the result says whether it went out."""
    with transaction.atomic():
        invitation = _pending_for_update(invitation_id)
        token = _new_link(invitation)
        invitation.save(update_fields=["token_hash", "expires_at"])
    _send(invitation, token)
    return invitation


def withdraw(invitation_id: int) -> Invitation:
    """Stop a pending invitation: its link no longer works."""
    with transaction.atomic():
        invitation = _pending_for_update(invitation_id)
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


def _usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationError(
            _(
                "This invitation link is not valid. Check that the whole link was copied from the "
                "e-mail; a link that was sent again replaces the earlier one."
            )
        )
    if invitation.accepted_at:
        raise InvitationError(
            _(
                "This invitation link was already used on %(date)s. Log in with the password set "
                "then; if it is lost, reset it from the login page."
            )
            % {"date": date_format(timezone.localtime(invitation.accepted_at), "j E Y")}
        )
    if invitation.withdrawn_at:
        raise InvitationError(_("This invitation was withdrawn. Ask the ministry for a new one if needed."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation link expired on %(date)s. Ask the ministry to send it again.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "j E Y, H:i")}
        )
    return invitation


def find(token: str) -> Invitation:
    """The pending, unexpired invitation of this link, or InvitationError saying what is
    wrong with the link; one query."""
    return _usable(
        Invitation.objects.filter(token_hash=token_hash(token)).prefetch_related("members").first()
    )


def accept(token: str, password: str) -> AbstractBaseUser:
    """Make the invitee's account (login: the e-mail address) with this password, an
    editor of the invited members, and use up the link; all or nothing. The password
    must have passed the validators (the form checks them)."""
    with transaction.atomic():
        invitation = _usable(
            Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        )
        users = get_user_model().objects
        if (
            users.filter(username__iexact=invitation.email).exists()
            or users.filter(email__iexact=invitation.email).exists()
        ):
            raise InvitationError(
                _("An account with the e-mail %(email)s already exists: log in with it.")
                % {"email": invitation.email}
            )
        first_name, _space, last_name = invitation.name.rpartition(" ")
        user = users.create_user(
            invitation.email.lower(),
            invitation.email,
            password,
            first_name=(first_name or last_name)[:150],
            last_name=(last_name if first_name else "")[:150],
        )
        user.edited_members.add(*invitation.members.all())
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
    logger.info("Invitation %s accepted by the new user %s", invitation.pk, user.pk)
    return user


def coordinators_context(user: AbstractBaseUser, member: Member) -> dict:
    """For ministry staff and admins: the member's coordinators (its editors, with their
    e-mails) and pending invitations, for the member card; for anyone else nothing.
    Two queries for staff once per data version, none otherwise."""
    if not user.has_perm("cities.view_coordinators"):
        return {}
    coordinators, pending = _coordinators(member)
    return {
        "coordinators": coordinators,
        "pending_invitations": pending,
        "can_invite": user.has_perm("cities.invite_coordinator"),
    }


def _coordinators(member: Member) -> tuple[list, list[Invitation]]:
    """The member's editors and pending invitations; two queries once per data version, then
    from the cache (never shown to anyone the caller has not checked may see them)."""
    key = f"pim:coordinators:{data_version.current()}:{member.pk}"
    try:
        found = cache.get(key)
    except Exception:  # a cache that is down costs the two queries, not the page
        logger.warning("cache unavailable", exc_info=True)
        found = key = None
    if found is not None:
        return found
    found = (
        # Only what the card shows: no password hash goes into the cache.
        list(
            member.editors.only("username", "first_name", "last_name", "email").order_by(
                "last_name", "first_name", "username"
            )
        ),
        list(member.invitations.pending().defer("token_hash").order_by("-created_at")),
    )
    if key:
        try:
            cache.set(key, found, 60 * 60)
        except Exception:
            logger.warning("cache unavailable", exc_info=True)
    return found
