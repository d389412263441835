"""Helpers of the API tests: JSON of an address, and a session cookie of a persona."""

import pytest
from django.core.cache import cache

API = "/api/v1/"
PILOT = "pilotaz-2017-2019"
SURVEY = f"{API}surveys/{PILOT}/ankieta-sierpien-2019/"

# Every collection of the API with an address that lists it.
COLLECTIONS = {
    "editions": f"{API}editions/",
    "networks": f"{API}networks/",
    "members": f"{API}members/",
    "memberships": f"{API}memberships/",
    "mids": f"{API}mids/",
    "meetings": f"{API}meetings/",
    "sources": f"{API}sources/",
    "improvement-plans": f"{API}improvement-plans/",
    "recommendations": f"{API}recommendations/",
    "published-figures": f"{API}published-figures/",
    "surveys": f"{API}surveys/",
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts from an empty shared cache (API answers, throttle counts)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def get_json(client):
    def get(url: str, status: int = 200, **params):
        response = client.get(url, params)
        assert response.status_code == status, (url, response.status_code, response.content[:500])
        return response.json()

    return get
