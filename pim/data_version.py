"""The data version: one number that PostgreSQL changes whenever the product's data changes.

Every cache key of the site names it (whole pages in pim/page_cache.py, survey figures in
surveys/cache.py; the API's ETag and Last-Modified), so a cached value can only ever be
served for the data it was computed from. It is kept by the database, not by the code
that writes: a statement trigger on every product table (installed by `install_triggers`
after each `migrate`) notes the change, and the transaction publishes a new version in
the same commit as its data. So a change made by any path shows at once: ORM saves,
`QuerySet.update()`, bulk inserts, imports, SQL typed into psql, `pg_restore`, another app
server. The SQL lives in pim/migrations/0001_data_version.py; the README's operations
section explains the choices (why transactional, why random, why published at commit).
"""

import time
from contextvars import ContextVar
from datetime import UTC, datetime

from django.apps import AppConfig
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

# Tables whose writes change nothing any page shows: sessions (written on every login), login
# throttling, the admin's action log, Django's own bookkeeping. Everything else is versioned,
# so a new app's tables are covered without anyone remembering to add them.
UNVERSIONED_APPS = frozenset({"admin", "axes", "contenttypes", "sessions"})
TRIGGER_NAME = "pim_data_changed"

_CREATE_TRIGGER = (
    "CREATE OR REPLACE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION pim_note_data_change()"
)

# The request being served: {"visitor": bool, "value": the version once read}; None outside
# requests (commands, tests' own code), which read afresh every time.
_request_memo: ContextVar[dict | None] = ContextVar("pim_data_version", default=None)
# In web processes, a read shared by visitors' requests for DATA_VERSION_MEMO_SECONDS:
# (monotonic time of the read, value), or None.
_visitor_memo: tuple[float, tuple[int, datetime]] | None = None
_share_with_visitors = False


def _read() -> tuple[int, datetime]:
    global _visitor_memo
    memo = _request_memo.get()
    if memo and "value" in memo:
        return memo["value"]
    visitor = bool(memo and memo["visitor"] and _share_with_visitors)
    shared = _visitor_memo
    if visitor and shared and time.monotonic() - shared[0] < settings.DATA_VERSION_MEMO_SECONDS:
        memo["value"] = shared[1]
        return shared[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM pim_current_data_version()")
        row = cursor.fetchone()
    value = (row[0], row[1]) if row else (0, datetime(2017, 1, 1, tzinfo=UTC))
    if memo is not None:
        memo["value"] = value
    if visitor:
        _visitor_memo = (time.monotonic(), value)
    return value


def current() -> int:
    """The version of the data this request sees; one query, once per request.

    Inside a transaction that has written, a version private to that transaction. In web
    processes, visitors who are not signed in may get a version read up to
    DATA_VERSION_MEMO_SECONDS ago by another visitor's request (then no query at all); a
    signed-in user always reads afresh, so what they just saved shows on their next page.
    """
    return _read()[0]


def last_modified() -> datetime:
    """When the data last changed (the commit of the last write); shares current()'s query."""
    return _read()[1]


def remember(version: int, changed_at: datetime) -> None:
    """Take the version read by another query of this request (pim/auth.py reads it with the
    signed-in user), so current() needs no query of its own. Outside requests, or once the
    request has read it, nothing changes."""
    memo = _request_memo.get()
    if memo is not None and "value" not in memo:
        memo["value"] = (version, changed_at)


def share_reads_between_visitors() -> None:
    """Let visitors' requests in this process share a read for DATA_VERSION_MEMO_SECONDS (web
    processes: pim/wsgi.py). A cached page then costs no query; a change shows that much later."""
    global _share_with_visitors
    _share_with_visitors = settings.DATA_VERSION_MEMO_SECONDS > 0


class DataVersionMiddleware:
    """Reads the data version at most once per request, and afresh for every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({"visitor": settings.SESSION_COOKIE_NAME not in request.COOKIES})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def versioned_tables(app_config: AppConfig) -> list[str]:
    """The tables of the app that carry the data-version trigger (models, histories, M2M tables)."""
    if app_config.label in UNVERSIONED_APPS:
        return []
    return sorted(
        {
            model._meta.db_table
            for model in app_config.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def install_triggers(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: give each of the app's tables the statement trigger (idempotent), and
    publish a new version, since a migration may change what pages show. A query per table."""
    tables = versioned_tables(sender)
    if not tables:
        return
    database = connections[using]
    with database.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('pim_note_data_change()') IS NOT NULL")
        if not cursor.fetchone()[0]:  # migrated only part of the way: pim's migration not yet run
            return
        existing = set(database.introspection.table_names(cursor))
        for table in tables:
            if table in existing:
                cursor.execute(
                    _CREATE_TRIGGER.format(trigger=TRIGGER_NAME, table=database.ops.quote_name(table))
                )
        cursor.execute("UPDATE pim_data_version SET version = pim_new_data_version(), changed_at = now()")
