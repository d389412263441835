"""The survey figures a source published (PublishedResult), as one more kind of published
figure for the open-data API's list of every published figure (networks/figures.py)."""

from django.db.models import Case, CharField, DateField, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from networks.figures import FigureKind, row, text
from networks.models import DatePrecision, Edition, Network
from surveys.models import PublishedResult


def survey_published_results(edition: Edition | None, network: Network | None) -> QuerySet:
    """Rows of the published results: subject "<survey>/<question code>", metric "share:<answer>"
    (the share of an answer, in per cent) or "mean" (a mean rating)."""
    results = PublishedResult.objects.all()
    if edition is not None:
        results = results.filter(question__survey__edition=edition)
    if network is not None:  # a survey's figure describes all its respondents, no network
        results = results.none()
    # PostgreSQL's CONCAT skips NULLs, so the answer-less mean is told apart explicitly.
    metric = Case(
        When(answer__isnull=True, then=F("kind")),
        default=Concat(F("kind"), Value(":"), Cast("answer", CharField()), output_field=CharField()),
        output_field=CharField(),
    )
    return results.order_by().values(
        **row(
            text("survey-result"),
            text("survey-question"),
            Concat(F("question__survey__slug"), Value("/"), F("question__code"), output_field=CharField()),
            F("question__survey__edition__slug"),
            F("question__survey__edition__is_synthetic"),
            Value(None, output_field=IntegerField()),
            metric,
            F("value"),
            Value(None, output_field=IntegerField()),
            Value(None, output_field=DateField()),
            text(DatePrecision.DAY),
            F("source_id"),
        )
    )


KIND = FigureKind(
    "survey-result",
    _("A survey question's published share of an answer, or mean rating"),
    survey_published_results,
)
