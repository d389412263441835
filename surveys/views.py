"""Survey results: every question charted by its kind, filterable by network and role."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from networks.views import edition_or_404
from pim.filtering import active_filters
from surveys.filters import ResponseFilter
from surveys.models import Response, Survey
from surveys.results import chart_sections, describe_provenance, survey_results


def survey_index(request: HttpRequest) -> HttpResponse:
    """The chosen edition's most recent survey."""
    edition = edition_or_404(request)
    survey = (
        Survey.objects.filter(edition=edition).select_related("edition").order_by("-conducted_from").first()
    )
    if survey is None:
        raise Http404("This edition has no survey.")
    return redirect(survey)


def survey_detail(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    survey = get_object_or_404(
        Survey.objects.select_related("edition", "source"), edition__slug=edition_slug, slug=slug
    )
    filterset = ResponseFilter(request.GET, queryset=Response.objects.of_survey(survey), survey=survey)
    valid = filterset.is_valid()
    responses = filterset.qs if valid else Response.objects.none()
    results = survey_results(survey, responses)
    respondents = results[0].respondents if results else responses.count()
    provenances = set(responses.values_list("provenance", flat=True).distinct().order_by())
    withheld = bool(results) and results[0].withheld
    source_line = describe_provenance(provenances, respondents, survey)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "edition": survey.edition,
            "filterset": filterset,
            "active_filters": active_filters(filterset),
            "respondents": respondents,
            "withheld": withheld,
            "sections": [] if withheld else chart_sections(results, source_line),
            "source_line": source_line,
        },
        status=200 if valid else 400,
    )
