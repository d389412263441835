"""The disclosure rule on its own: which breakdowns of a table of respondents may be shown.

Each table is turned into named respondents, and every check is made on their sets,
not with the rule's own arithmetic.
"""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.disclosure import MINIMUM_RESPONDENTS, Breakdown, Disclosure, plan_disclosure

NETWORKS = ["air", "mobility", "renewal", None]
ROLES = ["coordinator", "city-official", "decision-maker", "local-partner", "other", "not-known"]


def respondents_of(counts) -> dict[Breakdown, frozenset]:
    """Every breakdown a filter can ask for, as the set of named respondents it covers."""
    people = [(network, role, i) for (network, role), n in counts.items() for i in range(n)]
    breakdowns = [Breakdown(network, role) for network in [*NETWORKS[:-1], None] for role in [*ROLES, None]]
    return {
        breakdown: frozenset(
            person
            for person in people
            if (breakdown.network in (None, person[0])) and (breakdown.role in (None, person[1]))
        )
        for breakdown in breakdowns
    }


def shown_sets(counts) -> dict[Breakdown, frozenset]:
    plan = plan_disclosure(counts)
    return {b: people for b, people in respondents_of(counts).items() if plan.shown(b)}


def isolated_groups(sets, everyone) -> list[int]:
    """Sizes of the groups adding and subtracting the sets' figures can separate at best:
    the respondents who are in exactly the same sets."""
    groups: dict[tuple, int] = {}
    for person in everyone:
        key = tuple(person in s for s in sets)
        groups[key] = groups.get(key, 0) + 1
    return list(groups.values())


def test_a_single_decision_maker_withholds_the_only_other_role_too():
    plan = plan_disclosure({(None, "not-known"): 41, (None, "decision-maker"): 1})
    assert plan.verdict(Breakdown()) == Disclosure.SHOWN
    assert plan.verdict(Breakdown(role="decision-maker")) == Disclosure.TOO_FEW
    assert plan.verdict(Breakdown(role="not-known")) == Disclosure.SUBTRACTION


def test_a_breakdown_that_is_everyone_is_shown_since_it_differs_from_the_total_by_nobody():
    plan = plan_disclosure({(None, "not-known"): 37})
    assert plan.verdict(Breakdown(role="not-known")) == Disclosure.SHOWN


def test_withheld_categories_adding_up_to_fewer_than_5_withhold_the_next_smallest():
    counts = {
        (None, "coordinator"): 20,
        (None, "city-official"): 6,
        (None, "other"): 5,
        (None, "not-known"): 3,
    }
    plan = plan_disclosure(counts)
    assert plan.shown(Breakdown(role="coordinator"))
    assert plan.shown(Breakdown(role="city-official"))
    assert plan.verdict(Breakdown(role="other")) == Disclosure.SUBTRACTION
    assert plan.verdict(Breakdown(role="not-known")) == Disclosure.TOO_FEW


def test_categories_of_5_or_more_that_leave_5_or_more_are_all_shown():
    counts = {(None, "coordinator"): 5, (None, "city-official"): 6, (None, "not-known"): 5}
    plan = plan_disclosure(counts)
    assert all(plan.shown(Breakdown(role=role)) for _, role in counts)


def test_a_network_that_differs_from_a_shown_role_by_one_person_is_withheld():
    # Every coordinator is in the air network, which has one more respondent: air minus
    # coordinators would be that one person.
    counts = {("air", "coordinator"): 6, ("air", "not-known"): 1, (None, "not-known"): 37}
    plan = plan_disclosure(counts)
    assert plan.shown(Breakdown(role="coordinator"))
    assert plan.verdict(Breakdown(network="air")) == Disclosure.SUBTRACTION


def test_a_cell_is_withheld_when_it_differs_from_its_row_by_fewer_than_5():
    counts = {("air", "coordinator"): 6, ("air", "city-official"): 3, (None, "not-known"): 37}
    plan = plan_disclosure(counts)
    assert plan.shown(Breakdown(network="air"))
    assert plan.verdict(Breakdown("air", "coordinator")) == Disclosure.SUBTRACTION
    assert plan.verdict(Breakdown("air", "city-official")) == Disclosure.TOO_FEW


