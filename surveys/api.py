"""Surveys in the open-data API: the surveys, their results per question (aggregates only,
with the survey page's filters and its fewer-than-5 rule) and, for ministry staff and
admins only, the raw responses."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from pim.api_fields import FIGURE_PROVENANCES, ApiLink, PageLink, SourceReferenceSerializer
from pim.api_formats import table
from pim.api_http import OpenDataViewSet
from surveys.disclosure import Breakdown, Disclosure
from surveys.filters import ResponseFilter, SurveyFilter
from surveys.models import Answer, RespondentRole, Response, Survey
from surveys.results import describe_provenance, results_for


def survey_figures(survey: Survey, breakdown: Breakdown) -> dict:
    """The breakdown's figures as the API gives them: through results_for(), the one place
    pages and the API take survey figures from, so both withhold exactly the same breakdowns
    (fewer than 5 respondents, or a smaller group revealed by subtraction). A withheld
    breakdown says why, not how many respondents it has."""
    figures = results_for(survey, breakdown)
    shown = figures.disclosure == Disclosure.SHOWN
    provenances = sorted(figures.provenances)
    return {
        "respondents": figures.respondents if shown or figures.disclosure == Disclosure.EMPTY else None,
        "withheld": figures.withheld,
        "disclosure": figures.disclosure,
        "provenance": provenances,
        "provenance_note": describe_provenance(set(provenances), figures.respondents or 0, survey)
        if shown
        else "",
        "questions": [_question(result) for result in figures.results] if shown else [],
    }


def _question(result) -> dict:
    question = result.question
    return {
        "code": question.code,
        "group": question.group,
        "kind": question.kind,
        "text": question.text,
        "short_label": question.short_label,
        "figures_published": question.figures_published,
        "respondents": result.respondents,
        "answered": result.answered,
        "mean": result.mean_rounded,
        "shares": [
            {"value": share.value, "label": share.label, "count": share.count, "percent": share.percent}
            for share in result.shares
        ],
    }


class SurveySerializer(serializers.ModelSerializer):
    api_url = ApiLink("api:survey-detail", edition_slug="edition.slug", slug="slug")
    page_url = PageLink()
    results_url = ApiLink("api:survey-results", edition_slug="edition.slug", slug="slug")
    edition = ApiLink("api:edition-detail", slug="edition.slug")
    edition_slug = serializers.CharField(source="edition.slug")
    source = SourceReferenceSerializer(allow_null=True)

    class Meta:
        model = Survey
        fields = [
            "api_url",
            "page_url",
            "results_url",
            "edition",
            "edition_slug",
            "slug",
            "title",
            "conducted_from",
            "conducted_to",
            "method",
            "description",
            "source",
        ]


class ShareSerializer(serializers.Serializer):
    value = serializers.JSONField(
        help_text="The answer's value (5…1, yes/no, a choice's code); null: no answer."
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )


class QuestionResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    short_label = serializers.CharField()
    figures_published = serializers.BooleanField()
    respondents = serializers.IntegerField()
    answered = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True, coerce_to_string=False)
    shares = ShareSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.URLField()
    filters = serializers.DictField(child=serializers.CharField())
    respondents = serializers.IntegerField(
        allow_null=True, help_text="null when the breakdown is withheld: its size is not given either."
    )
    withheld = serializers.BooleanField(
        help_text=(
            "The breakdown's figures are withheld: fewer than 5 respondents, or showing them would let "
            "someone compute a smaller group's answers by subtracting other shown figures."
        )
    )
    disclosure = serializers.ChoiceField(
        choices=[choice.value for choice in Disclosure],
        help_text="shown; empty (no respondents); too-few; subtraction (withheld against differencing).",
    )
    provenance = serializers.ListField(child=serializers.ChoiceField(choices=FIGURE_PROVENANCES))
    provenance_note = serializers.CharField()
    source = SourceReferenceSerializer(allow_null=True)
    questions = QuestionResultSerializer(many=True)


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code")
    choices = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Answer
        fields = ["question", "likert", "rating", "yes_no", "choices"]


class RawResponseSerializer(serializers.ModelSerializer):
    member_slug = serializers.CharField(source="member.slug", allow_null=True, default=None)
    network_slug = serializers.CharField(source="network.slug", allow_null=True, default=None)
    answers = AnswerSerializer(many=True)

    class Meta:
        model = Response
        fields = [
            "respondent_id",
            "member_slug",
            "network_slug",
            "role",
            "responded_on",
            "provenance",
            "created_at",
            "answers",
        ]


class MaySeeRawResponses(permissions.BasePermission):
    """Raw responses and respondents' details: ministry staff and admins only."""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("surveys.view_raw_responses")


class SurveyViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Surveys of the programme's participants; each links to its results."""

    filterset_class = SurveyFilter
    serializer_class = SurveySerializer
    download_name = "surveys"

    def get_queryset(self):
        return Survey.objects.select_related("edition", "source").order_by(
            "edition__is_synthetic", "-edition__start_year", "conducted_from", "title"
        )

    def get_object(self) -> Survey:
        return get_object_or_404(
            self.get_queryset(), edition__slug=self.kwargs["edition_slug"], slug=self.kwargs["slug"]
        )

    def allowed_parameters(self) -> set[str]:
        if self.action == "results":
            return {"format", *ResponseFilter.base_filters}
        if self.action == "responses":
            return {"format", "page", "page_size"}
        return super().allowed_parameters()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "network", OpenApiTypes.STR, description="Respondents of this network (its slug)."
            ),
            OpenApiParameter(
                "role", OpenApiTypes.STR, enum=RespondentRole.values, description="Respondents' role."
            ),
        ],
        responses=SurveyResultsSerializer,
    )
    @action(detail=True, filterset_class=None, pagination_class=None)
    def results(self, request, *args, **kwargs):
        """Every question's aggregates over the respondents the filters choose (the survey
        page's `?network=` and `?role=`); nothing when the breakdown is too small to show."""
        survey = self.get_object()
        chosen = ResponseFilter(
            request.query_params, queryset=Response.objects.of_survey(survey), survey=survey
        )
        if not chosen.is_valid():
            raise serializers.ValidationError(chosen.errors)
        filters = {name: str(value) for name, value in chosen.form.cleaned_data.items() if value}
        figures = survey_figures(survey, chosen.breakdown())
        self.download_name = f"survey-results-{survey.slug}"
        return ApiResponse(
            {
                "survey": request.build_absolute_uri(),
                "filters": filters,
                **figures,
                "source": SourceReferenceSerializer(survey.source, context={"request": request}).data
                if survey.source
                else None,
            }
        )

    def table(self, data) -> tuple[list[str], list[list]]:
        """Downloads of the results: one row per answer share of each question."""
        if self.action != "results":
            return table(data)
        header = [
            "question",
            "kind",
            "text",
            "respondents",
            "answered",
            "mean",
            "value",
            "label",
            "count",
            "percent",
        ]
        rows = [
            [q["code"], q["kind"], q["text"], q["respondents"], q["answered"], q["mean"], *share.values()]
            for q in data.get("questions", [])
            for share in q["shares"]
        ]
        return [*header, "provenance"], [[*row, " ".join(data.get("provenance", []))] for row in rows]

    @extend_schema(responses=RawResponseSerializer(many=True))
    @action(
        detail=True,
        permission_classes=[MaySeeRawResponses],
        filterset_class=None,
        serializer_class=RawResponseSerializer,
    )
    def responses(self, request, *args, **kwargs):
        """Raw responses with respondents' details (not public): ministry staff and admins only."""
        survey = self.get_object()
        responses = (
            Response.objects.of_survey(survey)
            .select_related("member", "network")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.select_related("question").prefetch_related("choices"),
                )
            )
            .order_by("respondent_id")
        )
        self.download_name = f"responses-{survey.slug}"
        page = self.paginate_queryset(responses)
        if page is not None:
            return self.get_paginated_response(RawResponseSerializer(page, many=True).data)
        return ApiResponse(RawResponseSerializer(responses, many=True).data)
