"""Public pages travel compressed; a response that may hold a secret never does (BREACH)."""

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db

PILOT_DASHBOARD = "/?edition=pilotaz-2017-2019"


def test_a_public_page_is_gzip_compressed_for_a_visitor(client):
    response = client.get(PILOT_DASHBOARD, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<html" in html
    assert len(response.content) < len(html.encode()) / 3


def test_a_signed_in_users_page_is_not_compressed(client, ministry_user):
    client.force_login(ministry_user)
    response = client.get(PILOT_DASHBOARD, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_page_with_a_csrf_token_is_not_compressed(client):
    response = client.get("/konto/login/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_client_that_does_not_ask_for_gzip_gets_plain_html(client):
    response = client.get(PILOT_DASHBOARD)
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_an_open_data_answer_is_compressed_and_decodes_to_the_same_json(client):
    url = "/api/v1/networks/?edition=pilotaz-2017-2019"
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == plain.json()


def test_an_open_data_answer_to_a_signed_in_user_is_not_compressed(client, ministry_user):
    client.force_login(ministry_user)
    response = client.get("/api/v1/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
