"""The loaded data of every edition against the reference notes; loading is repeatable."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command

from cities.models import Member, Membership, Mid, MidStatus
from networks.models import Edition, MidFigureMetric, Network, NetworkMidFigure
from tests import reference

pytestmark = pytest.mark.django_db


def test_the_edition_carries_the_published_member_total(pilot):
    assert pilot.published_member_count == reference.published_member_total()
    assert pilot.figures_source.code == "S1"


def test_networks_carry_the_published_member_counts(pilot):
    published_out_of = reference.mid_status_table()["drafts"]
    networks = {network.name: network for network in Network.objects.in_edition(pilot)}
    assert set(networks) == set(published_out_of)
    for name, (_, out_of) in published_out_of.items():
        assert networks[name].published_member_count == out_of


def test_exactly_the_pilot_members_the_sources_name_are_loaded(pilot):
    expected = Counter(row["network"] for row in reference.named_members())
    loaded = Counter(Membership.objects.in_edition(pilot).values_list("network__name", flat=True))
    assert loaded == expected


def test_every_member_any_source_names_is_loaded_once_and_no_other():
    assert set(Member.objects.real().values_list("name", flat=True)) == reference.all_named_member_names()
    assert Member.objects.real().count() == len(reference.all_named_member_names())
    assert Membership.objects.filter(member__is_synthetic=False).count() == reference.membership_count()


def test_members_not_named_in_the_sources_are_counted_not_invented(pilot):
    missing = {
        network.name: network.published_member_count - network.named_member_count
        for network in Network.objects.in_edition(pilot).with_member_counts()
    }
    named = Counter(row["network"] for row in reference.named_members())
    published = {name: out_of for name, (_, out_of) in reference.mid_status_table()["drafts"].items()}
    assert missing == {name: published[name] - named[name] for name in published}


def test_only_the_leader_a_source_names_is_recorded(pilot):
    leaders = {
        row["member"]
        for row in reference.named_members()
        if "leader" in row["leader"].replace("not known", "")
    }
    recorded = set(
        Network.objects.in_edition(pilot).exclude(leader=None).values_list("leader__name", flat=True)
    )
    assert recorded == leaders
    networks = Network.objects.in_edition(pilot)
    assert networks.filter(leader=None).count() == networks.count() - len(leaders)
    for network in networks.exclude(leader=None):
        row = next(row for row in reference.named_members() if row["member"] == network.leader.name)
        assert network.leader_source.code in row["source"]


def test_network_mid_figures_are_the_published_dated_totals(pilot):
    table = reference.mid_status_table()
    metric_of = {
        "drafts": MidFigureMetric.DRAFTS_HANDED_IN,
        "complete": MidFigureMetric.COMPLETE_AFTER_REVIEW,
    }
    for key, per_network in table.items():
        for network_name, (value, out_of) in per_network.items():
            figure = NetworkMidFigure.objects.get(network__name=network_name, metric=metric_of[key])
            assert (figure.value, figure.out_of) == (value, out_of)
            assert figure.source.code == "S1"
            dated = reference.mid_status_dates()[key]
            if dated is None:  # the source prints no date for this row: none is invented
                assert figure.as_of is None
            else:
                assert (figure.as_of.year, figure.as_of.month, figure.as_of_precision) == (*dated, "month")


def test_no_member_is_given_a_mid_status_the_sources_do_not_give(pilot):
    assert Mid.objects.in_edition(pilot).status_counts() == {
        MidStatus.NOT_REPORTED: len(reference.named_members()),
        MidStatus.DRAFT: 0,
        MidStatus.RETURNED: 0,
        MidStatus.COMPLETE: 0,
        MidStatus.IMPLEMENTATION: 0,
    }


def test_every_membership_names_its_sources(pilot):
    assert not Membership.objects.in_edition(pilot).filter(sources=None).exists()


def test_the_revitalisation_plan_has_the_published_recommendations(pilot):
    plan = Network.objects.get(edition=pilot, slug="rewitalizacja").improvement_plan
    numbers = list(plan.recommendations.values_list("number", flat=True))
    assert numbers == list(range(1, reference.revitalisation_recommendation_count() + 1))


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"networks", "cities", "surveys"}
    }


def test_loading_twice_changes_nothing():
    before = _row_counts()
    call_command("load_pim_data", verbosity=0)
    assert _row_counts() == before


def test_loading_never_overwrites_what_users_changed(pilot):
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = "Temat wpisany przez miasto"
    mid.save()
    call_command("load_pim_data", verbosity=0)
    mid.refresh_from_db()
    assert mid.topic == "Temat wpisany przez miasto"


def test_if_empty_loads_nothing_into_a_database_with_data(capsys):
    before = _row_counts()
    call_command("load_pim_data", if_empty=True)
    assert _row_counts() == before
    assert "nothing loaded" in capsys.readouterr().out


def _edition(name: str) -> Edition:
    start, end = reference.edition_years()[name]
    return Edition.objects.get(start_year=start, end_year=end, is_synthetic=False)


@pytest.mark.parametrize("name", [reference.PIM_2, reference.PIM_3])
def test_later_editions_have_the_networks_and_dates_the_sources_give(name):
    edition = _edition(name)
    assert list(edition.networks.values_list("name", flat=True)) == reference.edition_networks()[name]
    total, source = reference.later_edition_member_totals()[name]
    assert (edition.published_member_count, edition.member_count_source.code) == (total, source)


@pytest.mark.parametrize("name", [reference.PIM_2, reference.PIM_3])
def test_later_editions_have_exactly_the_named_members_with_their_sources(name):
    edition = _edition(name)
    loaded = {
        (m.member.name, m.network.name if m.network else None, tuple(s.code for s in m.sources.all()))
        for m in Membership.objects.in_edition(edition)
        .select_related("member", "network")
        .prefetch_related("sources")
    }
    expected = {
        (row["member"], row["network"], tuple(code.strip() for code in row["source"].split(",")))
        for row in reference.later_edition_members()[name]
    }
    assert loaded == expected


def test_no_leader_and_no_member_count_is_recorded_that_the_sources_do_not_give():
    totals = reference.later_network_member_totals()
    for name in (reference.PIM_2, reference.PIM_3):
        for network in _edition(name).networks.all():
            assert network.leader is None
            expected = totals.get(network.name)
            recorded = (network.published_member_count, network.member_count_source)
            if expected is None:
                assert recorded == (None, None), network.name
            else:
                assert (recorded[0], recorded[1].code) == expected, network.name


def test_a_member_of_two_editions_has_one_card_and_two_memberships():
    twice = [
        name
        for name in reference.all_named_member_names()
        if sum(
            1
            for rows in [reference.named_members(), *reference.later_edition_members().values()]
            for row in rows
            if row["member"] == name
        )
        > 1
    ]
    assert twice
    for name in twice:
        member = Member.objects.get(name=name)
        assert member.memberships.values("edition").distinct().count() == 2
        assert member.mids.count() == 2


def test_a_membership_takes_its_network_s_edition_whatever_writes_it(pilot):
    other = Edition.objects.exclude(pk=pilot.pk).first()
    network = pilot.networks.first()
    member = Member.objects.get(slug="stargard")
    Membership.objects.bulk_create([Membership(member=member, network=network, edition=other)])
    assert Membership.objects.get(member=member, network=network).edition == pilot
