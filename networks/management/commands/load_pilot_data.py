"""`manage.py load_pilot_data`: the PIM pilot's published data, from fixtures/pilot/."""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cities.pilot import load_members
from networks.models import Edition
from networks.pilot import load_leaders_and_meetings, load_programme
from pim.page_cache import data_changed
from surveys.pilot import load_survey

PILOT_DIR = Path(settings.BASE_DIR) / "fixtures" / "pilot"


def read_pilot_data(directory: Path = PILOT_DIR) -> dict[str, dict]:
    return {
        name: tomllib.loads((directory / f"{name}.toml").read_text("utf-8"))
        for name in ("programme", "members", "survey")
    }


class Command(BaseCommand):
    help = (
        "Load the PIM pilot's published data (and the reconstructed survey responses). "
        "Creates what is missing, never changes what exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any edition (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and Edition.objects.exists():
            self.stdout.write("The database already holds programme data; nothing loaded.")
            return
        data = read_pilot_data()
        report: Counter = Counter()
        with transaction.atomic():
            edition, sources, new_networks = load_programme(data["programme"], report)
            members = load_members(data["members"], edition, sources, report)
            load_leaders_and_meetings(data["programme"], edition, sources, new_networks, members, report)
            load_survey(data["survey"], edition, sources, report)
        data_changed()  # bulk writes send no signals: drop cached pages
        if not report:
            self.stdout.write("The pilot data is already loaded; nothing changed.")
            return
        for name, count in sorted(report.items()):
            self.stdout.write(f"  {name}: {count} created")
        self.stdout.write(self.style.SUCCESS(f"Loaded the pilot data into '{edition}'."))
