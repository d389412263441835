"""Times the imports and exports at national size; prints a small table (Markdown).

Generates the files an admin would load — 2,477 members of a new edition with networks
and MID status (XLSX), 10,000 survey responses × 30 answers (CSV) — and times:
the members import (check + write), the responses preview (check only) and import
(check + write), and the members CSV and XLSX exports of all rows (and of the new
edition's 2,477). Everything happens in one transaction that is rolled back at the end:
the database is left as it was. Needs a migrated database with the pilot data
(DATABASE_URL); `make bench` calls `run()`.

Usage: python scripts/bench_imports.py [--members N] [--responses N] [--repeat N]
"""

import argparse
import os
import statistics
import sys
import time
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {  # seconds (issue 12)
    "members import (2,477 rows)": 15,
    "responses preview (10,000 × 30)": 60,
    "responses import (10,000 × 30)": 60,
    "members CSV export (all": 0.3,
    "members XLSX export (all": 0.3,
    # One national edition (the members list's default filter): the national size.
    "members CSV export (new edition, 2,477 rows)": 0.3,
    "members XLSX export (new edition, 2,477 rows)": 0.3,
}


class _Rollback(Exception):
    pass


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pim.settings")
    import django

    django.setup()


def _timed(function, repeat: int = 1) -> tuple[float, object]:
    """(median wall-clock seconds, result); the CPU seconds of this process go to CPU_TIMES."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU_TIMES.append(statistics.median(cpu))
    return statistics.median(times), result


# CPU time of this (Django) process per measurement, in the order measured: on a shared
# machine it shows the application's own cost apart from waiting for others' load.
CPU_TIMES: list[float] = []


def _members_file(edition_slug: str, networks: list[str], count: int) -> bytes:
    from openpyxl import Workbook

    from cities.importing import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Członkowie")
    sheet.append([str(column.label) for column in COLUMNS])
    statuses = ["", "not-reported", "Projekt przekazany", "complete"]
    for n in range(count):
        status = statuses[n % 4]
        sheet.append(
            [
                edition_slug,
                networks[n % len(networks)],
                f"gmina-bench-{n}",
                f"Gmina Testowa {n}",
                "gmina" if n % 3 else "miasto",
                "mazowieckie",
                "",
                1000 + n,
                f"{52 + (n % 100) / 100:.4f}".replace(".", ","),
                f"{19 + (n % 100) / 100:.4f}",
                f"Temat MID {n}",
                status,
                "12.08.2025" if n % 4 >= 2 else "",
                "",
                "",
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _responses_file(survey, count: int, shift: int = 0) -> bytes:
    import csv

    from surveys.exports import header
    from surveys.models import QuestionKind

    questions = list(survey.questions.prefetch_related("choices").order_by("position"))
    members = ["Toruń", "olsztyn", "Płock", "rybnik", ""]
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(survey, questions))
    for n in range(count):
        row = [f"B-{n:05d}", members[n % 5], "", "Inne" if n % 2 else "coordinator", "12.08.2025"]
        for i, question in enumerate(questions):
            if question.kind in (QuestionKind.LIKERT, QuestionKind.RATING):
                row.append(1 + (n + i + shift) % 5)
            elif question.kind == QuestionKind.YES_NO:
                row.append("tak" if (n + i + shift) % 2 else "nie")
            else:
                codes = [choice.code for choice in question.choices.all()]
                row.append(";".join(codes[: 1 + (n + i + shift) % 2]))
        writer.writerow(row)
    return buffer.getvalue().encode()


def _bench_survey(pilot_survey, questions: int):
    """An open copy of the pilot survey with `questions` questions (extra ones on a 1–5 scale)."""
    from surveys.models import Question, QuestionGroup, QuestionKind, Survey

    survey = Survey.objects.open_copy(pilot_survey, "bench-import", "Bench import")
    have = survey.questions.count()
    Question.objects.bulk_create(
        Question(
            survey=survey,
            code=f"bench-{n}",
            group=QuestionGroup.values[0],
            kind=QuestionKind.LIKERT,
            text=f"Bench question {n}",
            position=1000 + n,
        )
        for n in range(questions - have)
    )
    return survey


def run(members: int = 2477, responses: int = 10_000, repeat: int = 3) -> list[tuple]:
    """[(what, seconds, target seconds or None, CPU seconds of the Django process)] measured on
    the configured database; writes nothing."""
    from django.db import transaction
    from django.test import RequestFactory

    from cities import views
    from cities.models import Membership
    from cities.resources import MembershipResource
    from networks.models import Edition, Network, Theme
    from pim.imports import PaddedXLSX, SeparatorAwareCSV
    from surveys.models import Survey
    from surveys.resources import ResponseResource

    rows = []
    factory = RequestFactory()

    def export(file_format: str, query: str = ""):
        # The file as it is built: not the copy kept until the data change (pim/downloads.py).
        response = views._member_file(factory.get("/czlonkowie/eksport?" + query), file_format)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, body[:200]
        return body

    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                name="Bench 2030", slug="bench-2030", start_year=2030, end_year=2032
            )
            themes = list(Theme.values)[:3]
            networks = [
                Network.objects.create(edition=edition, slug=f"siec-{n}", name=f"Sieć {n}", theme=theme).slug
                for n, theme in enumerate(themes)
            ]
            content = _members_file(edition.slug, networks, members)

            def import_members():
                result = MembershipResource().import_data(PaddedXLSX().create_dataset(content), dry_run=False)
                assert not result.has_errors() and not result.invalid_rows, (
                    result.base_errors,
                    result.invalid_rows[:3],
                )
                return result

            seconds, _ = _timed(import_members)  # once: the second run would only update
            rows.append((f"members import ({members:,} rows)", seconds))

            for file_format in ("csv", "xlsx", "excel-csv"):
                export(file_format, "q=warm-up")  # warm up: first imports of modules, translations
            everything = Membership.objects.count()
            for label, file_format in (("CSV", "csv"), ("XLSX", "xlsx"), ("CSV for Excel", "excel-csv")):
                seconds, _ = _timed(lambda f=file_format: export(f), repeat)
                rows.append((f"members {label} export (all {everything:,} rows)", seconds))
                seconds, _ = _timed(lambda f=file_format: export(f, "edition=bench-2030"), repeat)
                rows.append((f"members {label} export (new edition, {members:,} rows)", seconds))

            pilot_survey = Survey.objects.get(edition__slug="pilotaz-2017-2019", sealed=True)
            survey = _bench_survey(pilot_survey, 30)
            content = _responses_file(survey, responses)

            def preview():
                dataset = SeparatorAwareCSV(encoding="utf-8").create_dataset(content)
                result = ResponseResource(survey=survey).import_data(dataset, dry_run=True)
                assert not result.has_errors() and not result.invalid_rows, result.invalid_rows[:3]
                return result

            def import_responses(content=content):
                dataset = SeparatorAwareCSV(encoding="utf-8").create_dataset(content)
                result = ResponseResource(survey=survey).import_data(dataset, dry_run=False)
                assert not result.has_errors() and not result.invalid_rows
                return result

            seconds, _ = _timed(preview)
            rows.append((f"responses preview ({responses:,} × 30)", seconds))
            seconds, _ = _timed(import_responses)
            rows.append((f"responses import ({responses:,} × 30)", seconds))
            seconds, _ = _timed(import_responses)
            rows.append((f"responses re-import, unchanged ({responses:,} × 30)", seconds))
            changed = _responses_file(survey, responses, shift=1)
            seconds, _ = _timed(lambda: import_responses(changed))
            rows.append((f"responses re-import, every answer changed ({responses:,} × 30)", seconds))
            raise _Rollback
    except _Rollback:
        pass
    targets = [
        TARGETS.get(
            what.replace(f"{members:,}", "2,477"), TARGETS.get(what.split(" rows")[0].rsplit(" ", 1)[0])
        )
        for what, _seconds in rows
    ]
    return [
        (what, seconds, target, cpu)
        for (what, seconds), target, cpu in zip(rows, targets, CPU_TIMES[-len(rows) :], strict=True)
    ]


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def table(rows) -> str:
    lines = ["| what | time | CPU (Django) | target |", "|---|---:|---:|---:|"]
    for what, seconds, target, cpu in rows:
        goal = "" if target is None else (f"≤ {target * 1000:.0f} ms" if target < 10 else f"≤ {target:.0f} s")
        mark = "" if target is None else (" ✓" if seconds <= target else " ✗")
        lines.append(f"| {what} | {_seconds(seconds)} | {_seconds(cpu)} | {goal}{mark} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2477)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each export (median)")
    args = parser.parse_args()
    _setup()
    print(table(run(args.members, args.responses, args.repeat)))


if __name__ == "__main__":
    main()
