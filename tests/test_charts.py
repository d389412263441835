"""The figure dicts are valid plotly figures, and carry the computed values."""

import plotly.graph_objects as go
import pytest
from django.utils.translation import override

from surveys.models import QuestionGroup
from surveys.results import survey_results
from surveys.sections import chart_sections
from tests import reference

pytestmark = pytest.mark.django_db


def test_every_survey_chart_is_a_valid_plotly_figure(pilot_survey):
    sections = chart_sections(survey_results(pilot_survey), "source")
    drawn = [section for section in sections if section.figure]
    assert drawn
    for section in drawn:
        go.Figure(section.figure)  # raises on any property plotly does not know


def test_the_goal_chart_bars_carry_the_published_shares(pilot_survey):
    goals = next(
        section
        for section in chart_sections(survey_results(pilot_survey), "source")
        if section.group == QuestionGroup.PROGRAMME_GOALS.label
    )
    definitely_yes = goals.figure["data"][0]
    assert definitely_yes["x"] == [
        float(reference.goal_shares()[goal][5]) for goal in sorted(reference.goal_shares())
    ]


def test_numbers_in_charts_are_written_the_polish_way(pilot_survey):
    with override("pl"):
        sections = chart_sections(survey_results(pilot_survey), "source")
    goals = sections[0].figure
    assert goals["layout"]["separators"] == ", "
    assert "62,2\u00a0%" in goals["data"][0]["text"]


@pytest.mark.parametrize("language, suffix", [("pl", "\u00a0%"), ("en", "%")])
def test_stacked_charts_mark_100_percent_in_both_languages(pilot_survey, language, suffix):
    with override(language):
        goals = chart_sections(survey_results(pilot_survey), "source")[0].figure
    axis = goals["layout"]["xaxis"]
    assert axis["range"] == [0, 100]
    assert axis["tickvals"][-1] == 100
    assert axis["ticktext"][-1] == f"100{suffix}"
    assert len(axis["ticktext"]) == len(axis["tickvals"])


def test_a_chart_element_reserves_its_height_and_offers_png_and_csv(pilot_survey):
    from django.template import Context, Template

    section = chart_sections(survey_results(pilot_survey), "source")[0]
    with override("pl"):
        html = Template("{% load pim_extras %}{% chart_plot figure 'c1' 'Cele' %}").render(
            Context({"figure": section.figure})
        )
    assert f'style="--chart-height: {section.figure["layout"]["height"]}px"' in html
    # Hidden until the script that serves them runs; named for a screen reader with the chart's title.
    assert 'data-action="chart-png" data-chart="c1"' in html and 'data-action="chart-csv"' in html
    assert html.count("hidden>") >= 2
    assert 'Wykres (PNG)<span class="visually-hidden"> – Cele</span>' in html
