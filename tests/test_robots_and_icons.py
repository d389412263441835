"""What crawlers and browsers ask every site for: /robots.txt and /favicon.ico."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_robots_txt_lets_crawlers_index_the_results_but_not_accounts_or_the_admin_site(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    assert "Disallow: /konto/" in lines
    assert "Allow: /" in lines
    assert "Disallow: /" not in lines


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert b"<svg" in body
