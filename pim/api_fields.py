"""Serializer parts every collection of the API shares: links, sources and figures.

A figure is never a bare number: it travels as {value, provenance, source, as_of}, with
provenance one of published / reconstruction / live / synthetic / not-known, so that a
client can no more confuse a published count with a recorded one than a page reader.
"""

from operator import attrgetter

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from networks.models import Provenance, Source

NOT_KNOWN = Provenance.NOT_KNOWN.value
# What a figure can be: the model's provenances, "not known" among them.
FIGURE_PROVENANCES = Provenance.choices


class ApiLink(serializers.HyperlinkedIdentityField):
    """The absolute API address of an object, or of a related one, named by its slugs:
    `ApiLink("api:network-detail", edition_slug="edition.slug", slug="slug")`.
    None when a named attribute is empty (a network with no leader)."""

    def __init__(self, view_name: str, **lookups: str):
        self.lookups = lookups
        super().__init__(view_name=view_name)
        self.allow_null = True

    def get_url(self, obj, view_name, request, format):
        try:
            kwargs = {name: attrgetter(path)(obj) for name, path in self.lookups.items()}
        except AttributeError:
            return None
        if any(value is None for value in kwargs.values()):
            return None
        # Django's reverse, not DRF's: a link never carries the request's ?format=.
        return request.build_absolute_uri(reverse(view_name, kwargs=kwargs))

    def use_pk_only_optimization(self) -> bool:
        return False


@extend_schema_field({"type": "string", "format": "uri"})
class PageLink(serializers.Field):
    """The absolute address of the object's page on the site (`get_absolute_url()`)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str | None:
        request = self.context.get("request")
        try:
            path = obj.get_absolute_url()
        except NoReverseMatch:
            return None
        return request.build_absolute_uri(path) if request else path


class SourceReferenceSerializer(serializers.ModelSerializer):
    """Where a fact was published: the source's code, title, address and API address."""

    api_url = ApiLink("api:source-detail", code="code")
    url = serializers.CharField(help_text="Where the source is published; empty when no address is known.")

    class Meta:
        model = Source
        fields = ["code", "title", "url", "published_on", "api_url"]


class FigureSerializer(serializers.Serializer):
    """Schema of one figure; figures are built by `figure()`."""

    value = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True, coerce_to_string=False)
    provenance = serializers.ChoiceField(choices=FIGURE_PROVENANCES)
    source = SourceReferenceSerializer(allow_null=True)
    as_of = serializers.DateField(allow_null=True)


def figure(value, provenance: str, source: Source | None = None, as_of=None, context=None) -> dict:
    """One figure with its provenance; an unknown value is "not-known", never 0."""
    if value is None:  # a source that publishes no value is not this figure's source
        return {"value": None, "provenance": NOT_KNOWN, "source": None, "as_of": None}
    return {
        "value": value,
        "provenance": provenance,
        "source": SourceReferenceSerializer(source, context=context).data if source else None,
        "as_of": as_of.isoformat() if as_of else None,
    }


class PublishedAndRecordedSerializer(serializers.Serializer):
    """A count the sources publish beside the one recorded in the system."""

    published = FigureSerializer()
    recorded = FigureSerializer()
