"""Parts of pages shared by everyone (pim/fragments.py) never carry one role's view to another."""

import re

import pytest
from django.core.cache import cache
from django.db import connection

from cities.models import Member
from pim.fragments import SharedFragment

pytestmark = pytest.mark.django_db

CARD = "/czlonkowie/torun/"
SECRET_NOTE = "Notatka wewnętrzna: tylko dla ministerstwa"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def torun_notes():
    Member.objects.filter(slug="torun").update(internal_notes=SECRET_NOTE)


def page(client_as, user, url: str) -> str:
    response = client_as(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def stored_fragments() -> dict[str, str]:
    """Every shared part in the cache (a table in the tests), by key."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM pim_cache WHERE cache_key LIKE %s", ["%pim:fragment:%"])
        keys = [row[0].split(":", 2)[2] for row in cursor.fetchall()]  # ":<version>:<key>"
    assert keys, "no shared part was stored"
    return {key: cache.get(key) for key in keys}


def test_a_member_card_seen_by_staff_shows_a_visitor_no_internal_note(client_as, ministry_user, torun_notes):
    assert SECRET_NOTE in page(client_as, ministry_user, CARD)
    shown = page(client_as, None, CARD)
    assert SECRET_NOTE not in shown
    assert "ministry-marek" not in shown


def test_staff_still_see_the_internal_note_when_a_visitor_rendered_the_card_first(
    client_as, ministry_user, torun_notes
):
    assert SECRET_NOTE not in page(client_as, None, CARD)
    assert SECRET_NOTE in page(client_as, ministry_user, CARD)


def test_a_card_seen_by_staff_shows_an_editor_no_coordinators(client_as, ministry_user, editor_a, editor_b):
    staff_page = page(client_as, ministry_user, CARD)
    assert editor_a.email in staff_page  # the coordinators, for ministry staff
    for user in (editor_b, None):
        assert editor_a.email not in page(client_as, user, CARD)


def test_the_editor_s_edit_links_never_reach_another_editor(client_as, editor_a, editor_b, ministry_user):
    edit_link = 'href="/czlonkowie/torun/edytuj/"'
    assert edit_link in page(client_as, editor_a, CARD)
    for user in (editor_b, ministry_user, None):
        assert edit_link not in page(client_as, user, CARD), user


def test_an_editor_gets_the_edit_links_when_another_editor_rendered_the_card_first(
    client_as, editor_a, editor_b
):
    edit_link = 'href="/czlonkowie/torun/edytuj/"'
    assert edit_link not in page(client_as, editor_b, CARD)
    assert edit_link in page(client_as, editor_a, CARD)


def test_the_raw_responses_link_of_staff_never_reaches_an_editor_or_a_visitor(
    client_as, ministry_user, editor_a, pilot_survey
):
    url = pilot_survey.get_absolute_url()
    responses_link = f'href="{url}odpowiedzi/"'
    assert responses_link in page(client_as, ministry_user, url)
    for user in (editor_a, None):
        assert responses_link not in page(client_as, user, url)


def test_a_staff_page_never_reaches_a_visitor_from_the_whole_page_cache(client_as, ministry_user, pilot):
    url = f"/?edition={pilot.slug}"
    assert "ministry-marek" in page(client_as, ministry_user, url)
    shown = page(client_as, None, url)
    assert "ministry-marek" not in shown and "To review" not in shown and "Do przeglądu" not in shown


def test_each_user_s_header_is_their_own(client_as, editor_a, editor_b, pilot):
    url = f"/czlonkowie/?edition={pilot.slug}"
    assert "torun-tomasz" in page(client_as, editor_a, url)
    shown = page(client_as, editor_b, url)
    assert "olsztyn-ola" in shown and "torun-tomasz" not in shown


def test_no_shared_part_holds_a_csrf_token_or_a_user_s_name(
    client_as, ministry_user, editor_a, admin_user, pilot, pilot_survey
):
    urls = [
        f"/?edition={pilot.slug}",
        "/program/",
        f"/sieci/?edition={pilot.slug}",
        pilot.networks.order_by("position").first().get_absolute_url(),
        f"/czlonkowie/?edition={pilot.slug}",
        CARD,
        f"/mapa/?edition={pilot.slug}",
        pilot_survey.get_absolute_url(),
        f"/zalecenia/?edition={pilot.slug}",
        "/szukaj/?q=torun",
    ]
    for user in (ministry_user, editor_a, admin_user):
        for url in urls:
            page(client_as, user, url)
    for key, html in stored_fragments().items():
        assert "csrfmiddlewaretoken" not in html, key
        for user in (ministry_user, editor_a, admin_user):
            assert user.username not in html, (key, user)


def test_a_part_holding_a_csrf_token_is_not_stored(rf):
    request = rf.get("/czlonkowie/")
    fragment = SharedFragment.of(request, "test", parts=("content",))
    fragment.store("content", '<form><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>')
    assert not SharedFragment.of(request, "test", parts=("content",)).hit
    fragment.store("content", "<p>the same for everyone</p>")
    assert SharedFragment.of(request, "test", parts=("content",)).html == {
        "content": "<p>the same for everyone</p>"
    }


def test_a_change_by_any_path_shows_at_once_on_a_shared_part(client_as, ministry_user, pilot):
    url = f"/czlonkowie/?edition={pilot.slug}"
    assert "Toruń" in page(client_as, ministry_user, url)
    Member.objects.filter(slug="torun").update(name="Toruń (zmieniony)")  # QuerySet.update: no signal
    assert "Toruń (zmieniony)" in page(client_as, ministry_user, url)
    assert "Toruń (zmieniony)" in page(client_as, None, url)


def test_search_results_asked_again_come_from_the_shared_part_until_a_write(client_as, ministry_user, pilot):
    url = "/szukaj/?q=torun"
    first = client_as(ministry_user).get(url)
    assert first.context["fragment"].lock and "Toruń" in first.content.decode()  # rendered
    again = client_as(None).get(url)
    assert not again.context["fragment"].lock and again.context["fragment"].hit
    assert strip_csrf(again.content.decode()).count("Toruń") == strip_csrf(first.content.decode()).count(
        "Toruń"
    )
    Member.objects.filter(slug="torun").update(seat="Toruń (nowa siedziba)")  # no signal
    changed = client_as(ministry_user).get(url)
    assert changed.context["fragment"].lock and "Toruń (nowa siedziba)" in changed.content.decode()


def test_a_page_renders_whole_when_the_cache_is_down(client_as, ministry_user, pilot, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    assert "Toruń" in page(client_as, ministry_user, CARD)


def test_a_page_from_shared_parts_is_the_page_rendered_afresh(
    client_as, ministry_user, editor_a, pilot, pilot_survey
):
    urls = [
        f"/?edition={pilot.slug}",
        pilot.networks.order_by("position").first().get_absolute_url(),
        f"/czlonkowie/?edition={pilot.slug}&o=-status",
        CARD,
        f"/mapa/?edition={pilot.slug}",
        f"{pilot_survey.get_absolute_url()}?role=coordinator",
        "/szukaj/?q=torun",
    ]
    for user in (ministry_user, editor_a):
        for url in urls:
            cache.clear()
            client = client_as(user)
            fresh = client.get(url)
            from_parts = client.get(url)
            # The first rendered the parts (and held the lock to); the second found them all.
            assert fresh.context["fragment"].lock and not from_parts.context["fragment"].lock, url
            assert from_parts.context["fragment"].hit, url
            assert strip_csrf(from_parts.content.decode()) == strip_csrf(fresh.content.decode()), (user, url)


def strip_csrf(html: str) -> str:
    """The page without its CSRF token, which changes from one response to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_request_waits_for_the_parts_another_is_rendering(rf, monkeypatch):
    request = rf.get("/czlonkowie/")
    first = SharedFragment.of(request, "test", parts=("content",))
    assert not first.hit and first.lock  # this request renders the part

    def meanwhile(seconds):  # the first request stores its parts while the second waits
        for part in first.keys:
            first.store(part, f"<p>{part} rendered once</p>")

    monkeypatch.setattr("pim.fragments.time.sleep", meanwhile)
    second = SharedFragment.of(request, "test", parts=("content",))
    assert second.hit and second.html["content"] == "<p>content rendered once</p>"


def test_a_request_renders_the_parts_itself_when_the_other_never_stores_them(rf, monkeypatch):
    request = rf.get("/czlonkowie/?page=999")
    assert SharedFragment.of(request, "test", parts=("content",)).lock  # then a 404: nothing stored
    monkeypatch.setattr("pim.fragments.WAIT_SECONDS", 0.05)
    second = SharedFragment.of(request, "test", parts=("content",))
    assert not second.hit and second.lock is None
