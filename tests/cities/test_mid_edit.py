"""A city editor updates the MID over HTTP: saved, kept in the history, conflicts caught."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cities.models import Mid, MidStatus

pytestmark = pytest.mark.django_db

URL = "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/"


def _form(mid: Mid, **changes) -> dict:
    data = {
        "topic": mid.topic,
        "summary": mid.summary,
        "document_url": mid.document_url,
        "partnership_stakeholders": mid.partnership_stakeholders,
        "partnership_meeting_count": mid.partnership_meeting_count or "",
        "status": mid.status,
        "status_on": "",
        "version": mid.version,
    }
    data.update(changes)
    return data


def _torun() -> Mid:
    return Mid.objects.get(member__slug="torun")


def test_the_editor_updates_the_mid_and_sees_it_in_the_history(client_as, editor_a):
    client = client_as(editor_a)
    mid = _torun()
    response = client.post(
        URL,
        _form(
            mid,
            summary="Kampania edukacyjna w szkołach",
            document_url="https://bip.torun.pl/mid.pdf",
            status=MidStatus.DRAFT,
            status_on="2018-12-10",
            partnership_meeting_count=7,
        ),
    )
    assert response.status_code == 302
    mid.refresh_from_db()
    assert (mid.status, mid.draft_handed_in_on, mid.partnership_meeting_count) == (
        MidStatus.DRAFT,
        date(2018, 12, 10),
        7,
    )
    card = client.get("/czlonkowie/torun/").content.decode()
    assert "Historia zmian" in card
    assert "Kampania edukacyjna w szkołach" in card
    history = card[card.index('<details class="history">') :].split("</details>")[0]
    assert "redaktor miasta" in history and editor_a.username not in history  # a role, never a login


def test_skipping_a_step_is_refused_with_a_clear_message(client_as, editor_a):
    mid = _torun()
    response = client_as(editor_a).post(URL, _form(mid, status=MidStatus.COMPLETE))
    assert response.status_code == 200
    assert "Wybierz poprawną wartość" in response.content.decode()  # not among the allowed statuses
    assert _torun().status == MidStatus.NOT_REPORTED


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_what_changed(
    client_as, editor_a, admin_user
):
    mid = _torun()
    opened_version = mid.version
    # The admin saves first, from a form opened at the same version.
    assert client_as(admin_user).post(URL, _form(mid, topic="Temat od administratora")).status_code == 302
    # The editor's save, based on the old version, must not overwrite it.
    response = client_as(editor_a).post(URL, _form(mid, topic="Temat od miasta", version=opened_version))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Temat od administratora" in page  # what changed in the meantime
    assert 'value="Temat od miasta"' in page  # the editor's own input is kept
    assert _torun().topic == "Temat od administratora"
    # Saving again, knowingly, from the refreshed version replaces it.
    current = _torun().version
    again = client_as(editor_a).post(URL, _form(mid, topic="Temat od miasta", version=current))
    assert again.status_code == 302
    assert _torun().topic == "Temat od miasta"


def test_a_pdf_is_accepted_and_served(client_as, editor_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("mid.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = client_as(editor_a).post(URL, {**_form(_torun()), "document": pdf})
    assert response.status_code == 302
    download = client_as(None).get("/czlonkowie/torun/mid/pilotaz-2017-2019/dokument.pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("mid.pdf", b"MZ\x90\x00 not a pdf", "nie jest dokumentem PDF"),
        ("mid.exe", b"%PDF-1.7 but named .exe", "Rozszerzenie pliku"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(client_as, editor_a, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    response = client_as(editor_a).post(URL, {**_form(_torun()), "document": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not _torun().document


def test_a_pdf_over_the_size_limit_is_refused(client_as, editor_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MID_DOCUMENT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("mid.pdf", b"%PDF-" + b"0" * 2000)
    response = client_as(editor_a).post(URL, {**_form(_torun()), "document": upload})
    assert "limit" in response.content.decode()
    assert not _torun().document


def test_only_an_admin_is_offered_back_steps_and_only_the_ministry_a_review(client_as, editor_a, admin_user):
    mid = _torun()
    mid.status, mid.draft_handed_in_on = MidStatus.DRAFT, date(2018, 12, 1)
    mid.save()
    editor_choices = client_as(editor_a).get(URL).context["form"].fields["status"].choices
    admin_choices = client_as(admin_user).get(URL).context["form"].fields["status"].choices
    assert [value for value, _ in editor_choices] == [MidStatus.DRAFT]
    assert [value for value, _ in admin_choices] == [
        MidStatus.NOT_REPORTED,
        MidStatus.DRAFT,
        MidStatus.RETURNED,
        MidStatus.COMPLETE,
    ]


def test_handing_in_without_a_document_is_refused_and_nothing_is_saved(client_as, editor_a):
    mid = _torun()
    response = client_as(editor_a).post(URL, _form(mid, summary="Nowe streszczenie", status=MidStatus.DRAFT))
    assert response.status_code == 200
    assert "z dokumentem" in response.content.decode()
    mid.refresh_from_db()
    assert (mid.status, mid.summary) == (MidStatus.NOT_REPORTED, "")


def test_the_city_sees_the_ministrys_comment_and_hands_in_again(client_as, editor_a, ministry_user):
    from cities import workflow

    mid = _torun()
    mid.document_url = "https://bip.torun.pl/mid.pdf"
    mid.save()
    workflow.hand_in(mid, editor_a, date(2018, 12, 1))
    workflow.return_to_city(mid, ministry_user, "Dopiszcie harmonogram i budżet.")
    page = client_as(editor_a).get(URL)
    text = page.content.decode()
    assert "Ministerstwo zwróciło MID do poprawy" in text
    assert "Dopiszcie harmonogram i budżet." in text
    assert [value for value, _ in page.context["form"].fields["status"].choices] == [
        MidStatus.DRAFT,
        MidStatus.RETURNED,
    ]
    mid.refresh_from_db()
    again = client_as(editor_a).post(URL, _form(mid, status=MidStatus.DRAFT, comment="Poprawione"))
    assert again.status_code == 302
    mid.refresh_from_db()
    assert mid.status == MidStatus.DRAFT


def test_the_edit_page_shows_the_deadlines_and_flags_an_overdue_hand_in(client_as, editor_a, pilot):
    pilot.hand_in_deadline = date(2019, 3, 31)
    pilot.completion_deadline = date(2019, 9, 30)
    pilot.save()
    text = client_as(editor_a).get(URL).content.decode()
    assert "31 marca 2019" in text and "30 września 2019" in text
    assert "termin przekazania minął" in text
