"""Gzip for public pages only.

Compressing a response that holds a secret next to text an attacker can put into the
same response (a search term, a filter value) lets the attacker guess the secret from
the compressed size (BREACH). So only responses that carry no secret are compressed:
none for a signed-in user (their pages may hold internal notes, e-mail addresses, the
session's CSRF token) and none that holds a CSRF token or sets a cookie (the login and
password forms). Public pages, the bulk of the traffic, are compressed (about a fifth of
their size). Static files are compressed ahead of time by WhiteNoise. Behind a proxy that
compresses by itself, the same rule must hold there: see README, "Compression".
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware


def may_carry_secret(request: HttpRequest, response: HttpResponse) -> bool:
    """True for a response that may hold a secret of the visitor's: never compressed."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
    )


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its own BREACH padding), for responses without secrets."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if may_carry_secret(request, response):
            return response
        return super().process_response(request, response)
