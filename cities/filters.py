"""The members list's filters; the same FilterSet selects the exported rows."""

import django_filters
from django.db.models import CharField, Func, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower
from django.utils.translation import gettext_lazy as _

from cities.models import MemberKind, Membership, Mid, MidStatus, Voivodeship
from networks.models import Edition, Network

POLISH_LETTERS, PLAIN_LETTERS = "ąćęłńóśźż", "acelnoszz"


def fold_polish(text: str) -> str:
    return text.lower().translate(str.maketrans(POLISH_LETTERS, PLAIN_LETTERS))


class PolishFolded(Func):
    """Lower case without Polish diacritics, in SQL (PostgreSQL's translate())."""

    function = "translate"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Lower(expression), Value(POLISH_LETTERS), Value(PLAIN_LETTERS), **extra)


class NetworkChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, network: Network) -> str:
        return f"{network.name} ({network.edition.name})"


class NetworkChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NetworkChoiceField


class OrderingFilterByName(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by member name, so equal values keep a stable order."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "shown_name", "pk") if value else qs


class MembershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    edition = django_filters.ModelChoiceFilter(
        field_name="edition",
        # The list cites the chosen edition's published member count and its source.
        queryset=Edition.objects.default_first().select_related("member_count_source"),
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
    o = OrderingFilterByName(
        fields=(
            ("shown_name", "name"),
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
        # Without Polish diacritics on both sides: "Torun" finds "Toruń".
        text = fold_polish(value)
        return queryset.annotate(
            searched_text=PolishFolded(
                Concat(
                    "member__name",
                    Value(" "),
                    "member__short_name",
                    Value(" "),
                    "member__seat",
                    Value(" "),
                    Coalesce("mid_topic", Value("")),
                )
            )
        ).filter(searched_text__contains=text)

    def filter_status(self, queryset, name, value):
        # A member with no MID row for the edition has not reported one.
        if value == MidStatus.NOT_REPORTED:
            return queryset.filter(Q(mid_status=value) | Q(mid_status__isnull=True))
        return queryset.filter(mid_status=value)


class MidFilter(django_filters.FilterSet):
    """The MIDs collection: by edition (slug), member (slug), network (id) and status."""

    edition = django_filters.ModelChoiceFilter(
        field_name="edition",
        queryset=Edition.objects.all(),
        to_field_name="slug",
        label=_("Edition"),
        empty_label=_("All editions"),
    )
    member = django_filters.CharFilter(field_name="member__slug", label=_("Member"), max_length=80)
    network = django_filters.ModelChoiceFilter(
        field_name="member__memberships__network",
        method="filter_network",
        queryset=Network.objects.all(),
        label=_("Network"),
    )
    status = django_filters.ChoiceFilter(
        choices=MidStatus.choices, label=_("MID status"), empty_label=_("All")
    )

    class Meta:
        model = Mid
        fields = []

    def filter_network(self, queryset, name, network):
        return queryset.in_network(network)
