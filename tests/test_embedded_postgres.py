"""The embedded PostgreSQL: shared safely by processes that start together, and persistent."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pim.embedded_postgres import DATABASE_NAME

ROOT = Path(__file__).resolve().parent.parent

SQL = """
import sys
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute(sys.argv[1])
    print(cursor.fetchone()[0] if cursor.description else "done")
"""


def _run_sql(pgdata: Path, sql: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"PGDATA_DIR": str(pgdata), "DJANGO_SETTINGS_MODULE": "pim.settings"}
    code = "import django; django.setup()\n" + SQL
    return subprocess.Popen(
        [sys.executable, "-c", code, sql],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip()


@pytest.fixture
def pgdata(tmp_path):
    # Unix socket paths are short; pgserver falls back to a runtime dir if needed.
    return tmp_path / "pgdata"


def test_processes_starting_at_once_share_one_server_and_the_data_survives_restarts(pgdata):
    first, second = (_run_sql(pgdata, "SELECT current_database()") for _ in range(2))
    assert {_finish(first), _finish(second)} == {DATABASE_NAME}

    _finish(_run_sql(pgdata, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')"))
    # Every process has exited, so the server has stopped; the next one starts it again.
    assert not (pgdata / "postmaster.pid").exists()
    assert _finish(_run_sql(pgdata, "SELECT note FROM kept")) == "still here"
