"""What a security review checks: deploy settings, headers, cookies, throttling, hostile input."""

import io
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def test_deploy_checks_pass_with_the_production_settings():
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "HTTPS": "true", "DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/", "/czlonkowie/", "/konto/login/", "/healthz", "/nie-ma/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


HTTPS_PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/konto/login/", secure=True)
cookie = response.cookies["csrftoken"]
print(response["Strict-Transport-Security"], bool(cookie["secure"]), cookie["samesite"], sep="|")
plain = Client().get("/konto/login/")
print(plain.status_code, plain.get("Location", ""), sep="|")
"""


def test_with_https_on_responses_carry_hsts_cookies_are_secure_and_http_redirects():
    """The production settings (HTTPS on), in a process of their own: middleware reads them once."""
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "true",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "pim.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", HTTPS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    secure_line, plain_line = result.stdout.strip().splitlines()[-2:]
    hsts, secure, samesite = secure_line.split("|")
    assert hsts.startswith("max-age=31536000") and "includeSubDomains" in hsts
    assert (secure, samesite) == ("True", "Lax")
    assert plain_line == "301|https://testserver/konto/login/"


def test_the_session_cookie_is_httponly_and_samesite(client, editor_a):
    editor_a.set_password("the-right-password-2026")
    editor_a.save()
    response = client.post(
        "/konto/login/", {"username": editor_a.username, "password": "the-right-password-2026"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_no_page_has_an_inline_script(client, pilot_survey):
    for url in ["/", "/mapa/", pilot_survey.get_absolute_url(), "/czlonkowie/torun/"]:
        page = client.get(url).content.decode()
        for tag in page.split("<script")[1:]:
            assert "src=" in tag.split(">")[0] or 'type="application/json"' in tag.split(">")[0], url


def test_repeated_wrong_passwords_lock_the_login(client, editor_a):
    editor_a.set_password("the-right-password-2026")
    editor_a.save()
    for attempt in range(1, 6):
        response = client.post("/konto/login/", {"username": editor_a.username, "password": "wrong"})
        assert response.status_code == (429 if attempt == 5 else 200)
    # Locked: even the right password is refused until the cool-off ends.
    locked = client.post(
        "/konto/login/", {"username": editor_a.username, "password": "the-right-password-2026"}
    )
    assert locked.status_code == 429
    assert "Zbyt wiele nieudanych logowań" in locked.content.decode()


def test_passwords_must_be_long_and_uncommon(editor_a):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["krotkie1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak, editor_a)
    validate_password("Partnerska-Inicjatywa-2026", editor_a)


def test_text_from_users_is_escaped_on_pages_and_in_chart_data(client, pilot, pilot_survey):
    from cities.models import Mid

    attack = '<script>alert("x")</script>'
    Mid.objects.filter(member__slug="torun").update(topic=attack)
    pilot_survey.questions.filter(code="cel-1").update(short_label=attack)
    for url in ["/czlonkowie/torun/", "/czlonkowie/?q=edukacja", "/", pilot_survey.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert attack not in page, url


def _xlsx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [(_xlsx_bomb(), "rozpakowałby się"), (b"x" * (6 * 1024 * 1024), "limit")],
)
def test_oversized_and_bomb_import_files_are_refused(client, admin_user, pilot_survey, content, message):
    client.force_login(admin_user)
    upload = io.BytesIO(content)
    upload.name = "odpowiedzi.xlsx"
    response = client.post(
        "/admin/surveys/response/import/",
        {"survey": pilot_survey.pk, "import_file": upload, "format": "1", "resource": "0"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["'; DROP TABLE cities_member; --", "<script>", "%00", "../../etc/passwd", "9" * 40, "-1", "NaN"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["q", "edition", "network", "voivodeship", "kind", "status", "o", "page"]),
    value=HOSTILE,
)
def test_any_value_of_any_members_filter_gets_a_page_or_a_clear_4xx(client, name, value):
    for url in ["/czlonkowie/", "/czlonkowie/eksport.csv"]:
        response = client.get(url, {name: value})
        assert response.status_code in {200, 400, 404}, (url, name, value, response.status_code)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["network", "role", "edition"]), value=HOSTILE)
def test_any_value_of_the_survey_and_edition_filters_gets_a_page_or_a_clear_4xx(client, name, value):
    for url in ["/", "/mapa/", "/sieci/", "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/"]:
        response = client.get(url, {name: value})
        assert response.status_code in {200, 302, 400, 404}, (url, name, value, response.status_code)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    topic=st.text(max_size=600),
    count=st.one_of(st.integers(-10, 100_000).map(str), st.text(max_size=8)),
    url=st.text(max_size=80),
)
def test_the_mid_form_answers_any_input_with_a_page_or_a_redirect(client, editor_a, topic, count, url):
    from cities.models import Mid

    client.force_login(editor_a)
    mid = Mid.objects.get(member__slug="torun")
    response = client.post(
        "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/",
        {
            "topic": topic,
            "partnership_meeting_count": count,
            "document_url": url,
            "status": mid.status,
            "version": mid.version,
        },
    )
    assert response.status_code in {200, 302}


def test_a_cache_that_is_down_costs_speed_not_pages(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert client.get("/").status_code == 200
    assert client.get("/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/").status_code == 200
    assert client.get("/readyz").status_code == 503
