"""manage.py import_responses EDITION SURVEY FILE: survey responses, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from pim.imports import ImportRefused, run_import_command
from surveys.importing import ResponseImport
from surveys.models import Survey


class Command(BaseCommand):
    help = "Import survey responses from a CSV or XLSX file (the admin's import format)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug, e.g. pilotaz-2017-2019")
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("file", help="CSV (UTF-8, comma or semicolon) or XLSX")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, **options):
        survey = Survey.objects.filter(edition__slug=options["edition"], slug=options["survey"]).first()
        if survey is None:
            raise CommandError(f"No survey {options['survey']!r} in edition {options['edition']!r}.")
        try:
            run_import_command(self, ResponseImport(survey), options["file"], options["dry_run"])
        except (ImportRefused, OSError) as error:
            raise CommandError(str(error)) from None
