"""What the members map shows: the members of an edition grouped by network or by MID
status, or every member grouped by the editions it took part in. One query each."""

from collections import defaultdict

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cities.models import Membership, MidStatus, Voivodeship
from networks.models import Edition


class ColourBy(models.TextChoices):
    # Read after "Colour the members by": Polish wants the genitive ("według sieci").
    NETWORK = "network", pgettext_lazy("colour the map by", "network")
    STATUS = "status", pgettext_lazy("colour the map by", "MID status")
    EDITION = "edition", pgettext_lazy("colour the map by", "editions taken part in")


# What a point on the map needs of a membership: values rows, not model instances (at
# national size a model instance per member was half of the page's first render).
POINT_FIELDS = (
    "member_id",
    "member__name",
    "member__short_name",
    "member__slug",
    "member__longitude",
    "member__latitude",
    "member__voivodeship",
)


def _point_maker():
    """A function making a map point of a POINT_FIELDS row: the card's address is reversed
    once and the voivodeship's label looked up once, not per member."""
    url_pattern = reverse("cities:member", args=["slug"])
    voivodeships = {value: str(label) for value, label in Voivodeship.choices}

    def point(row: dict, group: str) -> dict:
        longitude, latitude = row["member__longitude"], row["member__latitude"]
        return {
            "name": row["member__short_name"] or row["member__name"],
            "group": group,
            "lon": None if longitude is None else float(longitude),
            "lat": None if latitude is None else float(latitude),
            "url": url_pattern.replace("/slug/", f"/{row['member__slug']}/"),
            "voivodeship": voivodeships.get(row["member__voivodeship"], ""),
        }

    return point


def _by_network(edition: Edition) -> list[tuple[str, list[dict]]]:
    point = _point_maker()
    # Networks as instances: their names are translated (modeltranslation), and few.
    names = {network.pk: network.name for network in edition.networks.all()}
    groups: dict[str, list[dict]] = {}
    without_network = _("no network recorded")
    for row in (
        Membership.objects.in_edition(edition)
        .with_shown_name()
        .order_by("network__position", "network__name", "shown_name")
        .values("network_id", *POINT_FIELDS)
    ):
        label = names.get(row["network_id"], without_network)
        groups.setdefault(label, []).append(point(row, label))
    return list(groups.items())


def _by_status(edition: Edition) -> list[tuple[str, list[dict]]]:
    # A member with no MID row has no recorded status either: "not recorded", as everywhere.
    point = _point_maker()
    groups: dict[str, list[dict]] = {str(label): [] for label in MidStatus.labels}
    labels = dict(MidStatus.choices)
    for row in (
        Membership.objects.in_edition(edition)
        .with_mid()
        .order_by("shown_name")
        .values("mid_status", *POINT_FIELDS)
    ):
        label = str(labels[row["mid_status"] or MidStatus.NOT_REPORTED])
        groups[label].append(point(row, label))
    return [(label, members) for label, members in groups.items() if members]


def _by_editions_taken_part_in(edition: Edition) -> list[tuple[str, list[dict]]]:
    """Every member once, grouped by the set of editions it took part in (Gdynia: pilot and
    PIM 3). Synthetic editions (demo and benchmark data) only when one of them is shown."""
    point = _point_maker()
    editions = Edition.objects.filter(is_synthetic=edition.is_synthetic).in_bulk()
    rows = (
        Membership.objects.filter(edition__in=editions)
        .order_by("edition__start_year", "edition__name")
        .values("edition_id", *POINT_FIELDS)
    )
    editions_of: dict[int, list] = defaultdict(list)
    first_of: dict[int, dict] = {}
    for row in rows:
        editions_of[row["member_id"]].append(editions[row["edition_id"]])
        first_of.setdefault(row["member_id"], row)
    groups: dict[tuple, list[dict]] = {}
    for member_id, taken_part_in in editions_of.items():
        key = tuple(dict.fromkeys(taken_part_in))
        label = " + ".join(e.name for e in key)
        groups.setdefault(key, []).append(point(first_of[member_id], label))
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
