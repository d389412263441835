"""Serializer parts every collection of the API shares: links, sources and figures.

A figure is never a bare number: it travels as {value, provenance, source, as_of}, with
provenance one of published / reconstruction / live / synthetic / not-known, so that a
client can no more confuse a published count with a recorded one than a page reader.
"""

import re
from functools import cache
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
        return site_address(request) + api_path(view_name, kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False


# Values that reverse() writes into a path unchanged: slugs, numbers.
PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")
MARKER = re.compile(r"pim0[a-z0-9]+?0pim")


@cache
def _path_pattern(view_name: str, names: tuple[str, ...]) -> str | None:
    """The view's path with a marker in place of each named part, reversed once per process;
    None when the address does not take the markers (e.g. a number-only part)."""
    try:
        return reverse(view_name, kwargs={name: f"pim0{name.replace('_', '0')}0pim" for name in names})
    except NoReverseMatch:
        return None


def api_path(view_name: str, kwargs: dict) -> str:
    """reverse(view_name, kwargs=kwargs), without reversing for each of a page's hundreds of
    links: plain values (slugs, numbers) are put into the view's pattern. Django's reverse,
    not DRF's: a link never carries the request's ?format=."""
    values = {name: str(value) for name, value in kwargs.items()}
    pattern = _path_pattern(view_name, tuple(sorted(values)))
    if pattern is None or not all(PLAIN_VALUE.fullmatch(value) for value in values.values()):
        return reverse(view_name, kwargs=kwargs)
    markers = {f"pim0{name.replace('_', '0')}0pim": value for name, value in values.items()}
    return MARKER.sub(lambda found: markers[found.group(0)], pattern)  # one pass: no value is re-read


def site_address(request) -> str:
    """ "https://host" of the request, worked out once per request for all its links."""
    if not hasattr(request, "_site_address"):
        request._site_address = request.build_absolute_uri("/")[:-1]
    return request._site_address


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
