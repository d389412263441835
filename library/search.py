"""Site search: members, networks, documents, recommendations and meetings in one query.

Each kind is searched with `pim_search_document(<text>) @@ pim_search_query(<query>)`,
the text being exactly the one the GIN indexes of migration 0001 are built on, so every
branch is an index scan whatever the size of the data. Polish diacritics are ignored on
both sides (the `unaccent` text-search configuration), and every word matches as a
prefix: "swiebo" finds Świebodzice.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The shown rows per kind; the count of all matches is returned beside them.
PER_KIND = 10
MAX_WORDS = 8

KINDS = OrderedDict(
    [
        ("member", _("Members")),
        ("network", _("Networks")),
        ("document", _("Documents")),
        ("recommendation", _("Recommendations")),
        ("meeting", _("Meetings")),
    ]
)

# The searched text of each table: exactly what the GIN indexes of migration 0001 hold.
MEMBER_TEXT = "m.name || ' ' || m.short_name || ' ' || m.seat"
NETWORK_TEXT = "n.name || ' ' || coalesce(n.name_en, '') || ' ' || n.description"
MID_TEXT = "d.topic || ' ' || d.summary"
PLAN_TEXT = "p.title || ' ' || coalesce(p.title_en, '') || ' ' || p.summary"
RECOMMENDATION_TEXT = "r.text || ' ' || coalesce(r.text_en, '')"
MEETING_TEXT = "t.title || ' ' || coalesce(t.title_en, '') || ' ' || t.place"


def _branches(english: bool) -> dict[str, str]:
    """SQL of each kind; every row gives kind, id, title, subtitle, slug, edition slug, extra
    and rank. Translated columns are read in the page's language, Polish where no English
    text is entered."""

    def shown(column: str) -> str:
        return f"coalesce(nullif({column}_en, ''), {column})" if english else column

    def matches(text: str) -> str:
        return f"pim_search_document({text}) @@ q.q"

    def rank(text: str) -> str:
        return f"ts_rank(pim_search_document({text}), q.q)"

    return {
        "member": f"""
            SELECT 'member', m.id, m.name, m.seat, m.slug, '', m.voivodeship, {rank(MEMBER_TEXT)}
            FROM cities_member m, q WHERE {matches(MEMBER_TEXT)}""",
        "network": f"""
            SELECT 'network', n.id, {shown("n.name")}, {shown("e.name")}, n.slug, e.slug, '',
                   {rank(NETWORK_TEXT)}
            FROM networks_network n JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(NETWORK_TEXT)}""",
        # A MID is found by its topic or by its member's name; two index scans, not an OR.
        "document": f"""
            SELECT 'mid', d.id, m.name, d.topic, m.slug, e.slug, d.status, {rank(MID_TEXT)}
            FROM cities_mid d JOIN cities_member m ON m.id = d.member_id
                 JOIN networks_edition e ON e.id = d.edition_id, q
            WHERE d.id IN (
                SELECT d.id FROM cities_mid d, q WHERE {matches(MID_TEXT)}
                UNION
                SELECT d.id FROM cities_mid d JOIN cities_member m ON m.id = d.member_id, q
                WHERE {matches(MEMBER_TEXT)})
            UNION ALL
            SELECT 'plan', p.id, {shown("p.title")}, {shown("n.name")}, n.slug, e.slug, '', {rank(PLAN_TEXT)}
            FROM networks_improvementplan p JOIN networks_network n ON n.id = p.network_id
                 JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(PLAN_TEXT)}""",
        "recommendation": f"""
            SELECT 'plan-recommendation', r.id, {shown("r.text")}, {shown("n.name")}, n.slug, e.slug,
                   r.number::text, {rank(RECOMMENDATION_TEXT)}
            FROM networks_recommendation r JOIN networks_improvementplan p ON p.id = r.plan_id
                 JOIN networks_network n ON n.id = p.network_id
                 JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(RECOMMENDATION_TEXT)}
            UNION ALL
            SELECT 'edition-recommendation', r.id, {shown("r.text")}, {shown("e.name")}, '', e.slug,
                   r.position::text, {rank(RECOMMENDATION_TEXT)}
            FROM networks_editionrecommendation r JOIN networks_edition e ON e.id = r.edition_id, q
            WHERE {matches(RECOMMENDATION_TEXT)}""",
        "meeting": f"""
            SELECT 'meeting', t.id, {shown("t.title")}, t.place, coalesce(n.slug, ''), e.slug,
                   to_char(t.starts_on, 'YYYY-MM-DD'), {rank(MEETING_TEXT)}
            FROM networks_meeting t JOIN networks_edition e ON e.id = t.edition_id
                 LEFT JOIN networks_network n ON n.id = t.network_id, q
            WHERE {matches(MEETING_TEXT)}""",
    }


@dataclass
class Hit:
    kind: str
    title: str
    subtitle: str
    url: str
    extra: str


@dataclass
class Group:
    kind: str
    label: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)


def query_text(text: str) -> str:
    """The user's words as a tsquery string of prefixes ("zdunska:* & wola:*"); "" when
    no word is left. Only letters and digits pass, so no tsquery syntax comes from input."""
    words = re.findall(r"\w+", text.lower())[:MAX_WORDS]
    return " & ".join(f"{word}:*" for word in words)


def _url(kind: str, pk: int, slug: str, edition_slug: str) -> str:
    if kind == "member":
        return reverse("cities:member", args=[slug])
    if kind == "mid":
        return reverse("cities:member", args=[slug]) + f"#mid-{pk}-heading"
    if kind in ("network", "plan", "plan-recommendation") or (kind == "meeting" and slug):
        return reverse("networks:detail", args=[edition_slug, slug])
    if kind == "edition-recommendation":
        return reverse("networks:recommendations") + f"?edition={edition_slug}"
    return reverse("networks:programme") + f"?edition={edition_slug}"


def search(text: str) -> list[Group]:
    """Matches of `text` grouped by kind (every kind present, maybe empty), best first, at
    most PER_KIND of each with the total; one query."""
    groups = OrderedDict((kind, Group(kind, str(label))) for kind, label in KINDS.items())
    tsquery = query_text(text)
    if not tsquery:
        return list(groups.values())
    english = (get_language() or "pl").startswith("en")
    # The parts of a kind are ranked together, counted before the cut, and cut to PER_KIND.
    parts = [
        f"(SELECT '{kind}', b.*, count(*) OVER () FROM ({branch}) AS b(kind, id, title, subtitle, slug,"
        f" edition_slug, extra, rank) ORDER BY b.rank DESC, b.title LIMIT {PER_KIND})"
        for kind, branch in _branches(english).items()
    ]
    sql = "WITH q AS (SELECT pim_search_query(%s) AS q) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery])
        rows = cursor.fetchall()
    for grp, kind, pk, title, subtitle, slug, edition_slug, extra, _rank, total in rows:
        group = groups[grp]
        group.total = total
        group.hits.append(Hit(kind, title, subtitle or "", _url(kind, pk, slug, edition_slug), extra or ""))
    return list(groups.values())
