"""Survey aggregates cached in the shared cache, invalidated on every write that changes them.

Each survey has a version number in the cache; every cached result names the version
it was computed for. A write to the survey's responses, answers, questions or choices
raises the version, so every process (and every app server sharing the cache) stops
using the old figures at once; old entries simply expire.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60
# How long others wait for the request computing figures before computing them themselves.
LOCK_SECONDS = 10


def _version_key(survey_id: int) -> str:
    return f"survey-version:{survey_id}"


def survey_version(survey_id: int) -> int:
    version = cache.get(_version_key(survey_id))
    if version is None:
        version = 1
        cache.add(_version_key(survey_id), version, None)
    return version


def invalidate(survey_id: int) -> None:
    """Make every cached aggregate of the survey stale (a write changed its figures)."""
    try:
        cache.incr(_version_key(survey_id))
    except ValueError:  # no version yet: nothing cached can be stale
        cache.add(_version_key(survey_id), 2, None)
    except Exception:
        logger.warning("survey cache unavailable", exc_info=True)


def cached(survey_id: int, part: str, parameters: dict, compute):
    """compute() once per survey version, part, parameters and language; then from the cache.

    When many requests find the figures missing at once (just after a write), one computes
    them and the others wait for its result instead of all running the same aggregates.
    """
    digest = hashlib.sha256(repr(sorted(parameters.items())).encode()).hexdigest()[:16]
    try:
        key = f"survey:{survey_id}:v{survey_version(survey_id)}:{part}:{get_language()}:{digest}"
        value = cache.get(key)
    except Exception:  # a cache that is down costs speed, not the page (/readyz says so)
        logger.warning("survey cache unavailable", exc_info=True)
        return compute()
    if value is not None:
        return value
    lock = key + ":computing"
    if not cache.add(lock, 1, LOCK_SECONDS):
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(key, value, TIMEOUT)
    finally:
        cache.delete(lock)
    return value
