"""Printable reports of an edition and a network: every section in the deck's order, every
chart as an image, the history of MID statuses, a constant number of queries."""

import base64
import re

import pytest
from django.core.management import call_command

from cities.models import Mid, MidStatus
from library import history
from networks.models import Edition, Network
from tests.pages import queries_of

pytestmark = pytest.mark.django_db

SECTIONS = [
    "report-key-figures",
    "report-networks",
    "report-mid",
    "report-threads",
    "report-meetings",
    "report-survey",
    "report-recommendations",
    "report-sources",
]


def _images(page: str) -> list[str]:
    """The SVG text of every chart image of the page."""
    return [
        base64.b64decode(data).decode()
        for data in re.findall(r'class="report-chart-image" src="data:image/svg\+xml;base64,([^"]+)"', page)
    ]


def test_the_edition_report_holds_every_section_in_the_deck_s_order(client, pilot):
    page = client.get(f"/raport/{pilot.slug}/").content.decode()
    positions = [page.index(f'id="{section}"') for section in SECTIONS]
    assert positions == sorted(positions)
    assert pilot.name in page
    assert "Wydrukowano" in page


def test_every_chart_of_the_report_is_an_svg_image(client, pilot):
    response = client.get(f"/raport/{pilot.slug}/")
    report = response.context["report"]
    images = _images(response.content.decode())
    assert len(images) == len(report.all_charts) >= 5  # status, history, comparison, survey charts
    for image in images:
        assert image.startswith("<svg") and image.endswith("</svg>")
        assert "<rect" in image


def test_the_survey_charts_follow_the_deck_goals_first(client, pilot):
    report = client.get(f"/raport/{pilot.slug}/").context["report"]
    assert report.survey_charts
    assert report.survey_charts[0].chart_id == "chart-programme-goals"


def test_a_survey_chart_image_shows_the_computed_shares(client, pilot):
    report = client.get(f"/raport/{pilot.slug}/").context["report"]
    goals = report.survey_charts[0]
    image = base64.b64decode(goals.image.split(",", 1)[1]).decode()
    for trace in goals.figure["data"]:
        for text in trace["text"]:
            if text:
                assert text.replace("\u00a0", "\u00a0") in image


def test_the_network_report_lists_its_members_and_sources(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    response = client.get(f"/raport/{pilot.slug}/rewitalizacja/")
    page = response.content.decode()
    for section in SECTIONS:
        assert f'id="{section}"' in page
    report = response.context["report"]
    assert len(report.memberships) == network.memberships.count()
    for source in report.sources:
        assert f"<dt>{source.code}</dt>" in page
    assert report.plans and report.plans[0].network == network


def test_an_unknown_edition_or_network_is_a_404(client, pilot):
    assert client.get("/raport/no-such-edition/").status_code == 404
    assert client.get(f"/raport/{pilot.slug}/no-such-network/").status_code == 404


def test_the_history_counts_each_mid_in_its_latest_status_of_the_month(pilot):
    mid = Mid.objects.filter(edition=pilot).order_by("pk").first()
    mid.status = MidStatus.DRAFT
    mid.save()
    months = history.statuses_by_month(pilot)
    _month, counts = months[-1]
    assert counts[MidStatus.DRAFT] == 1
    assert sum(counts.values()) == Mid.objects.filter(edition=pilot).count()


def test_the_history_of_a_network_counts_only_its_members(pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    months = history.statuses_by_month(pilot, network)
    assert sum(months[-1][1].values()) == Mid.objects.in_network(network).count()


def test_the_comparison_chart_carries_the_compared_figures(client, pilot):
    report = client.get(f"/raport/{pilot.slug}/").context["report"]
    figure = report.charts["comparison"].figure
    editions = list(Edition.objects.real().compared().order_by("start_year"))
    assert [trace["name"] for trace in figure["data"]] == [edition.name for edition in editions]
    members = figure["data"][0]["x"][1]
    assert members == editions[0].named_member_count


def test_reports_are_one_click_from_the_network_and_edition_pages(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    network_page = client.get(network.get_absolute_url()).content.decode()
    assert f'href="/raport/{pilot.slug}/rewitalizacja/"' in network_page
    assert f'href="/raport/{pilot.slug}/"' in client.get(f"/?edition={pilot.slug}").content.decode()
    assert f'href="/raport/{pilot.slug}/"' in client.get("/program/").content.decode()


def test_reports_cost_the_same_queries_at_two_data_sizes(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    urls = [f"/raport/{pilot.slug}/", network.get_absolute_url().replace("/sieci/", "/raport/")]
    small = [queries_of(client, url) for url in urls]
    call_command("generate_demo_data", members=40, responses=60, meetings=10, verbosity=0)
    demo = Edition.objects.get(is_synthetic=True)
    demo_network = Network.objects.filter(edition=demo).order_by("position").first()
    assert [queries_of(client, url) for url in urls] == small
    # The demo edition, with many more members per network, costs the same as the pilot.
    assert queries_of(client, f"/raport/{demo.slug}/")[1] <= small[0][1] + 1
    demo_report = demo_network.get_absolute_url().replace("/sieci/", "/raport/")
    assert queries_of(client, demo_report)[1] <= small[1][1]


def test_the_edition_report_shows_each_network_s_recorded_mids_month_by_month(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    mids = list(Mid.objects.in_network(network).order_by("pk")[:2])
    for mid in mids:
        mid.status = MidStatus.COMPLETE
        mid.save()
    report = client.get(f"/raport/{pilot.slug}/").context["report"]
    rows = dict(report.network_rows)
    assert rows[network.name][-1] == len(mids)
    assert all(counts[-1] == 0 for name, counts in rows.items() if name != network.name)
    figure = report.charts["network_history"].figure
    assert [trace["name"] for trace in figure["data"]] == report.network_months


def test_a_report_from_shared_parts_is_the_report_rendered_afresh_and_follows_the_day(
    client, client_as, ministry_user, pilot, monkeypatch
):
    import datetime

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pages import _cache_query

    network = Network.objects.filter(edition=pilot).order_by("position").first()
    for url in (f"/raport/{pilot.slug}/", f"/raport/{pilot.slug}/{network.slug}/"):
        cache.clear()
        staff = client_as(ministry_user)
        fresh = staff.get(url)
        with CaptureQueriesContext(connection) as context:
            again = staff.get(url)
        assert again.context["fragment"].hit, url
        own = [q for q in context.captured_queries if not _cache_query(q["sql"])]
        assert len(own) <= 2, own  # the user with the data version; nothing of the report
        strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)  # noqa: E731
        assert strip(again.content.decode()) == strip(fresh.content.decode())
        # A visitor gets the report too; the next day's report is rendered anew (its date).
        assert "Wydrukowano" in client.get(url).content.decode()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr("library.report_views.timezone.localdate", lambda: tomorrow)
    # The first request of the next day renders the report again (and holds the lock to).
    assert client_as(ministry_user).get(f"/raport/{pilot.slug}/").context["fragment"].lock
