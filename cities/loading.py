"""Loading the members the sources name (fixtures/members.toml) and each edition's
memberships with their MIDs (fixtures/editions/*/memberships.toml)."""

from collections import Counter
from decimal import Decimal

from cities.models import Member, Membership, Mid
from networks.loading import load_row
from networks.models import Edition, Source


def load_members(rows: list[dict], sources: dict[str, Source], report: Counter) -> dict[str, Member]:
    """Every named member, once however many editions it took part in; returns them by slug."""
    members = {}
    for spec in rows:
        members[spec["slug"]] = load_row(
            report,
            Member,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "short_name": spec.get("short_name", ""),
                "kind": spec["kind"],
                "kind_note": spec.get("kind_note", ""),
                "voivodeship": spec["voivodeship"],
                "voivodeship_source": sources.get(spec.get("voivodeship_source")),
                "seat": spec["seat"],
                "latitude": Decimal(str(spec["latitude"])),
                "longitude": Decimal(str(spec["longitude"])),
            },
            fill=False,
        )
    return members


def load_memberships(
    rows: list[dict],
    edition: Edition,
    members: dict[str, Member],
    sources: dict[str, Source],
    report: Counter,
) -> None:
    """Each named member's membership in the edition (in its network when a source says which)
    and its MID of the edition.

    Every MID starts "not recorded": the published MID counts are network totals and say
    nothing of which member handed in what.
    """
    networks = {network.slug: network for network in edition.networks.all()}
    for spec in rows:
        member = members[spec["member"]]
        network = networks[spec["network"]] if "network" in spec else None
        membership = load_row(report, Membership, {"member": member, "network": network, "edition": edition})
        if not membership.sources.exists():
            membership.sources.set(sources[code] for code in spec["sources"])
        mid = load_row(
            report,
            Mid,
            {"member": member, "edition": edition},
            {
                "topic": spec.get("mid_topic", ""),
                "topic_note": spec.get("mid_topic_note", ""),
                "partnership_stakeholders": spec.get("partnership_stakeholders", ""),
            },
            fill=False,
        )
        if spec.get("mid_topic_sources") and not mid.topic_sources.exists():
            mid.topic_sources.set(sources[code] for code in spec["mid_topic_sources"])
        if spec.get("partnership_sources") and not mid.partnership_sources.exists():
            mid.partnership_sources.set(sources[code] for code in spec["partnership_sources"])
