"""The document library's filters: one FilterSet over MIDs; improvement plans follow its
edition and network."""

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from cities.filters import NetworkChoiceFilter, PolishFolded, fold_polish
from cities.models import Mid, MidStatus
from networks.models import Edition, Network


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Member or topic"), max_length=100)
    edition = django_filters.ModelChoiceFilter(
        field_name="edition",
        queryset=Edition.objects.default_first(),
        to_field_name="slug",
        label=_("Edition"),
        empty_label=_("All editions"),
    )
    network = NetworkChoiceFilter(
        method="filter_network",
        queryset=Network.objects.select_related("edition").order_by(
            "edition__is_synthetic", "-edition__start_year", "position"
        ),
        label=_("Network"),
        empty_label=_("All networks"),
    )
    status = django_filters.ChoiceFilter(
        choices=MidStatus.choices, label=_("MID status"), empty_label=_("All")
    )
    document = django_filters.ChoiceFilter(
        method="filter_document",
        choices=[("yes", _("With a document")), ("no", _("No document recorded"))],
        label=_("Document"),
        empty_label=_("All"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("member__name", "member"),
            ("edition__start_year", "edition"),
            ("status", "status"),
            ("document_date", "date"),
        ),
        label=_("Order"),
    )

    class Meta:
        model = Mid
        fields = []

    def search(self, queryset, name, value):
        # Without Polish diacritics on both sides, as in the members list.
        text = fold_polish(value)
        folded = PolishFolded(Concat("member__name", Value(" "), "member__short_name", Value(" "), "topic"))
        return queryset.annotate(searched_text=folded).filter(searched_text__contains=text)

    def filter_network(self, queryset, name, network):
        return queryset.in_network(network)

    def filter_document(self, queryset, name, value):
        has_document = ~Q(document="") | ~Q(document_url="")
        return queryset.filter(has_document if value == "yes" else ~has_document)
