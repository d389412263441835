"""Surveys of programme participants: questions, responses and their answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import Member
from networks.models import Edition, Network, Provenance, Source


class SurveyQuerySet(models.QuerySet):
    def open_copy(self, survey: "Survey", slug: str, title: str) -> "Survey":
        """A new, open survey of the same edition with the same questions and choices, for
        live data beside a sealed one; a few queries, however many questions."""
        copy = self.create(edition=survey.edition, slug=slug, title=title, method=survey.method)
        questions = list(survey.questions.prefetch_related("choices"))
        copies = Question.objects.bulk_create(
            Question(
                survey=copy,
                code=question.code,
                group=question.group,
                kind=question.kind,
                text_pl=question.text_pl,
                text_en=question.text_en,
                short_label_pl=question.short_label_pl,
                short_label_en=question.short_label_en,
                position=question.position,
            )
            for question in questions
        )
        Choice.objects.bulk_create(
            Choice(
                question=new,
                code=choice.code,
                label_pl=choice.label_pl,
                label_en=choice.label_en,
                position=choice.position,
            )
            for question, new in zip(questions, copies, strict=True)
            for choice in question.choices.all()
        )
        return copy


class Survey(models.Model):
    """One survey of an edition's participants (e.g. August 2019: questionnaires and interviews)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80)
    conducted_from = models.DateField(_("conducted from"), null=True, blank=True)
    conducted_to = models.DateField(_("conducted to"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source of the published results"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    sealed = models.BooleanField(
        _("sealed"),
        default=False,
        help_text=_(
            "A sealed survey's responses are a reconstruction of published figures, or stand "
            "beside them: no response or answer may be added, changed or removed (the database "
            "refuses it). Live data goes into a survey of its own."
        ),
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "conducted_from", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="survey_slug_unique_in_edition"),
            models.CheckConstraint(
                condition=Q(conducted_to__isnull=True)
                | Q(conducted_from__isnull=True)
                | Q(conducted_to__gte=models.F("conducted_from")),
                name="survey_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.edition.slug, self.slug])

    def refuse_if_sealed(self) -> None:
        """Raise a ValidationError saying why no data may enter a sealed survey, and what to do."""
        if self.sealed:
            raise ValidationError(
                _(
                    "The survey “%(survey)s” is sealed: its responses reconstruct the published "
                    "figures, so no response may be added or changed. For live data, create a new "
                    "survey (Admin → Surveys → Add survey) with the same questions, and import into it."
                )
                % {"survey": self.title}
            )


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Five-point agreement scale")
    RATING = "rating", _("Rating from 1 to 5")
    YES_NO = "yes-no", _("Yes or no")
    MULTIPLE_CHOICE = "multiple-choice", _("Multiple choice")


class QuestionGroup(models.TextChoices):
    PROGRAMME_GOALS = "programme-goals", _("Programme goals")
    SUPPORT_FORMS = "support-forms", _("Forms of support")
    PARTICIPANT_BENEFITS = "participant-benefits", _("Benefits for participants")
    CITY_BENEFITS = "city-benefits", _("Benefits for cities")
    EFFECTS = "effects", _("Effects of the project")
    RECOMMENDATION = "recommendation", _("Recommendation to other cities")
    NEXT_TOPICS = "next-topics", _("Topics for the next networks")


class LikertAnswer(models.IntegerChoices):
    DEFINITELY_YES = 5, _("Definitely yes")
    RATHER_YES = 4, _("Rather yes")
    NEITHER = 3, _("Neither yes nor no")
    RATHER_NO = 2, _("Rather no")
    DEFINITELY_NO = 1, _("Definitely no")


class QuestionQuerySet(models.QuerySet):
    def charted(self) -> "QuestionQuerySet":
        return self.order_by("position").prefetch_related("choices")


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Names the question's column in import files.")
    )
    group = models.CharField(_("group"), max_length=30, choices=QuestionGroup.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    short_label = models.CharField(_("short label"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"))
    figures_published = models.BooleanField(
        _("figures published"),
        default=False,
        help_text=_("Whether the source publishes numbers for this question (not only a picture)."),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique_in_survey"),
            models.UniqueConstraint(fields=["survey", "position"], name="question_position_unique"),
        ]

    def __str__(self) -> str:
        return self.short_label or self.text[:80]


class Choice(models.Model):
    """An option of a multiple-choice question."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="choice_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class RespondentRole(models.TextChoices):
    COORDINATOR = "coordinator", _("PIM coordinator in the city office")
    CITY_OFFICIAL = "city-official", _("City office employee")
    DECISION_MAKER = "decision-maker", _("Mayor or decision-maker")
    LOCAL_PARTNER = "local-partner", _("Local partnership member")
    OTHER = "other", _("Other")
    NOT_KNOWN = "not-known", _("Not known")


class ResponseQuerySet(models.QuerySet):
    def of_survey(self, survey: Survey) -> "ResponseQuerySet":
        return self.filter(survey=survey)


class Response(models.Model):
    """One respondent's filled questionnaire."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    respondent_id = models.CharField(
        _("respondent id"),
        max_length=60,
        help_text=_("Unique within the survey; keeps re-imports from duplicating."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("respondent's member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("respondent's network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    role = models.CharField(
        _("respondent's role"),
        max_length=20,
        choices=RespondentRole.choices,
        default=RespondentRole.NOT_KNOWN,
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=20, choices=Provenance.choices, default=Provenance.LIVE
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "respondent_id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_id"], name="response_respondent_unique"),
        ]
        indexes = [
            # Survey results filtered by network and role.
            models.Index(fields=["survey", "network", "role"], name="response_filter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.respondent_id}"


class Answer(models.Model):
    """A response's answer to one question; the column used depends on the question's kind."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    likert = models.PositiveSmallIntegerField(
        _("agreement"), choices=LikertAnswer.choices, null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    choices = models.ManyToManyField(Choice, verbose_name=_("choices"), blank=True, related_name="answers")

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5),
                name="answer_likert_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            ),
            # At most one of the value columns is used by one answer.
            models.CheckConstraint(
                condition=(Q(likert__isnull=True) | (Q(rating__isnull=True) & Q(yes_no__isnull=True)))
                & (Q(rating__isnull=True) | Q(yes_no__isnull=True)),
                name="answer_one_value_column",
            ),
        ]
        indexes = [
            # Aggregates per question over a filtered set of responses.
            models.Index(fields=["question", "response"], name="answer_question_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.response} / {self.question.code}"

    def clean(self) -> None:
        """Refuse a value in a column the question's kind does not use, or a missing one."""
        if self.question_id is None:
            return
        if self.response_id and self.response.survey_id != self.question.survey_id:
            raise ValidationError({"question": _("This question belongs to another survey.")})
        column_of_kind = {
            QuestionKind.LIKERT: "likert",
            QuestionKind.RATING: "rating",
            QuestionKind.YES_NO: "yes_no",
        }
        expected = column_of_kind.get(self.question.kind)
        errors = {}
        for column in column_of_kind.values():
            value = getattr(self, column)
            if column == expected and value is None:
                errors[column] = _("An answer to this question needs this value.")
            elif column != expected and value is not None:
                errors[column] = _("Questions of this kind are not answered with this value.")
        if errors:
            raise ValidationError(errors)


class AnswerTallyQuerySet(models.QuerySet):
    def of_survey(
        self, survey: Survey, network: str | None = None, role: str | None = None
    ) -> "AnswerTallyQuerySet":
        """The counts of the survey's answers, of all its respondents or only of those of
        one network (slug, of the survey's edition) and/or one role."""
        # All respondents: every answer to the survey's questions; a breakdown: the answers
        # of the survey's responses of that network and/or role (surveys.results chooses
        # responses so). The two differ only for an answer filed under another survey's response.
        tallies = self.filter(question__survey=survey)
        if network or role:
            tallies = tallies.filter(survey=survey)
        if network:
            tallies = tallies.filter(network__slug=network, network__edition_id=survey.edition_id)
        if role:
            tallies = tallies.filter(role=role)
        return tallies

    def counts(self) -> tuple[dict[int, dict], dict[int, dict[int, int]]]:
        """(values, choices): per question, the answers of each agreement value, rating and
        yes/no, and all answers; and per question, the answers naming each choice. One query
        over a few thousand rows, however many answers they count.

        values: {question id: {"likert": {value: n}, "rating": {value: n}, "yes_no": {bool: n},
                               "answered": n}}
        choices: {question id: {choice id: n}}
        """
        rows = (
            self.values_list("question_id", "likert", "rating", "yes_no", "choice_id")
            .annotate(n=models.Sum("answers"))
            .order_by()
        )
        values: dict[int, dict] = {}
        choices: dict[int, dict[int, int]] = {}
        for question_id, likert, rating, yes_no, choice_id, n in rows:
            if choice_id is not None:
                choices.setdefault(question_id, {})[choice_id] = n
                continue
            question = values.setdefault(
                question_id, {"likert": {}, "rating": {}, "yes_no": {}, "answered": 0}
            )
            question["answered"] += n
            if likert is not None:
                question["likert"][likert] = n
            elif rating is not None:
                question["rating"][rating] = n
            elif yes_no is not None:
                question["yes_no"][yes_no] = n
        return values, choices


class AnswerTally(models.Model):
    """How many answers there are of each kind, per survey, question, network and role of the
    respondents: what survey figures add up, kept exact by PostgreSQL itself.

    A row with no choice counts answers (joined to their responses) by their value columns,
    one with a choice counts the answers naming that choice. Statement triggers on the
    answers, their choices and the responses change the counts in the same statement as the
    write, by any path (ORM, bulk inserts, imports, SQL); no code writes here. A row whose
    count reaches 0 is removed. surveys_rebuild_answer_tally() recounts everything from the
    answers (the migration that made the table; after a TRUNCATE). The SQL is in
    surveys/migrations/0005_answer_tally.py.
    """

    # The responses and answers these rows count protect what they name from deletion, and
    # the triggers remove a row when its count reaches 0: Django need not look here on a
    # delete. No index of their own: the figures read by question (the unique index).
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.DO_NOTHING, db_index=False, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.DO_NOTHING, db_index=False, related_name="+"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("respondent's network"),
        on_delete=models.DO_NOTHING,
        db_index=False,
        null=True,
        related_name="+",
    )
    role = models.CharField(_("respondent's role"), max_length=20, choices=RespondentRole.choices)
    likert = models.PositiveSmallIntegerField(_("agreement"), null=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True)
    yes_no = models.BooleanField(_("yes or no"), null=True)
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.DO_NOTHING,
        db_index=False,
        null=True,
        related_name="+",
    )
    answers = models.IntegerField(_("answers"))

    objects = AnswerTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        constraints = [
            # The triggers' upsert target; also serves the figures, read by question.
            models.UniqueConstraint(
                fields=["question", "survey", "network", "role", "likert", "rating", "yes_no", "choice"],
                name="answer_tally_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answers}"


class PublishedResultKind(models.TextChoices):
    SHARE = "share", _("Share of answers (%)")
    MEAN = "mean", _("Mean rating")


class PublishedResult(models.Model):
    """A figure of one question as the source publishes it: the share of one answer, the
    share the source leaves unexplained ("not shown"), or a mean rating.

    Kept apart from the responses, so that the pages can show what was published beside
    what the responses in the database compute, and say so when the two differ.
    """

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="published_results"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PublishedResultKind.choices)
    answer = models.PositiveSmallIntegerField(
        _("answer"),
        null=True,
        blank=True,
        help_text=_("The answer (1–5) whose share this is; empty: the share the source does not explain."),
    )
    value = models.DecimalField(_("value"), max_digits=5, decimal_places=1)
    as_printed = models.CharField(
        _("as printed"),
        max_length=100,
        help_text=_("The figure as the source prints it, e.g. “62.2%” or “2/3”."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["question", "kind", "-answer"]
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind", "answer"], name="published_result_unique", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(answer__gte=1, answer__lte=5),
                name="published_result_answer_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(kind="share", value__gte=0, value__lte=100) | Q(kind="mean", answer__isnull=True),
                name="published_result_value_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.as_printed}"
