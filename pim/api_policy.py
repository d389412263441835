"""The API's defaults, named in settings.REST_FRAMEWORK: pagination, filtering,
throttling and the shape of errors. Kept apart from the views so that DRF can import
them while it builds its own view classes."""

import logging

from django.conf import settings
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class AnonymousThrottle(AnonRateThrottle):
    """API_ANONYMOUS_RATE requests per address; read at each request so settings apply."""

    scope = "anonymous"

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE

    def allow_request(self, request, view) -> bool:
        # The counts live in the shared cache; when it is down the API stays open (and
        # /readyz tells the load balancer) rather than failing every request.
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("cache unavailable: API requests not throttled", exc_info=True)
            return True


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` as on the pages, `?page_size=` up to API_MAX_PAGE_SIZE; more is a 400, not
    a silently smaller page."""

    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    "page_size": [
                        _("Give a whole number from 1 to %(maximum)d.") % {"maximum": self.max_page_size}
                    ]
                }
            )
        return int(raw)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, as the pages use it, with invalid values answered by a 400."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        filterset = filterset_class(data=request.query_params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset.qs


def exception_handler(exc, context):
    """Every API error as JSON: {"status", "code", "detail"}; `detail` names what is wrong
    (a message, or {parameter: [messages]} for bad parameters)."""
    if isinstance(exc, exceptions.Throttled):
        wait = f"{exc.wait:.0f}" if exc.wait is not None else "?"
        exc.detail = _(
            "Too many requests from this address (at most %(rate)s). Try again in %(seconds)s seconds."
        ) % {"rate": settings.API_ANONYMOUS_RATE, "seconds": wait}
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        detail = str(data["detail"])
    elif isinstance(data, list):
        detail = {"input": [str(message) for message in data]}
    else:
        detail = data
    code = getattr(exc, "default_code", None) or ERROR_CODES.get(response.status_code, "error")
    response.data = {"status": response.status_code, "code": code, "detail": detail}
    return response


ERROR_CODES = {403: "permission_denied", 404: "not_found"}
