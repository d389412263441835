import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Pages name hashed static files, so the tests need the manifest collectstatic writes."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the loaded data of every edition (each test's changes are rolled back)."""
    with django_db_blocker.unblock():
        call_command("load_pim_data", verbosity=0)


@pytest.fixture
def pilot():
    from networks.models import Edition

    return Edition.objects.get(slug="pilotaz-2017-2019")


@pytest.fixture
def pilot_survey(pilot):
    """The pilot's sealed survey: its responses reconstruct the published figures."""
    return pilot.surveys.get(sealed=True)


@pytest.fixture
def live_survey(pilot_survey):
    """An open survey of the pilot with the same questions, for live data."""
    from surveys.models import Survey

    return Survey.objects.open_copy(pilot_survey, "ankieta-na-zywo", "Ankieta uczestników – dane na żywo")


# --- Personas: who uses the product -----------------------------------------------------


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "admin-ania", "ania@example.gov.pl", "not-used-in-tests"
    )


@pytest.fixture
def ministry_user(db, django_user_model):
    from django.contrib.auth.models import Group

    from networks.roles import MINISTRY_STAFF_GROUP

    user = django_user_model.objects.create_user("ministry-marek", "marek@example.gov.pl")
    user.groups.add(Group.objects.get(name=MINISTRY_STAFF_GROUP))
    return user


@pytest.fixture
def editor_a(db, django_user_model):
    """City staff of member A (Toruń)."""
    from cities.models import Member

    user = django_user_model.objects.create_user("torun-tomasz", "tomasz@example.torun.pl")
    Member.objects.get(slug="torun").editors.add(user)
    return user


@pytest.fixture
def editor_b(db, django_user_model):
    """City staff of member B (Olsztyn)."""
    from cities.models import Member

    user = django_user_model.objects.create_user("olsztyn-ola", "ola@example.olsztyn.pl")
    Member.objects.get(slug="olsztyn").editors.add(user)
    return user


@pytest.fixture
def personas(admin_user, ministry_user, editor_a, editor_b):
    return {
        "anonymous": None,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "ministry": ministry_user,
        "admin": admin_user,
    }


@pytest.fixture
def client_as(client):
    """client_as(user) → the test client logged in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def pilot_copy(live_survey, pilot_survey):
    """An open survey holding a copy of the pilot's 37 responses as live data: the background
    that small groups of live respondents are added to (the sealed pilot takes none)."""
    from surveys.models import Answer, Response

    questions = {question.code: question for question in live_survey.questions.all()}
    originals = list(pilot_survey.responses.prefetch_related("answers__question"))
    copies = Response.objects.bulk_create(
        Response(survey=live_survey, respondent_id=f"copy-{original.respondent_id}") for original in originals
    )
    Answer.objects.bulk_create(
        Answer(
            response=copy,
            question=questions[answer.question.code],
            likert=answer.likert,
            rating=answer.rating,
            yes_no=answer.yes_no,
        )
        for original, copy in zip(originals, copies, strict=True)
        for answer in original.answers.all()
    )
    return live_survey
