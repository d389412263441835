"""The figure dicts are valid plotly figures, and carry the computed values."""

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from django.conf import settings
from django.utils.translation import override

from pim import charts
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


def test_the_map_is_a_valid_figure_with_one_trace_per_network():
    geometry = json.loads((Path(settings.BASE_DIR) / "static" / "geo" / "poland.json").read_text())
    figure = charts.members_map(
        [("A", [{"name": "X", "lon": 18.6, "lat": 53.0, "url": "/x/"}]), ("B", [])], geometry, "t", "s"
    )
    go.Figure(figure)
    assert [trace.get("name") for trace in figure["data"][2:]] == ["A", "B"]
