"""Every chart's data table lines up (one cell per column in every row) and shows the
published figures beside the computed ones, saying which is which."""

from html.parser import HTMLParser

import pytest

from surveys.models import QuestionKind
from tests import reference

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each <table> of a page as a list of rows, each row the list of its cells' text."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(client, url: str, language: str) -> list[list[list[str]]]:
    client.cookies["django_language"] = language
    parser = Tables()
    parser.feed(client.get(url).content.decode())
    return parser.tables


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_row_of_every_table_has_as_many_cells_as_the_header(client, pilot, pilot_survey, language):
    kinds = set(pilot_survey.questions.values_list("kind", flat=True))
    assert {QuestionKind.LIKERT, QuestionKind.RATING} <= kinds
    for url in (f"/?edition={pilot.slug}", pilot_survey.get_absolute_url(), "/program/"):
        tables = _tables(client, url, language)
        assert tables, url
        for table in tables:
            header, *rows = table
            for row in rows:
                assert len(row) == len(header), (url, header, row)


def _goals_table(client, survey) -> list[list[str]]:
    """The programme goals' table: the one with a "no answer or not shown" column."""
    tables = _tables(client, survey.get_absolute_url(), "pl")
    return next(table for table in tables if "Brak odpowiedzi" in str(table[0]))


def test_goal_four_s_unexplained_share_sits_under_its_own_column(client, pilot_survey):
    goals = _goals_table(client, pilot_survey)
    header = goals[0]
    goal_4 = next(row for row in goals if row[0].startswith("Wpływ PIM na upowszechnianie"))
    missing = reference.goal_shares()[4]["not shown"]
    shown = f"{missing}".replace(".", ",") + " %"  # the parser folds the no-break space
    column = next(i for i, cell in enumerate(goal_4) if cell.startswith(shown))
    assert header[column].startswith("Brak odpowiedzi")


def test_published_figures_stand_beside_the_computed_ones_and_are_labelled(client, pilot_survey):
    goals = _goals_table(client, pilot_survey)
    published_rows = [row for row in goals if "jak opublikowano" in row[0]]
    assert len(published_rows) == len(reference.goal_shares())
    first = published_rows[0]
    assert f"{reference.goal_shares()[1][5]}%" in first  # as S1 prints it: "62.2%"


def test_a_published_figure_that_differs_from_the_computed_one_is_marked(client, pilot_survey):
    page = client.get(pilot_survey.get_absolute_url()).content.decode()
    # "2/3 definitely yes" is 66.7 %; 25 of 37 respondents compute to 67.6 %.
    assert "2/3" in page
    assert 'class="num differs"' in page
    assert "Niektóre obliczone liczby różnią się od opublikowanych" in page
