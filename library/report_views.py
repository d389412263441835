"""Printable reports of an edition and of a network (/raport/…)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from library import reports
from networks.models import Provenance
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
    report = reports.edition_report(edition_slug)
    if report is None:
        raise Http404
    return _render(request, fragment, report)


def network_report(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    fragment = _shared_parts(request)
    if fragment.hit:
        return render(request, "library/report.html", {"fragment": fragment})
    report = reports.network_report(edition_slug, slug)
    if report is None:
        raise Http404
    return _render(request, fragment, report)
