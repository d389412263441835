"""`manage.py dump_database [FILE]`: a pg_dump of the whole database (custom format)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pim.postgres_tools import run_tool


class Command(BaseCommand):
    help = "Back up the database with pg_dump (custom format) to FILE, or to var/backups/."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the backup.")

    def handle(self, *args, file: str | None = None, **options) -> None:
        target = (
            Path(file)
            if file
            else (Path(settings.BASE_DIR) / "var" / "backups" / f"pim-{datetime.now():%Y%m%d-%H%M%S}.dump")
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        run_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({target.stat().st_size} bytes)."))
