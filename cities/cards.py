"""What a member's card shows, read in a fixed handful of queries however much is recorded."""

import logging

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import Model, OuterRef, Q
from django.shortcuts import get_object_or_404

from cities.history import mid_histories
from cities.models import Member, Membership, Mid
from networks.models import Meeting, Source
from pim import data_version, release

logger = logging.getLogger(__name__)

# What the card's own parts show of the member and what its permissions are checked on: its
# figures, tables and sources come from shared parts (pim/fragments.py) when cached.
HEAD_FIELDS = ("id", "name", "short_name", "slug", "internal_notes")


def card_member(slug: str) -> tuple[Member, bool]:
    """(member, whole) of the card at `slug`; 404 when there is none. From the shared cache,
    under the data version, only HEAD_FIELDS (whole=False); else the whole member from the
    database, with its voivodeship's source (whole=True): no query on a card seen before."""
    key = f"pim:member-head:{release.current()}:{data_version.current()}:{slug}"
    try:
        head = cache.get(key)
    except Exception:  # a cache that is down costs the query, not the page
        logger.warning("cache unavailable", exc_info=True)
        head = key = None
    if head is not None:
        return Member(**head), False
    member = get_object_or_404(Member.objects.select_related("voivodeship_source"), slug=slug)
    if key:
        try:
            cache.set(key, {field: getattr(member, field) for field in HEAD_FIELDS}, 60 * 60)
        except Exception:
            logger.warning("cache unavailable", exc_info=True)
    return member, True


def member_card(member: Member) -> dict:
    """memberships, mids (each with `history_entries`), hosted_meetings and every source the
    card names (sorted by code); five queries: memberships, MIDs, sources, meetings, history."""
    memberships = list(
        member.memberships.select_related("edition", "network__edition", "network__leader").order_by(
            "-edition__start_year"
        )
    )
    mids = list(
        Mid.objects.filter(member=member)
        .with_partnership_meetings_recorded()
        .select_related("edition", "updated_by")
        .order_by("-edition__start_year")
    )
    _attach_sources(member, memberships, mids)
    hosted = list(
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
    histories = mid_histories(member)
    for mid in mids:
        mid.history_entries = histories.get(mid.pk, [])
    return {
        "memberships": memberships,
        "mids": mids,
        "hosted_meetings": hosted,
        "sources": sorted(sources.values(), key=lambda source: source.code),
    }


def _attach_sources(member: Member, memberships: list[Membership], mids: list[Mid]) -> None:
    """Fill `membership.sources`, `mid.topic_sources` and `mid.partnership_sources` as
    prefetch_related would, from one query instead of one per relation."""
    links = {
        "memberships": Membership.sources.through.objects.filter(membership__member=member),
        "topic_mids": Mid.topic_sources.through.objects.filter(mid__member=member),
        "partnership_mids": Mid.partnership_sources.through.objects.filter(mid__member=member),
    }
    owner_columns = {"memberships": "membership_id", "topic_mids": "mid_id", "partnership_mids": "mid_id"}
    found = Source.objects.annotate(
        **{
            name: ArraySubquery(links[name].filter(source_id=OuterRef("pk")).values(owner_columns[name]))
            for name in links
        }
    ).filter(
        Q(pk__in=links["memberships"].values("source_id"))
        | Q(pk__in=links["topic_mids"].values("source_id"))
        | Q(pk__in=links["partnership_mids"].values("source_id"))
    )
    by_owner: dict[tuple[str, int], list[Source]] = {}
    for source in found:  # in Source's own order (code), as the prefetch would give them
        for name in links:
            for owner in getattr(source, name):
                by_owner.setdefault((name, owner), []).append(source)
    for membership in memberships:
        _prefetched(membership, "sources", by_owner.get(("memberships", membership.pk), []))
    for mid in mids:
        _prefetched(mid, "topic_sources", by_owner.get(("topic_mids", mid.pk), []))
        _prefetched(mid, "partnership_sources", by_owner.get(("partnership_mids", mid.pk), []))


def _prefetched(instance: Model, relation: str, objects: list) -> None:
    """Make `instance.<relation>.all()` answer `objects` without a query, as a prefetch does."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation] = queryset
