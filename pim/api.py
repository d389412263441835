"""The open-data API's addresses (/api/v1/), its root, the DCAT catalogue, the OpenAPI
schema and its documentation page. The collections live in each app's api.py."""

from django.http import Http404
from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cities.api import MembershipViewSet, MemberViewSet, MidViewSet
from networks import figures
from networks.api import EditionViewSet, NetworkViewSet, PublishedFigureViewSet, SourceViewSet
from networks.api_plans import ImprovementPlanViewSet, MeetingViewSet, RecommendationViewSet
from pim.api_http import OpenDataViewSet, data_state
from pim.open_data import catalogue
from surveys import figures as survey_figures
from surveys.api import SurveyViewSet

# Every kind of published figure the published-figures collection lists; a new kind is one
# more entry here.
PUBLISHED_FIGURE_KINDS = [*figures.KINDS, survey_figures.KIND]

COLLECTIONS = {
    "editions": "api:edition-list",
    "networks": "api:network-list",
    "members": "api:member-list",
    "memberships": "api:membership-list",
    "mids": "api:mid-list",
    "meetings": "api:meeting-list",
    "sources": "api:source-list",
    "improvement_plans": "api:improvement-plan-list",
    "recommendations": "api:recommendation-list",
    "published_figures": "api:published-figure-list",
    "surveys": "api:survey-list",
}


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class RootSerializer(serializers.Serializer):
    collections = serializers.DictField(child=serializers.URLField())
    catalogue = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()


class RootViewSet(OpenDataViewSet):
    """The API's collections, its DCAT catalogue, schema and documentation."""

    renderer_classes = [JSONRenderer]
    pagination_class = None

    @extend_schema(responses=RootSerializer)
    def show(self, request, *args, **kwargs):
        return Response(
            {
                "collections": {name: reverse(url, request=request) for name, url in COLLECTIONS.items()},
                "catalogue": reverse("api:catalogue", request=request),
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
            }
        )


class CatalogueViewSet(OpenDataViewSet):
    """The DCAT-AP catalogue (JSON-LD) of every dataset, for the national open-data portal."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]
    pagination_class = None
    download_name = "catalogue"

    @extend_schema(responses={200: {"type": "object", "description": "A DCAT-AP catalogue in JSON-LD."}})
    def show(self, request, *args, **kwargs):
        state = data_state()
        return Response(catalogue(request, state[1] if state else None))


class NotFoundViewSet(OpenDataViewSet):
    """Any other address under /api/v1/: a JSON 404, like every other API error."""

    @extend_schema(exclude=True)
    def show(self, request, *args, **kwargs):
        raise Http404("No such address in the API.")


class SchemaView(OpenDataViewSet, SpectacularAPIView):
    """The OpenAPI 3 schema, with the API's caching, CORS and errors."""

    pagination_class = None
    extra_parameters = ("lang",)

    @extend_schema(exclude=True)
    def list(self, request, *args, **kwargs):
        return SpectacularAPIView.get(self, request, *args, **kwargs)


def _detail(viewset):
    return viewset.as_view({"get": "retrieve"})


def _action(viewset, action: str):
    extra = getattr(getattr(viewset, action), "kwargs", {})
    return viewset.as_view({"get": action}, **extra)


urlpatterns = [
    path("", RootViewSet.as_view({"get": "show"}), name="root"),
    path("schema/", SchemaView.as_view({"get": "list"}), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("catalogue.jsonld", CatalogueViewSet.as_view({"get": "show"}), name="catalogue"),
    path("editions/", EditionViewSet.as_view({"get": "list"}), name="edition-list"),
    path("editions/<slug:slug>/", _detail(EditionViewSet), name="edition-detail"),
    path("networks/", NetworkViewSet.as_view({"get": "list"}), name="network-list"),
    path("networks/<slug:edition_slug>/<slug:slug>/", _detail(NetworkViewSet), name="network-detail"),
    path("members/", MemberViewSet.as_view({"get": "list"}), name="member-list"),
    path("members/<slug:slug>/", _detail(MemberViewSet), name="member-detail"),
    path("memberships/", MembershipViewSet.as_view({"get": "list"}), name="membership-list"),
    path("mids/", MidViewSet.as_view({"get": "list"}), name="mid-list"),
    path("mids/<slug:member_slug>/<slug:edition_slug>/", _detail(MidViewSet), name="mid-detail"),
    path("meetings/", MeetingViewSet.as_view({"get": "list"}), name="meeting-list"),
    path("meetings/<int:pk>/", _detail(MeetingViewSet), name="meeting-detail"),
    path("sources/", SourceViewSet.as_view({"get": "list"}), name="source-list"),
    path("sources/<slug:code>/", _detail(SourceViewSet), name="source-detail"),
    path("improvement-plans/", ImprovementPlanViewSet.as_view({"get": "list"}), name="improvement-plan-list"),
    path(
        "improvement-plans/<slug:edition_slug>/<slug:network_slug>/",
        _detail(ImprovementPlanViewSet),
        name="improvement-plan-detail",
    ),
    path("recommendations/", RecommendationViewSet.as_view({"get": "list"}), name="recommendation-list"),
    path(
        "published-figures/",
        PublishedFigureViewSet.as_view({"get": "list"}, kinds=PUBLISHED_FIGURE_KINDS),
        name="published-figure-list",
    ),
    path("surveys/", SurveyViewSet.as_view({"get": "list"}), name="survey-list"),
    path("surveys/<slug:edition_slug>/<slug:slug>/", _detail(SurveyViewSet), name="survey-detail"),
    path(
        "surveys/<slug:edition_slug>/<slug:slug>/results/",
        _action(SurveyViewSet, "results"),
        name="survey-results",
    ),
    path(
        "surveys/<slug:edition_slug>/<slug:slug>/responses/",
        _action(SurveyViewSet, "responses"),
        name="survey-responses",
    ),
    # Last: an address no pattern above matches (a bad id, a typo) still gets a JSON answer.
    re_path(r"^", NotFoundViewSet.as_view({"get": "show"})),
]
