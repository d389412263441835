"""Survey results: every question charted by its kind, filterable by network and role."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from networks.selection import chosen_edition_and_all
from pim.filtering import active_filters, paginate
from pim.fragments import SharedFragment
from pim.spreadsheets import csv_response, xlsx_response
from surveys import exports
from surveys.disclosure import Breakdown, Disclosure, DisclosurePlan
from surveys.filters import ResponseFilter
from surveys.models import RespondentRole, Response, Survey
from surveys.results import describe_provenance, results_for, survey_plan
from surveys.sections import chart_sections, published_by_question


def survey_index(request: HttpRequest) -> HttpResponse:
    """The chosen edition's most recent survey; or, when the edition has none on record, a
    page that says so and lists the surveys of the other editions."""
    edition, editions = chosen_edition_and_all(request)
    survey = (
        Survey.objects.filter(edition=edition)
        .select_related("edition")
        .order_by(F("conducted_from").desc(nulls_last=True))
        .first()
    )
    if survey is not None:
        return redirect(survey)
    others = (
        Survey.objects.filter(edition__is_synthetic=False)
        .select_related("edition")
        .order_by("-edition__start_year", "title")
    )
    return render(
        request, "surveys/survey_index.html", {"edition": edition, "editions": editions, "surveys": others}
    )


def _results_page(survey: Survey, breakdown: Breakdown) -> dict:
    """The breakdown's figures and their charts, or why they are withheld (results_for:
    cached per survey version; the charts are plain dicts, well under a millisecond)."""
    figures = results_for(survey, breakdown)
    if figures.disclosure != Disclosure.SHOWN:
        return {"figures": figures, "sections": [], "source_line": ""}
    source_line = describe_provenance(figures.provenances, figures.respondents, survey)
    # What a source published describes all respondents, never a breakdown of them.
    published = published_by_question(survey) if breakdown == Breakdown() else None
    sections = chart_sections(figures.results, source_line, None, published)
    return {"figures": figures, "sections": sections, "source_line": source_line}


def _shown_alternatives(plan: DisclosurePlan) -> dict[str, list[tuple[str, str]]]:
    """{"networks"|"roles": [(label, query string)]} of the one-filter breakdowns the plan
    shows: where a reader of withheld figures can go instead, and what the page offers up
    front. A "breakdown" holding every respondent (all of one role) splits nothing: left out."""
    roles = dict(RespondentRole.choices)
    shown: dict[str, list[tuple[str, str]]] = {"networks": [], "roles": []}
    everyone = plan.respondents(Breakdown())
    for breakdown in plan.shown_breakdowns():
        if plan.respondents(breakdown) == everyone:
            continue
        query = urlencode(breakdown.parameters())
        if breakdown.network and not breakdown.role:
            shown["networks"].append((plan.network_names[breakdown.network], query))
        elif breakdown.role and not breakdown.network:
            shown["roles"].append((str(roles[breakdown.role]), query))
    return shown


def survey_detail(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    """A survey's results for the chosen breakdown, or why they are withheld (200), and
    which other breakdowns the data allows; 400 for filter values that are not options.
    Shared by everyone with the same right to see raw responses (pim/fragments.py)."""
    can_see_responses = request.user.has_perm("surveys.view_raw_responses")
    fragment = SharedFragment.of(
        request, "survey", parts=("title", "description", "breadcrumbs", "content"), vary=(can_see_responses,)
    )
    if fragment.hit:  # stored only by a 200 of this address for these data
        return render(request, "surveys/survey_detail.html", {"fragment": fragment})
    survey = get_object_or_404(
        Survey.objects.select_related("edition", "source"), edition__slug=edition_slug, slug=slug
    )
    filterset = ResponseFilter(request.GET, queryset=Response.objects.of_survey(survey), survey=survey)
    valid = filterset.is_valid()
    plan = survey_plan(survey)
    some_withheld = filterset.note_options(plan)
    page = _results_page(survey, filterset.breakdown()) if valid else {"figures": None, "sections": []}
    figures = page["figures"]
    # Questions whose results the source shows only as a picture: said once, not per question.
    shown, pictured = [], []
    for section in page["sections"]:
        (shown if section.figure or section.figures_published else pictured).append(section)
    page["sections"] = shown
    allowed = _shown_alternatives(plan)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "fragment": fragment if valid else None,
            "survey": survey,
            "edition": survey.edition,
            "filterset": filterset,
            "active_filters": active_filters(filterset),
            **page,
            "some_withheld": some_withheld,
            "alternatives": allowed if figures and figures.withheld else {},
            "allowed": allowed,
            "pictured": pictured,
            "can_see_responses": can_see_responses,
        },
        status=200 if valid else 400,
    )


def _survey_or_404(edition_slug: str, slug: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("edition"), edition__slug=edition_slug, slug=slug)


@login_required
@permission_required("surveys.view_raw_responses", raise_exception=True)
def response_list(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    """Raw responses with respondents' details: ministry staff and admins only."""
    survey = _survey_or_404(edition_slug, slug)
    responses = (
        Response.objects.of_survey(survey)
        .select_related("member", "network", "created_by")
        .annotate(answer_count=Count("answers"))
        .order_by("respondent_id")
    )
    return render(
        request,
        "surveys/response_list.html",
        {"survey": survey, "edition": survey.edition, "page": paginate(request, responses, 50)},
    )


@login_required
@permission_required("surveys.view_raw_responses", raise_exception=True)
def response_export(request: HttpRequest, edition_slug: str, slug: str, file_format: str) -> HttpResponse:
    """Every response in the import format, so an export imports back unchanged (formulas escaped)."""
    survey = _survey_or_404(edition_slug, slug)
    questions = list(survey.questions.order_by("position"))
    header, rows = exports.header(survey, questions), exports.response_rows(survey, questions)
    filename = f"odpowiedzi-{survey.slug}.{file_format}"
    if file_format == "xlsx":
        return xlsx_response([(_("Responses"), header, rows)], filename)
    return csv_response(header, rows, filename)


@login_required
@permission_required("surveys.import_responses", raise_exception=True)
def import_template(request: HttpRequest, edition_slug: str, slug: str, file_format: str) -> HttpResponse:
    """The import file to fill in: the columns this survey's import expects, an example row and
    the values each column takes (XLSX: a second sheet; CSV: lines starting with #)."""
    survey = _survey_or_404(edition_slug, slug)
    questions = list(survey.questions.prefetch_related("choices").order_by("position"))
    header = exports.header(survey, questions)
    example, allowed = exports.template_rows(survey, questions)
    filename = f"szablon-importu-{survey.slug}.{file_format}"
    if file_format == "xlsx":
        return xlsx_response(
            [(_("Responses"), header, [example]), (_("Allowed values"), [_("Column"), _("Values")], allowed)],
            filename,
        )
    return csv_response(header, [example, [], *exports.comment_rows(allowed)], filename)
