"""The members list's filters; the same FilterSet selects the exported rows."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import MemberKind, Membership, MidStatus, Voivodeship
from networks.models import Edition, Network


class NetworkChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, network: Network) -> str:
        return f"{network.name} ({network.edition.name})"


class NetworkChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NetworkChoiceField


class MembershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    edition = django_filters.ModelChoiceFilter(
        field_name="network__edition",
        queryset=Edition.objects.default_first(),
        to_field_name="slug",
        label=_("Edition"),
        empty_label=_("All editions"),
    )
    network = NetworkChoiceFilter(
        queryset=Network.objects.select_related("edition").order_by(
            "edition__is_synthetic", "-edition__start_year", "position"
        ),
        label=_("Network"),
        empty_label=_("All networks"),
    )
    voivodeship = django_filters.ChoiceFilter(
        field_name="member__voivodeship",
        choices=Voivodeship.choices,
        label=_("Voivodeship"),
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="member__kind", choices=MemberKind.choices, label=_("Kind"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=MidStatus.choices, label=_("MID status"), empty_label=_("All")
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("member__name", "name"),
            ("network__name", "network"),
            ("member__voivodeship", "voivodeship"),
            ("member__kind", "kind"),
            ("mid_status", "status"),
        ),
        label=_("Order"),
    )

    class Meta:
        model = Membership
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(member__name__icontains=value)
            | Q(member__short_name__icontains=value)
            | Q(member__seat__icontains=value)
            | Q(mid_topic__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        # A member with no MID row for the edition has not reported one.
        if value == MidStatus.NOT_REPORTED:
            return queryset.filter(Q(mid_status=value) | Q(mid_status__isnull=True))
        return queryset.filter(mid_status=value)
