"""Downloads kept in the shared cache until the data change.

An export of a whole national edition takes tens of milliseconds of the database and of a
worker; when many ask for the same file at once (a link sent round the ministry, a
dashboard refreshed after an import), each would build it anew. A download is the same for
everyone who may have it (the view says what it varies on), so it is kept under the
release and the data version (pim/data_version.py: any write by any path makes a new one)
and built once: those who ask while it is being built wait for it (pim/fragments.py
render_once). A file larger than MAX_BYTES is streamed and not kept.
"""

import hashlib
import logging
from collections.abc import Callable, Iterator

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from pim import data_version, release
from pim.fragments import render_once

logger = logging.getLogger(__name__)

MAX_BYTES = 4 * 1024 * 1024
TIMEOUT = 60 * 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def cached_download(
    request: HttpRequest, make_response: Callable[[], HttpResponse], vary: tuple = ()
) -> HttpResponse:
    """The response make_response() gives for this address, from the cache when it was made
    for the current data; `vary`: whatever the file holds differently by role."""
    varied = ",".join(str(value) for value in vary)
    address = f"{request.get_full_path()}|{get_language()}|{varied}"
    key = (
        f"pim:download:{release.current()}:{data_version.current()}:"
        f"{hashlib.sha256(address.encode()).hexdigest()[:32]}"
    )
    lock = f"{key}:building"
    holds_lock = False
    try:
        kept = cache.get(key)
        if kept is None:
            holds_lock, found = render_once(lock, [key])
            kept = found.get(key)
    except Exception:  # a cache that is down costs speed, not the file
        logger.warning("download cache unavailable", exc_info=True)
        kept, key = None, None
    if kept is not None:
        content, headers = kept
        return HttpResponse(content, headers=headers)
    response = make_response()
    if key is None or response.status_code != 200:
        return response
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    if response.streaming:
        response.streaming_content = _keeping(response.streaming_content, key, headers, lock, holds_lock)
    else:
        _keep(key, response.content, headers, lock, holds_lock)
    return response


def _keeping(chunks, key: str, headers: dict, lock: str, holds_lock: bool) -> Iterator[bytes]:
    """The chunks as they are sent; the whole file kept once the last is sent (never a part:
    a download cut short by an error is not kept)."""
    sent, size = [], 0
    for chunk in chunks:
        if size <= MAX_BYTES:
            sent.append(chunk)
            size += len(chunk)
        yield chunk
    _keep(key, b"".join(sent) if size <= MAX_BYTES else None, headers, lock, holds_lock)


def _keep(key: str, content: bytes | None, headers: dict, lock: str, holds_lock: bool) -> None:
    try:
        if content is not None and len(content) <= MAX_BYTES:
            cache.set(key, (content, headers), TIMEOUT)
        if holds_lock:
            cache.delete(lock)  # those waiting take the file, or build it when it is too big
    except Exception:
        logger.warning("download cache unavailable", exc_info=True)
