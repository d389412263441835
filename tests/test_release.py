"""Cached pages, page parts and survey figures are kept per release of the code: a deploy
never serves what the previous release rendered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pim import release
from tests.pages import _cache_query as cache_query

pytestmark = pytest.mark.django_db

PAGES = ["/", "/czlonkowie/torun/", "/mapa/"]


def _data_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum(
        1
        for query in context.captured_queries
        if not cache_query(query["sql"]) and "pim_current_data_version" not in query["sql"]
    )


@pytest.mark.parametrize("url", PAGES)
def test_a_new_release_renders_the_page_again(client, url, monkeypatch):
    _data_queries(client, url)
    assert _data_queries(client, url) == 0  # the same release: the visitor's page from the cache
    monkeypatch.setattr(release, "current", lambda: "next-release")
    assert _data_queries(client, url) > 0


def test_the_release_is_the_deploys_name_when_it_gives_one(settings):
    release.current.cache_clear()
    try:
        settings.RELEASE = "2026.11.27-abc123"
        assert release.current() == "2026.11.27-abc123"
        settings.RELEASE = ""
        release.current.cache_clear()
        assert len(release.current()) == 12
    finally:
        release.current.cache_clear()
