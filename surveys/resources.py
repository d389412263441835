"""Import and export of survey responses (django-import-export), one row per respondent.

Columns: respondent_id, member (slug), network (slug), role (code), responded_on
(YYYY-MM-DD), then one column per question, named by the question's code:
agreement 1–5 (5 = definitely yes), rating 1–5, yes/no as "tak"/"nie", multiple
choice as choice codes joined by ";". An export in this format imports back to the
same data; re-importing a file updates the responses it names and never duplicates.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from cities.models import Member
from networks.models import Network, Provenance
from pim.imports import refuse_wrong_delimiter
from surveys.models import Answer, Question, QuestionKind, RespondentRole, Response, Survey

BASE_COLUMNS = ["respondent_id", "member", "network", "role", "responded_on"]
YES_WORDS = {"tak", "yes", "t", "y", "1", "true"}
NO_WORDS = {"nie", "no", "n", "0", "false"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store whole numbers as floats
    return str(value).strip()


class SlugWidget(widgets.Widget):
    """A member or network named by its slug; an unknown slug is a clear error."""

    def __init__(self, queryset, noun: str):
        super().__init__()
        self.queryset = queryset
        self.noun = noun

    def clean(self, value, row=None, **kwargs):
        slug = _text(value)
        if not slug:
            return None
        found = self.queryset.filter(slug=slug).first()
        if found is None:
            raise ValueError(_("unknown %(noun)s “%(slug)s”") % {"noun": self.noun, "slug": slug})
        return found

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class RoleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        role = _text(value) or RespondentRole.NOT_KNOWN
        if role not in RespondentRole.values:
            raise ValueError(
                _("unknown role “%(role)s”; use one of: %(roles)s")
                % {"role": role, "roles": ", ".join(RespondentRole.values)}
            )
        return role

    def render(self, value, obj=None, **kwargs):
        return value or ""


class RespondentIdWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        respondent = _text(value)
        if not respondent:
            raise ValueError(_("every row needs a respondent id"))
        if len(respondent) > Response._meta.get_field("respondent_id").max_length:
            raise ValueError(_("the respondent id is longer than 60 characters"))
        return respondent

    def render(self, value, obj=None, **kwargs):
        return value or ""


class AnswerWidget(widgets.Widget):
    """One question's answer, read and written as the import format describes."""

    def __init__(self, question: Question):
        super().__init__()
        self.question = question
        self.choice_codes = {choice.code: choice for choice in question.choices.all()}

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        kind = self.question.kind
        if kind in (QuestionKind.LIKERT, QuestionKind.RATING):
            if text not in {"1", "2", "3", "4", "5"}:
                scale = (
                    _("agreement 1–5 (5 = definitely yes)")
                    if kind == QuestionKind.LIKERT
                    else _("rating 1–5")
                )
                raise ValueError(
                    _("“%(value)s” is out of range: expected a whole number, %(scale)s")
                    % {"value": text, "scale": scale}
                )
            return int(text)
        if kind == QuestionKind.YES_NO:
            if text.lower() in YES_WORDS:
                return True
            if text.lower() in NO_WORDS:
                return False
            raise ValueError(
                _("“%(value)s” is not an answer to a yes/no question: use tak or nie") % {"value": text}
            )
        codes = [code.strip() for code in text.split(";") if code.strip()]
        unknown = [code for code in codes if code not in self.choice_codes]
        if unknown:
            raise ValueError(
                _("unknown choice “%(unknown)s”; choices: %(choices)s")
                % {
                    "unknown": ", ".join(unknown),
                    "choices": ", ".join(self.choice_codes),
                }
            )
        return [self.choice_codes[code] for code in dict.fromkeys(codes)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if self.question.kind == QuestionKind.YES_NO:
            return "tak" if value else "nie"
        if self.question.kind == QuestionKind.MULTIPLE_CHOICE:
            return ";".join(choice.code for choice in value)
        return str(value)


def answer_value(answer: Answer | None):
    """What a stored answer holds, in the shape AnswerWidget reads and renders."""
    if answer is None:
        return None
    kind = answer.question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return sorted(answer.choices.all(), key=lambda choice: choice.position) or None
    return {QuestionKind.LIKERT: answer.likert, QuestionKind.RATING: answer.rating}.get(kind, answer.yes_no)


class ResponseResource(resources.ModelResource):
    respondent_id = fields.Field(
        attribute="respondent_id", column_name="respondent_id", widget=RespondentIdWidget()
    )
    member = fields.Field(attribute="member", column_name="member")
    network = fields.Field(attribute="network", column_name="network")
    role = fields.Field(attribute="role", column_name="role", widget=RoleWidget())
    responded_on = fields.Field(
        attribute="responded_on", column_name="responded_on", widget=widgets.DateWidget("%Y-%m-%d")
    )

    class Meta:
        model = Response
        fields = BASE_COLUMNS
        import_id_fields = ["respondent_id"]
        use_transactions = True
        skip_unchanged = False
        report_skipped = True

    def __init__(self, survey: Survey | None = None, **kwargs):
        super().__init__(**kwargs)
        self.survey = survey
        self.questions: dict[str, Question] = {}
        self.duplicates: dict[str, list[int]] = {}
        self.fields["member"].widget = SlugWidget(Member.objects.all(), _("member"))
        networks = Network.objects.filter(edition=survey.edition_id) if survey else Network.objects.none()
        self.fields["network"].widget = SlugWidget(networks, _("network"))
        if survey is not None:
            for question in survey.questions.prefetch_related("choices").order_by("position"):
                self.questions[question.code] = question
                self.fields[question.code] = fields.Field(
                    attribute=question.code, column_name=question.code, widget=AnswerWidget(question)
                )

    @classmethod
    def template_headers(cls, survey: Survey) -> list[str]:
        return BASE_COLUMNS + list(survey.questions.order_by("position").values_list("code", flat=True))

    # --- import -------------------------------------------------------------------

    def get_queryset(self):
        return Response.objects.filter(survey=self.survey)

    def init_instance(self, row=None):
        return Response(survey=self.survey, provenance=Provenance.LIVE)

    def before_import(self, dataset, **kwargs):
        """Refuse a file whose columns are wrong before reading any row."""
        if self.survey is None:
            raise ValueError(_("Choose the survey the responses belong to."))
        headers = [_text(header) for header in dataset.headers or []]
        dataset.headers = headers
        refuse_wrong_delimiter(headers)
        unknown = [
            header for header in headers if header not in BASE_COLUMNS and header not in self.questions
        ]
        if unknown:
            raise ValueError(
                _(
                    "Unknown column(s): “%(unknown)s”. A column is one of %(base)s "
                    "or the code of a question of “%(survey)s”: %(codes)s."
                )
                % {
                    "unknown": ", ".join(unknown),
                    "base": ", ".join(BASE_COLUMNS),
                    "survey": self.survey,
                    "codes": ", ".join(self.questions),
                }
            )
        if "respondent_id" not in headers:
            raise ValueError(_("The file has no respondent_id column."))
        rows_of = defaultdict(list)
        for number, value in enumerate(dataset["respondent_id"], start=1):
            if _text(value):
                rows_of[_text(value)].append(number)
        self.duplicates = {respondent: rows for respondent, rows in rows_of.items() if len(rows) > 1}

    def before_import_row(self, row, **kwargs):
        respondent = _text(row.get("respondent_id"))
        if respondent in self.duplicates:
            rows = ", ".join(str(number) for number in self.duplicates[respondent])
            raise ValidationError(
                {
                    "respondent_id": _("respondent id “%(id)s” is duplicated in this file (rows %(rows)s)")
                    % {"id": respondent, "rows": rows}
                }
            )

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.created_by = kwargs.get("user")

    def after_save_instance(self, instance, row, **kwargs):
        """Store the row's answers: each question column replaces that question's answer."""
        for code, question in self.questions.items():
            if code not in row:
                continue
            value = getattr(instance, code, None)
            Answer.objects.filter(response=instance, question=question).delete()
            if value is None:
                continue
            answer = Answer(response=instance, question=question)
            if question.kind == QuestionKind.LIKERT:
                answer.likert = value
            elif question.kind == QuestionKind.RATING:
                answer.rating = value
            elif question.kind == QuestionKind.YES_NO:
                answer.yes_no = value
            answer.save()
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                answer.choices.set(value)

    # --- export -------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        if field.column_name in self.questions:
            answers = {answer.question_id: answer for answer in instance.answers.all()}
            question = self.questions[field.column_name]
            return field.widget.render(answer_value(answers.get(question.pk)))
        return super().export_field(field, instance, **kwargs)

    def export_queryset(self):
        """The survey's responses with everything the export reads, in a fixed number of queries."""
        return (
            Response.objects.filter(survey=self.survey)
            .select_related("member", "network")
            .prefetch_related("answers__question", "answers__choices")
            .order_by("respondent_id")
        )
