"""Names and descriptions of model content come in English on English pages."""

import pytest
from django.utils.html import escape

from networks.models import Edition, Network
from surveys.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_every_loaded_edition_network_and_question_has_an_english_name():
    assert not Edition.objects.real().filter(name_en__isnull=True).exists()
    assert not Network.objects.filter(edition__is_synthetic=False, name_en__isnull=True).exists()
    assert not Question.objects.filter(text_en__isnull=True).exists()
    assert not Question.objects.filter(short_label_en__isnull=True).exists()


def test_english_pages_name_editions_and_networks_in_english(english):
    page = english.get("/program/").content.decode()
    for edition in Edition.objects.real():
        assert escape(edition.name_en) in page and escape(edition.name_pl) not in page
    for network in Network.objects.filter(edition__is_synthetic=False):
        assert escape(network.name_en) in page
        if network.name_pl != network.name_en:
            assert f">{network.name_pl}<" not in page, network.name_pl


def test_english_survey_pages_show_english_questions(english, pilot_survey):
    page = english.get(pilot_survey.get_absolute_url()).content.decode()
    assert escape(pilot_survey.title_en) in page and escape(pilot_survey.title_pl) not in page
    for question in pilot_survey.questions.all():
        assert escape(question.text_en) in page or escape(question.short_label_en) in page, question.code
        assert escape(question.text_pl) not in page, question.code
