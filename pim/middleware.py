"""Language selection: Polish unless the visitor chose otherwise with the switcher."""

from django.conf import settings
from django.db import connection
from django.utils import translation


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
