"""Survey responses from a spreadsheet, checked as a whole and written in one transaction.

One row per respondent: respondent id, member (name or slug), network (name or slug), role
(Polish or English name, or code), response date (12.08.2019 or 2019-08-12), then one column
per question, headed by the question's code. Headers may be Polish, English or the codes.
A file is checked against sets read in a few queries; one bad cell and nothing is written;
re-importing a file updates the responses it names and never duplicates them.
"""

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import Member
from networks.models import Network, Provenance
from pim.import_checks import (
    PREVIEW_ROWS,
    Checked,
    Column,
    ImportRefused,
    Progress,
    allowed_labels,
    cell_text,
    choice_reader,
    match_columns,
    parse_date,
    translate_database_error,
)
from surveys.models import Answer, Question, QuestionKind, RespondentRole, Response, Survey

YES_WORDS = {"tak", "yes", "t", "y", "1", "true", "prawda"}
NO_WORDS = {"nie", "no", "n", "0", "false", "fałsz"}
BATCH = 5000
# bulk_update writes one CASE per column with a branch per row: its cost grows with the
# square of the batch, so updates go in small batches.
UPDATE_BATCH = 500

BASE_COLUMNS = [
    Column(
        "respondent_id",
        gettext_lazy("Respondent id"),
        gettext_lazy("Any text up to 60 characters, unique within the survey (e.g. the form's number)."),
        "R-001",
        required=True,
    ),
    Column(
        "member",
        gettext_lazy("Member"),
        gettext_lazy(
            "The member's name or its slug, as on the members list (e.g. Toruń or torun). May be empty."
        ),
        "Toruń",
    ),
    Column(
        "network",
        gettext_lazy("Network"),
        gettext_lazy("The network's name or slug in the survey's edition. May be empty."),
    ),
    Column("role", gettext_lazy("Role"), "", ""),
    Column(
        "responded_on",
        gettext_lazy("Response date"),
        gettext_lazy("A date as 12.08.2019 or 2019-08-12. May be empty."),
        "12.08.2019",
    ),
]
BASE_CODES = [column.code for column in BASE_COLUMNS]
DATABASE_COLUMNS = {"respondent_id": "respondent_id", "responded_on": "responded_on"}


def question_allowed(question: Question) -> str:
    """The values a question's column takes, in words."""
    if question.kind == QuestionKind.LIKERT:
        return _("1–5: agreement, 5 = definitely yes, 1 = definitely not. Empty: no answer.")
    if question.kind == QuestionKind.RATING:
        return _("1–5: rating, 5 = best. Empty: no answer.")
    if question.kind == QuestionKind.YES_NO:
        return _("tak or nie. Empty: no answer.")
    codes = ", ".join(choice.code for choice in question.choices.all())
    return _("Choice codes separated by “;”: %(codes)s. Empty: no answer.") % {"codes": codes}


def question_example(question: Question):
    if question.kind in (QuestionKind.LIKERT, QuestionKind.RATING):
        return 4
    if question.kind == QuestionKind.YES_NO:
        return "tak"
    first = next(iter(question.choices.all()), None)
    return first.code if first else ""


def role_allowed() -> str:
    return _("The respondent's role: %(roles)s. Empty: not known.") % {
        "roles": allowed_labels(RespondentRole)
    }


def _answer_reader(question: Question) -> Callable:
    """A function from a cell to the stored answer (int, bool or choice ids), None when empty."""
    kind = question.kind
    if kind in (QuestionKind.LIKERT, QuestionKind.RATING):
        scale = _("agreement 1–5 (5 = definitely yes)") if kind == QuestionKind.LIKERT else _("rating 1–5")

        def read_scale(text):
            if text not in {"1", "2", "3", "4", "5"}:
                raise ValueError(
                    _("“%(value)s” is out of range: expected a whole number, %(scale)s")
                    % {"value": text, "scale": scale}
                )
            return int(text)

        return read_scale
    if kind == QuestionKind.YES_NO:

        def read_yes_no(text):
            if text.lower() in YES_WORDS:
                return True
            if text.lower() in NO_WORDS:
                return False
            raise ValueError(
                _("“%(value)s” is not an answer to a yes/no question: use tak or nie") % {"value": text}
            )

        return read_yes_no
    codes = {choice.code: choice.pk for choice in question.choices.all()}

    def read_choices(text):
        given = [code.strip() for code in text.split(";") if code.strip()]
        unknown = [code for code in given if code not in codes]
        if unknown:
            raise ValueError(
                _("unknown choice “%(unknown)s”; choices: %(choices)s")
                % {"unknown": ", ".join(unknown), "choices": ", ".join(codes)}
            )
        return [codes[code] for code in dict.fromkeys(given)]

    return read_choices


