"""The real site in processes of its own: gunicorn servers on loopback, databases of their own."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def site_env(**settings) -> dict:
    """The environment of a site process: production settings on plain-HTTP loopback, plus `settings`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="pim.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(ROOT / "var" / "test-static"),
    )
    env.update(settings)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


class Server:
    """A gunicorn serving the site on a free loopback port, configured as in production."""

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the server runs)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a pipe nobody reads would stall the server once it filled.
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                output = self.log.read().decode()[-6000:]
                self.stop()
                raise RuntimeError("gunicorn did not start: " + output)
            time.sleep(0.3)

    def get(self, path: str, timeout: float = 20, headers: dict | None = None) -> tuple[int, str, float]:
        begun = time.monotonic()
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode(), time.monotonic() - begun
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), time.monotonic() - begun

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def own_database(env: dict, tmp_path: Path, suffix: str = "_e2e") -> None:
    """Point env at an empty database of the caller's own: DATABASE_URL's server with a
    suffixed database, or a fresh embedded PostgreSQL under tmp_path."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        env["PGDATA_DIR"] = str(tmp_path / "pgdata")
        return
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
