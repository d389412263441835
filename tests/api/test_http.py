"""The API over HTTP: conditional GETs from the data version, caching headers, CORS,
throttling, and a clear 4xx JSON answer to every kind of bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cities.models import Mid
from tests.api.conftest import API, COLLECTIONS, SURVEY

pytestmark = pytest.mark.django_db

NETWORKS = f"{API}networks/"


def data_queries(context) -> list[str]:
    """Queries of the product's data: the cache is a table in the tests (Redis in production),
    and the one read of the data version (pim.data_version) is what the answer is keyed on."""
    return [
        query["sql"]
        for query in context.captured_queries
        if "pim_cache" not in query["sql"]
        and "SAVEPOINT" not in query["sql"]
        and "pim_current_data_version" not in query["sql"]
    ]


def test_an_unchanged_collection_is_answered_304_to_a_conditional_get(client):
    first = client.get(NETWORKS)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    with CaptureQueriesContext(connection) as context:
        again = client.get(NETWORKS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert data_queries(context) == []
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(NETWORKS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_change_to_the_data_makes_the_old_etag_stale(client, pilot):
    first = client.get(f"{API}mids/torun/{pilot.slug}/")
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = "Temat zmieniony po pierwszym pobraniu"
    mid.save()
    again = client.get(f"{API}mids/torun/{pilot.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["topic"] == mid.topic
    assert again["ETag"] != first["ETag"]


def test_an_old_if_modified_since_gets_the_full_answer(client):
    response = client.get(NETWORKS, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_each_format_and_address_has_its_own_etag(client):
    etags = {
        client.get(NETWORKS)["ETag"],
        client.get(NETWORKS, {"format": "csv"})["ETag"],
        client.get(NETWORKS, {"page_size": 1})["ETag"],
    }
    assert len(etags) == 3


def test_anonymous_answers_are_public_and_cacheable_for_a_while(client, settings):
    response = client.get(NETWORKS)
    assert response["Cache-Control"] == f"public, max-age={settings.API_CACHE_MAX_AGE}"
    assert "Cookie" in response["Vary"] and "Accept" in response["Vary"]


def test_a_repeated_anonymous_request_is_served_from_the_shared_cache(client):
    first = client.get(f"{API}members/", {"page_size": 5})
    with CaptureQueriesContext(connection) as context:
        again = client.get(f"{API}members/", {"page_size": 5})
    assert data_queries(context) == []
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]


def test_many_asking_at_once_wait_for_the_one_answer_being_rendered(client, monkeypatch):
    from django.core.cache import cache

    first = client.get(f"{API}members/", {"page_size": 5})
    kept = [key for key in cache_keys() if key.startswith("pim:api:answer:")]
    assert len(kept) == 1 and not [key for key in cache_keys() if key.endswith(":rendering")]
    answer = cache.get(kept[0])
    # Another request is rendering the same answer (holds its lock) when this one asks.
    cache.delete(kept[0])
    cache.add(f"{kept[0]}:rendering", 1, 5)
    monkeypatch.setattr("pim.fragments.time.sleep", lambda seconds: cache.set(kept[0], answer))
    with CaptureQueriesContext(connection) as context:
        waited = client.get(f"{API}members/", {"page_size": 5})
    assert data_queries(context) == [] and waited.content == first.content


def cache_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM pim_cache")
        return [row[0].split(":", 2)[2] for row in cursor.fetchall()]  # ":<version>:<key>"


def test_any_origin_may_read_but_never_with_credentials(client):
    response = client.get(NETWORKS, HTTP_ORIGIN="https://dane.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        NETWORKS, HTTP_ORIGIN="https://dane.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, admin_user, method):
    client.force_login(admin_user)
    response = getattr(client, method)(NETWORKS, {}, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_too_many_anonymous_requests_get_a_clear_json_429(client, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    statuses = [client.get(NETWORKS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(NETWORKS)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    body = refused.json()
    assert body["status"] == 429 and body["code"] == "throttled"
    assert "3/minute" in body["detail"]


def test_signed_in_staff_are_not_throttled_as_anonymous_clients(client, ministry_user, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"
    client.force_login(ministry_user)
    assert [client.get(NETWORKS).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize(
    "url, parameter",
    [
        (f"{NETWORKS}?colour=red", "colour"),
        (f"{NETWORKS}?edition=%00", "edition"),
        (f"{NETWORKS}?edition=no-such-edition", "edition"),
        (f"{NETWORKS}?theme=weather", "theme"),
        (f"{NETWORKS}?page_size=100000", "page_size"),
        (f"{NETWORKS}?page_size=0", "page_size"),
        (f"{NETWORKS}?page_size=ten", "page_size"),
        (f"{API}members/?status=lost", "status"),
        (f"{API}memberships/?network=not-a-number", "network"),
        (f"{API}members/torun/?page=2", "page"),
        (f"{SURVEY}results/?role=king", "role"),
        (f"{SURVEY}results/?network=%3Cscript%3E", "network"),
        (f"{API}published-figures/?kind=weather", "kind"),
    ],
)
def test_bad_input_gets_a_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and parameter in body["detail"], body


@pytest.mark.parametrize(
    "url", [f"{NETWORKS}?page=999", f"{API}members/no-such-member/", f"{API}meetings/999999/"]
)
def test_what_does_not_exist_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_errors_are_json_even_when_a_download_was_asked_for(client):
    response = client.get(NETWORKS, {"format": "csv", "theme": "weather"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


HOSTILE = st.one_of(
    st.text(max_size=100),
    st.sampled_from(["\x00", "'; DROP TABLE cities_member; --", "<script>", "9" * 40, "-1", "NaN", "1e9"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    collection=st.sampled_from(sorted(COLLECTIONS)),
    name=st.sampled_from(
        [
            "q",
            "edition",
            "network",
            "voivodeship",
            "kind",
            "status",
            "o",
            "page",
            "page_size",
            "theme",
            "member",
        ]
    ),
    value=HOSTILE,
)
def test_any_value_of_any_parameter_gets_an_answer_or_a_clear_4xx(client, collection, name, value):
    response = client.get(COLLECTIONS[collection], {name: value})
    assert response.status_code in {200, 400, 404}, (collection, name, value, response.status_code)
    if response.status_code != 200:
        assert response.json()["status"] == response.status_code


def test_a_cache_that_is_down_costs_neither_the_data_nor_its_etag(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(NETWORKS)
    assert response.status_code == 200 and response.json()["count"] >= 1
    # The data version is PostgreSQL's, so conditional answers need no cache.
    assert "ETag" in response
