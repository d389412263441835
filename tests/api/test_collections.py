"""Every collection answers with links between resources, pages and stable slugs."""

import pytest

from tests.api.conftest import API, COLLECTIONS, PILOT, SURVEY

pytestmark = pytest.mark.django_db


def test_the_root_names_every_collection_the_catalogue_schema_and_docs(get_json):
    root = get_json(API)
    assert set(root["collections"]) == {name.replace("-", "_") for name in COLLECTIONS}
    for key in ("catalogue", "schema", "docs"):
        assert root[key].startswith("http://testserver/api/v1/")


@pytest.mark.parametrize("name", sorted(COLLECTIONS))
def test_every_collection_pages_its_rows_and_links_them(get_json, name):
    body = get_json(COLLECTIONS[name], page_size=2)
    assert body["count"] >= 1 and len(body["results"]) == min(2, body["count"])
    assert set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    links = [value for key, value in row.items() if key.endswith("url") and value]
    assert links or "subject" in row or "member" in row or "plan" in row, row


def test_a_resources_links_lead_to_the_resources_they_name(client, get_json):
    network = get_json(f"{API}networks/{PILOT}/mobilnosc-miejska/")
    assert get_json(network["api_url"])["slug"] == "mobilnosc-miejska"
    assert get_json(network["edition"])["slug"] == PILOT
    leader = get_json(network["leader"])
    assert leader["slug"] == network["leader"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(network["page_url"]).status_code == 200
    memberships = get_json(network["members_url"])
    assert memberships["count"] == network["member_count"]["recorded"]["value"]


def test_a_member_lists_its_memberships_and_each_links_its_mid(get_json):
    member = get_json(f"{API}members/torun/")
    assert member["memberships"], member
    for membership in member["memberships"]:
        mid = get_json(membership["mid"])
        assert mid["member_slug"] == "torun" and mid["edition_slug"] == membership["edition_slug"]


def test_every_figure_carries_its_provenance_and_source(get_json):
    edition = get_json(f"{API}editions/{PILOT}/")
    assert edition["member_count"]["provenance"] == "published"
    assert edition["member_count"]["source"]["code"]
    assert edition["recorded"]["named_members"]["provenance"] == "live"
    for figure in get_json(f"{API}published-figures/", page_size=100)["results"]:
        assert figure["provenance"] == "published" and figure["source"]["code"], figure
    results = get_json(f"{SURVEY}results/")
    assert results["provenance"] == ["reconstruction"] and results["source"]["code"]


def test_a_figure_nobody_published_is_not_known_never_zero(get_json, pilot):
    network = pilot.networks.first()
    network.published_member_count = None
    network.save()
    body = get_json(f"{API}networks/{PILOT}/{network.slug}/")
    assert body["member_count"]["published"] == {
        "value": None,
        "provenance": "not-known",
        "source": None,
        "as_of": None,
    }


def test_published_figures_list_every_kind_and_filter_by_kind_and_network(get_json, pilot):
    everything = get_json(f"{API}published-figures/", page_size=100)
    kinds = {figure["kind"] for figure in everything["results"]}
    assert kinds == {
        "network-mid",
        "network-members",
        "edition-members",
        "edition-network-meetings",
        "survey-result",
    }
    network = pilot.networks.get(slug="rewitalizacja")
    chosen = get_json(f"{API}published-figures/", kind="network-mid", network=network.pk)
    assert chosen["count"] == network.mid_figures.count()
    assert {figure["subject"]["slug"] for figure in chosen["results"]} == {"rewitalizacja"}
    ids = [figure["id"] for figure in everything["results"]]
    assert len(ids) == len(set(ids))


def test_the_survey_links_its_results_and_the_results_their_questions(get_json, pilot_survey):
    survey = get_json(SURVEY)
    results = get_json(survey["results_url"])
    assert len(results["questions"]) == pilot_survey.questions.count()
    assert results["respondents"] == pilot_survey.responses.count()
