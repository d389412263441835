"""Printable reports of an edition and of a network (/raport/…)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from library import reports
from networks.models import Edition, Network, Provenance


def _render(request: HttpRequest, report: reports.Report) -> HttpResponse:
    return render(
        request,
        "library/report.html",
        {
            "report": report,
            "edition": report.edition,
            "network": report.network,
            "printed_on": timezone.localdate(),
            "provenances": Provenance.choices,
        },
    )


def edition_report(request: HttpRequest, edition_slug: str) -> HttpResponse:
    editions = Edition.objects.select_related("figures_source", "member_count_source")
    edition = get_object_or_404(editions, slug=edition_slug)
    return _render(request, reports.edition_report(edition))


def network_report(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    network = get_object_or_404(
        Network.objects.with_leader().with_member_counts(), edition__slug=edition_slug, slug=slug
    )
    return _render(request, reports.network_report(network))
