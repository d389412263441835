"""The programme's collections in the open-data API: editions, sources, networks and
published figures. Meetings and improvement plans: networks/api_plans.py."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from cities.models import Mid
from networks.figures import FigureKind, published_figures, without_prefix
from networks.filters import (
    NetworkFilter,
    PublishedFigureFilter,
)
from networks.models import (
    DatePrecision,
    Edition,
    EditionRecommendation,
    Network,
    NetworkMidFigure,
    Provenance,
    Source,
)
from pim.api_fields import (
    FIGURE_PROVENANCES,
    ApiLink,
    FigureSerializer,
    PageLink,
    PublishedAndRecordedSerializer,
    SourceReferenceSerializer,
    figure,
)
from pim.api_http import OpenDataViewSet


def published(edition: Edition) -> str:
    return Provenance.SYNTHETIC if edition.is_synthetic else Provenance.PUBLISHED


def recorded(edition: Edition) -> str:
    return Provenance.SYNTHETIC if edition.is_synthetic else Provenance.LIVE


# --- Editions ----------------------------------------------------------------------------


class EditionRecommendationSerializer(serializers.ModelSerializer):
    source = SourceReferenceSerializer(allow_null=True)

    class Meta:
        model = EditionRecommendation
        fields = ["kind", "position", "text", "source"]


class EditionSerializer(serializers.ModelSerializer):
    api_url = ApiLink("api:edition-detail", slug="slug")
    networks_url = serializers.SerializerMethodField()
    member_count = serializers.SerializerMethodField()
    network_meeting_count = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "api_url",
            "slug",
            "name",
            "start_year",
            "end_year",
            "description",
            "is_synthetic",
            "member_count",
            "network_meeting_count",
            "networks_url",
        ]

    def get_networks_url(self, edition: Edition) -> str:
        path = reverse("api:network-list") + f"?edition={edition.slug}"
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(FigureSerializer)
    def get_member_count(self, edition: Edition) -> dict:
        return figure(
            edition.published_member_count,
            published(edition),
            edition.member_count_source,
            context=self.context,
        )

    @extend_schema_field(FigureSerializer)
    def get_network_meeting_count(self, edition: Edition) -> dict:
        return figure(
            edition.published_network_meeting_count,
            published(edition),
            edition.figures_source,
            context=self.context,
        )


class RecordedCountsSerializer(serializers.Serializer):
    named_members = FigureSerializer()
    meetings = FigureSerializer()


class EditionDetailSerializer(EditionSerializer):
    """An edition with what the system records of it (the dashboard's counts) and the
    recommendations it made for the editions after it."""

    recorded = serializers.SerializerMethodField()
    recommendations_for_future = EditionRecommendationSerializer(many=True)

    class Meta(EditionSerializer.Meta):
        fields = [*EditionSerializer.Meta.fields, "recorded", "recommendations_for_future"]

    @extend_schema_field(RecordedCountsSerializer)
    def get_recorded(self, edition: Edition) -> dict:
        counts = Edition.objects.recorded_counts(edition)
        return {
            "named_members": figure(counts["named_member_count"], recorded(edition)),
            "meetings": figure(counts["meeting_count"], recorded(edition)),
        }


class EditionViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Editions of the programme, newest first."""

    lookup_field = "slug"
    download_name = "editions"

    def get_queryset(self):
        editions = Edition.objects.default_first().select_related("figures_source", "member_count_source")
        if self.action == "retrieve":
            return editions.prefetch_related(
                Prefetch(
                    "recommendations_for_future",
                    queryset=EditionRecommendation.objects.select_related("source"),
                )
            )
        return editions

    def get_serializer_class(self):
        return EditionDetailSerializer if self.action == "retrieve" else EditionSerializer


# --- Sources -------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    api_url = ApiLink("api:source-detail", code="code")
    url = serializers.CharField(help_text="Where the source is published; empty when no address is known.")

    class Meta:
        model = Source
        fields = ["api_url", "code", "title", "url", "published_on", "description"]


class SourceViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The published documents and pages every fact of the product comes from."""

    queryset = Source.objects.order_by("code")
    serializer_class = SourceSerializer
    lookup_field = "code"
    download_name = "sources"


# --- Networks ------------------------------------------------------------------------------


class MidFigureSerializer(serializers.ModelSerializer):
    value = serializers.IntegerField()
    provenance = serializers.SerializerMethodField()
    source = SourceReferenceSerializer()

    class Meta:
        model = NetworkMidFigure
        fields = ["metric", "value", "out_of", "as_of", "as_of_precision", "provenance", "source"]

    def get_provenance(self, figure: NetworkMidFigure) -> str:
        return published(figure.network.edition)


class NetworkSerializer(serializers.ModelSerializer):
    api_url = ApiLink("api:network-detail", edition_slug="edition.slug", slug="slug")
    page_url = PageLink()
    edition = ApiLink("api:edition-detail", slug="edition.slug")
    edition_slug = serializers.CharField(source="edition.slug")
    leader = ApiLink("api:member-detail", slug="leader.slug")
    leader_name = serializers.CharField(source="leader.name", allow_null=True, default=None)
    leader_source = SourceReferenceSerializer(allow_null=True)
    member_count = serializers.SerializerMethodField()
    members_url = serializers.SerializerMethodField()

    class Meta:
        model = Network
        fields = [
            "api_url",
            "page_url",
            "id",
            "slug",
            "name",
            "edition",
            "edition_slug",
            "theme",
            "description",
            "position",
            "leader",
            "leader_name",
            "leader_source",
            "member_count",
            "members_url",
        ]

    @extend_schema_field(PublishedAndRecordedSerializer)
    def get_member_count(self, network: Network) -> dict:
        return {
            "published": figure(
                network.published_member_count,
                published(network.edition),
                network.member_count_source,
                context=self.context,
            ),
            "recorded": figure(network.named_member_count, recorded(network.edition)),
        }

    def get_members_url(self, network: Network) -> str:
        path = reverse("api:membership-list") + f"?network={network.pk}"
        return self.context["request"].build_absolute_uri(path)


class MidStatusCountsSerializer(serializers.Serializer):
    """How many of the network's members recorded their MID in each status (live data)."""

    provenance = serializers.ChoiceField(choices=FIGURE_PROVENANCES)
    counts = serializers.DictField(child=serializers.IntegerField())


class NetworkDetailSerializer(NetworkSerializer):
    published_mid_figures = MidFigureSerializer(many=True, source="mid_figures")
    recorded_mid_statuses = serializers.SerializerMethodField()

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "published_mid_figures", "recorded_mid_statuses"]

    @extend_schema_field(MidStatusCountsSerializer)
    def get_recorded_mid_statuses(self, network: Network) -> dict:
        # The same count as the network page's "recorded by members" table.
        return {
            "provenance": recorded(network.edition),
            "counts": Mid.objects.in_network(network).status_counts(),
        }


class NetworkViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Thematic networks of every edition; `?edition=` chooses one edition, as on the pages."""

    filterset_class = NetworkFilter
    download_name = "networks"

    def get_queryset(self):
        networks = (
            Network.objects.with_leader()
            .with_member_counts()
            .order_by("edition__is_synthetic", "-edition__start_year", "position", "name")
        )
        if self.action == "retrieve":
            return networks.prefetch_related(
                Prefetch(
                    "mid_figures",
                    queryset=NetworkMidFigure.objects.select_related("source", "network__edition"),
                )
            )
        return networks

    def get_serializer_class(self):
        return NetworkDetailSerializer if self.action == "retrieve" else NetworkSerializer

    def get_object(self):
        network = (
            self.get_queryset()
            .filter(edition__slug=self.kwargs["edition_slug"], slug=self.kwargs["slug"])
            .first()
        )
        if network is None:
            raise Http404("No such network.")
        return network


# --- Published figures ------------------------------------------------------------------------


class SubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["edition", "network", "survey-question"])
    slug = serializers.CharField(help_text="A survey question is named “<survey slug>/<question code>”.")
    edition_slug = serializers.CharField()
    api_url = serializers.URLField()


class PublishedFigureSerializer(serializers.Serializer):
    """One published figure of any kind, with what it describes, its date and its source."""

    id = serializers.CharField(help_text="Stable: kind, subject, metric and date.")
    kind = serializers.CharField()
    subject = SubjectSerializer()
    metric = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        coerce_to_string=False,
        normalize_output=True,
        help_text="A count; a share in per cent (survey-result share:…); a mean rating (survey-result mean).",
    )
    out_of = serializers.IntegerField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    as_of_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    provenance = serializers.ChoiceField(choices=FIGURE_PROVENANCES)
    source = SourceReferenceSerializer(allow_null=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("edition", OpenApiTypes.STR, description="An edition's slug."),
            OpenApiParameter("network", OpenApiTypes.INT, description="A network's id."),
            OpenApiParameter("kind", OpenApiTypes.STR, description="Only figures of this kind."),
        ]
    )
)
class PublishedFigureViewSet(OpenDataViewSet, mixins.ListModelMixin):
    """Published figures of every kind in one list: each with its provenance and source.

    `kinds` is given by the URLconf (pim/api.py), so a new kind of published figure is one
    more entry there."""

    kinds: list[FigureKind] = []
    serializer_class = PublishedFigureSerializer
    download_name = "published-figures"
    extra_parameters = ("kind",)
    filterset_class = None

    def allowed_parameters(self) -> set[str]:
        return {*super().allowed_parameters(), *PublishedFigureFilter.base_filters}

    def get_queryset(self):
        chosen = PublishedFigureFilter(data=self.request.query_params)
        if not chosen.is_valid():
            raise serializers.ValidationError(chosen.errors)
        kinds = self.kinds
        wanted = self.request.query_params.get("kind")
        if wanted is not None:
            kinds = [kind for kind in kinds if kind.code == wanted]
            if not kinds:
                known = ", ".join(kind.code for kind in self.kinds)
                raise serializers.ValidationError(
                    {"kind": [_("Not a kind of figure: choose one of %(known)s.") % {"known": known}]}
                )
        return published_figures(
            kinds, chosen.form.cleaned_data["edition"], chosen.form.cleaned_data["network"]
        )

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.get_queryset())
        if rows is None:
            rows = list(self.get_queryset())
        rows = [without_prefix(row) for row in rows]
        sources = Source.objects.in_bulk({row["source_id"] for row in rows if row["source_id"]})
        data = [self.represent(row, sources.get(row["source_id"])) for row in rows]
        if self.paginator is not None and self.request.accepted_renderer.format == "json":
            return self.get_paginated_response(data)
        return Response(data)

    def represent(self, row: dict, source: Source | None) -> dict:
        request = self.request
        if row["subject_type"] == "network":
            path = reverse("api:network-detail", args=[row["edition_slug"], row["subject_slug"]])
        elif row["subject_type"] == "survey-question":
            survey_slug = row["subject_slug"].split("/")[0]
            path = reverse("api:survey-results", args=[row["edition_slug"], survey_slug])
        else:
            path = reverse("api:edition-detail", args=[row["edition_slug"]])
        as_of = row["as_of"].isoformat() if row["as_of"] else None
        return {
            "id": ":".join(
                str(part)
                for part in (row["kind"], row["edition_slug"], row["subject_slug"], row["metric"], as_of)
                if part
            ),
            "kind": row["kind"],
            "subject": {
                "type": row["subject_type"],
                "slug": row["subject_slug"],
                "edition_slug": row["edition_slug"],
                "api_url": request.build_absolute_uri(path),
            },
            "metric": row["metric"],
            "value": row["value"],
            "out_of": row["out_of"],
            "as_of": as_of,
            "as_of_precision": row["as_of_precision"],
            "provenance": Provenance.SYNTHETIC if row["edition_is_synthetic"] else Provenance.PUBLISHED,
            "source": SourceReferenceSerializer(source, context={"request": request}).data
            if source
            else None,
        }
