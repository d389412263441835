"""`manage.py generate_demo_data`: a clearly labelled synthetic dataset.

For trying the product and for benchmarks. Everything it makes is flagged
synthetic (editions, members, responses) and lives in editions of its own, so it
never mixes into the pilot data; `--delete` removes all of it.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cities.models import Member, MemberKind, Membership, Mid, MidStatus, Voivodeship
from networks.management.commands.load_pim_data import read_edition_data
from networks.models import Edition, Meeting, MeetingKind, Network, Provenance, Theme
from surveys.models import Answer, Choice, Question, QuestionKind, RespondentRole, Response, Survey

BATCH = 5000
THEMES = [theme for theme in Theme if theme != Theme.OTHER]
# Poland's bounding box, roughly: demo members are scattered inside it.
LATITUDES = (49.3, 54.6)
LONGITUDES = (14.3, 23.9)
STATUS_WEIGHTS = {
    MidStatus.NOT_REPORTED: 2,
    MidStatus.DRAFT: 3,
    MidStatus.COMPLETE: 4,
    MidStatus.IMPLEMENTATION: 2,
}
DEMO_CHOICES = ["Temat A", "Temat B", "Temat C", "Temat D", "Temat E"]


def create_questions(survey: Survey, specs: list[dict]) -> list[Question]:
    """The survey's questions from question specs like those of fixtures/pilot/survey.toml."""
    return Question.objects.bulk_create(
        Question(
            survey=survey,
            code=spec["code"],
            group=spec["group"],
            kind=spec["kind"],
            text=spec["text"],
            short_label=spec["short_label"],
            position=position,
        )
        for position, spec in enumerate(specs, start=1)
    )


def delete_synthetic_data() -> int:
    """Remove every synthetic record; returns the number of editions removed."""
    editions = Edition.objects.filter(is_synthetic=True)
    count = editions.count()
    # One statement per table, not Django's deletes of 100 answers at a time: the answer
    # tally's triggers (surveys.models.AnswerTally) then update each count once, not
    # thousands of times in one transaction.
    answers = Answer.objects.filter(response__survey__edition__in=editions)
    Answer.choices.through.objects.filter(answer__in=answers)._raw_delete(answers.db)
    answers._raw_delete(answers.db)
    Response.objects.filter(survey__edition__in=editions).delete()
    Survey.objects.filter(edition__in=editions).delete()
    Meeting.objects.filter(edition__in=editions).delete()
    Mid.objects.filter(edition__in=editions).delete()
    Membership.objects.filter(network__edition__in=editions).delete()
    Network.objects.filter(edition__in=editions).delete()
    editions.delete()
    Member.objects.filter(is_synthetic=True).delete()
    return count


