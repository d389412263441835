"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

`make run` and `make test` must work on a machine that has nothing but Python, so
without DATABASE_URL the settings start a private PostgreSQL (the `pgserver`
package, which ships the server binaries in its wheel) with its data under
`var/pgdata`. The data stays there between runs; the server itself stops when the
last process using it exits.
"""

from pathlib import Path

DATABASE_NAME = "pim"


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop handles of processes that died without saying goodbye.

    pgserver stops the server when the last process in its handle list exits; a
    process killed with SIGKILL never leaves that list, and the server would then
    outlive every real user of it.
    """
    import psutil
    from pgserver.utils import DiskList

    handles = DiskList(pgdata / ".handle_pids.json")
    if not handles.path.exists():
        return
    alive = [pid for pid in handles.get() if psutil.pid_exists(pid)]
    handles.put(alive)


def database_settings(pgdata: Path) -> dict:
    """Start (or join) the embedded server and return a Django DATABASES entry.

    Costs about a second when the server has to start, a few milliseconds when
    another process already runs it. A file lock makes two processes starting at
    once take turns, so neither sees a half-initialised data directory.
    """
    import warnings

    import fasteners

    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); pgserver then
    # keeps its lock file under /tmp, which is what we want anyway.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    pgdata.mkdir(parents=True, exist_ok=True)
    with fasteners.InterProcessLock(str(pgdata.parent / "pgdata.lock")):
        _forget_dead_processes(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }
