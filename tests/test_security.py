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


def test_an_import_file_that_would_unpack_too_large_is_refused(client, admin_user, pilot_survey):
    client.force_login(admin_user)
    upload = io.BytesIO(_xlsx_bomb())
    upload.name = "odpowiedzi.xlsx"
    response = client.post(
        "/admin/surveys/response/import/",
        {"survey": pilot_survey.pk, "import_file": upload, "format": "1", "resource": "0"},
    )
    assert response.status_code == 200
    assert "rozpakowałby się" in response.content.decode()


class _UnreadBody(io.BytesIO):
    """A request body that must not be read: the size alone decides."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    "persona, url, limit",
    [
        ("admin", "/admin/surveys/response/import/", "5,0\xa0MB"),
        ("admin", "/admin/cities/membership/import/", "5,0\xa0MB"),
        ("editor_a", "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/", "10,0\xa0MB"),
        ("editor_a", "/czlonkowie/torun/edytuj/", "10,0\xa0MB"),
    ],
)
def test_an_oversized_upload_is_refused_by_its_length_before_the_body_is_read(
    client_as, personas, persona, url, limit
):
    client = client_as(personas[persona])
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(11 * 1024 * 1024),
        **{"wsgi.input": _UnreadBody()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Plik jest za duży" in page and f"najwyżej {limit}" in page


def test_an_upload_within_the_limit_still_reaches_the_form(client, editor_a):
    client.force_login(editor_a)
    pdf = io.BytesIO(b"%PDF-1.4 " + b"0" * (2 * 1024 * 1024))
    pdf.name = "mid.pdf"
    response = client.post("/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/", {"document": pdf})
    assert response.status_code in (200, 302)


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
        if response.streaming:  # the whole download, as a browser reads it (and its cursor closed)
            b"".join(response.streaming_content)


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
def test_the_mid_form_answers_any_input_with_a_page_a_redirect_or_a_clear_400(
    client, editor_a, topic, count, url
):
    from cities.models import Mid
    from pim.middleware import CONTROL_CHARACTERS

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
    hostile = any(CONTROL_CHARACTERS.search(value) for value in (topic, count, url))
    assert response.status_code in ({400} if hostile else {200, 302})


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


@pytest.mark.parametrize(
    "url",
    [
        "/ankiety/?edition=%00",
        "/czlonkowie/?q=Toru%01",
        "/czlonkowie/?%00=1",
        "/czlonkowie/%00/",
        "/sieci/?edition=pilotaz-2017-2019%7F",
    ],
)
def test_control_characters_in_an_address_get_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "znak sterujący" in response.content.decode()


def test_control_characters_in_an_admin_list_filter_get_a_clear_400(client, admin_user):
    client.force_login(admin_user)
    for url in [
        "/admin/cities/member/?kind=%00",
        "/admin/surveys/response/?q=%00",
        "/admin/auth/user/?q=a%00",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode()


def test_control_characters_in_a_form_get_a_clear_400_and_change_nothing(client, editor_a):
    from cities.models import Mid

    client.force_login(editor_a)
    mid = Mid.objects.get(member__slug="torun")
    response = client.post(
        "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/",
        {"topic": "Nowy\x00temat", "status": mid.status, "version": mid.version},
    )
    assert response.status_code == 400
    assert "„topic”" in response.content.decode() or "“topic”" in response.content.decode()
    mid.refresh_from_db()
    assert "temat" not in mid.topic
    # Line breaks and tabs are text, not hostile.
    assert client.get("/czlonkowie/", {"q": "Toruń\tBydgoszcz\n"}).status_code == 200


def test_a_login_with_a_nul_in_the_username_gets_a_400_not_a_500(client):
    response = client.post("/konto/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/czlonkowie/torun/",
        "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/odpowiedzi/",
        "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/odpowiedzi.csv",
        "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/odpowiedzi.xlsx",
        "/",
    ],
)
def test_pages_and_files_for_signed_in_staff_are_private_and_not_stored(client, ministry_user, url):
    client.force_login(ministry_user)
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_visitor_s_public_page_is_not_marked_private(client):
    response = client.get("/czlonkowie/torun/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")
