import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the loaded pilot data (each test's changes are rolled back)."""
    with django_db_blocker.unblock():
        call_command("load_pilot_data", verbosity=0)


@pytest.fixture
def pilot():
    from networks.models import Edition

    return Edition.objects.get(slug="pilotaz-2017-2019")


@pytest.fixture
def pilot_survey(pilot):
    return pilot.surveys.get()
