"""Loading the programme part of the pilot data (fixtures/pilot/programme.toml).

Every loader in the project creates what is missing and never changes what exists,
so loading twice changes nothing and never overwrites what users edited.
"""

from collections import Counter

from networks.models import (
    DatePrecision,
    Edition,
    EditionRecommendation,
    EditionRecommendationKind,
    ImprovementPlan,
    Meeting,
    MidThread,
    Network,
    NetworkMidFigure,
    Recommendation,
    Source,
)


def create_missing(report: Counter, model, lookup: dict, defaults: dict | None = None):
    """get_or_create that counts what it created in `report`; never updates a row."""
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults or {})
    if created:
        report[model._meta.verbose_name_plural] += 1
    return obj, created


def load_programme(data: dict, report: Counter) -> tuple[Edition, dict[str, Source], list[Network]]:
    """Create sources, the edition, its networks, MID figures and plans; return what members need."""
    sources = {}
    for row in data["sources"]:
        fields = {key: row[key] for key in ("title", "url", "published_on", "description") if key in row}
        sources[row["code"]], _ = create_missing(report, Source, {"code": row["code"]}, fields)

    spec = data["edition"]
    edition, _ = create_missing(
        report,
        Edition,
        {"slug": spec["slug"]},
        {
            "name": spec["name"],
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "description": spec["description"],
            "published_member_count": spec["published_member_count"],
            "published_network_meeting_count": spec["published_network_meeting_count"],
            "figures_source": sources[spec["figures_source"]],
        },
    )

    new_networks = []
    networks = {}
    for spec in data["networks"]:
        network, created = create_missing(
            report,
            Network,
            {"edition": edition, "slug": spec["slug"]},
            {
                "name": spec["name"],
                "theme": spec["theme"],
                "position": spec["position"],
                "description": spec["description"],
                "published_member_count": spec["published_member_count"],
                "member_count_source": sources[spec["member_count_source"]],
            },
        )
        networks[spec["slug"]] = network
        if created:
            new_networks.append(network)
        for position, text in enumerate(spec["mid_threads"], start=1):
            create_missing(
                report,
                MidThread,
                {"network": network, "position": position},
                {"text": text, "source": sources["S1"]},
            )
        for figure in spec["mid_figures"]:
            create_missing(
                report,
                NetworkMidFigure,
                {"network": network, "metric": figure["metric"], "as_of": figure["as_of"]},
                {
                    "value": figure["value"],
                    "out_of": figure["out_of"],
                    "as_of_precision": figure["as_of_precision"],
                    "source": sources[figure["source"]],
                },
            )

    for spec in data["improvement_plans"]:
        plan, _ = create_missing(
            report,
            ImprovementPlan,
            {"network": networks[spec["network"]]},
            {"title": spec["title"], "summary": spec["summary"], "source": sources[spec["source"]]},
        )
        for number, text in enumerate(spec.get("recommendations", []), start=1):
            create_missing(
                report,
                Recommendation,
                {"plan": plan, "number": number},
                {"text": text, "source": plan.source},
            )

    future = data["future"]
    for kind, texts in (
        (EditionRecommendationKind.RECOMMENDATION, future["recommendations"]),
        (EditionRecommendationKind.NEXT_STEP, future["next_steps"]),
    ):
        for position, text in enumerate(texts, start=1):
            create_missing(
                report,
                EditionRecommendation,
                {"edition": edition, "kind": kind, "position": position},
                {"text": text, "source": sources[future["source"]]},
            )
    return edition, sources, new_networks


def load_leaders_and_meetings(
    data: dict,
    edition: Edition,
    sources: dict[str, Source],
    new_networks: list[Network],
    members: dict,
    report: Counter,
) -> None:
    """Fill in the leaders the sources name where none is recorded yet, and create the
    meetings; needs the members. A leader someone recorded is never replaced."""
    leaders = {spec["slug"]: spec for spec in data["networks"] if "leader" in spec}
    for network in edition.networks.filter(leader=None):
        spec = leaders.get(network.slug)
        if spec:
            network.leader = members[spec["leader"]]
            network.leader_source = sources[spec["leader_source"]]
            network.save(update_fields=["leader", "leader_source"])

    networks = {network.slug: network for network in edition.networks.all()}
    for spec in data["meetings"]:
        create_missing(
            report,
            Meeting,
            {
                "edition": edition,
                "kind": spec["kind"],
                "title": spec["title"],
                "starts_on": spec["starts_on"],
            },
            {
                "network": networks.get(spec.get("network")),
                "host": members.get(spec.get("host")),
                "place": spec.get("place", ""),
                "ends_on": spec.get("ends_on"),
                "date_precision": spec.get("date_precision", DatePrecision.DAY),
                "source": sources[spec["source"]],
            },
        )
