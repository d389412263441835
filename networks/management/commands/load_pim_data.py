"""`manage.py load_pim_data`: every PIM edition's published data, from fixtures/."""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cities.loading import load_members, load_memberships
from networks.loading import load_edition, load_leaders_and_meetings, load_sources
from networks.models import Edition
from surveys.loading import load_survey

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8")) if path.exists() else {}


def read_edition_data(name: str, directory: Path = FIXTURES) -> dict[str, dict]:
    """One edition's files (fixtures/editions/<name>/): programme, memberships and survey."""
    folder = directory / "editions" / name
    return {part: _read(folder / f"{part}.toml") for part in ("programme", "memberships", "survey")}


def edition_names(directory: Path = FIXTURES) -> list[str]:
    return sorted(path.name for path in (directory / "editions").iterdir() if path.is_dir())


def load_all(directory: Path = FIXTURES) -> Counter:
    """Load every edition's data in one transaction; returns what was created and filled in."""
    report: Counter = Counter()
    with transaction.atomic():
        sources = load_sources(_read(directory / "sources.toml")["sources"], report)
        members = load_members(_read(directory / "members.toml")["members"], sources, report)
        for name in edition_names(directory):
            data = read_edition_data(name, directory)
            edition = load_edition(data["programme"], sources, report)
            load_memberships(data["memberships"].get("memberships", []), edition, members, sources, report)
            load_leaders_and_meetings(data["programme"], edition, sources, members, report)
            if data["survey"]:
                load_survey(data["survey"], edition, sources, report)
    return report


class Command(BaseCommand):
    help = (
        "Load the published data of every PIM edition (and the pilot survey's reconstructed "
        "responses). Creates what is missing and fills what is empty; never changes a value "
        "someone entered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any edition.",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and Edition.objects.exists():
            self.stdout.write("The database already holds programme data; nothing loaded.")
            return
        report = load_all()
        if not report:
            self.stdout.write("The PIM data is already loaded; nothing changed.")
            return
        for name, count in sorted(report.items()):
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(self.style.SUCCESS("Loaded the published data of every PIM edition."))
