"""The results pages render for the pilot and the demo data, with figures the code computed."""

import pytest
from django.core.management import call_command
from django.utils.formats import number_format
from django.utils.translation import override

from surveys.models import Answer, LikertAnswer, Response
from tests import reference
from tests.pages import public_urls, queries_of

pytestmark = pytest.mark.django_db


def polish_percent(value) -> str:
    with override("pl"):
        return number_format(value, decimal_pos=1) + "\u00a0%"


def test_every_public_page_renders_for_the_pilot(client, pilot):
    for url in [*public_urls(pilot), "/zrodla/", "/deklaracja-dostepnosci/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<html lang="pl">' in response.content, url


def test_every_public_page_renders_for_the_demo_data(client):
    call_command("generate_demo_data", members=40, responses=60, meetings=10, verbosity=0)
    from networks.models import Edition

    demo = Edition.objects.get(is_synthetic=True)
    for url in public_urls(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (
            "dane syntetyczne" in response.content.decode().lower() or "demo" in response.content.decode()
        ), url


def test_the_dashboard_shows_the_published_goal_shares_it_computed(client, pilot):
    page = client.get(f"/?edition={pilot.slug}").content.decode()
    for shares in reference.goal_shares().values():
        for value in (5, 4, 3):
            assert polish_percent(shares[value]) in page


def test_the_survey_page_shows_the_published_support_means(client, pilot_survey):
    page = client.get(pilot_survey.get_absolute_url()).content.decode()
    with override("pl"):
        for mean in reference.support_form_means().values():
            assert f">{number_format(mean, decimal_pos=1)}<" in page


def test_the_dashboard_shows_an_open_survey_s_live_figures_as_the_code_computes_them(client, live_survey):
    question = live_survey.questions.get(code="cel-1")
    for number in range(5):  # enough respondents to be shown at all
        response = Response.objects.create(survey=live_survey, respondent_id=f"live-{number}")
        Answer.objects.create(response=response, question=question, likert=LikertAnswer.RATHER_NO)
    live_survey.conducted_from = live_survey.edition.surveys.get(sealed=True).conducted_to
    live_survey.save()
    page = client.get(f"/?edition={live_survey.edition.slug}").content.decode()
    assert "Dane bieżące wprowadzone przez użytkowników · n = 5" in page
    assert polish_percent(100) in page


def test_the_network_page_says_how_many_members_the_sources_do_not_name(client, pilot):
    mobility = pilot.networks.get(slug="mobilnosc-miejska")
    page = client.get(mobility.get_absolute_url()).content.decode()
    named = sum(1 for row in reference.named_members() if row["network"] == "Mobilność miejska")
    missing = mobility.published_member_count - named
    assert f"{missing} członków nie jest wymienionych w źródłach" in page


def test_english_is_one_switch_away(client, pilot):
    response = client.get("/jezyk/en/", {"next": "/"})
    assert response.status_code == 302
    page = client.get(f"/?edition={pilot.slug}").content.decode()
    assert '<html lang="en">' in page
    assert "Partnership Initiative of Cities: results" in page
    assert "62.2%" in page


def test_the_browser_language_does_not_override_polish(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="pl">' in page


@pytest.mark.parametrize(
    "url, status",
    [
        ("/?edition=no-such-edition", 404),
        ("/czlonkowie/?network=not-a-number", 400),
        ("/czlonkowie/?status=lost", 400),
        ("/czlonkowie/?page=999", 404),
        ("/czlonkowie/?page=abc", 404),
        ("/czlonkowie/eksport.csv?voivodeship=atlantis", 400),
        ("/czlonkowie/no-such-member/", 404),
        ("/sieci/pilotaz-2017-2019/no-such-network/", 404),
        ("/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/?role=king", 400),
        ("/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/?network=<script>", 400),
    ],
)
def test_bad_input_gets_a_clear_client_error(client, url, status):
    response = client.get(url)
    assert response.status_code == status


def test_query_counts_do_not_grow_with_the_data(client):
    from networks.models import Edition

    counts = []
    for members, responses, meetings in ((20, 30, 5), (120, 300, 60)):
        call_command(
            "generate_demo_data", members=members, responses=responses, meetings=meetings, verbosity=0
        )
        demo = Edition.objects.get(is_synthetic=True)
        counts.append({url.split("?")[0]: queries_of(client, url) for url in public_urls(demo)})
    small, large = counts
    assert list(small.values()) == list(large.values()), (small, large)
    # Warm, every page stays within 10 queries (the shared cache is a table here: its
    # reads count too); cold, the survey figures are computed once and cached.
    assert max(warm for _, warm in large.values()) <= 10, large


def test_visitors_get_a_cached_page_until_the_data_changes(client, pilot, django_assert_max_num_queries):
    from cities.models import Mid

    client.get("/czlonkowie/torun/")
    with django_assert_max_num_queries(2):  # the data version and the page, from the cache table
        assert client.get("/czlonkowie/torun/").status_code == 200
    mid = Mid.objects.get(member__slug="torun", edition=pilot)
    mid.topic = "Temat zmieniony po zapisaniu strony w pamięci podręcznej"
    mid.save()
    assert mid.topic in client.get("/czlonkowie/torun/").content.decode()


def test_logged_in_users_never_get_a_cached_page(client, editor_a):
    client.get("/czlonkowie/torun/")
    client.force_login(editor_a)
    assert "Aktualizuj MID" in client.get("/czlonkowie/torun/").content.decode()
