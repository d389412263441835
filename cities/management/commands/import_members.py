"""manage.py import_members FILE: members with their network and MID status, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from cities.importing import MemberImport
from pim.imports import ImportRefused, run_import_command


class Command(BaseCommand):
    help = "Import members in networks of editions from a CSV or XLSX file (the admin's import format)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, comma or semicolon) or XLSX")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, **options):
        try:
            run_import_command(self, MemberImport(), options["file"], options["dry_run"])
        except (ImportRefused, OSError) as error:
            raise CommandError(str(error)) from None
