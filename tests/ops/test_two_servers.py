"""Two app servers share PostgreSQL and Redis: one login, one truth, no stale figures."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.live import Server, manage, own_database, redis_available, site_env

pytestmark = pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379")


@pytest.fixture
def two_servers(tmp_path):
    env = site_env(REDIS_URL="redis://127.0.0.1:6379/9", CACHE_KEY_PREFIX="pim-two-servers")
    own_database(env, tmp_path, suffix="_two_servers")
    manage(env, "migrate", "-v0")
    manage(env, "load_pim_data", "-v0")
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from cities.models import Member;"
        "u = get_user_model().objects.create_user('two-servers-editor', password='Dwa-Serwery-2026!');"
        "Member.objects.get(slug='torun').editors.add(u)",
    )
    first, second = Server(env), Server(env)
    yield env, first, second
    first.stop()
    second.stop()


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_login_on_one_server_is_valid_on_the_other_and_an_edit_shows_at_once(two_servers):
    env, first, second = two_servers
    opener, _ = _browser()
    login_page = opener.open(first.base + "/konto/login/").read().decode()
    form = urllib.parse.urlencode(
        {
            "username": "two-servers-editor",
            "password": "Dwa-Serwery-2026!",
            "csrfmiddlewaretoken": _csrf(login_page),
        }
    ).encode()
    opener.open(
        urllib.request.Request(first.base + "/konto/login/", data=form, headers={"Referer": first.base})
    )

    # The session cookie from the first server opens the second server's editor pages.
    mid_page = opener.open(second.base + "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/").read().decode()
    assert "Edycja MID" in mid_page or "Edit MID" in mid_page

    # Both servers have the survey figures cached; a response entered through one server
    # changes what the other shows immediately.
    survey = "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/"
    assert "n = 37" in first.get(survey)[1] and "n = 37" in second.get(survey)[1]
    manage(
        env,
        "shell",
        "-c",
        "from surveys.models import Survey, Response; s = Survey.objects.get();"
        "Response.objects.create(survey=s, respondent_id='two-servers-1')",
    )
    assert "n = 38" in second.get(survey)[1]
    assert "n = 38" in first.get(survey)[1]