class Generator:
    def __init__(self, seed: int, stdout):
        self.random = random.Random(seed)
        self.stdout = stdout

    def members(self, count: int) -> list[Member]:
        kinds = [MemberKind.GMINA] * 6 + [MemberKind.TOWN] * 3 + [MemberKind.CITY, MemberKind.MUNICIPAL_UNION]
        members = [
            Member(
                name=f"Gmina demonstracyjna {number:04d}",
                slug=f"demo-{number:04d}",
                kind=self.random.choice(kinds),
                voivodeship=self.random.choice(Voivodeship.values),
                seat=f"Demo {number:04d}",
                population=self.random.randint(1_500, 800_000),
                population_year=2024,
                latitude=Decimal(f"{self.random.uniform(*LATITUDES):.5f}"),
                longitude=Decimal(f"{self.random.uniform(*LONGITUDES):.5f}"),
                is_synthetic=True,
            )
            for number in range(1, count + 1)
        ]
        return Member.objects.bulk_create(members, batch_size=BATCH)

    def edition(self, number: int, members: list[Member], networks_range: tuple[int, int]) -> Edition:
        start = 2017 + 2 * number
        edition = Edition.objects.create(
            name=f"Edycja demonstracyjna {number} (dane syntetyczne)",
            slug=f"demo-{number}",
            start_year=start,
            end_year=start + 2,
            description="Dane syntetyczne do wypróbowania produktu; nie są danymi programu.",
            is_synthetic=True,
        )
        themes = self.random.sample(THEMES, self.random.randint(*networks_range))
        networks = Network.objects.bulk_create(
            Network(
                edition=edition,
                theme=theme,
                name=f"{theme.label} (demo {number})",
                slug=f"{theme.value}-demo-{number}",
                position=position,
                description="Sieć syntetyczna.",
            )
            for position, theme in enumerate(themes, start=1)
        )
        memberships = [Membership(member=m, network=self.random.choice(networks)) for m in members]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        for network in networks:
            in_network = [ms.member for ms in memberships if ms.network is network]
            if in_network:
                network.leader = self.random.choice(in_network)
                network.published_member_count = len(in_network)
        Network.objects.bulk_update(networks, ["leader", "published_member_count"])
        Mid.objects.bulk_create((self._mid(member, edition, start) for member in members), batch_size=BATCH)
        self._membership_by_member = {ms.member_id: ms.network for ms in memberships}
        return edition

    def _mid(self, member: Member, edition: Edition, start_year: int) -> Mid:
        status = self.random.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        day = date(start_year, 3, 1)
        steps = {}
        for step, field in (
            (MidStatus.DRAFT, "draft_handed_in_on"),
            (MidStatus.COMPLETE, "completed_on"),
            (MidStatus.IMPLEMENTATION, "implementation_started_on"),
        ):
            if list(MidStatus).index(status) < list(MidStatus).index(step):
                break
            day += timedelta(days=self.random.randint(30, 200))
            steps[field] = day
        return Mid(
            member=member,
            edition=edition,
            status=status,
            topic=f"Temat MID (demo) nr {member.pk}",
            partnership_meeting_count=self.random.randint(0, 15)
            if status != MidStatus.NOT_REPORTED
            else None,
            **steps,
        )

    def meetings(self, edition: Edition, members: list[Member], count: int) -> None:
        networks = list(edition.networks.all())
        kinds = (
            [MeetingKind.NETWORK_MEETING] * 6
            + [MeetingKind.STUDY_VISIT] * 2
            + [MeetingKind.ALL_NETWORK_WORKSHOP]
        )
        meetings = []
        for number in range(1, count + 1):
            kind = self.random.choice(kinds)
            host = self.random.choice(members)
            starts = date(edition.start_year, 1, 1) + timedelta(days=self.random.randint(0, 900))
            meetings.append(
                Meeting(
                    edition=edition,
                    network=None
                    if kind == MeetingKind.ALL_NETWORK_WORKSHOP
                    else self.random.choice(networks),
                    kind=kind,
                    title=f"Spotkanie demonstracyjne {number}",
                    host=host,
                    place=host.seat,
                    starts_on=starts,
                    ends_on=starts + timedelta(days=self.random.randint(0, 2)),
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)

    def survey(self, edition: Edition, members: list[Member], responses: int) -> None:
        survey = Survey.objects.create(
            edition=edition, slug="ankieta-demo", title=f"Ankieta demonstracyjna – {edition.name}"
        )
        questions = create_questions(survey, read_edition_data("pilot")["survey"]["questions"])
        choices = {}
        for question in questions:
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                choices[question.pk] = Choice.objects.bulk_create(
                    Choice(question=question, code=f"c{i}", label=label, position=i)
                    for i, label in enumerate(DEMO_CHOICES, start=1)
                )
        roles = [role for role in RespondentRole if role != RespondentRole.NOT_KNOWN]
        created = []
        for start in range(0, responses, BATCH):
            batch = []
            for number in range(start + 1, min(start + BATCH, responses) + 1):
                member = self.random.choice(members)
                batch.append(
                    Response(
                        survey=survey,
                        respondent_id=f"D{number:06d}",
                        member=member,
                        network=self._membership_by_member[member.pk],
                        role=self.random.choice(roles),
                        provenance=Provenance.SYNTHETIC,
                    )
                )
            created += Response.objects.bulk_create(batch)
            self._answers(created[-len(batch) :], questions, choices)

    def _answers(self, responses: list[Response], questions: list[Question], choices: dict) -> None:
        answers, picks = [], []
        for response in responses:
            for question in questions:
                if self.random.random() < 0.05:
                    continue  # some respondents skip a question
                answer = Answer(response=response, question=question)
                if question.kind == QuestionKind.LIKERT:
                    answer.likert = self.random.choices([5, 4, 3, 2, 1], weights=[45, 35, 12, 5, 3])[0]
                elif question.kind == QuestionKind.RATING:
                    answer.rating = self.random.choices([5, 4, 3, 2, 1], weights=[40, 35, 15, 7, 3])[0]
                elif question.kind == QuestionKind.YES_NO:
                    answer.yes_no = self.random.random() < 0.85
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        through = Answer.choices.through
        for answer in answers:
            options = choices.get(answer.question_id)
            if options:
                for choice in self.random.sample(options, self.random.randint(1, 3)):
                    picks.append(through(answer_id=answer.pk, choice_id=choice.pk))
        through.objects.bulk_create(picks, batch_size=BATCH)


class Command(BaseCommand):
    help = "Generate synthetic demo data in editions of its own (never mixed with the pilot data)."

    def add_arguments(self, parser):
        parser.add_argument("--editions", type=int, default=1)
        parser.add_argument("--members", type=int, default=120, help="Members in every demo edition.")
        parser.add_argument("--meetings", type=int, default=60, help="Meetings per edition.")
        parser.add_argument("--responses", type=int, default=300, help="Survey responses per edition.")
        parser.add_argument("--min-networks", type=int, default=3)
        parser.add_argument("--max-networks", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2017)
        parser.add_argument("--delete", action="store_true", help="Only remove the synthetic data.")

    def handle(self, *args, **options) -> None:
        if options["delete"]:
            with transaction.atomic():
                removed = delete_synthetic_data()
            self.stdout.write(f"Removed {removed} synthetic edition(s) and their data.")
            return
        if options["members"] < 1 or options["editions"] < 1:
            raise CommandError("--members and --editions must be at least 1.")
        if not 1 <= options["min_networks"] <= options["max_networks"] <= len(THEMES):
            raise CommandError(f"Networks per edition must satisfy 1 <= min <= max <= {len(THEMES)}.")
        generator = Generator(options["seed"], self.stdout)
        with transaction.atomic():
            delete_synthetic_data()
            members = generator.members(options["members"])
            for number in range(1, options["editions"] + 1):
                edition = generator.edition(
                    number, members, (options["min_networks"], options["max_networks"])
                )
                generator.meetings(edition, members, options["meetings"])
                generator.survey(edition, members, options["responses"])
                self.stdout.write(f"  {edition}: done")
        self.stdout.write(self.style.SUCCESS("Synthetic demo data generated (labelled as such everywhere)."))
