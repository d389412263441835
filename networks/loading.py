"""Loading the programme's published data (fixtures/): sources, editions, networks, their
published figures, plans, recommendations and meetings.

Every loader in the project creates what is missing and fills what is empty, and never
changes a value someone entered: loading twice changes nothing, and what users edited
stays as they left it.
"""

from collections import Counter

from modeltranslation.translator import NotRegistered, translator

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

EMPTY = (None, "")


def _polish_names(model, values: dict) -> dict:
    """Translated fields (modeltranslation) given in Polish go to their `_pl` column."""
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return values
    return {f"{key}_pl" if key in translated else key: value for key, value in values.items()}


def load_row(report: Counter, model, lookup: dict, values: dict | None = None, fill: bool = True):
    """The row `lookup` finds, created with `values` when missing; of an existing row only the
    empty fields are filled (none with `fill=False`, for rows users edit: members, MIDs).
    Counts what it created and filled in `report`; returns the row."""
    values = _polish_names(model, values or {})
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        report[f"{model._meta.verbose_name_plural}: created"] += 1
        return obj
    if not fill:
        return obj
    empty = [
        key
        for key, value in values.items()
        if value not in EMPTY and getattr(obj, model._meta.get_field(key).attname) in EMPTY
    ]
    for key in empty:
        setattr(obj, key, values[key])
    if empty:
        obj.save(update_fields=empty)
        report[f"{model._meta.verbose_name_plural}: filled in"] += 1
    return obj


def translated(spec: dict, *keys: str) -> dict:
    """The keys of `spec`, with their English translations (`key_en`) where given."""
    return {key: spec[key] for name in keys for key in (name, f"{name}_en") if key in spec}


def load_sources(rows: list[dict], report: Counter) -> dict[str, Source]:
    sources = {}
    for row in rows:
        fields = {key: row[key] for key in ("title", "url", "published_on", "description") if key in row}
        sources[row["code"]] = load_row(report, Source, {"code": row["code"]}, fields)
    return sources


def load_edition(data: dict, sources: dict[str, Source], report: Counter) -> Edition:
    """The edition, its networks (leaders come with the members), MID figures, plans and
    recommendations for future editions."""
    spec = data["edition"]
    edition = load_row(
        report,
        Edition,
        {"slug": spec["slug"]},
        {
            **translated(spec, "name", "description"),
            "start_year": spec["start_year"],
            "end_year": spec.get("end_year"),
            "published_member_count": spec.get("published_member_count"),
            "member_count_source": sources.get(spec.get("member_count_source")),
            "published_network_meeting_count": spec.get("published_network_meeting_count"),
            "figures_source": sources.get(spec.get("figures_source")),
        },
    )
    networks = {}
    for spec in data.get("networks", []):
        network = load_row(
            report,
            Network,
            {"edition": edition, "slug": spec["slug"]},
            {
                **translated(spec, "name", "description"),
                "theme": spec["theme"],
                "position": spec["position"],
                "published_member_count": spec.get("published_member_count"),
                "member_count_source": sources.get(spec.get("member_count_source")),
            },
        )
        networks[spec["slug"]] = network
        english = spec.get("mid_threads_en", [])
        for position, text in enumerate(spec.get("mid_threads", []), start=1):
            values = {"text": text, "source": sources["S1"]}
            if position <= len(english):
                values["text_en"] = english[position - 1]
            load_row(report, MidThread, {"network": network, "position": position}, values)
        for figure in spec.get("mid_figures", []):
            load_row(
                report,
                NetworkMidFigure,
                {"network": network, "metric": figure["metric"], "as_of": figure.get("as_of")},
                {
                    "value": figure["value"],
                    "out_of": figure.get("out_of"),
                    "as_of_precision": figure.get("as_of_precision", DatePrecision.DAY),
                    "source": sources[figure["source"]],
                },
            )

    for spec in data.get("improvement_plans", []):
        plan = load_row(
            report,
            ImprovementPlan,
            {"network": networks[spec["network"]]},
            {**translated(spec, "title", "summary"), "source": sources[spec["source"]]},
        )
        english = spec.get("recommendations_en", [])
        for number, text in enumerate(spec.get("recommendations", []), start=1):
            values = {"text": text, "source": plan.source}
            if number <= len(english):
                values["text_en"] = english[number - 1]
            load_row(report, Recommendation, {"plan": plan, "number": number}, values)

    future = data.get("future")
    if future:
        for kind, key in (
            (EditionRecommendationKind.RECOMMENDATION, "recommendations"),
            (EditionRecommendationKind.NEXT_STEP, "next_steps"),
        ):
            english = future.get(f"{key}_en", [])
            for position, text in enumerate(future.get(key, []), start=1):
                values = {"text": text, "source": sources[future["source"]]}
                if position <= len(english):
                    values["text_en"] = english[position - 1]
                load_row(
                    report,
                    EditionRecommendation,
                    {"edition": edition, "kind": kind, "position": position},
                    values,
                )
    return edition


def load_leaders_and_meetings(
    data: dict, edition: Edition, sources: dict[str, Source], members: dict, report: Counter
) -> None:
    """Fill in the leaders the sources name where none is recorded, and load the meetings;
    needs the members. A leader someone recorded is never replaced."""
    networks = {network.slug: network for network in edition.networks.all()}
    for spec in data.get("networks", []):
        if "leader" in spec:
            load_row(
                report,
                Network,
                {"pk": networks[spec["slug"]].pk},
                {"leader": members[spec["leader"]], "leader_source": sources[spec["leader_source"]]},
            )
    for spec in data.get("meetings", []):
        load_row(
            report,
            Meeting,
            {
                "edition": edition,
                "kind": spec["kind"],
                "title_pl": spec["title"],
                "starts_on": spec["starts_on"],
            },
            {
                "title_en": spec.get("title_en"),
                "network": networks.get(spec.get("network")),
                "host": members.get(spec.get("host")),
                "place": spec.get("place", ""),
                "ends_on": spec.get("ends_on"),
                "date_precision": spec.get("date_precision", DatePrecision.DAY),
                "source": sources[spec["source"]],
            },
        )
