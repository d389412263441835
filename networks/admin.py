from django.contrib import admin

from networks.models import (
    Edition,
    EditionRecommendation,
    ImprovementPlan,
    Meeting,
    MidThread,
    Network,
    NetworkMidFigure,
    Recommendation,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "published_on", "url"]
    search_fields = ["code", "title", "url"]


class EditionRecommendationInline(admin.TabularInline):
    model = EditionRecommendation
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "published_member_count", "is_synthetic"]
    list_filter = ["is_synthetic"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EditionRecommendationInline]


class MidThreadInline(admin.TabularInline):
    model = MidThread
    extra = 0


class NetworkMidFigureInline(admin.TabularInline):
    model = NetworkMidFigure
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "theme", "leader", "published_member_count"]
    list_filter = ["edition", "theme"]
    search_fields = ["name", "description"]
    list_select_related = ["edition", "leader"]
    autocomplete_fields = ["leader"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MidThreadInline, NetworkMidFigureInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "edition", "network", "host", "place", "starts_on", "ends_on"]
    list_filter = ["edition", "kind", "network"]
    search_fields = ["title", "place", "host__name"]
    list_select_related = ["edition", "network", "host"]
    autocomplete_fields = ["host"]
    date_hierarchy = "starts_on"


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "adopted_on"]
    list_filter = ["network__edition"]
    search_fields = ["title", "summary", "recommendations__text"]
    list_select_related = ["network"]
    inlines = [RecommendationInline]


@admin.register(NetworkMidFigure)
class NetworkMidFigureAdmin(admin.ModelAdmin):
    list_display = ["network", "metric", "value", "out_of", "as_of", "source"]
    list_filter = ["network__edition", "metric"]
    list_select_related = ["network", "source"]
