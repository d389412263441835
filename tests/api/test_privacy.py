"""Non-public fields (members' internal notes, raw survey responses) reach signed-in
ministry staff and admins only, never anonymous clients or city editors."""

import json

import pytest
from django.urls import URLPattern, get_resolver

from cities.models import Member
from surveys.models import Response
from tests.api.conftest import API, SURVEY

pytestmark = pytest.mark.django_db

NOTE = "Notatka wewnętrzna: tylko dla ministerstwa"
RESPONDENT = "respondent-poufny-7"
SAMPLE_KWARGS = {
    "slug": "torun",
    "edition_slug": "pilotaz-2017-2019",
    "member_slug": "torun",
    "network_slug": "rewitalizacja",
    "code": "S1",
}


def _api_addresses(pilot) -> list[str]:
    """Every API address of the URLconf, with sample arguments, as a client reaches them."""
    from django.urls import reverse

    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    addresses = []
    for pattern in api.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name is None:  # the JSON 404 of unknown addresses
            continue
        names = pattern.pattern.converters.keys()
        kwargs = {name: SAMPLE_KWARGS.get(name) for name in names}
        if pattern.name == "edition-detail":
            kwargs["slug"] = pilot.slug
        if pattern.name == "network-detail":
            kwargs["slug"] = "rewitalizacja"
        if pattern.name in ("survey-detail", "survey-results", "survey-responses"):
            kwargs["slug"] = "ankieta-na-zywo"
        if pattern.name == "meeting-detail":
            kwargs["pk"] = pilot.meetings.first().pk
        path = reverse(f"api:{pattern.name}", kwargs=kwargs)
        if pattern.name.endswith("-list"):
            addresses += [f"{path}?page_size=500", f"{path}?format=csv", f"{path}?format=xlsx"]
        elif pattern.name.endswith("-results"):
            addresses += [path, f"{path}?format=csv", f"{path}?format=xlsx"]
        else:
            addresses.append(path)
    return addresses


# Raw responses go into an open survey: the pilot's own is sealed.
LIVE_SURVEY = f"{API}surveys/pilotaz-2017-2019/ankieta-na-zywo/"


@pytest.fixture
def secrets_recorded(live_survey):
    Member.objects.filter(slug="torun").update(internal_notes=NOTE)
    Response.objects.create(survey=live_survey, respondent_id=RESPONDENT)


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("persona", ["anonymous", "editor_a", "editor_b"])
def test_no_address_of_the_api_shows_non_public_data_to_the_public_or_editors(
    persona, personas, client_as, pilot, secrets_recorded
):
    client = client_as(personas[persona])
    for address in _api_addresses(pilot):
        response = client.get(address)
        body = _body(response)
        assert response.status_code in (200, 403), (address, response.status_code)
        # The schema names the non-public fields (documented as staff-only); data never does.
        names = () if "/schema/" in address else ("internal_notes", "respondent_id")
        for secret in (NOTE, RESPONDENT, *names):
            assert secret.encode() not in body, (persona, address, secret)


@pytest.mark.parametrize("persona", ["anonymous", "editor_a"])
def test_raw_responses_are_refused_with_403_to_the_public_and_editors(persona, personas, client_as):
    response = client_as(personas[persona]).get(f"{SURVEY}responses/")
    assert response.status_code == 403
    assert response.json()["status"] == 403


@pytest.mark.parametrize("persona", ["ministry", "admin"])
def test_staff_see_internal_notes_and_raw_responses_privately(persona, personas, client_as, secrets_recorded):
    client = client_as(personas[persona])
    member = client.get(f"{API}members/torun/")
    assert member.json()["internal_notes"] == NOTE
    assert member["Cache-Control"] == "private, no-store"
    responses = client.get(f"{LIVE_SURVEY}responses/", {"page_size": 500})
    assert responses.status_code == 200
    assert RESPONDENT in {row["respondent_id"] for row in responses.json()["results"]}
    assert responses["Cache-Control"] == "private, no-store"


def test_a_staff_answer_never_comes_from_or_goes_to_the_public_cache(client, ministry_user, secrets_recorded):
    client.force_login(ministry_user)
    assert NOTE in client.get(f"{API}members/torun/").content.decode()
    client.logout()
    public = client.get(f"{API}members/torun/")
    assert NOTE not in public.content.decode() and "ETag" in public
    client.force_login(ministry_user)
    assert json.loads(client.get(f"{API}members/torun/").content)["internal_notes"] == NOTE


def test_the_schema_documents_internal_notes_as_optional(client):
    schema = client.get(f"{API}schema/", {"format": "json"}).json()
    member = schema["components"]["schemas"]["Member"]
    assert "internal_notes" in member["properties"]
    assert "internal_notes" not in member.get("required", [])
