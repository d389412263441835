"""Filters of the programme's collections, shared by the pages and the API.

`edition` is the edition's slug everywhere, as in the pages' `?edition=`; `network` is
the network's id, as in the members list's `?network=`.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from networks.models import (
    Edition,
    ImprovementPlan,
    Meeting,
    MeetingKind,
    Network,
    Recommendation,
    Theme,
)


def edition_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Edition.objects.all(),
        to_field_name="slug",
        label=_("Edition"),
        empty_label=_("All editions"),
    )


def network_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Network.objects.all(),
        label=_("Network"),
        empty_label=_("All networks"),
    )


class NetworkFilter(django_filters.FilterSet):
    edition = edition_filter("edition")
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("Theme"), empty_label=_("All"))

    class Meta:
        model = Network
        fields = []


class MeetingFilter(django_filters.FilterSet):
    edition = edition_filter("edition")
    network = network_filter("network")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"), empty_label=_("All"))

    class Meta:
        model = Meeting
        fields = []


class ImprovementPlanFilter(django_filters.FilterSet):
    edition = edition_filter("network__edition")
    network = network_filter("network")

    class Meta:
        model = ImprovementPlan
        fields = []


class RecommendationFilter(django_filters.FilterSet):
    edition = edition_filter("plan__network__edition")
    network = network_filter("plan__network")

    class Meta:
        model = Recommendation
        fields = []


class PublishedFigureFilter(django_filters.FilterSet):
    """Chooses published figures of every kind; each kind applies the choice to its own rows."""

    edition = edition_filter("edition")
    network = network_filter("network")

    class Meta:
        model = Network
        fields = []
