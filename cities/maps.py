"""What the members map shows: the members of an edition grouped by network or by MID
status, or every member grouped by the editions it took part in. One query each."""

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cities.models import Membership, MidStatus
from networks.models import Edition


class ColourBy(models.TextChoices):
    # Read after "Colour the members by": Polish wants the genitive ("według sieci").
    NETWORK = "network", pgettext_lazy("colour the map by", "network")
    STATUS = "status", pgettext_lazy("colour the map by", "MID status")
    EDITION = "edition", pgettext_lazy("colour the map by", "editions taken part in")


def _point(membership: Membership, group: str) -> dict:
    member = membership.member
    return {
        "name": member.display_name,
        "group": group,
        "lon": None if member.longitude is None else float(member.longitude),
        "lat": None if member.latitude is None else float(member.latitude),
        "url": member.get_absolute_url(),
        "voivodeship": member.get_voivodeship_display(),
    }


def _by_network(edition: Edition) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    without_network = _("no network recorded")
    for membership in (
        Membership.objects.in_edition(edition)
        .with_mid()
        .order_by("network__position", "network__name", "shown_name")
    ):
        label = membership.network.name if membership.network else without_network
        groups.setdefault(label, []).append(_point(membership, label))
    return list(groups.items())


def _by_status(edition: Edition) -> list[tuple[str, list[dict]]]:
    # A member with no MID row has no recorded status either: "not recorded", as everywhere.
    groups: dict[str, list[dict]] = {str(label): [] for label in MidStatus.labels}
    labels = dict(MidStatus.choices)
    for membership in Membership.objects.in_edition(edition).with_mid().order_by("shown_name"):
        label = str(labels[membership.mid_status or MidStatus.NOT_REPORTED])
        groups[label].append(_point(membership, label))
    return [(label, members) for label, members in groups.items() if members]


def _by_editions_taken_part_in(edition: Edition) -> list[tuple[str, list[dict]]]:
    """Every member once, grouped by the set of editions it took part in (Gdynia: pilot and
    PIM 3). Synthetic editions (demo and benchmark data) only when one of them is shown."""
    memberships = Membership.objects.select_related("member", "edition").filter(
        edition__is_synthetic=edition.is_synthetic
    )
    editions_of: dict[int, list] = defaultdict(list)
    first_of: dict[int, Membership] = {}
    for membership in memberships.order_by("edition__start_year", "edition__name"):
        editions_of[membership.member_id].append(membership.edition)
        first_of.setdefault(membership.member_id, membership)
    groups: dict[tuple, list[dict]] = {}
    for member_id, editions in editions_of.items():
        key = tuple(dict.fromkeys(editions))
        label = " + ".join(e.name for e in key)
        groups.setdefault(key, []).append(_point(first_of[member_id], label))
    ordered = sorted(groups.items(), key=lambda item: (len(item[0]), [e.start_year for e in item[0]]))
    return [
        (" + ".join(e.name for e in key), sorted(members, key=lambda m: m["name"]))
        for key, members in ordered
    ]


def map_groups(edition: Edition, colour_by: str) -> tuple[list[tuple[str, list[dict]]], list[dict]]:
    """([(group label, [located member…])…], [member without coordinates…]) for the map."""
    grouping = {
        ColourBy.NETWORK: _by_network,
        ColourBy.STATUS: _by_status,
        ColourBy.EDITION: _by_editions_taken_part_in,
    }[colour_by]
    groups, without_coordinates = [], []
    for label, members in grouping(edition):
        groups.append((label, [m for m in members if m["lat"] is not None]))
        without_coordinates.extend(m for m in members if m["lat"] is None)
    return groups, without_coordinates
