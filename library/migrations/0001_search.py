"""Full-text search that ignores Polish diacritics, and the indexes that keep it fast.

PostgreSQL's `unaccent` extension feeds a text-search configuration `pim_search` (the
`simple` parser and dictionary, so that "zdunska" meets "Zduńska" without stemming
surprises in two languages). Two IMMUTABLE functions wrap it, `pim_search_document(text)`
and `pim_search_query(text)`; the GIN indexes and library/search.py call only those, so
the expressions always match.

The embedded PostgreSQL (pgserver, used when no DATABASE_URL is set) ships without
`unaccent`; there the same two functions fold the Polish letters with translate(), so
search keeps working with the same indexes and the same code.
"""

from django.db import migrations

POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
PLAIN = "acelnoszzACELNOSZZ"

WITH_UNACCENT = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION pim_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION pim_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;
CREATE FUNCTION pim_search_document(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector('pim_search'::regconfig, coalesce($1, ''));
CREATE FUNCTION pim_search_query(text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsquery('pim_search'::regconfig, $1);
"""

WITHOUT_UNACCENT = f"""
CREATE TEXT SEARCH CONFIGURATION pim_search (COPY = simple);
CREATE FUNCTION pim_search_document(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector('pim_search'::regconfig, translate(coalesce($1, ''), '{POLISH}', '{PLAIN}'));
CREATE FUNCTION pim_search_query(text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsquery('pim_search'::regconfig, translate($1, '{POLISH}', '{PLAIN}'));
"""

# One index per searched table, on exactly the text library/search.py searches.
INDEXES = {
    "library_member_search_idx": (
        "cities_member",
        "name || ' ' || short_name || ' ' || seat",
    ),
    "library_network_search_idx": (
        "networks_network",
        "name || ' ' || coalesce(name_en, '') || ' ' || description",
    ),
    "library_mid_search_idx": ("cities_mid", "topic || ' ' || summary"),
    "library_plan_search_idx": (
        "networks_improvementplan",
        "title || ' ' || coalesce(title_en, '') || ' ' || summary",
    ),
    "library_recommendation_search_idx": (
        "networks_recommendation",
        "text || ' ' || coalesce(text_en, '')",
    ),
    "library_edition_recommendation_search_idx": (
        "networks_editionrecommendation",
        "text || ' ' || coalesce(text_en, '')",
    ),
    "library_meeting_search_idx": (
        "networks_meeting",
        "title || ' ' || coalesce(title_en, '') || ' ' || place",
    ),
}


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        available = cursor.fetchone() is not None
        cursor.execute(WITH_UNACCENT if available else WITHOUT_UNACCENT)
        for name, (table, text) in INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON {table} USING gin (pim_search_document({text}))")


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(
            "DROP FUNCTION IF EXISTS pim_search_document(text); DROP FUNCTION IF EXISTS pim_search_query(text);"
            " DROP TEXT SEARCH CONFIGURATION IF EXISTS pim_search;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0008_mid_status_labels"),
        ("networks", "0006_edition_deadlines"),
    ]

    operations = [migrations.RunPython(create, drop)]
