"""The printable reports and the document library cost a fixed, small number of queries for
ministry staff, with an empty cache too, at the pilot's size and at a larger generated one."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import Edition
from tests.pages import _cache_query as cache_query
from tests.test_signed_in_query_counts import forget_shared_parts

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
MAX_LIBRARY_QUERIES = 8
# The survey's figures are computed once per data version for every page that shows them
# (surveys/cache.py): their queries are the survey's, not the report's.
SURVEY_FIGURES = (
    "surveys_answer",
    "surveys_response",
    "surveys_question",
    "surveys_choice",
    "surveys_published",
)


def report_urls(edition: Edition) -> list[str]:
    network = edition.networks.order_by("position").first()
    return [f"/raport/{edition.slug}/", f"/raport/{edition.slug}/{network.slug}/"]


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in context.captured_queries if not cache_query(query["sql"])]


def cold_and_own(client, url: str) -> tuple[int, int]:
    """Queries with an empty cache (the survey's figures aside), and with only the page's
    shared parts missing."""
    cache.clear()
    cold = [sql for sql in queries(client, url) if not any(table in sql for table in SURVEY_FIGURES)]
    forget_shared_parts()
    return len(cold), len(queries(client, url))


def assert_cheap(client, edition: Edition) -> None:
    counts = {url: cold_and_own(client, url) for url in report_urls(edition)}
    assert all(max(count) <= MAX_QUERIES for count in counts.values()), counts
    library = f"/dokumenty/?edition={edition.slug}"
    counts = {url: cold_and_own(client, url) for url in (library, "/dokumenty/")}
    assert all(max(count) <= MAX_LIBRARY_QUERIES for count in counts.values()), counts


def test_reports_and_library_at_pilot_size(client, ministry_user, pilot):
    client.force_login(ministry_user)
    assert_cheap(client, pilot)


def test_reports_and_library_at_a_larger_size(client, ministry_user):
    call_command(
        "generate_benchmark_data", members=600, editions=1, meetings=400, responses=2000, verbosity=0
    )
    client.force_login(ministry_user)
    assert_cheap(client, Edition.objects.get(slug="bench-1"))
