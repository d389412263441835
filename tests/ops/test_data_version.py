"""Figures follow the data by any path: the data version kept by PostgreSQL (pim/data_version.py)."""

import time

import psycopg2
import pytest
from django.db import connection
from django.test import Client

from cities.models import Mid
from pim import data_version
from surveys.models import Response

pytestmark = pytest.mark.django_db

CARD = "/czlonkowie/torun/"
SURVEY = "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/"
# Tables whose writes change no page: Django's bookkeeping, sessions, login throttling, and
# the data version's own tables.
UNVERSIONED_TABLES = {
    "django_migrations",
    "django_session",
    "django_admin_log",
    "django_content_type",
    "pim_cache",
    "pim_data_version",
    "pim_data_change",
}


def _topic(text: str) -> str:
    return f"Temat zmieniony: {text}"


def _cached_card(client) -> str:
    """The member card as a visitor gets it, cached now under the current data version."""
    page = client.get(CARD).content.decode()
    assert client.get(CARD).content.decode() == page
    return page


def _other_connection():
    """A second session on the test database, as psql or another app server would open."""
    other = psycopg2.connect(**connection.get_connection_params())
    other.autocommit = True
    return other


def test_every_table_except_bookkeeping_carries_the_data_version_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s)
            """,
            [data_version.TRIGGER_NAME],
        )
        untriggered = {name for (name,) in cursor.fetchall()}
    untriggered = {name for name in untriggered if not name.startswith("axes_")} - UNVERSIONED_TABLES
    assert untriggered == set()
    assert "cities_historicalmid" not in untriggered and "cities_member_editors" not in untriggered


def test_an_orm_save_shows_on_the_cached_page(client):
    _cached_card(client)
    mid = Mid.objects.get(member__slug="torun")
    mid.topic = _topic("save")
    mid.save()
    assert _topic("save") in client.get(CARD).content.decode()


def test_a_queryset_update_shows_on_the_cached_page(client):
    _cached_card(client)
    Mid.objects.filter(member__slug="torun").update(topic=_topic("update"))
    assert _topic("update") in client.get(CARD).content.decode()


def test_raw_sql_through_a_cursor_shows_on_the_cached_page(client):
    _cached_card(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cities_mid SET topic = %s"
            " WHERE member_id = (SELECT id FROM cities_member WHERE slug = 'torun')",
            [_topic("sql")],
        )
    assert _topic("sql") in client.get(CARD).content.decode()


def test_a_bulk_create_shows_in_the_cached_survey_figures(client, pilot_copy):
    """The sealed pilot survey takes no writes: live responses go to its open copy."""
    page = f"/ankiety/{pilot_copy.edition.slug}/{pilot_copy.slug}/"
    assert "n = 37" in client.get(page).content.decode()
    Response.objects.bulk_create([Response(survey=pilot_copy, respondent_id=f"bulk-{n}") for n in range(3)])
    assert "n = 40" in client.get(page).content.decode()


def test_a_change_committed_by_another_session_shows_on_the_cached_page(client):
    """What psql, a restore or another app server does: a commit from outside this process."""
    page = _cached_card(client)
    other = _other_connection()
    torun = "member_id = (SELECT id FROM cities_member WHERE slug = 'torun')"
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT topic FROM cities_mid WHERE {torun}")
            (topic,) = cursor.fetchone()
            cursor.execute(f"UPDATE cities_mid SET topic = %s WHERE {torun}", [_topic("psql")])
        changed = client.get(CARD).content.decode()
    finally:
        with other.cursor() as cursor:
            cursor.execute(f"UPDATE cities_mid SET topic = %s WHERE {torun}", [topic])
        other.close()
    assert changed != page
    assert _topic("psql") in changed


def test_the_new_version_becomes_visible_only_with_the_commit_of_the_data():
    writer, reader = _other_connection(), _other_connection()
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT version FROM pim_current_data_version()")
            before = cursor.fetchone()[0]
            writer.autocommit = False
            with writer.cursor() as write:
                write.execute("UPDATE networks_source SET code = code WHERE false")
                write.execute("SELECT version FROM pim_current_data_version()")
                private = write.fetchone()[0]
            cursor.execute("SELECT version FROM pim_current_data_version()")
            assert cursor.fetchone()[0] == before  # not yet committed: readers keep the old one
            writer.commit()
            cursor.execute("SELECT version FROM pim_current_data_version()")
            after = cursor.fetchone()[0]
        assert after not in (before, private)
    finally:
        writer.close()
        reader.close()


def test_a_rolled_back_write_leaves_the_version_as_it_was():
    other = _other_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT version FROM pim_current_data_version()")
            before = cursor.fetchone()[0]
            cursor.execute("BEGIN")
            cursor.execute("UPDATE networks_source SET code = code WHERE false")
            cursor.execute("ROLLBACK")
            cursor.execute("SELECT version FROM pim_current_data_version()")
            assert cursor.fetchone()[0] == before
    finally:
        other.close()


def test_a_long_write_transaction_does_not_hold_up_other_writers():
    """The shared version row is written at commit, so an import that runs for a minute does
    not make every other save wait (or time out) behind it."""
    importer, editor = _other_connection(), _other_connection()
    try:
        importer.autocommit = False
        with importer.cursor() as cursor:
            cursor.execute("UPDATE networks_source SET code = code WHERE false")
        with editor.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
            cursor.execute("UPDATE networks_network SET slug = slug WHERE false")  # would fail if it waited
        importer.commit()
    finally:
        importer.close()
        editor.close()


def test_the_version_is_read_once_per_request(client, django_assert_max_num_queries):
    client.get(CARD)
    with django_assert_max_num_queries(2):  # the data version and the page, from the cache table
        client.get(CARD)


@pytest.fixture
def web_process(settings, monkeypatch):
    """As in a web process (pim/wsgi.py): visitors share a read of the version for a second."""
    settings.DATA_VERSION_MEMO_SECONDS = 1.0
    monkeypatch.setattr(data_version, "_visitor_memo", None)
    monkeypatch.setattr(data_version, "_share_with_visitors", False)  # put back afterwards
    data_version.share_reads_between_visitors()


def test_visitors_see_a_change_within_a_second_and_the_user_who_made_it_at_once(
    client, editor_a, web_process, django_assert_max_num_queries
):
    _cached_card(client)
    with django_assert_max_num_queries(1):  # the page from the cache table; the version from memory
        client.get(CARD)
    Mid.objects.filter(member__slug="torun").update(topic=_topic("memo"))

    editor = Client()
    editor.force_login(editor_a)
    assert _topic("memo") in editor.get(CARD).content.decode()
    time.sleep(1.0)
    assert _topic("memo") in client.get(CARD).content.decode()
