"""`manage.py restore_database FILE`: replace the database's contents with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pim.postgres_tools import run_tool


class Command(BaseCommand):
    help = "Restore a backup made by dump_database, replacing what the database holds."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args, file: str, yes: bool = False, **options) -> None:
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"No backup at {source}.")
        if not yes and input("This replaces everything in the database. Type 'yes' to go on: ") != "yes":
            raise CommandError("Nothing restored.")
        # --single-transaction: a restore that fails half-way leaves the database as it was.
        run_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            database_flag="--dbname",
        )
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))
