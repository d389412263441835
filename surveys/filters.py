"""Filters of the survey results: breakdowns by network and respondent role.

The page and the API read the same parameters through this FilterSet and ask
surveys.results.results_for() for the breakdown() it describes.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Edition, Network
from surveys.disclosure import Breakdown, Disclosure, DisclosurePlan
from surveys.models import RespondentRole, Response, Survey

OPTION_NOTES = {
    Disclosure.EMPTY: _("no responses"),
    Disclosure.TOO_FEW: _("withheld"),
    Disclosure.SUBTRACTION: _("withheld"),
}


class NotedSelect(forms.Select):
    """A select whose options may carry a note after their label ("… – withheld"): the
    note of `notes` for the option's value, `default_note` for values not in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: dict[str, str] = {}
        self.default_note = ""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        note = self.notes.get(str(value), self.default_note) if value not in (None, "") else ""
        if note:
            label = f"{label} – {note}"
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class ResponseFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(
        queryset=Network.objects.none(),
        to_field_name="slug",
        label=_("Respondent's network"),
        empty_label=_("All"),
        widget=NotedSelect,
    )
    role = django_filters.ChoiceFilter(
        choices=RespondentRole.choices,
        label=_("Respondent's role"),
        empty_label=_("All"),
        widget=NotedSelect,
    )

    class Meta:
        model = Response
        fields = []

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["network"].queryset = Network.objects.in_edition(survey.edition_id)

    def breakdown(self) -> Breakdown:
        """The breakdown the (valid) filters ask for: what results_for() takes."""
        data = self.form.cleaned_data
        network = data.get("network")
        return Breakdown(network=network.slug if network else None, role=data.get("role") or None)

    def note_options(self, plan: DisclosurePlan) -> bool:
        """Note on each option whose figures would be withheld (or are none), keeping the
        other filter as chosen now; True when some option is withheld. No query."""
        chosen = self.breakdown() if self.is_bound and self.form.is_valid() else Breakdown()
        # Networks without responses are not in the plan: their options note "no responses".
        options = {"network": list(plan.network_names), "role": list(RespondentRole.values)}
        withheld = False
        for name, values in options.items():
            widget = self.form.fields[name].widget
            for value in values:
                breakdown = Breakdown(**{"network": chosen.network, "role": chosen.role, name: value})
                verdict = plan.verdict(breakdown)
                widget.notes[value] = str(OPTION_NOTES.get(verdict, ""))
                withheld = withheld or verdict in (Disclosure.TOO_FEW, Disclosure.SUBTRACTION)
        self.form.fields["network"].widget.default_note = str(OPTION_NOTES[Disclosure.EMPTY])
        return withheld


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
