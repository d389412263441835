"""The document library: every MID and improvement plan, filtered, with its download."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from cities.models import Mid, MidStatus
from networks.models import ImprovementPlan
from tests.pages import queries_of

pytestmark = pytest.mark.django_db


def test_every_mid_and_every_plan_is_listed(client):
    page = client.get("/dokumenty/", {"page": 1})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == Mid.objects.count()
    plans = set(ImprovementPlan.objects.values_list("pk", flat=True))
    assert {plan.pk for plan in page.context["plans"]} == plans


def test_rows_name_member_network_edition_and_status(client, pilot):
    network = pilot.networks.get(slug="rewitalizacja")
    page = client.get("/dokumenty/", {"edition": pilot.slug, "network": network.pk})
    rows = page.context["rows"]
    assert rows
    expected = Mid.objects.in_network(network).count()
    assert page.context["page"].paginator.count == expected
    assert all(row.network == network and row.edition == pilot for row in rows)
    assert [plan.network for plan in page.context["plans"]] == [network]


def test_a_status_filter_lists_only_mids_of_that_status(client, pilot):
    mid = Mid.objects.filter(edition=pilot).order_by("pk").first()
    Mid.objects.filter(pk=mid.pk).update(status=MidStatus.DRAFT)
    page = client.get("/dokumenty/", {"status": MidStatus.DRAFT})
    assert [row.pk for row in page.context["rows"]] == [mid.pk]
    assert page.context["plans"] == []


def test_an_uploaded_document_is_listed_with_its_download_link(client, pilot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mid = Mid.objects.filter(edition=pilot).select_related("member").order_by("pk").first()
    mid.status = MidStatus.DRAFT
    mid.document.save("mid.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    page = client.get("/dokumenty/", {"document": "yes"})
    assert [row.pk for row in page.context["rows"]] == [mid.pk]
    link = f"/czlonkowie/{mid.member.slug}/mid/{pilot.slug}/dokument.pdf"
    assert link in page.content.decode()
    assert client.get(link).status_code == 200
    without = client.get("/dokumenty/", {"document": "no"})
    assert without.context["page"].paginator.count == Mid.objects.count() - 1


def test_a_search_ignores_polish_letters(client):
    page = client.get("/dokumenty/", {"q": "zdunska"})
    assert {row.member.name for row in page.context["rows"]} == {"Zduńska Wola"}


def test_bad_filters_get_a_400_naming_the_filter(client):
    page = client.get("/dokumenty/", {"status": "lost", "edition": "no-such-edition"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "Status MID" in text and "Edycja" in text


def test_the_library_costs_the_same_queries_at_two_data_sizes(client):
    small = queries_of(client, "/dokumenty/")
    call_command("generate_demo_data", members=40, responses=60, meetings=10, verbosity=0)
    assert queries_of(client, "/dokumenty/") == small
    assert queries_of(client, "/dokumenty/?o=-date&page=2")[1] <= small[1]


def test_the_csv_holds_exactly_the_filtered_rows_with_their_links(client, pilot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mid = Mid.objects.filter(edition=pilot).select_related("member").order_by("pk").first()
    mid.status = MidStatus.DRAFT
    mid.document.save("mid.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    response = client.get("/dokumenty/eksport.csv", {"edition": pilot.slug})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][:2] == ["Członek", "Edycja"]
    assert len(lines) - 1 == Mid.objects.filter(edition=pilot).count()
    row = next(line for line in lines if line[0] == mid.member.name)
    assert row[4] == "Projekt przekazany"
    assert row[6] == f"http://testserver/czlonkowie/{mid.member.slug}/mid/{pilot.slug}/dokument.pdf"
    network = Mid.objects.filter(pk=mid.pk).values_list("member__memberships__network__name", flat=True)[0]
    assert row[2] == network


def test_the_csv_refuses_bad_filters_naming_them(client):
    response = client.get("/dokumenty/eksport.csv", {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_the_library_comes_from_shared_parts_and_a_refused_filter_is_never_stored(client, pilot):
    from django.core.cache import cache

    cache.clear()
    url = f"/dokumenty/?edition={pilot.slug}"
    fresh = client.get(url, headers={"Cache-Control": "no-cache"})
    again = client.get(url, headers={"Cache-Control": "no-cache"})
    assert fresh.context["fragment"].lock and again.context["fragment"].hit
    assert again.content == fresh.content
    bad = "/dokumenty/?status=no-such-status"
    assert client.get(bad).status_code == 400
    assert client.get(bad).status_code == 400
