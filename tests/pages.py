"""Helpers for page tests: the public pages of an edition, and query counting."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import Membership
from networks.models import Edition
from pim.page_cache import data_changed


def public_urls(edition: Edition) -> list[str]:
    """Every public results page of the edition, as a visitor reaches them."""
    network = edition.networks.order_by("position").first()
    member = Membership.objects.filter(edition=edition).select_related("member").first().member
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
    """SQL queries of the view with an empty cache, and again with the survey figures cached.

    Between the two the whole-page cache is made stale, so the second count is the view's
    own work, not a cached page's. Queries of the cache table itself are not counted.
    """
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        # The cache is a table in the tests (Redis in production): its queries are not the page's.
        counts.append(sum(1 for query in context.captured_queries if "pim_cache" not in query["sql"]))
        data_changed()
    return counts[0], counts[1]
