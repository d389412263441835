"""Every main page costs at most 10 queries for a signed-in user too, with an empty cache and
with the shared parts cached, for the pilot's data and for a larger generated set."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import Member, Membership
from networks.models import Edition
from tests.pages import _cache_query as cache_query
from tests.pages import queries_of

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def main_pages(edition: Edition) -> list[str]:
    network = edition.networks.order_by("position").first()
    member = Membership.objects.filter(edition=edition).select_related("member").first().member
    survey = edition.surveys.first()
    query = f"?edition={edition.slug}"
    return [
        f"/{query}",
        "/program/",
        f"/sieci/{query}",
        network.get_absolute_url(),
        f"/czlonkowie/{query}",
        f"/czlonkowie/{query}&o=-status&page=2"
        if edition.memberships.count() > 25
        else f"/czlonkowie/{query}&o=-status",
        member.get_absolute_url(),
        f"/mapa/{query}",
        survey.get_absolute_url(),
        f"/zalecenia/{query}",
    ]


def editor_of(member: Member, django_user_model):
    user = django_user_model.objects.create_user("edytor-rozmiaru", "edytor@example.pl")
    member.editors.add(user)
    return user


def forget_shared_parts() -> None:
    """Empty the page parts of the cache (a table in the tests), keeping the rest: the
    survey figures and the sessions, as after a request that shows other parts."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM pim_cache WHERE cache_key LIKE %s", ["%pim:fragment:%"])


def counts_of(client, url: str) -> tuple[int, int, int]:
    """Queries of the page with an empty cache, with only its own parts missing (the survey
    figures and the session cached), and with everything cached."""
    cold, _ = queries_of(client, url)
    forget_shared_parts()
    own, warm = queries_of_cached(client, url), queries_of_cached(client, url)
    return cold, own, warm


def queries_of_cached(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return sum(1 for query in context.captured_queries if not cache_query(query["sql"]))


def assert_at_most_ten(client, shared: list[str], own: tuple[str, ...] = ()) -> None:
    """`shared`: pages made of shared parts (pim/fragments.py); `own`: pages rendered whole
    for each user (the follow-up's rows carry their CSRF-protected reminder forms)."""
    counts = {url: counts_of(client, url) for url in [*shared, *own]}
    over = {url: count for url, count in counts.items() if max(count[1:]) > MAX_QUERIES}
    assert not over, f"queries (empty cache, own parts missing, all cached) above {MAX_QUERIES}: {over}"
    # With the shared parts cached a page reads no data of its own: the user with their
    # roles and the data version, in one query (the member card's member is cached too).
    assert all(counts[url][2] <= 1 for url in shared), str(counts)
    # An empty cache adds the session and, once per data version for everyone, the survey
    # figures (surveys/cache.py).
    assert all(cold <= MAX_QUERIES + 7 for cold, _, _ in counts.values()), str(counts)


@pytest.fixture
def larger_set():
    """A generated edition of 600 members in five networks, with meetings and responses."""
    call_command(
        "generate_benchmark_data", members=600, editions=1, meetings=400, responses=2000, verbosity=0
    )
    cache.clear()
    return Edition.objects.get(slug="bench-1")


def test_staff_pages_at_pilot_size(client, ministry_user, pilot):
    client.force_login(ministry_user)
    assert_at_most_ten(client, main_pages(pilot), ("/przeglad/",))


def test_editor_pages_at_pilot_size(client, editor_a, pilot):
    client.force_login(editor_a)
    assert_at_most_ten(client, [*main_pages(pilot), "/czlonkowie/torun/"], ("/konto/moi-czlonkowie/",))


def test_staff_pages_at_a_larger_size(client, ministry_user, larger_set):
    client.force_login(ministry_user)
    assert_at_most_ten(client, main_pages(larger_set), (f"/przeglad/?edition={larger_set.slug}",))


def test_editor_pages_at_a_larger_size(client, django_user_model, larger_set):
    member = Membership.objects.filter(edition=larger_set).select_related("member").first().member
    client.force_login(editor_of(member, django_user_model))
    assert_at_most_ten(client, main_pages(larger_set), ("/konto/moi-czlonkowie/",))


def test_a_signed_in_page_from_shared_parts_is_one_query(client, editor_a, pilot):
    """The user, their roles and the data version in one round trip; the session and the
    page's parts from the cache."""
    client.force_login(editor_a)
    url = f"/?edition={pilot.slug}"
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    queries = [query["sql"] for query in context.captured_queries if not cache_query(query["sql"])]
    assert len(queries) == 1, queries
    assert "pim_current_data_version()" in queries[0] and "auth_user" in queries[0]
