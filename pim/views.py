"""The dashboard (home page) and the site-wide pages."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cities.models import Mid, MidStatus
from networks.models import Edition, MidFigureMetric, Network, NetworkMidFigure
from networks.views import chosen_edition_and_all
from surveys.cache import cached
from surveys.models import QuestionGroup, Survey
from surveys.results import chart_sections, describe_provenance, survey_results

DASHBOARD_GROUPS = (QuestionGroup.PROGRAMME_GOALS, QuestionGroup.SUPPORT_FORMS, QuestionGroup.RECOMMENDATION)


def _dashboard_charts(survey: Survey) -> tuple[list, str]:
    """The dashboard's survey charts and their source line; cached per survey version."""
    results = survey_results(survey)
    respondents = results[0].respondents if results else 0
    provenances = set(survey.responses.values_list("provenance", flat=True).distinct().order_by())
    source_line = describe_provenance(provenances, respondents, survey)
    return [s for s in chart_sections(results, source_line, DASHBOARD_GROUPS) if s.figure], source_line


def home(request: HttpRequest) -> HttpResponse:
    edition, editions = chosen_edition_and_all(request)
    networks = list(Network.objects.in_edition(edition).with_leader().with_member_counts())
    figures = NetworkMidFigure.objects.filter(network__edition=edition).select_related("source")
    published = {(figure.network_id, figure.metric): figure for figure in figures}
    live = Mid.objects.status_counts_by_network(edition)
    empty_counts = dict.fromkeys(MidStatus.values, 0)

    survey = (
        Survey.objects.filter(edition=edition).select_related("source").order_by("-conducted_from").first()
    )
    sections, source_line = [], ""
    if survey is not None:
        sections, source_line = cached(survey.pk, "dashboard", {}, lambda: _dashboard_charts(survey))
    return render(
        request,
        "home.html",
        {
            "edition": edition,
            "editions": editions,
            "networks": networks,
            **Edition.objects.recorded_counts(edition),
            "mid_status_counts": Mid.objects.in_edition(edition).status_counts(),
            "published_rows": [
                (metric.label, [published.get((network.pk, metric)) for network in networks])
                for metric in MidFigureMetric
            ],
            "live_rows": [
                (status, [live.get(network.pk, empty_counts)[status] for network in networks])
                for status in MidStatus.values
            ],
            "survey": survey,
            "survey_sections": sections,
            "source_line": source_line,
        },
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accessibility.html",
        {
            "contact_name": settings.ACCESSIBILITY_CONTACT_NAME,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
        },
    )


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
        return HttpResponse("unavailable: " + ", ".join(problems), status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")
