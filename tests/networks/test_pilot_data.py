"""The loaded pilot data against the reference notes; loading is repeatable."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command

from cities.models import Member, Membership, Mid, MidStatus
from networks.models import MidFigureMetric, Network, NetworkMidFigure
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


def test_exactly_the_members_the_sources_name_are_loaded(pilot):
    expected = Counter(row["network"] for row in reference.named_members())
    loaded = Counter(Membership.objects.in_edition(pilot).values_list("network__name", flat=True))
    assert loaded == expected
    assert Member.objects.count() == len(reference.named_members())


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
            assert figure.as_of is not None


def test_no_member_is_given_a_mid_status_the_sources_do_not_give(pilot):
    assert Mid.objects.in_edition(pilot).status_counts() == {
        MidStatus.NOT_REPORTED: Member.objects.count(),
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
    call_command("load_pilot_data", verbosity=0)
    assert _row_counts() == before


def test_loading_never_overwrites_what_users_changed(pilot):
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = "Temat wpisany przez miasto"
    mid.save()
    call_command("load_pilot_data", verbosity=0)
    mid.refresh_from_db()
    assert mid.topic == "Temat wpisany przez miasto"


def test_if_empty_loads_nothing_into_a_database_with_data(capsys):
    before = _row_counts()
    call_command("load_pilot_data", if_empty=True)
    assert _row_counts() == before
    assert "nothing loaded" in capsys.readouterr().out
