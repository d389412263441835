"""Invitations of city coordinators: made, resent and withdrawn by ministry staff from the
member's page; accepted by the invitee through the link in the e-mail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cities import invitations
from cities.forms import AcceptInvitationForm, InviteForm
from cities.models import Invitation, Member


def _require_inviter(request: HttpRequest) -> None:
    if not request.user.has_perm("cities.invite_coordinator"):
        raise PermissionDenied(_("Only ministry staff and admins invite coordinators."))


def _report_mail(request: HttpRequest, invitation: Invitation, sent: str) -> None:
    if getattr(invitation, "mail_sent", None) is False:
        messages.error(
            request,
            _(
                "The invitation for %(email)s is saved, but the e-mail could not be sent. "
                "Try “Resend” later; the mail server's error is in the log."
            )
            % {"email": invitation.email},
        )
    else:
        messages.success(request, sent % {"email": invitation.email})


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite a coordinator of this member (and possibly of others) by e-mail."""
    _require_inviter(request)
    member = get_object_or_404(Member, slug=slug)
    form = InviteForm(request.POST or None, initial={"members": [member]})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(
                form.cleaned_data["name"],
                form.cleaned_data["email"],
                form.cleaned_data["members"],
                request.user,
            )
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
        else:
            _report_mail(request, invitation, _("The invitation is on its way to %(email)s."))
            return redirect(f"{member.get_absolute_url()}#coordinators-heading")
    return render(
        request,
        "cities/invite.html",
        {"member": member, "form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


def _pending_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    _require_inviter(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    member = invitation.members.order_by("name").first()
    try:
        invitation = action(invitation.pk)
    except invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        _report_mail(request, invitation, done)
    target = member.get_absolute_url() if member else "/"
    return redirect(f"{target}#coordinators-heading")


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    """A new link with a new expiry (the old link stops working)."""
    return _pending_action(request, pk, invitations.resend, _("The invitation is sent again to %(email)s."))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The link stops working."""
    return _pending_action(
        request,
        pk,
        invitations.withdraw,
        _("The invitation for %(email)s is withdrawn; its link no longer works."),
    )


# The link's token is moved from the address into the session before the form is shown,
# so no later request (a Referer, a log line) carries it; as Django's password reset does.
TOKEN_SESSION_KEY = "_invitation_token"
SET_PASSWORD = "ustaw-haslo"


def _invalid(request: HttpRequest, token: str, error: invitations.InvitationError) -> HttpResponse:
    # 410 for a link that existed (used up, expired, withdrawn), 404 for one that never did.
    gone = Invitation.objects.filter(token_hash=invitations.token_hash(token)).exists()
    return render(request, "cities/invitation_invalid.html", {"error": error}, status=410 if gone else 404)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee opens the link and sets a password: the account is made and logged in.
    A bad link (unknown, used, expired, withdrawn) is explained and changes nothing."""
    if token != SET_PASSWORD:
        try:
            invitations.find(token)
        except invitations.InvitationError as error:
            return _invalid(request, token, error)
        request.session[TOKEN_SESSION_KEY] = token
        return redirect("cities:invitation-accept", SET_PASSWORD)
    token = request.session.get(TOKEN_SESSION_KEY, "")
    try:
        invitation = invitations.find(token)
    except invitations.InvitationError as error:
        return _invalid(request, token, error)
    form = AcceptInvitationForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(token, form.cleaned_data["new_password1"])
        except invitations.InvitationError as error:
            return _invalid(request, token, error)
        request.session.pop(TOKEN_SESSION_KEY, None)
        login(request, user, backend="pim.auth.RoleModelBackend")
        messages.success(
            request,
            _("Welcome! Your account is ready; your login is %(login)s.") % {"login": user.get_username()},
        )
        return redirect("cities:landing")
    return render(
        request,
        "cities/invitation_accept.html",
        {"invitation": invitation, "form": form, "login_name": invitation.email.lower()},
    )
