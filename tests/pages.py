"""Helpers for page tests: the public pages of an edition, and query counting."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import Membership
from networks.models import Edition


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

    The second request asks for a fresh page (Cache-Control: no-cache, as a hard reload does),
    so its count is the view's own work, not a cached page's. Queries of the cache table
    itself are not counted.
    """
    cache.clear()
    counts = []
    for headers in ({}, {"Cache-Control": "no-cache"}):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(sum(1 for query in context.captured_queries if not _cache_query(query["sql"])))
    return counts[0], counts[1]


def _cache_query(sql: str) -> bool:
    # The cache is a table in the tests (Redis in production): its queries, and the savepoint
    # its writes open inside the test's transaction, are not the page's.
    return "pim_cache" in sql or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
