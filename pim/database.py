"""A database that hangs costs a request seconds, never a worker: deadlines on every wait.

PostgreSQL that is stopped refuses connections at once; PostgreSQL that hangs (frozen,
swapping, a network that drops packets) accepts them and never answers, and neither
`statement_timeout` (the server enforces it, and the server is stuck) nor TCP keepalives
(the kernel still answers them) ends the wait. So web processes run psycopg2 with a wait
callback ("green" mode) that gives each wait for the server a deadline:

- connecting: DATABASE_CONNECT_TIMEOUT;
- a statement (or commit) with no answer after HUNG_AFTER_SECONDS: is the server there at
  all? A new connection's first message (an SSLRequest, answered by a fresh backend
  before it reads anything from disk) gets an answer within PROBE_SECONDS from a server
  that is merely busy, and none from one that hangs. Busy: wait on, up to the statement
  timeout (DATABASE_STATEMENT_TIMEOUT, which PostgreSQL enforces itself) plus a margin.
  Hung: give up now.

Giving up drops the connection and ends the request in OperationalError, which the site
answers with a 503 and Retry-After (pim.views.server_error). The process then stops asking
for RETRY_SECONDS: every request in that time fails at once instead of each paying the
wait again (and a request never pays it twice, e.g. for a health check and then a
reconnect). The next request after that tries again, so the site recovers by itself.

Management commands (migrations, loads, backups) do not use this: they may run long
statements, and COPY, which green mode does not allow.
"""

import logging
import select
import socket
import struct
import time

import psycopg2
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from psycopg2 import extensions

# Seconds without an answer after which a statement's wait asks whether the server is there.
HUNG_AFTER_SECONDS = 1.5
# Seconds a server has to answer that question.
PROBE_SECONDS = 0.5
# Beyond the statement timeout, how long the server has to say it cancelled the statement.
CANCEL_MARGIN_SECONDS = 0.5
# Seconds a process waits before asking a database that hung again.
RETRY_SECONDS = 3.0
SSL_REQUEST = struct.pack("!II", 8, 80877103)

_unavailable_until = 0.0


def server_answers(connection) -> bool:
    """Whether the server of `connection` answers a new connection's first message (an
    SSLRequest) within PROBE_SECONDS; one short-lived socket, no login, no query."""
    host, port = connection.info.host, connection.info.port
    try:
        if host.startswith("/"):  # a Unix socket's directory
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe.settimeout(PROBE_SECONDS)
            probe.connect(f"{host}/.s.PGSQL.{port}")
        else:
            probe = socket.create_connection((host, port), timeout=PROBE_SECONDS)
    except OSError:
        return False
    with probe:
        try:
            probe.sendall(SSL_REQUEST)
            return probe.recv(1) != b""
        except OSError:
            return False


def _give_up(message: str):
    global _unavailable_until
    _unavailable_until = time.monotonic() + RETRY_SECONDS
    return psycopg2.OperationalError(message)


def wait_with_deadline(connection) -> None:
    """psycopg2's wait callback: poll the connection until done, within the deadlines above.

    Raises OperationalError (and holds off further attempts for RETRY_SECONDS) when the
    server does not answer in time.
    """
    begun = time.monotonic()
    if begun < _unavailable_until:
        raise psycopg2.OperationalError("the database did not answer a moment ago; not asking again yet")
    if connection.status == extensions.STATUS_SETUP:  # connecting: no answer in time is the answer
        deadline = check_at = begun + settings.DATABASE_CONNECT_TIMEOUT
    else:
        deadline = begun + settings.DATABASE_STATEMENT_TIMEOUT + CANCEL_MARGIN_SECONDS
        check_at = min(begun + HUNG_AFTER_SECONDS, deadline)
    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        now = time.monotonic()
        if now >= deadline:
            raise _give_up("the database did not answer in time")
        if now >= check_at:
            if not server_answers(connection):
                raise _give_up("the database does not answer")
            check_at = deadline  # there but busy: wait for the statement's own timeout
            continue
        left = min(deadline, check_at) - now
        if state == extensions.POLL_READ:
            select.select([connection.fileno()], [], [], left)
        elif state == extensions.POLL_WRITE:
            select.select([], [connection.fileno()], [], left)
        else:
            raise psycopg2.OperationalError(f"unexpected state from poll(): {state}")


def _limit_statements(sender, connection, **kwargs) -> None:
    """A new connection of a web process: PostgreSQL cancels statements that run too long,
    and abandons those whose client has gone (one query per new connection)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false),"
            " set_config('client_connection_check_interval', '1000', false)",
            [f"{int(settings.DATABASE_STATEMENT_TIMEOUT * 1000)}ms"],
        )


def serve_with_deadlines() -> None:
    """Make this process's database waits fail fast (web processes: pim/wsgi.py)."""
    extensions.set_wait_callback(wait_with_deadline)
    connection_created.connect(_limit_statements, dispatch_uid="pim-statement-timeout")


def stop_deadlines() -> None:
    """Undo serve_with_deadlines (tests)."""
    global _unavailable_until
    extensions.set_wait_callback(None)
    connection_created.disconnect(dispatch_uid="pim-statement-timeout")
    _unavailable_until = 0.0


class OutageLogFilter(logging.Filter):
    """Logs a request that failed because the database is unavailable in one line, without
    the traceback: in an outage every request fails alike, and thousands of identical
    tracebacks would bury the log and cost the CPU the site needs to answer 503s."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (OperationalError, InterfaceError)):
            record.msg, record.args = "%s (database unavailable: %s)", (record.getMessage(), error)
            record.exc_info = record.exc_text = None
        return True
