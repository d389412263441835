"""The subtraction attack on the survey page and on results_for(): small groups of live
respondents beside a copy of the pilot's 37 responses, every filter value tried, and the
respondents behind every shown figure read from the database."""

import re
from itertools import combinations, product

import pytest
from django.utils.translation import gettext, override

from surveys.disclosure import MINIMUM_RESPONDENTS
from surveys.filters import ResponseFilter
from surveys.models import Answer, LikertAnswer, QuestionKind, RespondentRole, Response
from surveys.results import Breakdown, Disclosure, results_for

pytestmark = pytest.mark.django_db

AIR, MOBILITY, RENEWAL = "jakosc-powietrza", "mobilnosc-miejska", "rewitalizacja"

# Live respondents per (network, role): groups of 1, 2, 4, 5 and 6 beside the pilot's 37.
SMALL_GROUPS = [
    (AIR, RespondentRole.COORDINATOR, 6),
    (AIR, RespondentRole.CITY_OFFICIAL, 5),
    (AIR, RespondentRole.DECISION_MAKER, 1),
    (MOBILITY, RespondentRole.COORDINATOR, 5),
    (MOBILITY, RespondentRole.LOCAL_PARTNER, 2),
    (RENEWAL, RespondentRole.OTHER, 4),
]


def add_respondents(survey, groups) -> None:
    """Live responses answering the first goal question, one of them leaving it unanswered."""
    question = survey.questions.get(code="cel-1")
    networks = {network.slug: network for network in survey.edition.networks.all()}
    values = list(LikertAnswer)
    number = 0
    for network, role, n in groups:
        for _ in range(n):
            number += 1
            response = Response.objects.create(
                survey=survey,
                respondent_id=f"live-{number}",
                network=networks.get(network),
                role=role,
            )
            if number % 7:  # the seventh leaves it out: "no answer" counts are counts too
                Answer.objects.create(response=response, question=question, likert=values[number % 5])


def every_filter_value(survey) -> list[dict[str, str]]:
    networks = ["", *survey.edition.networks.values_list("slug", flat=True)]
    roles = ["", *RespondentRole.values]
    return [{"network": network, "role": role} for network, role in product(networks, roles)]


def respondents_in_database(survey, network: str, role: str) -> frozenset[int]:
    """The respondents a filter value means, read straight from the database."""
    responses = Response.objects.filter(survey=survey)
    if network:
        responses = responses.filter(network__slug=network)
    if role:
        responses = responses.filter(role=role)
    return frozenset(responses.values_list("pk", flat=True))


def shown_on_the_page(client, survey) -> dict[tuple[str, str], frozenset[int]]:
    """Every filter value whose page shows figures, with the respondents they are over."""
    shown = {}
    for filters in every_filter_value(survey):
        response = client.get(survey.get_absolute_url(), filters)
        assert response.status_code == 200, filters
        page = response.content.decode()
        if '<figure class="chart"' not in page:
            continue
        people = respondents_in_database(survey, filters["network"], filters["role"])
        assert f"n = {len(people)}" in page, filters
        shown[filters["network"], filters["role"]] = people
    return shown


def assert_no_small_group_can_be_isolated(shown: dict, everyone: frozenset) -> None:
    for (first_filter, first), (second_filter, second) in combinations(shown.items(), 2):
        for difference in (first - second, second - first):
            assert len(difference) not in range(1, MINIMUM_RESPONDENTS), (first_filter, second_filter)
    # Stronger: adding and subtracting any shown figures separates at best the respondents
    # who are in exactly the same shown breakdowns; each such group has 5 or more.
    groups: dict[tuple, int] = {}
    for person in everyone:
        key = tuple(person in people for people in shown.values())
        groups[key] = groups.get(key, 0) + 1
    assert min(groups.values()) >= MINIMUM_RESPONDENTS, groups


