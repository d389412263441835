"""Filters of the survey results page: breakdowns by network and respondent role."""

import django_filters
from django.utils.translation import gettext_lazy as _

from networks.models import Edition, Network
from surveys.models import RespondentRole, Response, Survey


class ResponseFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(
        queryset=Network.objects.none(),
        to_field_name="slug",
        label=_("Respondent's network"),
        empty_label=_("All"),
    )
    role = django_filters.ChoiceFilter(
        choices=RespondentRole.choices, label=_("Respondent's role"), empty_label=_("All")
    )

    class Meta:
        model = Response
        fields = []

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["network"].queryset = Network.objects.in_edition(survey.edition_id)


class SurveyFilter(django_filters.FilterSet):
    edition = django_filters.ModelChoiceFilter(
        field_name="edition",
        queryset=Edition.objects.all(),
        to_field_name="slug",
        label=_("Edition"),
        empty_label=_("All editions"),
    )

    class Meta:
        model = Survey
        fields = []
