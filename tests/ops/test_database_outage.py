"""The database stops or hangs while the site serves: quick 503s, no worker lost, back by itself.

Both tests run the real site (gunicorn, gunicorn.conf.py) on an embedded PostgreSQL of
their own, which they stop or freeze — never the machine's server.
"""

import signal
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest
from pgserver._commands import pg_ctl

from tests.live import Server, manage, site_env

pytestmark = pytest.mark.slow

FREEZE_SECONDS = 20
CLIENTS = 16
PAGES = ["/czlonkowie/", "/", "/czlonkowie/torun/", "/czlonkowie/eksport.csv", "/readyz"]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """An embedded PostgreSQL with the pilot data, held open as the site's processes would."""
    import pgserver

    pgdata = tmp_path_factory.mktemp("outage") / "pgdata"
    env = site_env(PGDATA_DIR=str(pgdata))
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "-v0")
    manage(env, "load_pim_data", "-v0")
    keeper = pgserver.get_server(pgdata, cleanup_mode="stop")
    yield env, keeper
    keeper.cleanup()


def _postgres_processes(keeper) -> list[psutil.Process]:
    """The postmaster (the first line of postmaster.pid) and every process it started."""
    postmaster = psutil.Process(int((keeper.pgdata / "postmaster.pid").read_text().split()[0]))
    return [postmaster, *postmaster.children(recursive=True)]


def _get(base: str, path: str) -> tuple[int, str, float, str | None]:
    """Status, body, seconds and Retry-After of a GET; the whole body is read, as a download is."""
    begun = time.monotonic()
    try:
        with urllib.request.urlopen(base + path, timeout=15) as response:
            return response.status, response.read().decode(), time.monotonic() - begun, None
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        return error.code, body, time.monotonic() - begun, error.headers.get("Retry-After")
    except Exception as error:  # a timeout, a reset, a download cut short: all failures here
        return -1, repr(error), time.monotonic() - begun, None


def _workers(server: Server) -> set[int]:
    return {child.pid for child in psutil.Process(server.process.pid).children()}


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(embedded):
    env, keeper = embedded
    pgdata = keeper.pgdata
    server = Server(env)
    try:
        assert server.get("/czlonkowie/")[0] == 200
        system_user = "pgserver" if keeper.system_user else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=system_user)

        status, body, seconds = server.get("/czlonkowie/")
        assert status == 503
        assert "Serwis chwilowo niedostępny" in body
        assert seconds < 5
        assert server.get("/readyz")[0] == 503
        assert server.get("/healthz")[0] == 200  # the process itself is fine

        pg_ctl(
            [
                "-w",
                "-o",
                f'-h "" -k {keeper.get_postmaster_info().socket_dir}',
                "-l",
                str(pgdata / "log"),
                "start",
            ],
            pgdata=pgdata,
            user=system_user,
        )
        deadline = time.monotonic() + 20
        while server.get("/czlonkowie/")[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover"
            time.sleep(0.5)
        assert server.get("/readyz")[0] == 200
    finally:
        server.stop()


def test_a_frozen_postgresql_gets_every_client_a_503_within_3_seconds_and_kills_no_worker(embedded):
    env, keeper = embedded
    server = Server(env)
    frozen = []
    try:
        for path in PAGES:  # warm: connections open, pages in the cache
            assert _get(server.base, path)[0] == 200, path
        workers = _workers(server)

        frozen = _postgres_processes(keeper)
        for process in frozen:
            process.send_signal(signal.SIGSTOP)
        results, stop_at = [], time.monotonic() + FREEZE_SECONDS

        def client(number: int) -> None:
            turn = number
            while time.monotonic() < stop_at:
                path = PAGES[turn % len(PAGES)]
                results.append((path, *_get(server.base, path)))
                turn += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        slow = [(path, status, round(seconds, 2)) for path, status, _, seconds, _ in results if seconds >= 3]
        not_503 = [(path, status) for path, status, *_ in results if status != 503]
        no_retry_after = [path for path, status, _, _, retry in results if status == 503 and not retry]
        latencies = sorted(seconds for *_, seconds, _ in results)
        print(
            f"{len(results)} requests while frozen; p50 {latencies[len(latencies) // 2]:.3f} s,"
            f" max {latencies[-1]:.3f} s"
        )
        assert len(results) > CLIENTS * 10
        assert slow == []
        assert not_503 == []  # the export too: a failure, never a truncated 200
        assert no_retry_after == []
        assert _workers(server) == workers, "a worker was killed"

        for process in frozen:
            process.send_signal(signal.SIGCONT)
        frozen = []
        deadline = time.monotonic() + 10
        while _get(server.base, "/czlonkowie/")[0] != 200:
            assert time.monotonic() < deadline, "the site did not recover"
            time.sleep(0.2)
        for path in PAGES:
            assert _get(server.base, path)[0] == 200, path
        server.log.seek(0)
        assert b"WORKER TIMEOUT" not in server.log.read()
    finally:
        for process in frozen:
            process.send_signal(signal.SIGCONT)
        server.stop()
