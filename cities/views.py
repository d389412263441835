"""Public pages of members: the filtered list and its exports, the member card, the map."""

import json
from functools import cache

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from cities.exports import csv_response, membership_rows, xlsx_response
from cities.filters import MembershipFilter
from cities.models import Member, Membership, Mid
from networks.models import Meeting, Network
from networks.views import edition_or_404, editions_for_switcher
from pim import charts
from pim.filtering import active_filters, paginate, without_page

MEMBERS_PER_PAGE = 25


def _filtered_memberships(request: HttpRequest) -> MembershipFilter:
    queryset = Membership.objects.with_mid().order_by("member__name", "-network__edition__start_year")
    return MembershipFilter(request.GET, queryset=queryset)


def member_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered_memberships(request)
    valid = filterset.is_valid()
    page = paginate(request, filterset.qs if valid else Membership.objects.none(), MEMBERS_PER_PAGE)
    return render(
        request,
        "cities/member_list.html",
        {
            "filterset": filterset,
            "page": page,
            "active_filters": active_filters(filterset),
            "query_without_page": without_page(request.GET),
            "current_order": request.GET.get("o", ""),
        },
        status=200 if valid else 400,
    )


def member_export(request: HttpRequest, file_format: str) -> HttpResponse:
    filterset = _filtered_memberships(request)
    if not filterset.is_valid():
        return HttpResponse(
            _("The filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = membership_rows(filterset.qs)
    if file_format == "xlsx":
        return xlsx_response(rows, "czlonkowie-pim.xlsx")
    return csv_response(rows, "czlonkowie-pim.csv")


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("voivodeship_source"), slug=slug)
    memberships = (
        member.memberships.select_related("network__edition", "network__leader")
        .prefetch_related("sources")
        .order_by("-network__edition__start_year")
    )
    mids = (
        Mid.objects.filter(member=member)
        .select_related("edition", "updated_by")
        .prefetch_related("topic_sources", "partnership_sources")
        .order_by("-edition__start_year")
    )
    hosted = (
        Meeting.objects.filter(host=member).select_related("network", "edition", "source").chronological()
    )
    sources = {}
    for membership in memberships:
        sources.update((source.code, source) for source in membership.sources.all())
    for mid in mids:
        sources.update(
            (source.code, source) for source in [*mid.topic_sources.all(), *mid.partnership_sources.all()]
        )
    for meeting in hosted:
        if meeting.source:
            sources[meeting.source.code] = meeting.source
    if member.voivodeship_source:
        sources[member.voivodeship_source.code] = member.voivodeship_source
    return render(
        request,
        "cities/member_detail.html",
        {
            "member": member,
            "memberships": memberships,
            "mids": mids,
            "hosted_meetings": hosted,
            "sources": sorted(sources.values(), key=lambda source: source.code),
            "show_internal_notes": request.user.is_staff,
        },
    )


@cache
def poland_geometry() -> dict:
    """Outline and voivodeship borders (static/geo/poland.json), read once per process."""
    path = settings.BASE_DIR / "static" / "geo" / "poland.json"
    return json.loads(path.read_text("utf-8"))


def member_map(request: HttpRequest) -> HttpResponse:
    edition = edition_or_404(request)
    networks = list(
        Network.objects.in_edition(edition).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("member").order_by("member__name"),
            )
        )
    )
    groups, without_coordinates = [], []
    for network in networks:
        located = []
        for membership in network.memberships.all():
            member = membership.member
            if member.latitude is None:
                without_coordinates.append(member)
                continue
            located.append(
                {
                    "name": member.display_name,
                    "lon": float(member.longitude),
                    "lat": float(member.latitude),
                    "url": member.get_absolute_url(),
                }
            )
        groups.append((network.name, located))
    title = _("Members of %(edition)s by network") % {"edition": edition.name}
    source_line = _("Seats of the members named in the sources; borders: Natural Earth (public domain).")
    return render(
        request,
        "cities/member_map.html",
        {
            "edition": edition,
            "editions": editions_for_switcher(),
            "networks": networks,
            "figure": charts.members_map(groups, poland_geometry(), title, source_line),
            "chart_title": title,
            "source_line": source_line,
            "without_coordinates": without_coordinates,
        },
    )
