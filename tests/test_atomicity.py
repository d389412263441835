"""An import or a MID edit that fails half-way leaves nothing half-written."""

import pytest
import tablib

from cities import editing, workflow
from cities.models import Mid, MidStatus
from surveys.models import Answer, Response
from surveys.resources import ResponseResource

pytestmark = pytest.mark.django_db


def test_an_import_that_fails_midway_writes_nothing(pilot_survey, monkeypatch):
    rows = [(f"F-{n}", "", "", "", "", "5", "4") for n in range(10)]
    dataset = tablib.Dataset(
        *rows,
        headers=["respondent_id", "member", "network", "role", "responded_on", "cel-1", "wsparcie-webinaria"],
    )
    saved = {"answers": 0}
    original_save = Answer.save

    def failing_save(self, *args, **kwargs):
        saved["answers"] += 1
        if saved["answers"] == 7:  # the connection drops in the middle of the import
            raise ConnectionError("connection lost")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Answer, "save", failing_save)
    result = ResponseResource(survey=pilot_survey).import_data(dataset, dry_run=False, use_transactions=True)
    assert result.has_errors()
    assert not Response.objects.filter(respondent_id__startswith="F-").exists()
    assert not Answer.objects.filter(response__respondent_id__startswith="F-").exists()


def test_a_mid_edit_that_fails_at_the_status_step_keeps_the_other_fields_unsaved(editor_a, monkeypatch):
    mid = Mid.objects.get(member__slug="torun")

    def broken(*args, **kwargs):
        raise ConnectionError("worker killed")

    monkeypatch.setattr(workflow, "_take", broken)
    with pytest.raises(ConnectionError):
        editing.save_mid(
            mid.pk,
            mid.version,
            {"topic": "Niedokończona zmiana", "document_url": "https://example.org/mid.pdf"},
            MidStatus.DRAFT,
            None,
            editor_a,
        )
    mid.refresh_from_db()
    assert mid.topic != "Niedokończona zmiana"
    assert mid.status == MidStatus.NOT_REPORTED
