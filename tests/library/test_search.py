"""Site search: Polish names with or without diacritics, grouped by kind, one query."""

import pytest
from django.core.management import call_command
from django.db import connection

from cities.models import Member
from library.search import CAP, query_text, search
from networks.models import Meeting, Recommendation
from tests.pages import queries_of

pytestmark = pytest.mark.django_db


def _group(groups, kind):
    return next(group for group in groups if group.kind == kind)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("zdunska wola", "Zduńska Wola"),
        ("Zduńska Wola", "Zduńska Wola"),
        ("ZDUNSKA", "Zduńska Wola"),
        ("swiebodzice", "Świebodzice"),
        ("Świebodzice", "Świebodzice"),
        ("swiebo", "Świebodzice"),
        ("torun", "Toruń"),
    ],
)
def test_a_member_is_found_with_or_without_polish_letters(client, query, name):
    assert Member.objects.filter(name=name).exists()
    page = client.get("/szukaj/", {"q": query})
    assert page.status_code == 200
    members = _group(page.context["groups"], "member")
    assert name in [hit.title for hit in members.hits]


def test_results_are_grouped_by_kind_in_a_fixed_order():
    groups = search("rewitalizacja")
    assert [group.kind for group in groups] == ["member", "network", "document", "recommendation", "meeting"]
    assert "Rewitalizacja" in [hit.title for hit in _group(groups, "network").hits]


def test_recommendations_are_found_by_a_word_of_their_text():
    recommendation = Recommendation.objects.order_by("pk").first()
    word = max(recommendation.text.split(), key=len).strip('.,;:()„”"')
    hits = _group(search(word), "recommendation").hits
    assert any(hit.title == recommendation.text for hit in hits)


def test_meetings_are_found_by_their_place():
    meeting = Meeting.objects.exclude(place="").order_by("pk").first()
    titles = [hit.title for hit in _group(search(meeting.place), "meeting").hits]
    assert meeting.title in titles


def test_a_member_s_mids_are_documents_found_by_the_member_s_name():
    member = Member.objects.get(name="Zduńska Wola")
    documents = _group(search("zdunska wola"), "document")
    assert documents.total == member.mids.count()
    assert all(hit.url.startswith(member.get_absolute_url()) for hit in documents.hits)


def test_the_count_of_a_kind_covers_more_than_the_shown_hits():
    for number in range(15):
        Member.objects.create(name=f"Miastko Próbne {number}", slug=f"miastko-probne-{number}", kind="town")
    members = _group(search("probne"), "member")
    assert members.total == 15
    assert len(members.hits) == 10


def test_a_word_matching_more_than_the_cap_says_more_than(client):
    Member.objects.bulk_create(
        Member(name=f"Wieś Próbna {number}", slug=f"wies-probna-{number}", kind="gmina")
        for number in range(CAP + 5)
    )
    page = client.get("/szukaj/", {"q": "wies probna"})
    members = _group(page.context["groups"], "member")
    assert members.capped and len(members.hits) == 10
    assert f"więcej niż {CAP}" in page.content.decode()


def test_tsquery_syntax_in_the_input_is_plain_text():
    assert query_text("a & b | !c:* (d)") == "a:* & b:* & c:* & d:*"
    assert client_response_ok("'):* | !")


def client_response_ok(text: str) -> bool:
    return all(group.total == 0 for group in search(text))


def test_an_empty_or_too_long_query_says_what_is_wrong(client):
    assert client.get("/szukaj/").status_code == 200
    page = client.get("/szukaj/", {"q": "???"}).content.decode()
    assert "Wpisz co najmniej jedno słowo" in page
    long = client.get("/szukaj/", {"q": "a" * 101})
    assert long.status_code == 400
    assert "co najwyżej 100 znaków" in long.content.decode()


def test_the_search_page_costs_one_query_at_two_data_sizes(client):
    small = queries_of(client, "/szukaj/?q=rewitalizacja")
    call_command("generate_demo_data", members=40, responses=60, meetings=10, verbosity=0)
    assert queries_of(client, "/szukaj/?q=rewitalizacja") == small
    assert small[1] <= 2  # the search itself, and the session's language at most


def test_each_kind_is_searched_through_its_index():
    """Without sequential scans allowed, the plan uses the GIN indexes (never a table scan)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for table, text in [
            ("cities_member", "name || ' ' || short_name || ' ' || seat"),
            ("cities_mid", "topic || ' ' || summary"),
            ("networks_meeting", "title || ' ' || coalesce(title_en, '') || ' ' || place"),
        ]:
            query = "pim_search_query('wola:*')"
            cursor.execute(f"EXPLAIN SELECT id FROM {table} WHERE pim_search_document({text}) @@ {query}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "library_" in plan and "_search_idx" in plan, plan
