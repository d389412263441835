"""The import commands: the admin's formats from the command line, with a progress bar."""

import io

import pytest
from django.core.management import CommandError, call_command

from cities.models import Member
from surveys.models import Response

pytestmark = pytest.mark.django_db


def test_import_members_checks_writes_and_draws_progress(tmp_path, pilot):
    path = tmp_path / "czlonkowie.csv"
    path.write_text(
        "Edycja;Nazwa;Rodzaj;Szerokość geograficzna;Długość geograficzna\n"
        "pilotaz-2017-2019;Gmina Próbna;gmina;52,1;19,2\n",
        "utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", str(path), stdout=out, stderr=err)
    member = Member.objects.get(slug="gmina-probna")
    assert float(member.latitude) == pytest.approx(52.1)
    assert "100%" in err.getvalue() and "Import zakończony" in out.getvalue()


def test_import_members_names_each_bad_cell_and_writes_nothing(tmp_path, pilot):
    path = tmp_path / "czlonkowie.csv"
    path.write_text("edition,name,kind\npilotaz-2017-2019,Gmina X,wieś\n", "utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nic nie zapisano"):
        call_command("import_members", str(path), stdout=io.StringIO(), stderr=err)
    assert "Wiersz danych 1 (wiersz 2 arkusza), kolumna kind" in err.getvalue()
    assert not Member.objects.filter(name="Gmina X").exists()


def test_import_responses_dry_run_writes_nothing_and_a_sealed_survey_refuses(
    tmp_path, live_survey, pilot_survey
):
    path = tmp_path / "odpowiedzi.csv"
    path.write_text("Identyfikator respondenta,Członek,cel-1\nK-1,Toruń,5\n", "utf-8")
    out = io.StringIO()
    call_command(
        "import_responses", "pilotaz-2017-2019", live_survey.slug, str(path), "--dry-run", stdout=out
    )
    assert "Nic nie zapisano (--dry-run)" in out.getvalue()
    assert not Response.objects.filter(respondent_id="K-1").exists()
    call_command(
        "import_responses", "pilotaz-2017-2019", live_survey.slug, str(path), stdout=out, stderr=io.StringIO()
    )
    assert Response.objects.get(respondent_id="K-1").member.slug == "torun"
    with pytest.raises(CommandError, match="jest zamknięta"):
        call_command("import_responses", "pilotaz-2017-2019", pilot_survey.slug, str(path), stdout=out)
