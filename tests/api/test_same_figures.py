"""The API and the pages compute every figure the same way: for the same query string
they list the same rows and show the same numbers, and both equal the published ones."""

from decimal import Decimal

import pytest

from surveys.models import Answer, LikertAnswer, QuestionGroup, RespondentRole, Response
from tests import reference
from tests.api.conftest import API, PILOT, SURVEY

pytestmark = pytest.mark.django_db

MEMBER_QUERIES = [
    "",
    f"edition={PILOT}",
    "q=torun",
    "voivodeship=pomorskie",
    "kind=city&o=-name",
    "status=not-reported&o=network",
    "o=-status",
]


@pytest.mark.parametrize("query", MEMBER_QUERIES)
def test_the_memberships_collection_lists_the_members_pages_rows_in_its_order(client, query):
    page = client.get(f"/czlonkowie/?{query}")
    rows = list(page.context["page"].paginator.object_list)
    api = client.get(f"{API}memberships/?{query}&page_size=500").json()
    assert api["count"] == len(rows)
    assert [(row["member_slug"], row["network_id"]) for row in api["results"]] == [
        (row.member.slug, row.network_id) for row in rows
    ]
    assert [row["mid_status"] for row in api["results"]] == [row.mid_status or "not-reported" for row in rows]


@pytest.mark.parametrize("query", MEMBER_QUERIES)
def test_the_members_collection_lists_the_members_the_pages_rows_name(client, query):
    page = client.get(f"/czlonkowie/?{query}")
    members = {row.member.slug for row in page.context["page"].paginator.object_list}
    api = client.get(f"{API}members/?{query}&page_size=500").json()
    assert {member["slug"] for member in api["results"]} == members


def test_the_members_download_is_the_members_pages_export(client):
    query = f"edition={PILOT}&voivodeship=pomorskie"
    page_export = b"".join(client.get(f"/czlonkowie/eksport.csv?{query}").streaming_content)
    api_export = b"".join(client.get(f"{API}memberships/?{query}&format=csv").streaming_content)
    assert api_export == page_export


def test_network_counts_equal_the_network_list_pages(client, pilot):
    page = client.get(f"/sieci/?edition={PILOT}")
    api = {row["slug"]: row for row in client.get(f"{API}networks/?edition={PILOT}").json()["results"]}
    assert [network.slug for network in page.context["networks"]] == list(api)
    for network in page.context["networks"]:
        counts = api[network.slug]["member_count"]
        assert counts["recorded"]["value"] == network.named_member_count
        assert counts["published"]["value"] == network.published_member_count


def test_a_networks_published_and_recorded_mid_figures_equal_its_page(client, pilot):
    for network in pilot.networks.all():
        page = client.get(network.get_absolute_url()).context
        api = client.get(f"{API}networks/{PILOT}/{network.slug}/").json()
        assert api["recorded_mid_statuses"]["counts"] == page["recorded"].counts
        assert {(f["metric"], f["value"], f["out_of"]) for f in api["published_mid_figures"]} == {
            (f.metric, f.value, f.out_of) for f in page["mid_figures"]
        }


def test_published_mid_figures_equal_the_reference(client, pilot):
    table = reference.mid_status_table()
    names = {network.slug: network.name for network in pilot.networks.all()}
    figures = client.get(f"{API}published-figures/?kind=network-mid&page_size=100").json()["results"]
    key = {"drafts-handed-in": "drafts", "complete-after-review": "complete"}
    assert len(figures) == sum(len(row) for row in table.values())
    for figure in figures:
        published = table[key[figure["metric"]]][names[figure["subject"]["slug"]]]
        assert (figure["value"], figure["out_of"]) == published


def _shares(api_question: dict) -> dict:
    return {share["value"]: share["percent"] for share in api_question["shares"]}


def _page_results(client, url: str) -> dict:
    context = client.get(url).context
    # Questions the source shows only as a picture are listed apart from the charts.
    sections = [*context["sections"], *context["pictured"]]
    return {result.question.code: result for section in sections for result in section.results}


@pytest.mark.parametrize("query", ["", "?role=not-known"])
def test_survey_results_equal_the_survey_pages_for_the_same_filters(client, query):
    page = _page_results(client, f"/ankiety/{PILOT}/ankieta-sierpien-2019/{query}")
    api = client.get(f"{SURVEY}results/{query}").json()
    assert {question["code"] for question in api["questions"]} == set(page)
    for question in api["questions"]:
        result = page[question["code"]]
        assert question["respondents"] == result.respondents
        assert question["answered"] == result.answered
        assert _shares(question) == {
            share.value: float(share.percent) if share.percent is not None else None
            for share in result.shares
        }
        assert question["mean"] == (float(result.mean_rounded) if result.mean_rounded is not None else None)


def test_survey_results_equal_the_published_figures(client):
    questions = {
        question["code"]: question for question in client.get(f"{SURVEY}results/").json()["questions"]
    }
    for goal, published in reference.goal_shares().items():
        shares = _shares(questions[f"cel-{goal}"])
        for value in (LikertAnswer.DEFINITELY_YES, LikertAnswer.RATHER_YES, LikertAnswer.NEITHER):
            assert Decimal(str(shares[value])) == published[value]
    means = {
        q["text"]: Decimal(str(q["mean"]))
        for q in questions.values()
        if q["group"] == QuestionGroup.SUPPORT_FORMS
    }
    assert means == reference.support_form_means()


def test_a_breakdown_too_small_to_show_is_withheld_by_the_api_as_by_the_page(client, pilot_copy):
    question = pilot_copy.questions.get(code="cel-1")
    for number in range(2):
        response = Response.objects.create(
            survey=pilot_copy, respondent_id=f"koordynator-{number}", role=RespondentRole.COORDINATOR
        )
        Answer.objects.create(response=response, question=question, likert=LikertAnswer.DEFINITELY_NO)
    page = client.get(f"{pilot_copy.get_absolute_url()}?role=coordinator").context["figures"]
    api_url = f"/api/v1/surveys/{PILOT}/{pilot_copy.slug}/results/"
    for query in ("?role=coordinator", "?role=not-known"):  # too few; and 39 - 37 by subtraction
        api = client.get(api_url + query).json()
        assert api["withheld"] and api["questions"] == [] and api["respondents"] is None, query
    api = client.get(api_url + "?role=coordinator").json()
    assert page.withheld and api["disclosure"] == page.disclosure
    csv = client.get(api_url + "?role=coordinator&format=csv").content.decode("utf-8-sig")
    assert csv.strip().count("\n") == 0  # the header only


def test_the_survey_s_published_shares_and_means_are_listed_as_published_figures(client):
    rows = client.get(f"{API}published-figures/?kind=survey-result&page_size=100").json()["results"]
    figures = {(row["subject"]["slug"].split("/")[1], row["metric"]): row for row in rows}
    for goal, shares in reference.goal_shares().items():
        for value in (LikertAnswer.DEFINITELY_YES, LikertAnswer.RATHER_YES, LikertAnswer.NEITHER):
            figure = figures[(f"cel-{goal}", f"share:{value}")]
            assert Decimal(str(figure["value"])) == shares[value]
            assert figure["provenance"] == "published" and figure["source"]["code"] == "S1"
    means = sorted(Decimal(str(row["value"])) for (_, metric), row in figures.items() if metric == "mean")
    assert means == sorted(reference.support_form_means().values())
