"""Whole public pages cached for visitors who are not logged in, keyed on the data version.

A results site is read far more than written. A visitor's GET of a public page is
answered from the shared cache when the same page (address and language) was rendered
for the current data version (pim/data_version.py), which PostgreSQL changes with every
write by any path; a page cached under an older version is never served again, in any
app process. Logged-in users, forms that carry a CSRF token, admin pages and downloads
are never cached, and a request that says `Cache-Control: no-cache` (a hard reload) is
rendered afresh.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.translation import get_language

from pim import data_version, release

logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60
# The API keeps its own cache of anonymous answers (pim/api_http.py), with ETags.
NEVER_CACHED_PREFIXES = (
    "/admin",
    "/konto",
    "/i18n",
    "/jezyk",
    "/healthz",
    "/readyz",
    "/static",
    "/media",
    "/api",
)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)  # reads the data version: a database that is down is a 503 here
        cached = None
        if key and "no-cache" not in request.headers.get("Cache-Control", ""):
            try:
                cached = cache.get(key)
            except Exception:  # a cache that is down must not take the site with it (/readyz says so)
                logger.warning("page cache unavailable", exc_info=True)
                key = None
        if cached is not None:
            return cached
        response = self.get_response(request)
        if key and self._cacheable(request, response):
            try:
                cache.set(key, response, TIMEOUT)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    @staticmethod
    def _key(request) -> str | None:
        if request.method not in ("GET", "HEAD") or request.path.startswith(NEVER_CACHED_PREFIXES):
            return None
        if request.COOKIES.get("sessionid") or request.user.is_authenticated:
            return None
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"pim:page:{release.current()}:{data_version.current()}:{get_language()}:{address}"

    @staticmethod
    def _cacheable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            # A page that showed messages, or carries a CSRF token, belongs to one visitor.
            and not getattr(request, "_messages", None)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
