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

# The shown rows per kind; the count of all matches is returned beside them, up to CAP:
# beyond it the page says "more than CAP". Counting every MID of 2,477 gminas for the word
# "gmina" would cost more than the whole search may (50 ms on the national dataset).
PER_KIND = 10
CAP = 500
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
    and a sort key. Translated columns are read in the page's language, Polish where no
    English text is entered.

    The order is each kind's natural one (newest edition first, then by name or number),
    not ts_rank: ranking recomputes the text vector of every match, which for a word
    every member shares ("gmina") costs a hundred milliseconds on the national dataset."""

    def shown(column: str) -> str:
        return f"coalesce(nullif({column}_en, ''), {column})" if english else column

    def matches(text: str) -> str:
        return f"pim_search_document({text}) @@ q.q"

    return {
        "member": f"""
            SELECT 'member', m.id, m.name, m.seat, m.slug, '', m.voivodeship, m.name
            FROM cities_member m, q WHERE {matches(MEMBER_TEXT)}""",
        "network": f"""
            SELECT 'network', n.id, {shown("n.name")}, {shown("e.name")}, n.slug, e.slug, '',
                   (9999 - e.start_year)::text || n.name
            FROM networks_network n JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(NETWORK_TEXT)}""",
        # A MID is found by its topic or by its member's name: two index scans, the second
        # leaving out what the first found, so that the cap below can stop either early.
        "document": f"""
            SELECT 'mid', d.id, m.name, d.topic, m.slug, e.slug, d.status,
                   (9999 - e.start_year)::text || m.name
            FROM cities_mid d JOIN cities_member m ON m.id = d.member_id
                 JOIN networks_edition e ON e.id = d.edition_id, q
            WHERE {matches(MID_TEXT)}
            UNION ALL
            SELECT 'mid', d.id, m.name, d.topic, m.slug, e.slug, d.status,
                   (9999 - e.start_year)::text || m.name
            FROM cities_member m JOIN cities_mid d ON d.member_id = m.id
                 JOIN networks_edition e ON e.id = d.edition_id, q
            WHERE {matches(MEMBER_TEXT)} AND NOT {matches(MID_TEXT)}
            UNION ALL
            SELECT 'plan', p.id, {shown("p.title")}, {shown("n.name")}, n.slug, e.slug, '',
                   (9999 - e.start_year)::text || n.name
            FROM networks_improvementplan p JOIN networks_network n ON n.id = p.network_id
                 JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(PLAN_TEXT)}""",
        "recommendation": f"""
            SELECT 'plan-recommendation', r.id, {shown("r.text")}, {shown("n.name")}, n.slug, e.slug,
                   r.number::text, (9999 - e.start_year)::text || n.name || to_char(r.number, '000')
            FROM networks_recommendation r JOIN networks_improvementplan p ON p.id = r.plan_id
                 JOIN networks_network n ON n.id = p.network_id
                 JOIN networks_edition e ON e.id = n.edition_id, q
            WHERE {matches(RECOMMENDATION_TEXT)}
            UNION ALL
            SELECT 'edition-recommendation', r.id, {shown("r.text")}, {shown("e.name")}, '', e.slug,
                   r.position::text, (9999 - e.start_year)::text || 'zz' || to_char(r.position, '000')
            FROM networks_editionrecommendation r JOIN networks_edition e ON e.id = r.edition_id, q
            WHERE {matches(RECOMMENDATION_TEXT)}""",
        "meeting": f"""
            SELECT 'meeting', t.id, {shown("t.title")}, t.place, coalesce(n.slug, ''), e.slug,
                   to_char(t.starts_on, 'YYYY-MM-DD'), to_char(date '9999-12-31' - t.starts_on, '0000000')
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

    @property
    def capped(self) -> bool:
        """More matches than CAP: `total` counts only CAP + 1 of them."""
        return self.total > CAP

    @property
    def cap(self) -> int:
        return CAP


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
    """Matches of `text` grouped by kind (every kind present, maybe empty), newest edition
    first, at most PER_KIND of each with the total; one query."""
    groups = OrderedDict((kind, Group(kind, str(label))) for kind, label in KINDS.items())
    tsquery = query_text(text)
    if not tsquery:
        return list(groups.values())
    english = (get_language() or "pl").startswith("en")
    # The parts of a kind are sorted together, counted (up to CAP + 1) and cut to PER_KIND.
    parts = [
        f"(SELECT '{kind}', b.*, count(*) OVER () FROM (SELECT * FROM ({branch}) AS c LIMIT {CAP + 1})"
        f" AS b(kind, id, title, subtitle, slug, edition_slug, extra, sort) ORDER BY b.sort, b.title"
        f" LIMIT {PER_KIND})"
        for kind, branch in _branches(english).items()
    ]
    sql = "WITH q AS (SELECT pim_search_query(%s) AS q) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery])
        rows = cursor.fetchall()
    for grp, kind, pk, title, subtitle, slug, edition_slug, extra, _sort, total in rows:
        group = groups[grp]
        group.total = total
        group.hits.append(Hit(kind, title, subtitle or "", _url(kind, pk, slug, edition_slug), extra or ""))
    return list(groups.values())
