"""The members list: filters in the URL, sorting, pagination, search."""

import pytest
from django.core.management import call_command

from cities.models import MidStatus
from tests import reference

pytestmark = pytest.mark.django_db


def _names(response):
    return [row.member.name for row in response.context["page"]]


@pytest.mark.parametrize(
    "query, expected",
    [("Torun", "Toruń"), ("ŻMIGRÓD", "Żmigród"), ("zywc", "Związek Międzygminny ds. Ekologii w Żywcu")],
)
def test_search_ignores_case_and_polish_diacritics(client, query, expected):
    assert _names(client.get("/czlonkowie/", {"q": query})) == [expected]


def test_search_finds_mid_topics(client):
    names = _names(client.get("/czlonkowie/", {"q": "parkingowa"}))
    assert names == ["Olsztyn"]


def test_filters_combine_and_are_described_with_a_clear_link(client, pilot):
    network = pilot.networks.get(slug="jakosc-powietrza")
    response = client.get("/czlonkowie/", {"network": network.pk, "voivodeship": "wielkopolskie"})
    expected = sorted(
        row["member"]
        for row in reference.named_members()
        if row["network"] == "Jakość powietrza" and row["voivodeship"] == "wielkopolskie"
    )
    assert _names(response) == expected
    page = response.content.decode()
    assert "Sieć: Jakość powietrza" in page
    assert 'href="/czlonkowie/">wyczyść</a>' in page


def test_status_filter_counts_a_missing_mid_as_not_reported(client):
    response = client.get("/czlonkowie/", {"status": MidStatus.NOT_REPORTED})
    assert response.context["page"].paginator.count == reference.membership_count()
    assert client.get("/czlonkowie/", {"status": MidStatus.DRAFT}).context["page"].paginator.count == 0


def test_columns_sort_both_ways_and_keep_the_filters(client):
    # One network's members fit on one page, so the two orders hold the same rows.
    ascending = _names(client.get("/czlonkowie/", {"o": "name", "voivodeship": "dolnoslaskie"}))
    descending = _names(client.get("/czlonkowie/", {"o": "-name", "voivodeship": "dolnoslaskie"}))
    assert descending == ascending[::-1]
    page = client.get("/czlonkowie/", {"o": "name", "kind": "city"}).content.decode()
    assert "?o=-name&amp;kind=city" in page or "?kind=city&amp;o=-name" in page


def test_pages_hold_25_rows_and_links_keep_the_filters(client):
    call_command("generate_demo_data", members=60, responses=5, meetings=1, verbosity=0)
    first = client.get("/czlonkowie/", {"edition": "demo-1"})
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.num_pages == 3
    assert "edition=demo-1&amp;page=2" in first.content.decode()
    last = client.get("/czlonkowie/", {"edition": "demo-1", "page": 3})
    assert len(last.context["page"]) == 10
