"""Printable reports of an edition and of a network (/raport/…)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from library import reports
from networks.models import Edition, Network, Provenance
from pim.fragments import SharedFragment


def _shared_parts(request: HttpRequest) -> SharedFragment:
    """A report is the same for everyone (pim/fragments.py), on the day it is printed: the
    date it names is part of the key."""
    return SharedFragment.of(
        request, "report", parts=("title", "breadcrumbs", "content"), vary=(timezone.localdate().isoformat(),)
    )


def _render(request: HttpRequest, fragment: SharedFragment, report: reports.Report) -> HttpResponse:
    return render(
        request,
        "library/report.html",
        {
            "fragment": fragment,
            "report": report,
            "edition": report.edition,
            "network": report.network,
            "printed_on": timezone.localdate(),
            "provenances": Provenance.choices,
        },
    )


def edition_report(request: HttpRequest, edition_slug: str) -> HttpResponse:
    fragment = _shared_parts(request)
    if fragment.hit:  # stored only by a page that found the edition in these data
        return render(request, "library/report.html", {"fragment": fragment})
    editions = Edition.objects.select_related("figures_source", "member_count_source")
    edition = get_object_or_404(editions, slug=edition_slug)
    return _render(request, fragment, reports.edition_report(edition))


def network_report(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    fragment = _shared_parts(request)
    if fragment.hit:
        return render(request, "library/report.html", {"fragment": fragment})
    network = get_object_or_404(
        Network.objects.with_leader().with_member_counts(), edition__slug=edition_slug, slug=slug
    )
    return _render(request, fragment, reports.network_report(network))
