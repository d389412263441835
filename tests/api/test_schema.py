"""Schemathesis walks every operation of the OpenAPI schema with generated parameters,
as an anonymous client and as ministry staff: no answer is a server error, and every
answer matches the schema (status, content type, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(settings):
    # Django's WSGI handler, not pim.wsgi: that module also sets up a web process (database
    # deadlines, shared reads of the data version), which would outlive this test.
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    settings.API_ANONYMOUS_RATE = "1000000/minute"  # fuzzing is no abuse
    # As Django's test client does: the test's transaction holds the database connection,
    # so the end of a request must not close it.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def fuzz(schema, headers: dict | None = None) -> int:
    """Every operation of the schema with FUZZ's examples; returns how many operations ran.

    (Driven here rather than by schemathesis' pytest plugin, which does not run under
    this pytest version.)"""
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ
        @given(case=operation.as_strategy())
        def check(case):
            # Its WSGI client asks for gzip but does not decode it (tests/test_compression.py
            # checks that compressed answers decode to the same JSON).
            case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity", **(headers or {})})

        try:
            check()
        except Exception as error:
            raise AssertionError(f"{operation.method.upper()} {operation.path}: {error}") from error
        operations += 1
    return operations


def test_the_schema_covers_every_collection_of_the_api(client):
    from tests.api.conftest import COLLECTIONS

    paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    assert {url for url in COLLECTIONS.values()} <= set(paths)
    assert "/api/v1/surveys/{edition_slug}/{slug}/results/" in paths


def test_every_operation_answers_anonymous_clients_as_the_schema_says(api_schema):
    assert fuzz(api_schema) >= 20


def test_every_operation_answers_ministry_staff_as_the_schema_says(api_schema, client, ministry_user):
    client.force_login(ministry_user)
    assert fuzz(api_schema, {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}) >= 20
