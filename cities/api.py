"""Members, their memberships in networks and their MIDs in the open-data API.

The members and memberships collections are filtered by the members page's own
FilterSet (MembershipFilter), so `/czlonkowie/?…` and `/api/v1/memberships/?…` list the
same rows. Members' internal notes reach only signed-in ministry staff and admins.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers

from cities.exports import members_csv, members_xlsx, membership_rows
from cities.filters import MembershipFilter, MidFilter
from cities.models import Member, Membership, Mid, MidStatus
from pim.api_fields import ApiLink, PageLink, SourceReferenceSerializer
from pim.api_http import OpenDataViewSet


class MembershipOfMemberSerializer(serializers.ModelSerializer):
    network = ApiLink("api:network-detail", edition_slug="network.edition.slug", slug="network.slug")
    # null when no source states the member's network in that edition
    network_id = serializers.IntegerField(source="network.id", allow_null=True, default=None)
    network_slug = serializers.CharField(source="network.slug", allow_null=True, default=None)
    network_name = serializers.CharField(source="network.name", allow_null=True, default=None)
    edition_slug = serializers.CharField(source="edition.slug")
    mid = ApiLink("api:mid-detail", member_slug="member.slug", edition_slug="edition.slug")
    sources = SourceReferenceSerializer(many=True)

    class Meta:
        model = Membership
        fields = [
            "network",
            "network_id",
            "network_slug",
            "network_name",
            "edition_slug",
            "note",
            "sources",
            "mid",
        ]


class MemberSerializer(serializers.ModelSerializer):
    """A member's public fields; `internal_notes` only for ministry staff and admins."""

    api_url = ApiLink("api:member-detail", slug="slug")
    page_url = PageLink()
    voivodeship_source = SourceReferenceSerializer(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    memberships = MembershipOfMemberSerializer(many=True)
    internal_notes = serializers.CharField(
        required=False, help_text="Only for signed-in ministry staff and admins; absent otherwise."
    )

    class Meta:
        model = Member
        fields = [
            "api_url",
            "page_url",
            "slug",
            "name",
            "short_name",
            "kind",
            "kind_note",
            "voivodeship",
            "voivodeship_source",
            "seat",
            "population",
            "population_year",
            "latitude",
            "longitude",
            "is_synthetic",
            "memberships",
            "internal_notes",
        ]

    def to_representation(self, member: Member) -> dict:
        data = super().to_representation(member)
        if not sees_internal_notes(self.context.get("request")):
            del data["internal_notes"]
        return data


def sees_internal_notes(request) -> bool:
    """Whether the request's user may read members' internal notes; asked once per request."""
    if request is None:
        return False
    if not hasattr(request, "_sees_internal_notes"):
        request._sees_internal_notes = request.user.has_perm("cities.view_internal_notes")
    return request._sees_internal_notes


def _choices(name: str) -> list[str]:
    return [value for value, _label in MembershipFilter.base_filters[name].extra["choices"]]


MEMBERS_PAGE_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search in names, seats and MID topics."),
    OpenApiParameter("edition", OpenApiTypes.STR, description="An edition's slug."),
    OpenApiParameter("network", OpenApiTypes.INT, description="A network's id."),
    OpenApiParameter("voivodeship", OpenApiTypes.STR, enum=_choices("voivodeship")),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=_choices("kind")),
    OpenApiParameter("status", OpenApiTypes.STR, enum=_choices("status"), description="MID status."),
    OpenApiParameter(
        "o", OpenApiTypes.STR, description="The members page's order; members come in name order anyway."
    ),
]


@extend_schema_view(list=extend_schema(parameters=MEMBERS_PAGE_PARAMETERS))
class MemberViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Members (cities, gminas, unions, associations), each with its memberships.

    Takes the members page's filters: a member is listed when one of its memberships
    matches them (`?edition=`, `?network=`, `?status=`, `?q=`, …)."""

    serializer_class = MemberSerializer
    lookup_field = "slug"
    download_name = "members"
    filter_backends = []

    def get_queryset(self):
        return (
            Member.objects.select_related("voivodeship_source")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("edition", "network__edition", "member")
                    .prefetch_related("sources")
                    .order_by("-edition__start_year", "network__position"),
                )
            )
            .order_by("name")
        )

    def allowed_parameters(self) -> set[str]:
        allowed = super().allowed_parameters()
        return allowed | set(MembershipFilter.base_filters) if self.action == "list" else allowed

    def filter_queryset(self, members):
        """Members with a membership the members page's filters choose (one subquery)."""
        if self.action != "list":
            return members
        chosen = MembershipFilter(self.request.query_params, queryset=Membership.objects.with_mid())
        if not chosen.is_valid():
            raise serializers.ValidationError(chosen.errors)
        if not any(self.request.query_params.get(name) for name in chosen.filters):
            return members  # unfiltered: every member, also one with no membership yet
        return members.filter(pk__in=chosen.qs.values("member_id"))


