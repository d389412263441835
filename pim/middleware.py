"""The site's own middleware: language, hostile input, request size, private responses."""

import re

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    The site is Polish first: a visitor sees Polish until they pick English with the
    language switcher (which sets the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count (SQL queries of the request) for the benchmark; off unless
    QUERY_COUNT_HEADER is set, since the count is nobody else's business."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-Query-Count"] = str(count)
        return response


# C0 control characters but tab, line feed and carriage return (which a text area sends), and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Room for a form's other fields and the multipart framing beside its file.
FORM_OVERHEAD_BYTES = 256 * 1024


def _character_name(character: str) -> str:
    return "NUL" if character == "\x00" else f"U+{ord(character):04X}"


class HostileInputMiddleware:
    """A clear 400 for control characters (NUL and the like) in the path or in any GET or
    POST parameter, site-wide: no address or form of the site takes them, and letting them
    through ends in 500s deep inside (PostgreSQL refuses NUL in text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem and request.path.startswith("/api/"):
            # The API's clients read errors as JSON, in the shape of every other API error.
            return JsonResponse({"status": 400, "code": "invalid", "detail": problem}, status=400)
        if problem:
            html = render_to_string("400.html", {"message": problem}, request=request)
            return HttpResponseBadRequest(html)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str | None:
        found = re.search(r"[\x00-\x1f\x7f]", request.path)
        if found:
            return _("The address contains a control character (%(character)s).") % {
                "character": _character_name(found.group())
            }
        parameters = [request.GET]
        if request.method == "POST":
            parameters.append(request.POST)  # after RequestSizeLimitMiddleware: never an oversized body
        for query in parameters:
            for name, values in query.lists():
                for text in [name, *values]:
                    found = CONTROL_CHARACTERS.search(text)
                    if found:
                        return _("The field “%(name)s” contains a control character (%(character)s).") % {
                            "name": CONTROL_CHARACTERS.sub("�", name)[:50],
                            "character": _character_name(found.group()),
                        }
        return None


class RequestSizeLimitMiddleware:
    """A 413 page for a request body larger than its form accepts, judged by Content-Length
    before a byte of the body is read: MID documents (MID_DOCUMENT_MAX_BYTES), import files
    (IMPORT_MAX_BYTES), and nothing larger than the larger of the two anywhere else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(
                render_to_string("400.html", {"message": _("The Content-Length header is not a number.")})
            )
        limit = self._file_limit(request.path_info)
        if length > limit + FORM_OVERHEAD_BYTES:
            html = render_to_string(
                "413.html",
                {"size": filesizeformat(length), "limit": filesizeformat(limit)},
                request=request,
            )
            response = HttpResponse(html, status=413)
            # The body stays unread: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)

    @staticmethod
    def _file_limit(path: str) -> int:
        """The largest file the view at path takes, in bytes."""
        document, spreadsheet = settings.MID_DOCUMENT_MAX_BYTES, settings.IMPORT_MAX_BYTES
        try:
            name = resolve(path).view_name
        except Resolver404:
            return max(document, spreadsheet)
        if name == "cities:mid-edit" or name in ("admin:cities_mid_add", "admin:cities_mid_change"):
            return document
        if name.startswith("admin:") and name.endswith("_import"):
            return spreadsheet
        return max(document, spreadsheet)


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user: such pages
    and files may hold data that is not public (internal notes, raw survey responses and their
    exports), and no browser cache or proxy may keep them. Public pages are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
