"""Each API collection costs the same number of queries whatever the size of the data."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import Edition
from tests.api.conftest import API, COLLECTIONS

pytestmark = pytest.mark.django_db


def _addresses(demo: Edition) -> dict[str, str]:
    network = demo.networks.order_by("position").first()
    member = network.memberships.select_related("member").first().member
    survey = demo.surveys.get()
    addresses = {name: f"{url}?page_size=100" for name, url in COLLECTIONS.items()}
    addresses |= {
        "members of an edition": f"{API}members/?edition={demo.slug}&page_size=100",
        "memberships, filtered": f"{API}memberships/?edition={demo.slug}&status=complete&o=-status",
        "a network": f"{API}networks/{demo.slug}/{network.slug}/",
        "a member": f"{API}members/{member.slug}/",
        "an edition": f"{API}editions/{demo.slug}/",
        "survey results": f"{API}surveys/{demo.slug}/{survey.slug}/results/",
        "survey results, filtered": f"{API}surveys/{demo.slug}/{survey.slug}/results/?role=coordinator",
        "members, CSV": f"{API}members/?edition={demo.slug}&format=csv",
        "catalogue": f"{API}catalogue.jsonld",
    }
    return addresses


def _queries(client, url: str) -> int:
    """Queries of the product's data for one request with an empty cache (the cache is a
    table in the tests, Redis in production: its queries are not the view's)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return sum(
        1
        for query in context.captured_queries
        if "pim_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    )


def test_every_collection_costs_the_same_queries_at_two_data_sizes(client, ministry_user):
    counts = []
    # Enough responses at both sizes that the filtered breakdown is shown, not withheld.
    for members, responses, meetings in ((20, 120, 5), (120, 600, 60)):
        call_command(
            "generate_demo_data", members=members, responses=responses, meetings=meetings, verbosity=0
        )
        demo = Edition.objects.get(is_synthetic=True)
        counts.append({name: _queries(client, url) for name, url in _addresses(demo).items()})
    small, large = counts
    assert small == large, {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert max(large.values()) <= 10, large
    # Staff see more fields (internal notes) for the cost of their session, user and groups.
    client.force_login(ministry_user)
    demo = Edition.objects.get(is_synthetic=True)
    assert _queries(client, f"{API}members/?page_size=100") <= large["members"] + 3
