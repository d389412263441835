"""Loading the pilot's members and their MIDs (fixtures/pilot/members.toml)."""

from collections import Counter
from decimal import Decimal

from cities.models import Member, Membership, Mid
from networks.models import Edition, Source
from networks.pilot import create_missing


def load_members(
    data: dict, edition: Edition, sources: dict[str, Source], report: Counter
) -> dict[str, Member]:
    """Create the named members, their memberships and MIDs; return members by slug.

    Every MID starts "not reported": the published MID counts are network totals and
    say nothing of which member handed in what.
    """
    networks = {network.slug: network for network in edition.networks.all()}
    members = {}
    for spec in data["members"]:
        member, _ = create_missing(
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
        )
        members[spec["slug"]] = member
        membership, created = create_missing(
            report, Membership, {"member": member, "network": networks[spec["network"]]}
        )
        if created:
            membership.sources.set(sources[code] for code in spec["sources"])
        mid, created = create_missing(
            report,
            Mid,
            {"member": member, "edition": edition},
            {
                "topic": spec.get("mid_topic", ""),
                "topic_note": spec.get("mid_topic_note", ""),
                "partnership_stakeholders": spec.get("partnership_stakeholders", ""),
            },
        )
        if created:
            mid.topic_sources.set(sources[code] for code in spec.get("mid_topic_sources", []))
            mid.partnership_sources.set(sources[code] for code in spec.get("partnership_sources", []))
    return members
