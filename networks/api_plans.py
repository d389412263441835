"""Meetings, improvement plans and their recommendations in the open-data API: what
the networks did and what they concluded, each with its source."""

from django.db.models import Prefetch
from django.http import Http404
from rest_framework import mixins, serializers

from networks.filters import ImprovementPlanFilter, MeetingFilter, RecommendationFilter
from networks.models import ImprovementPlan, Meeting, Recommendation
from pim.api_fields import ApiLink, SourceReferenceSerializer
from pim.api_http import OpenDataViewSet

# --- Meetings ------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    api_url = ApiLink("api:meeting-detail", pk="pk")
    edition = ApiLink("api:edition-detail", slug="edition.slug")
    edition_slug = serializers.CharField(source="edition.slug")
    network = ApiLink("api:network-detail", edition_slug="edition.slug", slug="network.slug")
    network_slug = serializers.CharField(source="network.slug", allow_null=True, default=None)
    host = ApiLink("api:member-detail", slug="host.slug")
    host_slug = serializers.CharField(source="host.slug", allow_null=True, default=None)
    source = SourceReferenceSerializer(allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "api_url",
            "id",
            "edition",
            "edition_slug",
            "network",
            "network_slug",
            "kind",
            "title",
            "host",
            "host_slug",
            "place",
            "starts_on",
            "ends_on",
            "date_precision",
            "source",
        ]


class MeetingViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Network meetings, workshops of all networks, study visits and local partnership
    meetings, in date order (the dates only as precise as the source gives them)."""

    filterset_class = MeetingFilter
    serializer_class = MeetingSerializer
    download_name = "meetings"

    def get_queryset(self):
        return Meeting.objects.with_places().select_related("edition").chronological()


# --- Improvement plans and their recommendations ---------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    source = SourceReferenceSerializer(allow_null=True)

    class Meta:
        model = Recommendation
        fields = ["number", "text", "source"]


class ImprovementPlanSerializer(serializers.ModelSerializer):
    api_url = ApiLink(
        "api:improvement-plan-detail", edition_slug="network.edition.slug", network_slug="network.slug"
    )
    network = ApiLink("api:network-detail", edition_slug="network.edition.slug", slug="network.slug")
    network_slug = serializers.CharField(source="network.slug")
    edition_slug = serializers.CharField(source="network.edition.slug")
    source = SourceReferenceSerializer(allow_null=True)
    recommendations = RecommendationSerializer(many=True)

    class Meta:
        model = ImprovementPlan
        fields = [
            "api_url",
            "network",
            "network_slug",
            "edition_slug",
            "title",
            "adopted_on",
            "adopted_on_precision",
            "summary",
            "source",
            "recommendations",
        ]


class ImprovementPlanViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Each network's improvement plan with its numbered recommendations, quoted from the source."""

    filterset_class = ImprovementPlanFilter
    serializer_class = ImprovementPlanSerializer
    download_name = "improvement-plans"

    def get_queryset(self):
        return (
            ImprovementPlan.objects.select_related("network__edition", "source")
            .prefetch_related(
                Prefetch("recommendations", queryset=Recommendation.objects.select_related("source"))
            )
            .order_by("network__edition__is_synthetic", "-network__edition__start_year", "network__position")
        )

    def get_object(self):
        plan = (
            self.get_queryset()
            .filter(
                network__edition__slug=self.kwargs["edition_slug"], network__slug=self.kwargs["network_slug"]
            )
            .first()
        )
        if plan is None:
            raise Http404("No such improvement plan.")
        return plan


class RecommendationRowSerializer(RecommendationSerializer):
    plan = ApiLink(
        "api:improvement-plan-detail",
        edition_slug="plan.network.edition.slug",
        network_slug="plan.network.slug",
    )
    network_slug = serializers.CharField(source="plan.network.slug")
    edition_slug = serializers.CharField(source="plan.network.edition.slug")

    class Meta(RecommendationSerializer.Meta):
        fields = ["plan", "edition_slug", "network_slug", *RecommendationSerializer.Meta.fields]


class RecommendationViewSet(OpenDataViewSet, mixins.ListModelMixin):
    """The improvement plans' recommendations one per row, as the recommendations page lists them."""

    filterset_class = RecommendationFilter
    serializer_class = RecommendationRowSerializer
    download_name = "recommendations"

    def get_queryset(self):
        return Recommendation.objects.select_related("plan__network__edition", "source").order_by(
            "plan__network__edition__is_synthetic",
            "-plan__network__edition__start_year",
            "plan__network__position",
            "number",
        )
