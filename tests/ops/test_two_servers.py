"""Two app servers share PostgreSQL and Redis: one login, one truth, no stale figures."""

import http.cookiejar
import re
import secrets
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

from tests.live import Server, manage, own_database, redis_available, site_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379"),
]

# The sealed pilot survey takes no responses: live ones go to an open copy of it.
SURVEY = "/ankiety/pilotaz-2017-2019/ankieta-na-zywo/"
CARD = "/czlonkowie/torun/"
EDIT = "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    # A Redis database and a key prefix of this test's own: nothing else's keys are touched.
    env = site_env(REDIS_URL="redis://127.0.0.1:6379/11", CACHE_KEY_PREFIX=f"pim-two-{secrets.token_hex(6)}")
    own_database(env, tmp_path_factory.mktemp("two-servers"), suffix="_two_servers")
    manage(env, "migrate", "-v0")
    manage(env, "load_pim_data", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from cities.models import Member;"
        "u = get_user_model().objects.create_user('two-servers-editor', password='Dwa-Serwery-2026!');"
        "Member.objects.get(slug='torun').editors.add(u);"
        "from surveys.models import Response, Survey;"
        "live = Survey.objects.open_copy(Survey.objects.get(sealed=True), 'ankieta-na-zywo', 'Na żywo');"
        "Response.objects.bulk_create(Response(survey=live, respondent_id=f'live-{n}') for n in range(6))",
    )
    manage(
        env,
        "shell",
        "-c",
        "from surveys.models import Answer, Survey;"
        "live = Survey.objects.get(slug='ankieta-na-zywo');"
        "question = live.questions.filter(kind='likert').first();"
        "Answer.objects.bulk_create("
        "Answer(response=r, question=question, likert=2) for r in live.responses.all())",
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


class _FormFields(HTMLParser):
    """The values a browser would submit from the page's edit form (no files)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "checkbox", "radio"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def _log_in(opener, server: Server) -> None:
    login_page = opener.open(server.base + "/konto/login/").read().decode()
    form = {
        "username": "two-servers-editor",
        "password": "Dwa-Serwery-2026!",
        "csrfmiddlewaretoken": _csrf(login_page),
    }
    opener.open(
        urllib.request.Request(
            server.base + "/konto/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": server.base},
        )
    )


def _shows(server: Server, path: str, text: str, within: float = 5.0) -> bool:
    """The page shows text within `within` seconds (visitors may see a change up to a second late)."""
    deadline = time.monotonic() + within
    while text not in server.get(path)[1]:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_login_on_one_server_is_valid_on_the_other_and_an_edit_shows_at_once(two_servers):
    env, first, second = two_servers
    opener, _ = _browser()
    _log_in(opener, first)

    # The session cookie from the first server opens the second server's editor pages.
    mid_page = opener.open(second.base + EDIT).read().decode()
    assert "Edycja MID" in mid_page or "Edit MID" in mid_page

    # Both servers have the survey figures cached; a response entered through one server
    # changes what the other shows immediately.
    assert "n = 6" in first.get(SURVEY)[1] and "n = 6" in second.get(SURVEY)[1]
    manage(
        env,
        "shell",
        "-c",
        "from surveys.models import Survey, Response; s = Survey.objects.get(slug='ankieta-na-zywo');"
        "Response.objects.create(survey=s, respondent_id='two-servers-1')",
    )
    assert _shows(second, SURVEY, "n = 7")
    assert _shows(first, SURVEY, "n = 7")


def test_an_edit_through_one_server_and_sql_from_outside_show_on_the_others_cached_pages(two_servers):
    env, first, second = two_servers
    assert first.get(CARD)[1] == first.get(CARD)[1]  # cached for visitors on the first server

    opener, _ = _browser()
    _log_in(opener, second)
    fields = _FormFields()
    fields.feed(opener.open(second.base + EDIT).read().decode())
    form = {**fields.fields, "topic": "Temat zapisany przez drugi serwer"}
    opener.open(
        urllib.request.Request(
            second.base + EDIT, data=urllib.parse.urlencode(form).encode(), headers={"Referer": second.base}
        )
    )
    assert _shows(first, CARD, "Temat zapisany przez drugi serwer")

    # As an administrator fixing a value in psql would: SQL, no application code.
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute("
        "\"UPDATE cities_mid SET topic = 'Temat poprawiony w SQL'"
        " WHERE member_id = (SELECT id FROM cities_member WHERE slug = 'torun')\")",
    )
    assert _shows(first, CARD, "Temat poprawiony w SQL")
    assert _shows(second, CARD, "Temat poprawiony w SQL")
