"""PostgreSQL's command-line tools (pg_dump, pg_restore) against the configured database.

The pgserver package ships them (version 16, which reads older servers too), so backups
work on any machine that can run the site.
"""

import os
import subprocess

from django.conf import settings
from django.core.management.base import CommandError


def tool_path(name: str) -> str:
    from pgserver.postgres_server import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def run_tool(name: str, args: list[str], database_flag: str = "--dbname") -> None:
    database = settings.DATABASES["default"]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    connection_args = [f"--username={database.get('USER') or 'postgres'}"]
    if database.get("HOST"):
        connection_args.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        connection_args.append(f"--port={database['PORT']}")
    command = [tool_path(name), *connection_args, f"{database_flag}={database['NAME']}", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{name} failed: {result.stderr.strip()[-2000:]}")
