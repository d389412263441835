"""Waits for the database end in seconds, and a failed export is never a truncated 200.

The frozen-database case under load, with the real site: test_database_outage.py.
"""

import socket
import threading
import time
from types import SimpleNamespace

import psycopg2
import pytest
from django.db import OperationalError, connection, connections
from psycopg2 import extensions

from pim import database

pytestmark = pytest.mark.django_db


class Listener:
    """A PostgreSQL port on loopback: `busy` answers a new connection's first message (as a
    server that is only slow does), otherwise nothing ever answers (as a frozen one)."""

    def __init__(self, busy: bool):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        if busy:
            threading.Thread(target=self._answer, daemon=True).start()

    def _answer(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            self.accepted.append(client)
            client.recv(8)
            client.sendall(b"N")  # "no SSL here": the answer a live server gives

    def close(self) -> None:
        self.socket.close()
        for client in self.accepted:
            client.close()


class Waiting:
    """A psycopg2 connection as the wait callback sees it: its answer comes after `answer_after`
    seconds (never, by default) from the server at `listener`."""

    def __init__(self, listener: Listener, status: int = extensions.STATUS_READY, answer_after: float = 1e9):
        self.status = status
        self.info = SimpleNamespace(host="127.0.0.1", port=listener.port)
        self._answer_at = time.monotonic() + answer_after
        self._ours, self._theirs = socket.socketpair()
        if answer_after < 60:  # the answer arrives: the socket becomes readable, as a real one does
            threading.Timer(answer_after, self._theirs.send, [b"x"]).start()

    def poll(self) -> int:
        return extensions.POLL_OK if time.monotonic() >= self._answer_at else extensions.POLL_READ

    def fileno(self) -> int:
        return self._ours.fileno()


@pytest.fixture
def quick_checks(monkeypatch):
    """The deadlines of pim/database.py, shortened to keep the tests quick."""
    monkeypatch.setattr(database, "HUNG_AFTER_SECONDS", 0.3)
    monkeypatch.setattr(database, "PROBE_SECONDS", 0.2)
    monkeypatch.setattr(database, "RETRY_SECONDS", 1.0)
    yield
    database.stop_deadlines()


@pytest.fixture
def frozen():
    listener = Listener(busy=False)
    yield listener
    listener.close()


@pytest.fixture
def busy():
    listener = Listener(busy=True)
    yield listener
    listener.close()


def _seconds_to_fail(connection) -> float:
    begun = time.monotonic()
    with pytest.raises(psycopg2.OperationalError):
        database.wait_with_deadline(connection)
    return time.monotonic() - begun


def test_a_statement_on_a_server_that_does_not_answer_at_all_is_given_up_at_once(
    quick_checks, frozen, settings
):
    settings.DATABASE_STATEMENT_TIMEOUT = 10
    assert 0.3 <= _seconds_to_fail(Waiting(frozen)) < 0.3 + 0.2 + 0.3  # not the statement timeout


def test_a_slow_statement_on_a_busy_server_is_waited_for(quick_checks, busy, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 10
    begun = time.monotonic()
    database.wait_with_deadline(Waiting(busy, answer_after=0.8))  # past the check: no error
    assert time.monotonic() - begun >= 0.8


def test_a_busy_server_gets_the_statement_timeout_and_its_margin_then_no_more(quick_checks, busy, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 0.5
    seconds = _seconds_to_fail(Waiting(busy))
    assert 0.5 + database.CANCEL_MARGIN_SECONDS <= seconds < 0.5 + database.CANCEL_MARGIN_SECONDS + 0.4


def test_after_giving_up_the_process_fails_at_once_and_asks_again_later(quick_checks, frozen, settings):
    """The wait is paid once: not again for the reconnect, nor by the next requests."""
    settings.DATABASE_STATEMENT_TIMEOUT = 10
    _seconds_to_fail(Waiting(frozen))
    assert _seconds_to_fail(Waiting(frozen, status=extensions.STATUS_SETUP)) < 0.05
    assert _seconds_to_fail(Waiting(frozen)) < 0.05
    time.sleep(database.RETRY_SECONDS)
    assert _seconds_to_fail(Waiting(frozen)) >= 0.3  # asks again: recovery needs no restart


def test_connecting_waits_at_most_the_connect_timeout(quick_checks, frozen, settings):
    settings.DATABASE_CONNECT_TIMEOUT = 0.4  # (the settings insist on 2 or more; shorter here)
    assert 0.4 <= _seconds_to_fail(Waiting(frozen, status=extensions.STATUS_SETUP)) < 0.8


def test_the_probe_tells_a_live_server_from_a_frozen_one(frozen, busy):
    """Against the test database itself too, over its own connection's address."""
    assert database.server_answers(Waiting(busy)) and not database.server_answers(Waiting(frozen))
    connection.ensure_connection()
    assert database.server_answers(connection.connection)


def test_web_connections_get_a_statement_timeout_and_tcp_keepalives(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 1.5
    database.serve_with_deadlines()
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1500ms"
            with pytest.raises(OperationalError, match="statement timeout"):
                cursor.execute("SELECT pg_sleep(3)")
    finally:
        fresh.close()
        database.stop_deadlines()
    parameters = connection.get_connection_params()
    assert parameters["keepalives"] == 1 and parameters["tcp_user_timeout"] > 0
    assert parameters["connect_timeout"] == settings.DATABASE_CONNECT_TIMEOUT


def test_the_members_export_fails_with_a_503_not_a_200_cut_short_when_the_database_fails(client):
    def failing(execute, sql, params, many, context):
        if 'FROM "cities_membership"' in sql:
            raise OperationalError("the database went away")
        return execute(sql, params, many, context)

    client.raise_request_exception = False
    with connection.execute_wrapper(failing):
        response = client.get("/czlonkowie/eksport.csv")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_a_request_refused_for_want_of_a_database_is_logged_in_one_line(client, caplog):
    def failing(execute, sql, params, many, context):
        raise OperationalError("the database did not answer in time")

    client.raise_request_exception = False
    with connection.execute_wrapper(failing):
        assert client.get("/czlonkowie/").status_code == 503
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage() == (
        "Service Unavailable: /czlonkowie/ (database unavailable: the database did not answer in time)"
    )
