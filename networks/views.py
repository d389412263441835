"""Public pages of the programme: networks, a network, recommendations."""

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cities.models import Membership
from cities.progress import network_recorded, status_count_subqueries, status_counts_of
from networks.models import (
    Edition,
    EditionRecommendationKind,
    Meeting,
    Network,
    Source,
)
from networks.selection import chosen_edition_and_all
from pim.fragments import SharedFragment

# Rows of members and meetings a network page shows before linking to the full list (which
# pages, sorts and exports them): two pages of the members list.
ROWS_SHOWN = 50


def programme(request: HttpRequest) -> HttpResponse:
    """Every real edition side by side: networks, members named of members reported, what is
    on record and what is not known yet. Shared parts: pim/fragments.py."""
    fragment = SharedFragment.of(request, "programme", parts=("content",))
    if fragment.hit:
        return render(request, "networks/programme.html", {"fragment": fragment})
    editions = list(
        Edition.objects.real()
        .compared()
        .prefetch_related(Prefetch("networks", queryset=Network.objects.select_related("leader")))
        .order_by("start_year")
    )
    return render(request, "networks/programme.html", {"fragment": fragment, "editions": editions})


def network_list(request: HttpRequest) -> HttpResponse:
    fragment = SharedFragment.of(request, "networks", parts=("content",))
    if fragment.hit:
        return render(request, "networks/network_list.html", {"fragment": fragment})
    edition, editions = chosen_edition_and_all(request)
    networks = Network.objects.in_edition(edition).with_leader().with_member_counts()
    return render(
        request,
        "networks/network_list.html",
        {"fragment": fragment, "edition": edition, "editions": editions, "networks": networks},
    )


def network_detail(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    fragment = SharedFragment.of(request, "network", parts=("title", "description", "breadcrumbs", "content"))
    if fragment.hit:  # stored only by a page that found the network in these data: no 404 to give
        return render(request, "networks/network_detail.html", {"fragment": fragment})
    network = get_object_or_404(
        Network.objects.with_leader()
        .with_member_counts()
        .annotate(**status_count_subqueries("network"))
        .select_related("improvement_plan__source"),
        edition__slug=edition_slug,
        slug=slug,
    )
    edition = network.edition
    # A network of the whole country has hundreds of members: the page shows the first
    # ones and links to the members list, which pages, sorts and exports them all.
    memberships = list(
        Membership.objects.in_network(network)
        .with_mid()
        .prefetch_related("sources")
        .order_by("member__name")[: ROWS_SHOWN + 1]
    )
    meetings = list(
        Meeting.objects.in_edition(edition)
        .filter(Q(network=network) | Q(network=None))
        .with_places()
        .order_by("-starts_on", "title")[: ROWS_SHOWN + 1]
    )
    plan = getattr(network, "improvement_plan", None)  # read with the network
    if plan is not None:
        prefetch_related_objects([plan], "recommendations")
    return render(
        request,
        "networks/network_detail.html",
        {
            "fragment": fragment,
            "edition": edition,
            "network": network,
            "memberships": memberships[:ROWS_SHOWN],
            "more_members": len(memberships) > ROWS_SHOWN,
            "mid_threads": network.mid_threads.select_related("source"),
            "mid_figures": network.mid_figures.select_related("source"),
            "recorded": network_recorded(network, network.named_member_count, status_counts_of(network)),
            "plan": plan,
            "meetings": sorted(meetings[:ROWS_SHOWN], key=lambda meeting: (meeting.starts_on, meeting.title)),
            "more_meetings": len(meetings) > ROWS_SHOWN,
        },
    )


def recommendations(request: HttpRequest) -> HttpResponse:
    fragment = SharedFragment.of(request, "recommendations", parts=("breadcrumbs", "content"))
    if fragment.hit:
        return render(request, "networks/recommendations.html", {"fragment": fragment})
    edition, editions = chosen_edition_and_all(request)
    networks = (
        Network.objects.in_edition(edition)
        .select_related("edition", "improvement_plan__source")
        .prefetch_related(
            Prefetch("improvement_plan__recommendations"),
        )
    )
    future = edition.recommendations_for_future.select_related("source")
    return render(
        request,
        "networks/recommendations.html",
        {
            "fragment": fragment,
            "edition": edition,
            "editions": editions,
            "networks": networks,
            "future_recommendations": [
                r for r in future if r.kind == EditionRecommendationKind.RECOMMENDATION
            ],
            "next_steps": [r for r in future if r.kind == EditionRecommendationKind.NEXT_STEP],
        },
    )


def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "networks/sources.html", {"sources": Source.objects.all()})
