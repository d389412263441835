"""Whole public pages cached for visitors who are not logged in, dropped on every write.

A results site is read far more than written. A visitor's GET of a public page is
answered from the shared cache when the same page (address and language) was rendered
since the last write; any save or delete of the product's data raises one data version
(signals below), which makes every cached page stale at once, in every app process.
Logged-in users, forms that carry a CSRF token, admin pages and downloads are never
cached.
"""

import hashlib
import logging

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

DATA_VERSION_KEY = "pim:data-version"
TIMEOUT = 60 * 60
PRODUCT_APPS = {"networks", "cities", "surveys", "auth"}
NEVER_CACHED_PREFIXES = ("/admin", "/konto", "/i18n", "/jezyk", "/healthz", "/readyz", "/static", "/media")


def data_version() -> int:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(DATA_VERSION_KEY, version, None)
    return version


def data_changed(**kwargs) -> None:
    """Make every cached page stale: the data behind them changed."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:
        cache.add(DATA_VERSION_KEY, 2, None)
    except Exception:  # cache down: pages cannot be served from it either, nothing goes stale
        logger.warning("page cache unavailable", exc_info=True)


def connect_signals() -> None:
    for model in apps.get_models():
        if model._meta.app_label in PRODUCT_APPS:
            post_save.connect(data_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(
                data_changed, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}"
            )
    m2m_changed.connect(data_changed, dispatch_uid="page-cache-m2m")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            key = self._key(request)
            cached = cache.get(key) if key else None
        except Exception:  # a cache that is down must not take the site with it (/readyz says so)
            logger.warning("page cache unavailable", exc_info=True)
            key = cached = None
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
        return f"pim:page:{data_version()}:{get_language()}:{address}"

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
