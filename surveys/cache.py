"""Survey aggregates in the shared cache, keyed on the data version (pim/data_version.py).

Every cached result names the data version it was computed for; PostgreSQL changes the
version with every write, by any path, so every process (and every app server sharing
the cache) stops using old figures at once; old entries simply expire.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.translation import get_language

from pim import data_version, release
from pim.fragments import render_once

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60
# How long others wait for the request computing figures before computing them themselves.
LOCK_SECONDS = 10


def cached(survey_id: int, part: str, parameters: dict, compute):
    """compute() once per data version, survey, part, parameters and language; then from the cache.

    When many requests find the figures missing at once (just after a write), one computes
    them and the others wait for its result instead of all running the same aggregates.
    """
    digest = hashlib.sha256(repr(sorted(parameters.items())).encode()).hexdigest()[:16]
    key = f"survey:{survey_id}:{release.current()}:v{data_version.current()}:{part}:{get_language()}:{digest}"
    try:
        value = cache.get(key)
    except Exception:  # a cache that is down costs speed, not the page (/readyz says so)
        logger.warning("survey cache unavailable", exc_info=True)
        return compute()
    if value is not None:
        return value
    lock = key + ":computing"
    holds_lock, found = render_once(lock, [key], lock_seconds=LOCK_SECONDS, wait_seconds=LOCK_SECONDS)
    if key in found:
        return found[key]
    try:
        value = compute()
        cache.set(key, value, TIMEOUT)
    finally:
        if holds_lock:
            cache.delete(lock)
    return value
