"""Helpers for page tests: the public pages of an edition, and query counting."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import Membership
from networks.models import Edition


def public_urls(edition: Edition) -> list[str]:
    """Every public results page of the edition, as a visitor reaches them."""
    network = edition.networks.order_by("position").first()
    member = Membership.objects.filter(network__edition=edition).select_related("member").first().member
    survey = edition.surveys.first()
    query = f"?edition={edition.slug}"
    return [
        f"/{query}",
        f"/sieci/{query}",
        network.get_absolute_url(),
        f"/czlonkowie/{query}",
        f"/czlonkowie/{query}&o=-status",
        member.get_absolute_url(),
        f"/mapa/{query}",
        survey.get_absolute_url(),
        f"/zalecenia/{query}",
    ]


def queries_of(client, url: str) -> tuple[int, int]:
    """SQL queries of one request with an empty cache, and of the next one (cache warm)."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(context.captured_queries))
    return counts[0], counts[1]
