"""The dashboard (home page) and the site-wide pages."""

import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme

from cities.models import MidStatus
from cities.progress import edition_progress, recorded_by_network, status_count_subqueries, status_counts_of
from networks.models import Edition, MidFigureMetric, Network
from networks.selection import chosen_edition_and_all
from pim.fragments import SharedFragment
from surveys.cache import cached
from surveys.models import QuestionGroup, Survey
from surveys.results import Disclosure, describe_provenance, results_for
from surveys.sections import chart_sections, published_by_question

DASHBOARD_GROUPS = (QuestionGroup.PROGRAMME_GOALS, QuestionGroup.SUPPORT_FORMS, QuestionGroup.RECOMMENDATION)


def _dashboard_charts(survey: Survey) -> tuple[list, str]:
    """The dashboard's survey charts and their source line; cached per data version.
    No charts while the survey's figures are withheld (fewer than 5 respondents)."""
    figures = results_for(survey)
    if figures.disclosure != Disclosure.SHOWN:
        return [], ""
    source_line = describe_provenance(figures.provenances, figures.respondents, survey)
    sections = chart_sections(figures.results, source_line, DASHBOARD_GROUPS, published_by_question(survey))
    return [section for section in sections if section.figure], source_line


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: the same for everyone, so its parts come from the shared fragment
    cache when the current data were shown at this address before (no data query then)."""
    fragment = SharedFragment.of(request, "dashboard", parts=("description", "content", "scripts"))
    if fragment.hit:
        return render(request, "home.html", {"fragment": fragment})
    return render(request, "home.html", {"fragment": fragment, **_dashboard(request)})


def _dashboard(request: HttpRequest) -> dict:
    """What the dashboard shows of the chosen edition; 404 for an unknown edition."""
    edition, editions = chosen_edition_and_all(request)
    networks = list(Network.objects.in_edition(edition).with_leader().with_member_counts())
    recorded_counts = Edition.objects.recorded_counts(edition, **status_count_subqueries("edition"))
    progress = edition_progress(
        edition, len(networks), recorded_counts["named_member_count"], status_counts_of(recorded_counts)
    )
    recorded = recorded_by_network(edition)
    empty_counts = dict.fromkeys(MidStatus.values, 0)
    survey = (
        Survey.objects.filter(edition=edition)
        .select_related("source", "edition")
        .order_by(F("conducted_from").desc(nulls_last=True), "-sealed")
        .first()
    )
    sections, source_line = [], ""
    if survey is not None:
        sections, source_line = cached(survey.pk, "dashboard", {}, lambda: _dashboard_charts(survey))
    return {
        "edition": edition,
        "editions": editions,
        "networks": networks,
        "named_member_count": recorded_counts["named_member_count"],
        "meeting_count": recorded_counts["meeting_count"],
        "progress": progress,
        "complete_published": progress.published_total(MidFigureMetric.COMPLETE_AFTER_REVIEW),
        "published_rows": [
            (
                total.label,
                [next((f for f in total.figures if f.network_id == n.pk), None) for n in networks],
            )
            for total in progress.published
        ],
        "recorded_rows": [
            # Each cell carries its network: it links to that network's members of that status.
            (status, [(network, recorded.get(network.pk, empty_counts)[status]) for network in networks])
            for status in MidStatus.values
        ],
        "survey": survey,
        "survey_sections": sections,
        "source_line": source_line,
    }


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accessibility.html",
        {
            "contact_name": settings.ACCESSIBILITY_CONTACT_NAME,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
            "published_on": settings.ACCESSIBILITY_PUBLISHED_ON,
            "updated_on": settings.ACCESSIBILITY_UPDATED_ON,
            "revised_on": settings.ACCESSIBILITY_STATEMENT_REVISED,
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """The public pages may be indexed; sign-in, accounts, the admin site and language
    switches (the same pages again) may not."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /konto/",
        "Disallow: /jezyk/",
        "Allow: /",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page names: send them to the icon."""
    response = HttpResponsePermanentRedirect(static("favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up: touches neither the database nor the cache (and is the benchmark's baseline)."""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database and the cache answer. 503 (with what failed) when not."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    try:
        cache.set("readyz", "1", 5)
        if cache.get("readyz") != "1":
            problems.append("cache")
    except Exception:  # any backend error means the cache is not usable
        problems.append("cache")
    if problems:
        response = HttpResponse("unavailable: " + ", ".join(problems), status=503, content_type="text/plain")
        response["Retry-After"] = "30"
        return response
    return HttpResponse("ready", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """Every uncaught error ends here. When the database is unreachable the site says so
    with a 503 that a proxy may retry, rendered without touching the database."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the visitor's language in a cookie and go back (a link, so pages carry no form)."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
