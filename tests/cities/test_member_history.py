"""The MID history on the public member card: roles not logins, file names not storage paths,
old → new values, dates as Poles write them."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.history import mid_histories
from cities.models import Member, Mid, MidStatus

pytestmark = pytest.mark.django_db

CARD = "/czlonkowie/torun/"
EDIT = "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/"
POLISH_MONTHS = (
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
)


def _torun() -> Mid:
    return Mid.objects.get(member__slug="torun")


def _form(mid: Mid, **changes) -> dict:
    return {
        "topic": mid.topic,
        "summary": mid.summary,
        "document_url": mid.document_url,
        "partnership_stakeholders": mid.partnership_stakeholders,
        "partnership_meeting_count": mid.partnership_meeting_count or "",
        "status": mid.status,
        "status_on": "",
        "version": mid.version,
        **changes,
    }


def _history(client) -> str:
    page = client.get(CARD).content.decode()
    return page[page.index('<details class="history">') :].split("</details>")[0]


def test_the_history_names_a_role_never_a_login(client_as, editor_a, admin_user, ministry_user):
    client_as(editor_a).post(EDIT, _form(_torun(), topic="Temat od miasta"))
    client_as(admin_user).post(EDIT, _form(_torun(), topic="Temat od administratora"))
    mid = _torun()
    mid.summary, mid._history_user = "Poprawione w ministerstwie", ministry_user
    mid.save()
    history = _history(client_as(None))
    assert "redaktor miasta" in history and "administrator" in history and "pracownik ministerstwa" in history
    for user in (editor_a, admin_user, ministry_user):
        assert user.username not in history


def test_the_history_shows_old_and_new_values(client_as, editor_a):
    before = _torun().topic
    client_as(editor_a).post(
        EDIT,
        _form(
            _torun(),
            topic="Nowy temat",
            status=MidStatus.DRAFT,
            status_on="2018-12-10",
            document_url="https://example.torun.pl/mid.pdf",  # handing in needs the document
        ),
    )
    history = _history(client_as(None))
    assert re.search(rf"{re.escape(before or '–')}</span>\s*<span aria-hidden=\"true\">→</span>", history)
    assert "Nowy temat" in history
    # A step's date the way it is written in Polish, and the moment of the change too.
    assert "10 grudnia 2018" in history
    assert re.search(rf'history-when">\d{{1,2}} ({POLISH_MONTHS}) \d{{4}}, \d{{2}}:\d{{2}}<', history)
    assert "2018-12-10" not in history


def test_an_uploaded_document_is_shown_by_its_name_not_its_storage_path(
    client_as, editor_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("MID-Torun-2019.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    assert client_as(editor_a).post(EDIT, {**_form(_torun()), "document": pdf}).status_code == 302
    assert _torun().document.name.startswith("mid-documents/")
    history = _history(client_as(None))
    assert "MID-Torun-2019" in history
    assert "mid-documents" not in history


def test_the_history_costs_one_query(editor_a, django_assert_num_queries):
    mid = _torun()
    mid.topic, mid._history_user = "Jeden zapis", editor_a
    mid.save()
    mid.draft_handed_in_on, mid.status = date(2018, 12, 1), MidStatus.DRAFT
    mid.save()
    torun = Member.objects.get(slug="torun")
    with django_assert_num_queries(1):
        histories = mid_histories(torun)
    assert [entry.who for entry in histories[mid.pk][:2]] == ["redaktor miasta", "redaktor miasta"]