def test_a_cell_and_its_parents_are_shown_when_every_difference_is_5_or_more():
    counts = {
        ("air", "coordinator"): 6,
        ("air", "city-official"): 5,
        ("mobility", "coordinator"): 5,
        (None, "not-known"): 37,
    }
    plan = plan_disclosure(counts)
    for breakdown in [Breakdown("air"), Breakdown(role="coordinator"), Breakdown("air", "coordinator")]:
        assert plan.shown(breakdown), breakdown


def test_fewer_than_5_respondents_in_all_withholds_everything():
    plan = plan_disclosure({("air", "coordinator"): 3, (None, "not-known"): 1})
    assert plan.verdict(Breakdown()) == Disclosure.TOO_FEW
    assert plan.shown_breakdowns() == []


def test_a_breakdown_without_respondents_is_empty_not_withheld():
    plan = plan_disclosure({(None, "not-known"): 37})
    assert plan.verdict(Breakdown(network="air")) == Disclosure.EMPTY
    assert plan.verdict(Breakdown(role="other")) == Disclosure.EMPTY


tables = st.dictionaries(
    st.tuples(st.sampled_from(NETWORKS), st.sampled_from(ROLES)), st.integers(0, 12), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_two_shown_breakdowns_differ_by_1_to_4_respondents(counts):
    shown = list(shown_sets(counts).values())
    for first, second in combinations(shown, 2):
        assert len(first - second) not in range(1, MINIMUM_RESPONDENTS)
        assert len(second - first) not in range(1, MINIMUM_RESPONDENTS)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_sum_or_difference_of_shown_figures_isolates_1_to_4_respondents(counts):
    everyone = respondents_of(counts)[Breakdown()]
    shown = shown_sets(counts)
    assert all(len(people) >= MINIMUM_RESPONDENTS for people in shown.values())
    for size in isolated_groups(list(shown.values()), everyone):
        assert size >= MINIMUM_RESPONDENTS or not shown


@settings(max_examples=200, deadline=None)
@given(tables)
def test_one_dimension_shows_every_category_the_suppression_rule_allows(counts):
    # Roles only (no network chosen): each role of 5 or more is shown unless the withheld
    # ones would add up to 1–4, and then only the smallest are withheld with them.
    roles = {role: sum(n for (_, r), n in counts.items() if r == role) for role in ROLES}
    plan = plan_disclosure({(None, role): n for role, n in roles.items()})
    total = sum(roles.values())
    if total < MINIMUM_RESPONDENTS:
        return
    withheld = sum(n for role, n in roles.items() if 0 < n < MINIMUM_RESPONDENTS)
    candidates = sorted((n for n in roles.values() if n >= MINIMUM_RESPONDENTS), reverse=True)
    while 0 < withheld < MINIMUM_RESPONDENTS and candidates:
        withheld += candidates.pop()
    expected = len(candidates) if not 0 < withheld < MINIMUM_RESPONDENTS else 0
    assert sum(plan.shown(Breakdown(role=role)) for role in ROLES) == expected


def test_a_breakdown_means_the_same_however_its_values_are_written():
    from surveys.models import RespondentRole

    assert Breakdown("", RespondentRole.OTHER) == Breakdown(None, "other")
    assert repr(Breakdown(role=RespondentRole.OTHER).parameters()) == repr({"role": "other"})


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_withheld_breakdown_of_5_or_more_would_isolate_a_small_group_if_shown(counts):
    # Nothing is withheld that could be shown beside what is shown.
    plan = plan_disclosure(counts)
    everyone = respondents_of(counts)[Breakdown()]
    shown = list(shown_sets(counts).values())
    for breakdown, people in respondents_of(counts).items():
        if plan.verdict(breakdown) == Disclosure.SUBTRACTION:
            assert len(people) >= MINIMUM_RESPONDENTS
            assert min(isolated_groups([*shown, people], everyone)) < MINIMUM_RESPONDENTS, breakdown