def test_no_two_figures_the_page_shows_differ_by_1_to_4_respondents(client, pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    shown = shown_on_the_page(client, pilot_copy)
    everyone = respondents_in_database(pilot_copy, "", "")
    assert ("", "") in shown
    assert len(shown) > 1, "the test must see some breakdowns to compare"
    assert_no_small_group_can_be_isolated(shown, everyone)


def test_no_two_figures_results_for_gives_differ_by_1_to_4_respondents(pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    shown = {}
    for filters in every_filter_value(pilot_copy):
        figures = results_for(pilot_copy, Breakdown(filters["network"] or None, filters["role"] or None))
        people = respondents_in_database(pilot_copy, filters["network"], filters["role"])
        if figures.disclosure != Disclosure.SHOWN:
            assert figures.results == [] and figures.respondents in (None, 0), filters
            continue
        assert figures.respondents == len(people), filters
        for result in figures.results:
            if result.question.kind == QuestionKind.LIKERT:
                # Every share, "no answer" included, is over the breakdown's whole group.
                assert sum(share.count for share in result.shares) == len(people), filters
        shown[filters["network"], filters["role"]] = people
    assert_no_small_group_can_be_isolated(shown, respondents_in_database(pilot_copy, "", ""))


def test_the_decision_maker_of_the_audit_cannot_be_found_by_subtraction(client, pilot_copy):
    # 37 reconstructed respondents, 4 live ones of unknown role and 1 decision-maker:
    # all (42) minus "role not known" (41) was that one person's answers.
    add_respondents(
        pilot_copy, [(None, RespondentRole.NOT_KNOWN, 4), (None, RespondentRole.DECISION_MAKER, 1)]
    )
    everyone = client.get(pilot_copy.get_absolute_url()).content.decode()
    assert "n = 42" in everyone
    not_known = client.get(pilot_copy.get_absolute_url(), {"role": "not-known"}).content.decode()
    decision_maker = client.get(pilot_copy.get_absolute_url(), {"role": "decision-maker"}).content.decode()
    for page in (not_known, decision_maker):
        assert '<figure class="chart"' not in page
        assert "n = 41" not in page and 'id="withheld"' in page
    assert "odjęcie" in not_known or "odjąć" in not_known  # says why: subtraction
    assert "mniej niż 5 osób" in decision_maker


def test_the_filter_lists_mark_the_options_that_would_be_withheld(client, pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    page = client.get(pilot_copy.get_absolute_url()).content.decode()
    with override("pl"):
        withheld, empty = gettext("withheld"), gettext("no responses")
        assert f"{RespondentRole.DECISION_MAKER.label} – {withheld}" in page
        assert f"{RespondentRole.COORDINATOR.label}</option>" in page  # 11: shown, no note
    assert 'id="withheld-hint"' in page
    assert f"– {empty}" not in page  # every pilot network has live respondents now


def test_a_withheld_breakdown_explains_itself_and_links_to_breakdowns_that_are_shown(client, pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    response = client.get(pilot_copy.get_absolute_url(), {"role": "decision-maker"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "mniej niż 5 osób" in page
    assert "?role=coordinator" in page  # 11 coordinators: shown


def test_the_api_s_filter_values_ask_for_the_same_breakdown_as_the_page(pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    filterset = ResponseFilter(
        {"network": AIR, "role": "coordinator"},
        queryset=Response.objects.of_survey(pilot_copy),
        survey=pilot_copy,
    )
    assert filterset.is_valid()
    assert filterset.breakdown() == Breakdown(AIR, "coordinator")


def test_a_withheld_breakdown_does_not_say_how_many_respondents_it_has(client, pilot_copy):
    add_respondents(pilot_copy, SMALL_GROUPS)
    page = client.get(pilot_copy.get_absolute_url(), {"role": "decision-maker"}).content.decode()
    summary = re.search(r'<div class="list-summary".*?</div>', page, re.S).group(0)
    assert not re.search(r"\b1 respondent", summary)
