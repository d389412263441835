"""Throttles against guessing and flooding: failed logins (django-axes) and password-reset e-mails.

Both count per client address as well as per account, and neither tells whether an
account exists: every submitted user name and e-mail address is counted alike.
"""

import hashlib
import logging
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

HOUR = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's IP address. Behind the proxy (BEHIND_PROXY), the last address of
    X-Forwarded-For: the one the proxy appended; earlier ones the client may have made up."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


class LoginFailureHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits: AXES_FAILURE_LIMIT failures for one
    user name from one address lock that pair, AXES_ADDRESS_FAILURE_LIMIT failures with any
    user names lock the address (guessing across many accounts). Both for AXES_COOLOFF_TIME.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures scaled to AXES_FAILURE_LIMIT, which axes compares them with; two queries."""
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(by_username, by_address * limit // address_limit)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login forgives that user name's failures from that address only, not
        the address's failures with other names (one known account must not reset guessing)."""
        same_username, _ = self.filter_user_attempts(request, credentials)
        count, _ = same_username.delete()
        return count


def throttled(key: str, limit: int, window: int = HOUR) -> int:
    """Count one event under key unless `limit` happened in the last `window` seconds.

    Returns 0 when the event is allowed (and counted), else the seconds until it will be.
    A cache that is down lets everything through (logged): a throttle must not lock people out.
    """
    now = time.time()
    try:
        recent = [moment for moment in cache.get(key, []) if moment > now - window]
        if len(recent) >= limit:
            return max(1, math.ceil(recent[0] + window - now))
        cache.set(key, [*recent, now], window)
    except Exception:
        logger.warning("throttle unavailable: cache down", exc_info=True)
    return 0


_password_reset = auth_views.PasswordResetView.as_view()


def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's password reset, at most PASSWORD_RESET_MAX_PER_EMAIL links per e-mail address
    and PASSWORD_RESET_MAX_PER_ADDRESS requests per client address an hour (429 beyond)."""
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()
        wait = throttled(
            f"throttle:reset:address:{client_address(request)}", settings.PASSWORD_RESET_MAX_PER_ADDRESS
        )
        if not wait and email:
            digest = hashlib.sha256(email.encode()).hexdigest()[:32]  # no e-mail addresses in the cache
            wait = throttled(f"throttle:reset:email:{digest}", settings.PASSWORD_RESET_MAX_PER_EMAIL)
        if wait:
            return render(
                request,
                "registration/password_reset_throttled.html",
                {
                    "minutes": math.ceil(wait / 60),
                    "per_email": settings.PASSWORD_RESET_MAX_PER_EMAIL,
                    "per_address": settings.PASSWORD_RESET_MAX_PER_ADDRESS,
                },
                status=429,
            )
    return _password_reset(request)