def _named(queryset) -> dict[str, int]:
    """{slug or lower-case name: id} of a queryset of things with a slug and a name; one query."""
    found = {}
    for pk, slug, name in queryset.values_list("pk", "slug", "name"):
        found[slug] = pk
        found[name.lower()] = pk
    return found


class ResponseImport:
    """Reads, checks and writes one file of responses to one survey."""

    def __init__(self, survey: Survey):
        try:
            survey.refuse_if_sealed()
        except ValidationError as error:
            raise ImportRefused(error.messages[0]) from None
        self.survey = survey
        self.questions = {
            q.code: q for q in survey.questions.prefetch_related("choices").order_by("position")
        }

    def check(self, headers, rows) -> Checked:
        """The file read and checked against the survey; a few queries, however many rows."""
        codes = match_columns(headers, BASE_COLUMNS, {code: code for code in self.questions})
        checked = Checked(columns=[cell_text(header) for header in headers])
        members = _named(Member.objects.all())
        networks = _named(Network.objects.filter(edition=self.survey.edition_id))
        role = choice_reader(RespondentRole, _("role"))
        readers = {code: _answer_reader(question) for code, question in self.questions.items()}
        question_ids = {code: question.pk for code, question in self.questions.items()}
        max_id = Response._meta.get_field("respondent_id").max_length
        header_of = dict(zip(codes, checked.columns, strict=True))
        rows_of = defaultdict(list)
        for number, row in enumerate(rows, start=1):
            cells = dict(zip(codes, row, strict=False))
            cells.pop(None, None)
            if not any(cell_text(value) for value in cells.values()) or cell_text(row[0]).startswith("#"):
                continue  # blank lines at the end of a sheet, the template's explanations
            if len(checked.preview) < PREVIEW_ROWS:
                checked.preview.append([cell_text(value) for value in row])
            record = {"number": number, "answers": {}}
            for code, value in cells.items():
                text = cell_text(value)
                try:
                    if code == "respondent_id":
                        if not text:
                            raise ValueError(_("every row needs a respondent id"))
                        if len(text) > max_id:
                            raise ValueError(
                                _("the respondent id is longer than %(limit)s characters") % {"limit": max_id}
                            )
                        record[code] = text
                        rows_of[text].append(number)
                    elif code in ("member", "network"):
                        found = (members if code == "member" else networks).get(text) or (
                            members if code == "member" else networks
                        ).get(text.lower())
                        if text and found is None:
                            noun = _("member") if code == "member" else _("network")
                            raise ValueError(_("unknown %(noun)s “%(slug)s”") % {"noun": noun, "slug": text})
                        record[code] = found
                    elif code == "role":
                        record[code] = role(text) if text else RespondentRole.NOT_KNOWN
                    elif code == "responded_on":
                        record[code] = parse_date(value)
                    else:
                        record["answers"][question_ids[code]] = readers[code](text) if text else None
                except ValueError as error:
                    checked.add_error(number, header_of[code], str(error))
            checked.rows.append(record)
        for respondent, numbers in rows_of.items():
            if len(numbers) > 1:
                for number in numbers:
                    checked.add_error(
                        number,
                        header_of["respondent_id"],
                        _("respondent id “%(id)s” is duplicated in this file (rows %(rows)s)")
                        % {"id": respondent, "rows": ", ".join(map(str, numbers))},
                    )
        existing = set(
            Response.objects.filter(survey=self.survey, respondent_id__in=list(rows_of)).values_list(
                "respondent_id", flat=True
            )
        )
        checked.updated = len(existing)
        checked.new = len(rows_of) - len(existing)
        checked.present = [question_ids[code] for code in codes if code in question_ids]
        checked.base = [code for code in codes if code in BASE_CODES and code != "respondent_id"]
        return checked

    def write(self, checked: Checked, user=None, report=None) -> None:
        """Writes a checked file: all of it, or (on any failure) none of it. Bulk statements
        in batches of 5,000 rows; report(done, total) after each batch of responses."""
        progress = Progress(len(checked.rows) * 2, report)
        try:
            with transaction.atomic():
                self._write(checked, user, progress)
        except DatabaseError as error:
            raise ImportRefused(translate_database_error(error, DATABASE_COLUMNS)) from error

    def _write(self, checked: Checked, user, progress: Progress) -> None:
        fields = {
            "member": "member_id",
            "network": "network_id",
            "role": "role",
            "responded_on": "responded_on",
        }
        existing = {
            respondent: (pk, dict(zip(fields.values(), values, strict=True)))
            for respondent, pk, *values in Response.objects.filter(survey=self.survey).values_list(
                "respondent_id", "pk", *fields.values()
            )
        }
        ids = {respondent: pk for respondent, (pk, _values) in existing.items()}
        new, changed = [], []
        for row in checked.rows:
            values = {fields[code]: row[code] for code in checked.base}
            if row["respondent_id"] in ids:
                pk, stored = existing[row["respondent_id"]]
                if any(stored[name] != value for name, value in values.items()):
                    changed.append(Response(pk=pk, **values))  # only what changes is written
            else:
                new.append(
                    Response(
                        survey=self.survey,
                        respondent_id=row["respondent_id"],
                        provenance=Provenance.LIVE,
                        created_by=user,
                        **values,
                    )
                )
        for start in range(0, len(new), BATCH):
            for response in Response.objects.bulk_create(new[start : start + BATCH]):
                ids[response.respondent_id] = response.pk
            progress.advance(len(new[start : start + BATCH]))
        if changed and checked.base:
            Response.objects.bulk_update(
                changed, [fields[code] for code in checked.base], batch_size=UPDATE_BATCH
            )
        progress.advance(len(changed))
        if not checked.present:
            progress.advance(len(checked.rows))
            return
        # Each question column of the file replaces that question's answers of its rows; an
        # answer the file repeats unchanged is left as it is (a corrected file rewrites little).
        stored = self._stored_answers(checked.present)
        kinds = {question.pk: question.kind for question in self.questions.values()}
        gone, wanted = [], []
        for row in checked.rows:
            response = ids[row["respondent_id"]]
            for question, value in row["answers"].items():
                value = (frozenset(value) or None) if isinstance(value, list) else value
                old = stored.get((response, question))
                if old is not None:
                    if old[1] == value:
                        continue
                    gone.append(old[0])
                if value is not None:
                    wanted.append((response, question, kinds[question], value))
        stale = Answer.objects.filter(pk__in=gone)
        Answer.choices.through.objects.filter(answer__in=stale)._raw_delete(stale.db)
        stale._raw_delete(stale.db)
        progress.advance(len(checked.rows) // 2)
        slot = {QuestionKind.LIKERT: "likert", QuestionKind.RATING: "rating", QuestionKind.YES_NO: "yes_no"}
        for start in range(0, len(wanted), BATCH):
            answers, chosen = [], []
            for response, question, kind, value in wanted[start : start + BATCH]:
                answer = Answer(response_id=response, question_id=question)
                if kind in slot:
                    setattr(answer, slot[kind], value)
                answers.append(answer)
                chosen.append(value if kind == QuestionKind.MULTIPLE_CHOICE else None)
            self._store(answers, chosen)
        progress.advance(len(checked.rows) - len(checked.rows) // 2)

    def _stored_answers(self, questions: list[int]) -> dict[tuple[int, int], tuple[int, object]]:
        """{(response, question): (answer id, value)} of the survey's answers; two queries."""
        answers = Answer.objects.filter(response__survey=self.survey, question_id__in=questions)
        stored = {}
        for pk, response, question, likert, rating, yes_no in answers.values_list(
            "pk", "response_id", "question_id", "likert", "rating", "yes_no"
        ):
            value = likert if likert is not None else rating if rating is not None else yes_no
            stored[response, question] = (pk, value)
        chosen = defaultdict(set)
        for answer, choice in Answer.choices.through.objects.filter(answer__in=answers).values_list(
            "answer_id", "choice_id"
        ):
            chosen[answer].add(choice)
        for key, (pk, _value) in stored.items():
            if pk in chosen:
                stored[key] = (pk, frozenset(chosen[pk]))
        return stored

    @staticmethod
    def _store(answers: list[Answer], chosen: list) -> None:
        Answer.objects.bulk_create(answers)
        through = Answer.choices.through
        links = [
            through(answer_id=answer.pk, choice_id=choice)
            for answer, choices in zip(answers, chosen, strict=True)
            if choices
            for choice in choices
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
