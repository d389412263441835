"""The document library (/dokumenty/) and the site search (/szukaj/)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cities.models import Mid
from library import exports, queries, search
from library.filters import LibraryFilter
from pim.filtering import active_filters, paginate, without_page
from pim.fragments import SharedFragment

DOCUMENTS_PER_PAGE = 25
MAX_QUERY_LENGTH = 100


def document_library(request: HttpRequest) -> HttpResponse:
    """Every MID (its document when one is recorded) and every improvement plan, filtered;
    six queries whatever the data: the chosen edition, count, page, the networks, the editions
    (the filter's options), the plans. The same for everyone (pim/fragments.py): only a valid
    page is stored, so a page found is a 200."""
    fragment = SharedFragment.of(request, "documents", parts=("content",))
    if fragment.hit:
        return render(request, "library/documents.html", {"fragment": fragment})
    filterset = LibraryFilter(request.GET, queryset=queries.library_mids())
    valid = filterset.is_valid()
    page = paginate(request, filterset.qs if valid else Mid.objects.none(), DOCUMENTS_PER_PAGE)
    rows = list(page.object_list)
    networks = _network_choices_read_once(filterset.form.fields["network"])
    for row in rows:
        row.network = networks.get(row.network_pk)
    data = filterset.form.cleaned_data if valid else {}
    plans = queries.library_plans(data.get("edition"), data.get("network")) if valid else []
    # A status or document filter speaks of MIDs only; plans have neither.
    show_plans = valid and not data.get("status") and not data.get("document") and not data.get("q")
    return render(
        request,
        "library/documents.html",
        {
            "fragment": fragment if valid else None,
            "filterset": filterset,
            "page": page,
            "rows": rows,
            "plans": plans if show_plans else [],
            "show_plans": show_plans,
            "active_filters": active_filters(filterset),
            "query_without_page": without_page(request.GET),
            "current_order": request.GET.get("o", ""),
        },
        status=200 if valid else 400,
    )


def _network_choices_read_once(field) -> dict:
    """{network id: Network with its edition}: every network, read once for both the filter's
    options and the rows' network links (a model choice field reads its queryset afresh each
    time it is rendered); one query."""
    networks = list(field.queryset)
    # The widget's options, not the field's: the field's setter (django-filter's) expects a
    # queryset's iterator; validating a chosen network still reads the queryset.
    field.widget.choices = [
        ("", field.empty_label),
        *((field.prepare_value(network), field.label_from_instance(network)) for network in networks),
    ]
    return {network.pk: network for network in networks}


def document_export(request: HttpRequest) -> HttpResponse:
    """The filtered MIDs of the library as CSV; 400 naming the filters that are wrong."""
    filterset = LibraryFilter(request.GET, queryset=queries.library_mids())
    if not filterset.is_valid():
        return HttpResponse(
            _("The filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return exports.csv_response(request, filterset.qs, "dokumenty-pim.csv")


def site_search(request: HttpRequest) -> HttpResponse:
    """Results of the query in `q`, grouped by kind; one query (none without words). The
    results are the same for everyone (every kind searched is public), so they are a shared
    part of the page: a query asked again before any write is answered from the cache."""
    text = request.GET.get("q", "").strip()
    error = "too-long" if len(text) > MAX_QUERY_LENGTH else ""
    searched = bool(search.query_text(text)) and not error
    fragment = SharedFragment.of(request, "search", parts=("results",)) if searched else None
    context = {
        "fragment": fragment,
        "q": text,
        "searched": searched,
        "error": error,
        "max_length": MAX_QUERY_LENGTH,
    }
    if searched and not fragment.hit:
        groups = search.search(text)
        context |= {
            "groups": groups,
            "found": sum(min(group.total, search.CAP) for group in groups),
            "capped": any(group.capped for group in groups),
        }
    return render(request, "library/search.html", context, status=400 if error else 200)
