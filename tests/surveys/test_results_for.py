"""results_for(): the one way pages, exports and the API get survey figures."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import Edition
from surveys.models import LikertAnswer, QuestionGroup, RespondentRole, Response
from surveys.results import Breakdown, Disclosure, results_for, survey_results
from tests import reference
from tests.pages import queries_of

pytestmark = pytest.mark.django_db


def _by_code(figures):
    return {result.question.code: result for result in figures.results}


def _own_queries(function) -> int:
    """SQL queries of function(), not counting the cache table's (Redis in production), the
    savepoints its writes are wrapped in, nor the read of the data version the cache keys
    name (once per request in the site; outside requests, as here, once per call)."""
    with CaptureQueriesContext(connection) as context:
        function()
    return sum(
        1
        for query in context.captured_queries
        if "pim_cache" not in query["sql"]
        and "SAVEPOINT" not in query["sql"]
        and "pim_current_data_version" not in query["sql"]
    )


def test_the_pilot_s_unfiltered_figures_are_the_published_ones(pilot_survey):
    figures = results_for(pilot_survey)
    assert figures.disclosure == Disclosure.SHOWN
    assert figures.respondents == reference.respondents()
    results = _by_code(figures)
    for goal, published in reference.goal_shares().items():
        shares = {share.value: share for share in results[f"cel-{goal}"].shares}
        for value in (LikertAnswer.DEFINITELY_YES, LikertAnswer.RATHER_YES, LikertAnswer.NEITHER):
            assert shares[value].percent == published[value]
        if published["not shown"] is not None:
            assert shares[None].percent == published["not shown"]
    means = {
        result.question.text: result.mean_rounded
        for result in figures.results
        if result.question.group == QuestionGroup.SUPPORT_FORMS
    }
    assert means == reference.support_form_means()
    shares = results["polecenie"].shares
    recommendation = {"not shown" if share.value is None else share.value: share.count for share in shares}
    assert {value: recommendation[value] for value in reference.recommendation_counts()} == (
        reference.recommendation_counts()
    )


def test_the_pilot_s_unfiltered_figures_are_what_they_were_before_the_rule(pilot_survey):
    before = [
        (r.question.code, [(s.value, s.count) for s in r.shares], r.mean)
        for r in survey_results(pilot_survey)
    ]
    after = [
        (r.question.code, [(s.value, s.count) for s in r.shares], r.mean)
        for r in results_for(pilot_survey).results
    ]
    assert after == before


def test_the_pilot_can_be_seen_by_its_only_role_and_by_no_network(pilot_survey):
    assert results_for(pilot_survey, Breakdown(role=RespondentRole.NOT_KNOWN)).respondents == (
        reference.respondents()
    )
    network = pilot_survey.edition.networks.first()
    assert results_for(pilot_survey, Breakdown(network=network.slug)).disclosure == Disclosure.EMPTY


def test_a_survey_with_fewer_than_5_respondents_shows_no_figures_anywhere(client, live_survey, pilot_survey):
    # The newest survey of the edition, so the dashboard shows it.
    live_survey.conducted_from = pilot_survey.conducted_to
    live_survey.save()
    pilot_survey = live_survey
    for number in range(3):
        Response.objects.create(survey=pilot_survey, respondent_id=f"live-{number}")
    cache.clear()
    figures = results_for(pilot_survey)
    assert figures.disclosure == Disclosure.TOO_FEW and figures.results == []
    page = client.get(pilot_survey.get_absolute_url()).content.decode()
    assert 'id="withheld"' in page and '<figure class="chart"' not in page
    assert "Na tę ankietę odpowiedziało dotąd mniej niż 5 osób" in page
    dashboard = client.get("/", {"edition": pilot_survey.edition.slug}).content.decode()
    assert "chart-plot" not in dashboard


def test_figures_are_cached_per_breakdown(pilot_copy):
    pilot_survey = pilot_copy
    Response.objects.create(survey=pilot_survey, respondent_id="live-1", role=RespondentRole.OTHER)
    results_for(pilot_survey)
    results_for(pilot_survey, Breakdown(role=RespondentRole.NOT_KNOWN))
    assert _own_queries(lambda: results_for(pilot_survey)) == 0
    assert results_for(pilot_survey).respondents == reference.respondents() + 1
    assert results_for(pilot_survey, Breakdown(role=RespondentRole.NOT_KNOWN)).withheld


def _cold_costs(survey) -> dict:
    """Queries of results_for() with nothing cached, per kind of breakdown and verdict."""
    network = survey.edition.networks.order_by("position").first().slug
    costs = {}
    for breakdown in (
        Breakdown(),
        Breakdown(network=network),
        Breakdown(role=RespondentRole.COORDINATOR),
        Breakdown(network, RespondentRole.COORDINATOR),
    ):
        cache.clear()
        computed = []
        count = _own_queries(lambda b=breakdown, into=computed: into.append(results_for(survey, b)))
        costs[breakdown] = (computed[0].disclosure == Disclosure.SHOWN, count)
    return costs


def test_results_for_costs_a_fixed_number_of_queries_at_two_data_sizes():
    sizes = []
    for members, responses in ((20, 30), (120, 600)):
        call_command("generate_demo_data", members=members, responses=responses, meetings=2, verbosity=0)
        survey = Edition.objects.get(is_synthetic=True).surveys.get()
        sizes.append(_cold_costs(survey))
    for costs in sizes:
        for shown, count in costs.values():
            # the respondents per network and role; then, when shown, the answer tally,
            # the questions and their choices
            assert count == (4 if shown else 1), costs
    assert [shown for shown, _ in sizes[1].values()].count(True) >= 2, sizes


def test_the_filtered_survey_page_costs_the_same_queries_at_two_data_sizes(client):
    counts = []
    for members, responses in ((20, 30), (120, 600)):
        call_command("generate_demo_data", members=members, responses=responses, meetings=2, verbosity=0)
        survey = Edition.objects.get(is_synthetic=True).surveys.get()
        network = survey.edition.networks.order_by("position").first().slug
        url = survey.get_absolute_url()
        counts.append(
            [
                queries_of(client, f"{url}?role=coordinator"),
                queries_of(client, f"{url}?network={network}"),
                queries_of(client, f"{url}?network={network}&role=coordinator"),
            ]
        )
    small, large = counts
    # Warm, the figures come from the cache; cold, the page's own count can differ only by
    # whether a breakdown is shown (three more queries) or withheld, never by the data's size.
    assert [warm for _, warm in small] == [warm for _, warm in large], counts
    assert max(warm for _, warm in large) <= 10, counts
    for (cold_small, _), (cold_large, _) in zip(small, large, strict=True):
        assert abs(cold_small - cold_large) in (0, 3), counts
