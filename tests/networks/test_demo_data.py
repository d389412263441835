"""The synthetic demo dataset stays apart from the pilot data and is labelled."""

import pytest
from django.core.management import call_command

from cities.models import Member, Mid
from networks.models import Edition, Provenance
from surveys.models import Response
from surveys.results import survey_results
from tests import reference

pytestmark = pytest.mark.django_db


def test_demo_data_is_flagged_synthetic_and_leaves_the_pilot_untouched(pilot, pilot_survey):
    pilot_mids = list(Mid.objects.in_edition(pilot).values_list("pk", "status", "topic"))
    call_command("generate_demo_data", members=30, responses=40, meetings=5, verbosity=0)

    demo = Edition.objects.get(is_synthetic=True)
    assert Member.objects.filter(is_synthetic=True).count() == 30
    assert Member.objects.filter(is_synthetic=False).count() == len(reference.all_named_member_names())
    assert set(Response.objects.filter(survey__edition=demo).values_list("provenance", flat=True)) == {
        Provenance.SYNTHETIC
    }
    assert list(Mid.objects.in_edition(pilot).values_list("pk", "status", "topic")) == pilot_mids
    assert pilot_survey.responses.count() == reference.respondents()
    # The demo survey charts like the pilot one.
    assert any(result.answered for result in survey_results(demo.surveys.get()))


def test_delete_removes_every_synthetic_record():
    call_command("generate_demo_data", members=10, responses=10, meetings=2, verbosity=0)
    call_command("generate_demo_data", delete=True, verbosity=0)
    assert not Edition.objects.filter(is_synthetic=True).exists()
    assert not Member.objects.filter(is_synthetic=True).exists()


def test_the_benchmark_dataset_is_synthetic_and_complete_at_small_size(pilot_survey):
    from cities.models import Mid
    from surveys.models import Answer

    call_command("generate_benchmark_data", members=20, editions=2, meetings=10, responses=40, verbosity=0)
    editions = Edition.objects.filter(is_synthetic=True)
    assert editions.count() == 2
    assert Mid.objects.filter(edition__in=editions).count() == 40
    assert Mid.history.filter(edition_id__in=editions.values("pk")).count() >= 40
    assert Answer.objects.filter(response__survey__edition__in=editions).count() == 40 * 30
    assert pilot_survey.responses.count() == reference.respondents()