class MembershipSerializer(serializers.ModelSerializer):
    """One row of the members page: a member in one network, with the MID of that edition."""

    member = ApiLink("api:member-detail", slug="member.slug")
    member_slug = serializers.CharField(source="member.slug")
    member_name = serializers.CharField(source="member.name")
    network = ApiLink("api:network-detail", edition_slug="network.edition.slug", slug="network.slug")
    # null when no source states the member's network in that edition
    network_id = serializers.IntegerField(source="network.id", allow_null=True, default=None)
    network_slug = serializers.CharField(source="network.slug", allow_null=True, default=None)
    network_name = serializers.CharField(source="network.name", allow_null=True, default=None)
    edition_slug = serializers.CharField(source="edition.slug")
    voivodeship = serializers.CharField(source="member.voivodeship")
    kind = serializers.CharField(source="member.kind")
    mid = ApiLink("api:mid-detail", member_slug="member.slug", edition_slug="edition.slug")
    mid_status = serializers.SerializerMethodField()
    mid_topic = serializers.CharField(allow_null=True)
    sources = SourceReferenceSerializer(many=True)

    class Meta:
        model = Membership
        fields = [
            "member",
            "member_slug",
            "member_name",
            "network",
            "network_id",
            "network_slug",
            "network_name",
            "edition_slug",
            "voivodeship",
            "kind",
            "mid",
            "mid_status",
            "mid_topic",
            "note",
            "sources",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=MidStatus.choices))
    def get_mid_status(self, row: Membership) -> str:
        # As on the page: a member with no MID recorded for the edition has not reported one.
        return row.mid_status or MidStatus.NOT_REPORTED


class MembershipViewSet(OpenDataViewSet, mixins.ListModelMixin):
    """Exactly the rows of the members page for the same query string (filters and `o` order);
    its CSV and XLSX are the page's own export."""

    filterset_class = MembershipFilter
    serializer_class = MembershipSerializer
    download_name = "czlonkowie-pim"

    def get_queryset(self):
        return (
            Membership.objects.with_mid()
            .prefetch_related("sources")
            .order_by("shown_name", "-edition__start_year")
        )

    def list(self, request, *args, **kwargs):
        file_format = request.accepted_renderer.format
        if file_format in ("csv", "xlsx"):
            rows = membership_rows(self.filter_queryset(self.get_queryset()).prefetch_related(None))
            respond = members_csv if file_format == "csv" else members_xlsx
            return respond(rows, f"{self.download_name}.{file_format}")
        return super().list(request, *args, **kwargs)


class MidSerializer(serializers.ModelSerializer):
    """A MID's public fields (never who saved it, nor the concurrency version)."""

    api_url = ApiLink("api:mid-detail", member_slug="member.slug", edition_slug="edition.slug")
    page_url = serializers.SerializerMethodField()
    member = ApiLink("api:member-detail", slug="member.slug")
    member_slug = serializers.CharField(source="member.slug")
    edition = ApiLink("api:edition-detail", slug="edition.slug")
    edition_slug = serializers.CharField(source="edition.slug")
    topic_sources = SourceReferenceSerializer(many=True)
    partnership_sources = SourceReferenceSerializer(many=True)
    document = serializers.SerializerMethodField()
    document_url = serializers.CharField(help_text="A link to the MID document; empty when none is given.")

    class Meta:
        model = Mid
        fields = [
            "api_url",
            "page_url",
            "member",
            "member_slug",
            "edition",
            "edition_slug",
            "status",
            "draft_handed_in_on",
            "completed_on",
            "implementation_started_on",
            "topic",
            "topic_note",
            "topic_sources",
            "summary",
            "document_url",
            "document",
            "partnership_stakeholders",
            "partnership_meeting_count",
            "partnership_sources",
            "updated_at",
        ]

    def get_page_url(self, mid: Mid) -> str:
        return self.context["request"].build_absolute_uri(reverse("cities:member", args=[mid.member.slug]))

    def get_document(self, mid: Mid) -> str | None:
        """The uploaded PDF's download address (never its storage path)."""
        if not mid.document:
            return None
        path = reverse("cities:mid-document", args=[mid.member.slug, mid.edition.slug])
        return self.context["request"].build_absolute_uri(path)


class MidViewSet(OpenDataViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Members' urban action initiatives (MIDs), one per member and edition, as members record them."""

    filterset_class = MidFilter
    serializer_class = MidSerializer
    download_name = "mids"

    def get_queryset(self):
        return (
            Mid.objects.select_related("member", "edition")
            .prefetch_related("topic_sources", "partnership_sources")
            .order_by("edition__is_synthetic", "-edition__start_year", "member__name")
        )

    def get_object(self):
        mid = (
            self.get_queryset()
            .filter(member__slug=self.kwargs["member_slug"], edition__slug=self.kwargs["edition_slug"])
            .first()
        )
        if mid is None:
            raise Http404("No such MID.")
        return mid
