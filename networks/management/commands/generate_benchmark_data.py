"""`manage.py generate_benchmark_data`: the whole country, for `make bench` only.

2,477 synthetic members (every Polish gmina, one day) across 10 editions of 3–5
networks, a MID per member and edition with its status history, 5,000 meetings and
100,000 survey responses of 30 answers (3 million answers). Everything is flagged
synthetic. Rows go in with PostgreSQL's COPY, so generation takes about a minute.
Meant for a database of its own; never run it on production data.
"""

import io
import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from networks.management.commands.generate_demo_data import (
    LATITUDES,
    LONGITUDES,
    THEMES,
    create_questions,
    delete_synthetic_data,
    read_edition_data,
)
from networks.models import Edition, Meeting, MeetingKind, Network
from surveys.models import Choice, QuestionGroup, QuestionKind, Survey

STATUSES = ["not-reported", "draft", "complete", "implementation"]
ROLES = ["coordinator", "city-official", "decision-maker", "local-partner", "other"]
KINDS = ["gmina"] * 6 + ["town"] * 3 + ["city", "municipal-union"]
VOIVODESHIPS = [
    "dolnoslaskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "lodzkie",
    "malopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "slaskie",
    "swietokrzyskie",
    "warminsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
]


def _cell(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (iterables of Python values) into table; returns the number of rows."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_cell(value) for value in row) + "\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _next_ids(table: str, count: int) -> int:
    """Reserve `count` ids of table's sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")
        first = cursor.fetchone()[0]
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [first + count])
    return first


class Command(BaseCommand):
    help = "Generate the synthetic national-scale dataset of the benchmark (COPY; about a minute)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2477)
        parser.add_argument("--editions", type=int, default=10)
        parser.add_argument("--meetings", type=int, default=5000)
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2477)

    def handle(self, *args, **options):
        self.random = random.Random(options["seed"])
        with transaction.atomic():
            delete_synthetic_data()
            member_ids = self._members(options["members"])
            editions = [self._edition(number, member_ids) for number in range(1, options["editions"] + 1)]
            self._meetings(editions, member_ids, options["meetings"])
            per_edition = options["responses"] // len(editions)
            answers = sum(self._survey(edition, per_edition) for edition in editions)
        with connection.cursor() as cursor:
            # As autovacuum would by now: statistics, and the visibility map for index-only
            # scans (VACUUM cannot run inside a transaction, as in the tests).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(member_ids)} members, {len(editions)} editions, "
                f"{per_edition * len(editions)} responses, {answers} answers."
            )
        )

    def _members(self, count: int) -> list[int]:
        copy_rows(
            "cities_member",
            [
                "name",
                "short_name",
                "slug",
                "kind",
                "kind_note",
                "voivodeship",
                "seat",
                "population",
                "population_year",
                "latitude",
                "longitude",
                "internal_notes",
                "is_synthetic",
            ],
            (
                (
                    f"Gmina syntetyczna {n:04d}",
                    "",
                    f"bench-{n:04d}",
                    self.random.choice(KINDS),
                    "",
                    self.random.choice(VOIVODESHIPS),
                    f"Siedziba {n:04d}",
                    self.random.randint(1500, 800_000),
                    2024,
                    f"{self.random.uniform(*LATITUDES):.5f}",
                    f"{self.random.uniform(*LONGITUDES):.5f}",
                    "",
                    True,
                )
                for n in range(1, count + 1)
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM cities_member WHERE is_synthetic ORDER BY slug")
            return [row[0] for row in cursor.fetchall()]

    def _edition(self, number: int, member_ids: list[int]) -> Edition:
        start = 2017 + 2 * number
        edition = Edition.objects.create(
            name=f"Edycja syntetyczna {number} (benchmark)",
            slug=f"bench-{number}",
            start_year=start,
            end_year=start + 2,
            is_synthetic=True,
        )
        themes = self.random.sample(THEMES, self.random.randint(3, 5))
        networks = Network.objects.bulk_create(
            Network(
                edition=edition,
                theme=theme,
                name=f"{theme.label} (edycja {number})",
                slug=f"{theme.value}-{number}",
                position=position,
            )
            for position, theme in enumerate(themes, start=1)
        )
        assignment = {member: self.random.choice(networks).pk for member in member_ids}
        copy_rows(
            "cities_membership",
            ["member_id", "network_id", "note"],
            ((member, network, "") for member, network in assignment.items()),
        )
        for network in networks:
            network.leader_id = next(member for member, pk in assignment.items() if pk == network.pk)
            network.published_member_count = sum(1 for pk in assignment.values() if pk == network.pk)
        Network.objects.bulk_update(networks, ["leader", "published_member_count"])
        self._mids(edition, member_ids, start)
        edition.network_ids = [network.pk for network in networks]
        edition.assignment = assignment
        return edition

    def _mids(self, edition: Edition, member_ids: list[int], start: int) -> None:
        now = timezone.now()
        mids, history = [], []
        first_id = _next_ids("cities_mid", len(member_ids))
        for offset, member in enumerate(member_ids):
            mid_id = first_id + offset
            reached = self.random.choices(range(4), weights=[2, 3, 4, 2])[0]
            dates, day = [None, None, None], date(start, 3, 1)
            for step in range(reached):
                day += timedelta(days=self.random.randint(30, 200))
                dates[step] = day
            mids.append(
                (
                    mid_id,
                    member,
                    edition.pk,
                    f"Temat MID {mid_id}",
                    "",
                    "",
                    STATUSES[reached],
                    *dates,
                    "",
                    "",
                    "",
                    self.random.randint(0, 15) if reached else None,
                    reached + 1,
                    now,
                    None,
                )
            )
            for step in range(reached + 1):
                step_dates = [dates[i] if i < step else None for i in range(3)]
                history.append(
                    (
                        mid_id,
                        member,
                        edition.pk,
                        f"Temat MID {mid_id}",
                        "",
                        "",
                        STATUSES[step],
                        *step_dates,
                        "",
                        "",
                        "",
                        None,
                        step + 1,
                        now,
                        None,
                        now - timedelta(days=30 * (reached - step)),
                        "+" if step == 0 else "~",
                    )
                )
        mid_columns = [
            "id",
            "member_id",
            "edition_id",
            "topic",
            "topic_note",
            "summary",
            "status",
            "draft_handed_in_on",
            "completed_on",
            "implementation_started_on",
            "document_url",
            "document",
            "partnership_stakeholders",
            "partnership_meeting_count",
            "version",
            "updated_at",
            "updated_by_id",
        ]
        copy_rows("cities_mid", mid_columns, mids)
        copy_rows("cities_historicalmid", [*mid_columns, "history_date", "history_type"], history)

    def _meetings(self, editions: list[Edition], member_ids: list[int], count: int) -> None:
        kinds = (
            [MeetingKind.NETWORK_MEETING] * 6
            + [MeetingKind.STUDY_VISIT] * 2
            + [MeetingKind.ALL_NETWORK_WORKSHOP]
        )
        meetings = []
        for number in range(count):
            edition = editions[number % len(editions)]
            kind = self.random.choice(kinds)
            starts = date(edition.start_year, 1, 1) + timedelta(days=self.random.randint(0, 900))
            meetings.append(
                Meeting(
                    edition=edition,
                    kind=kind,
                    title=f"Spotkanie syntetyczne {number}",
                    place="Demo",
                    network_id=None
                    if kind == MeetingKind.ALL_NETWORK_WORKSHOP
                    else self.random.choice(edition.network_ids),
                    host_id=self.random.choice(member_ids),
                    starts_on=starts,
                    ends_on=starts,
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=5000)

    def _survey(self, edition: Edition, responses: int) -> int:
        survey = Survey.objects.create(edition=edition, slug="ankieta", title=f"Ankieta – {edition.name}")
        specs = read_edition_data("pilot")["survey"]["questions"]
        specs += [
            {
                "code": f"ocena-{n}",
                "group": QuestionGroup.SUPPORT_FORMS,
                "kind": QuestionKind.RATING,
                "text": f"Ocena dodatkowa {n}",
                "short_label": f"Ocena dodatkowa {n}",
            }
            for n in range(1, 31 - len(specs))
        ]
        questions = create_questions(survey, specs)
        choices = {
            question.pk: Choice.objects.bulk_create(
                Choice(question=question, code=f"c{i}", label=f"Odpowiedź {i}", position=i)
                for i in range(1, 6)
            )
            for question in questions
            if question.kind == QuestionKind.MULTIPLE_CHOICE
        }
        first_response = _next_ids("surveys_response", responses)
        members = list(edition.assignment.items())
        now = timezone.now()
        copy_rows(
            "surveys_response",
            [
                "id",
                "survey_id",
                "respondent_id",
                "member_id",
                "network_id",
                "role",
                "provenance",
                "created_at",
            ],
            (
                (
                    first_response + n,
                    survey.pk,
                    f"B{n:06d}",
                    *self.random.choice(members),
                    self.random.choice(ROLES),
                    "synthetic",
                    now,
                )
                for n in range(responses)
            ),
        )
        first_answer = _next_ids("surveys_answer", responses * len(questions))
        answers, picks = [], []
        answer_id = first_answer
        for n in range(responses):
            for question in questions:
                likert = rating = yes_no = None
                if question.kind == QuestionKind.LIKERT:
                    likert = self.random.choices((5, 4, 3, 2, 1), (45, 35, 12, 5, 3))[0]
                elif question.kind == QuestionKind.RATING:
                    rating = self.random.choices((5, 4, 3, 2, 1), (40, 35, 15, 7, 3))[0]
                elif question.kind == QuestionKind.YES_NO:
                    yes_no = self.random.random() < 0.85
                else:
                    picks.append((answer_id, self.random.choice(choices[question.pk]).pk))
                answers.append((answer_id, first_response + n, question.pk, likert, rating, yes_no))
                answer_id += 1
        copy_rows(
            "surveys_answer", ["id", "response_id", "question_id", "likert", "rating", "yes_no"], answers
        )
        copy_rows("surveys_answer_choices", ["answer_id", "choice_id"], picks)
        return len(answers)
