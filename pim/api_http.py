"""How the open-data API behaves over HTTP, whatever the collection.

- ETag and Last-Modified come from the data version (`data_state()`), so a client's
  conditional GET is answered 304 before any query of the data runs.
- Anonymous answers are public (`Cache-Control: public, max-age`), kept in the shared
  cache under the data version, and open to every origin for reading (CORS without
  credentials, so a browser never sends a session cookie cross-site); signed-in staff
  get `private, no-store` answers that may hold non-public fields.
- Bad input is a 4xx JSON error naming what is wrong: unknown parameters, NUL bytes,
  invalid filter values, page sizes above the maximum; too many anonymous requests 429.
"""

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pim import data_version, release
from pim.fragments import render_once

logger = logging.getLogger(__name__)

PAGINATION_PARAMETERS = ("page", "page_size")
# Answers larger than this are not kept in the shared cache (big downloads are rare).
CACHED_ANSWER_MAX_BYTES = 1024 * 1024
CACHE_TIMEOUT = 60 * 60
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Content-Disposition",
}


def data_state() -> tuple[str, datetime] | None:
    """(version, time it was published) of the site's data: the one place the API reads the
    data version, which PostgreSQL keeps (pim.data_version), so the ETag and Last-Modified
    change with any write by any path. None when the database cannot say (then the API
    answers without conditional headers). One query, shared with the rest of the request.
    """
    try:
        return str(data_version.current()), data_version.last_modified()
    except DatabaseError:
        logger.warning("data version unavailable: API answers without ETag", exc_info=True)
        return None


class _Answered(Exception):
    """Carries an answer found before the view ran (304, or the shared cache's copy)."""

    def __init__(self, response: HttpResponse):
        self.response = response


def _hostile(value: str) -> bool:
    return "\x00" in value


class OpenDataViewSet(viewsets.GenericViewSet):
    """A read-only collection of the open-data API (list and/or retrieve in subclasses).

    Subclasses name their `download_name` (file name of the CSV/XLSX downloads) and may
    offer extra parameters in `extra_parameters`.
    """

    download_name = "data"
    extra_parameters: tuple[str, ...] = ()

    # --- the request ---------------------------------------------------------------------

    def allowed_parameters(self) -> set[str]:
        allowed = {"format", *self.extra_parameters}
        if self.action == "list":
            allowed.update(PAGINATION_PARAMETERS)
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed.update(filterset_class.base_filters)
        return allowed

    def check_parameters(self, request) -> None:
        """400 for a NUL byte anywhere in the query, or a parameter the endpoint does not know."""
        for name, values in request.query_params.lists():
            if _hostile(name) or any(_hostile(value) for value in values):
                raise exceptions.ValidationError(
                    {name.replace("\x00", "\\x00"): [_("The value contains a NUL byte.")]}
                )
        unknown = sorted(set(request.query_params) - self.allowed_parameters())
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        _("Unknown parameter. This endpoint knows: %(known)s.")
                        % {"known": ", ".join(sorted(self.allowed_parameters()))}
                    ]
                    for name in unknown
                }
            )

    def initial(self, request, *args, **kwargs):
        self.public = not request.user.is_authenticated
        self.answer_key = self.rendering_lock = None
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling
        self.check_parameters(request)
        state = data_state() if self.public and request.method in ("GET", "HEAD") else None
        if state is None:
            return
        version, since = state
        address = "|".join(
            [release.current(), version, get_language(), request.accepted_media_type, request.get_full_path()]
        )
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        self.etag, self.last_modified = f'W/"{digest}"', since
        self.answer_key = f"pim:api:answer:{digest}"
        not_modified = get_conditional_response(
            request._request, etag=self.etag, last_modified=int(since.timestamp())
        )
        if not_modified is not None:
            raise _Answered(not_modified)
        try:
            kept = cache.get(self.answer_key)
        except Exception:
            logger.warning("cache unavailable", exc_info=True)
            kept = None
        if kept is None:
            # Just after a write many ask at once: one renders the answer, the others wait for it.
            self.rendering_lock = f"{self.answer_key}:rendering"
            holds_lock, found = render_once(self.rendering_lock, [self.answer_key])
            kept = found.get(self.answer_key)
            if not holds_lock:
                self.rendering_lock = None
        if kept is not None:
            content, headers = kept
            raise _Answered(HttpResponse(content, headers=headers))

    # --- the answer ------------------------------------------------------------------------

    def handle_exception(self, exc):
        if isinstance(exc, _Answered):
            return exc.response
        # Errors are JSON whatever format was asked for: a CSV of an error helps nobody.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        patch_vary_headers(response, ("Cookie", "Accept"))
        if not getattr(self, "public", True):
            response["Cache-Control"] = "private, no-store"
        elif getattr(self, "answer_key", None) is not None and response.status_code in (200, 304):
            response["ETag"] = self.etag
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
            if response.status_code == 200 and isinstance(response, Response):
                response.add_post_render_callback(self._keep)
        else:
            response["Cache-Control"] = "no-cache"
        return response

    def _keep(self, response) -> None:
        """Keep a rendered anonymous answer in the shared cache until the data changes, and
        let those waiting for it (render_once) take it."""
        headers = {
            name: response[name]
            for name in ("Content-Type", "Content-Disposition", "Content-Language")
            if name in response
        }
        try:
            if len(response.content) <= CACHED_ANSWER_MAX_BYTES:
                cache.set(self.answer_key, (response.content, headers), CACHE_TIMEOUT)
            if self.rendering_lock:
                cache.delete(self.rendering_lock)
        except Exception:
            logger.warning("cache unavailable", exc_info=True)

    def options(self, request, *args, **kwargs):
        """A CORS preflight: reading (with conditional headers) is allowed from any origin."""
        return Response(
            status=204,
            headers={
                "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
                "Access-Control-Max-Age": "86400",
            },
        )

    # --- downloads -------------------------------------------------------------------------

    def paginate_queryset(self, queryset):
        """Downloads (CSV, XLSX) hold every filtered row; JSON comes in pages."""
        if getattr(self.request.accepted_renderer, "format", "json") in ("csv", "xlsx"):
            return None
        return super().paginate_queryset(queryset)


ERROR_STATUSES = {
    "400": "Bad input: an unknown parameter, an invalid value, a NUL byte, a page size above the maximum.",
    "403": "Not allowed: this data is for signed-in ministry staff only.",
    "404": "No such object, or no such page.",
    "406": "None of the formats the client accepts can be given.",
    "429": "Too many requests from this address; the Retry-After header says when to try again.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: the JSON error answers and 304 of every operation in the schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "detail": {
                "description": "A message, or {parameter: [messages]} for bad parameters.",
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                ],
            },
        },
        "required": ["status", "code", "detail"],
    }
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the client's copy (ETag)."})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {"description": description, "content": error})
    return result
