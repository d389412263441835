"""The open-data catalogue: every dataset the site publishes, described in DCAT-AP
(JSON-LD) for the national portal to harvest, with its CSV/XLSX/JSON distributions."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from surveys.models import Survey

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
FORMATS = {
    "json": ("JSON", "application/json"),
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
# EU data themes: regions and cities; government and public sector.
THEMES = [
    "http://publications.europa.eu/resource/authority/data-theme/REGI",
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
]
LANGUAGES = [
    "http://publications.europa.eu/resource/authority/language/POL",
    "http://publications.europa.eu/resource/authority/language/ENG",
]


@dataclass(frozen=True)
class Dataset:
    """One dataset: the API collection (URL name) behind its distributions, and its words."""

    code: str
    api_name: str
    title_pl: str
    title_en: str
    description_pl: str
    description_en: str
    spreadsheet: bool = True
    page_name: str | None = None


DATASETS = [
    Dataset(
        "editions",
        "api:edition-list",
        "Edycje Partnerskiej Inicjatywy Miast",
        "Editions of the Partnership Initiative of Cities",
        "Edycje programu z latami trwania i opublikowaną liczbą członków i spotkań sieci, ze źródłem.",
        "The programme's editions with their years and the published numbers of members and network "
        "meetings, with their source.",
        page_name="home",
    ),
    Dataset(
        "networks",
        "api:network-list",
        "Sieci tematyczne PIM",
        "PIM thematic networks",
        "Sieci tematyczne każdej edycji: temat, lider (ze źródłem), opublikowana i zapisana liczba członków.",
        "The thematic networks of every edition: theme, leader (with its source), published and recorded "
        "numbers of members.",
        page_name="networks:list",
    ),
    Dataset(
        "members",
        "api:member-list",
        "Członkowie PIM",
        "PIM members",
        "Miasta, gminy, związki i stowarzyszenia gmin uczestniczące w programie, z członkostwem w sieciach.",
        "Cities, gminas, unions and associations of gminas taking part, with their memberships in networks.",
        page_name="cities:list",
    ),
    Dataset(
        "memberships",
        "api:membership-list",
        "Członkostwa w sieciach PIM i status MID",
        "Memberships in PIM networks and MID status",
        "Wiersze listy członków: członek w sieci danej edycji, z tematem i statusem MID zapisanym przez "
        "członka.",
        "The members list's rows: a member in a network of an edition, with the MID topic and status the "
        "member recorded.",
        page_name="cities:list",
    ),
    Dataset(
        "mids",
        "api:mid-list",
        "Miejskie Inicjatywy Działania (MID)",
        "Urban action initiatives (MIDs)",
        "MID każdego członka w każdej edycji: temat (ze źródłem), status i jego daty, partnerstwo lokalne.",
        "Each member's MID in each edition: topic (with its source), status and its dates, local "
        "partnership.",
    ),
    Dataset(
        "meetings",
        "api:meeting-list",
        "Spotkania sieci PIM",
        "PIM meetings",
        "Spotkania sieci, warsztaty wszystkich sieci, wizyty studyjne i spotkania partnerstw lokalnych, "
        "z datą tak dokładną, jak podaje źródło.",
        "Network meetings, workshops of all networks, study visits and local partnership meetings, dated "
        "as precisely as the source gives.",
    ),
    Dataset(
        "sources",
        "api:source-list",
        "Źródła danych PIM",
        "Sources of the PIM data",
        "Opublikowane dokumenty i strony, z których pochodzi każda informacja.",
        "The published documents and pages every fact comes from.",
        page_name="networks:sources",
    ),
    Dataset(
        "improvement-plans",
        "api:improvement-plan-list",
        "Plany ulepszeń sieci PIM",
        "Improvement plans of the PIM networks",
        "Plan ulepszeń każdej sieci z jego rekomendacjami, cytowanymi ze źródła.",
        "Each network's improvement plan with its recommendations, quoted from the source.",
        page_name="networks:recommendations",
    ),
    Dataset(
        "recommendations",
        "api:recommendation-list",
        "Rekomendacje planów ulepszeń PIM",
        "Recommendations of the PIM improvement plans",
        "Rekomendacje planów ulepszeń, jedna w wierszu, ze źródłem.",
        "The improvement plans' recommendations, one per row, with their source.",
        page_name="networks:recommendations",
    ),
    Dataset(
        "published-figures",
        "api:published-figure-list",
        "Opublikowane wskaźniki PIM",
        "Published PIM figures",
        "Liczby opublikowane w źródłach (np. MID złożone i kompletne w sieci), z datą i źródłem.",
        "Figures the sources publish (e.g. MIDs handed in and complete per network), with date and source.",
    ),
    Dataset(
        "surveys",
        "api:survey-list",
        "Ankiety uczestników PIM",
        "Surveys of PIM participants",
        "Ankiety uczestników programu; wyniki każdej ankiety są osobnym zbiorem.",
        "Surveys of the programme's participants; each survey's results are a dataset of their own.",
    ),
]


def _text(polish: str, english: str) -> list[dict]:
    return [{"@value": polish, "@language": "pl"}, {"@value": english, "@language": "en"}]


def _distribution(url: str, file_format: str, title: str) -> dict:
    name, media_type = FORMATS[file_format]
    return {
        "@id": url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": title + f" ({name})",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": MEDIA_TYPES + media_type},
        "dct:format": {"@id": FILE_TYPES + name},
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
    }


def distributions(url: str, title: str, spreadsheet: bool = True) -> list[dict]:
    """JSON, CSV and (for tables people open in a spreadsheet) XLSX of one API address."""
    separator = "&" if "?" in url else "?"
    formats = ["json", "csv", "xlsx"] if spreadsheet else ["json", "csv"]
    return [
        _distribution(url if fmt == "json" else f"{url}{separator}format={fmt}", fmt, title)
        for fmt in formats
    ]


def _publisher() -> dict:
    return {
        "@id": settings.OPEN_DATA_PUBLISHER_URL,
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER_NAME,
        "foaf:homepage": {"@id": settings.OPEN_DATA_PUBLISHER_URL},
    }


def _dataset(
    build, identifier: str, titles: tuple[str, str], descriptions: tuple[str, str], modified: str, **extra
) -> dict:
    dataset = {
        "@id": build(reverse("api:catalogue")) + "#" + identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _text(*titles),
        "dct:description": _text(*descriptions),
        "dct:publisher": _publisher(),
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
        "dct:language": [{"@id": language} for language in LANGUAGES],
        "dcat:theme": [{"@id": theme} for theme in THEMES],
        "dcat:keyword": _text("Partnerska Inicjatywa Miast", "Partnership Initiative of Cities"),
        **extra,
    }
    if settings.OPEN_DATA_CONTACT_EMAIL:
        dataset["dcat:contactPoint"] = {
            "@type": "vcard:Kind",
            "vcard:fn": settings.OPEN_DATA_PUBLISHER_NAME,
            "vcard:hasEmail": {"@id": "mailto:" + settings.OPEN_DATA_CONTACT_EMAIL},
        }
    return dataset


def catalogue(request, modified: datetime | None) -> dict:
    """The DCAT-AP catalogue of every dataset as JSON-LD; one query (the surveys)."""
    build = request.build_absolute_uri
    stamp = (modified or timezone.now()).isoformat(timespec="seconds")
    datasets = []
    for spec in DATASETS:
        url = build(reverse(spec.api_name))
        extra = {"dcat:distribution": distributions(url, spec.title_en, spec.spreadsheet)}
        if spec.page_name:
            extra["dcat:landingPage"] = {"@id": build(reverse(spec.page_name))}
        datasets.append(
            _dataset(
                build,
                spec.code,
                (spec.title_pl, spec.title_en),
                (spec.description_pl, spec.description_en),
                stamp,
                **extra,
            )
        )
    for survey in Survey.objects.select_related("edition").order_by("edition__start_year", "conducted_from"):
        url = build(reverse("api:survey-results", args=[survey.edition.slug, survey.slug]))
        datasets.append(
            _dataset(
                build,
                f"survey-results-{survey.edition.slug}-{survey.slug}",
                (f"Wyniki ankiety: {survey.title}", f"Survey results: {survey.title}"),
                (
                    f"{survey.edition.name}: odsetki i średnie odpowiedzi na każde pytanie (tylko zbiorczo; "
                    "grupy mniejsze niż 5 osób nie są pokazywane).",
                    f"{survey.edition.name}: shares and means of the answers to each question (aggregates "
                    "only; groups of fewer than 5 people are not shown).",
                ),
                stamp,
                **{
                    "dcat:landingPage": {"@id": build(survey.get_absolute_url())},
                    "dcat:distribution": distributions(url, f"Survey results: {survey.title}"),
                },
            )
        )
    return {
        "@context": DCAT_CONTEXT,
        "@id": build(reverse("api:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _text(
            "Partnerska Inicjatywa Miast: dane otwarte", "Partnership Initiative of Cities: open data"
        ),
        "dct:description": _text(
            "Wyniki programu Partnerska Inicjatywa Miast: edycje, sieci, członkowie i ich MID, spotkania, "
            "plany ulepszeń, opublikowane wskaźniki i wyniki ankiet. Każda liczba ma podane pochodzenie: "
            "opublikowana (ze źródłem), rekonstrukcja, dane bieżące lub nieznana.",
            "Results of the Partnership Initiative of Cities programme: editions, networks, members and "
            "their MIDs, meetings, improvement plans, published figures and survey results. Every figure "
            "states its provenance: published (with its source), reconstruction, live data or not known.",
        ),
        "dct:publisher": _publisher(),
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URL},
        "dct:modified": {"@value": stamp, "@type": "xsd:dateTime"},
        "dct:language": [{"@id": language} for language in LANGUAGES],
        "foaf:homepage": {"@id": build("/")},
        "dcat:dataset": datasets,
    }
