"""The ministry reviews a handed-in MID over HTTP: accept, return with a comment, and a
review of a MID that changed in the meantime."""

from datetime import date

import pytest
from django.utils import timezone

from cities import workflow
from cities.models import Mid, MidStatus

pytestmark = pytest.mark.django_db

REVIEW = "/czlonkowie/torun/mid/pilotaz-2017-2019/przeglad/"
EDIT = "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/"


@pytest.fixture
def handed_in(editor_a) -> Mid:
    mid = Mid.objects.get(member__slug="torun")
    mid.document_url = "https://bip.torun.pl/mid.pdf"
    mid.save()
    return workflow.hand_in(mid, editor_a, date(2018, 12, 1))


def test_ministry_staff_accept_a_handed_in_mid(client_as, ministry_user, handed_in):
    client = client_as(ministry_user)
    page = client.get(REVIEW)
    assert page.status_code == 200
    assert "https://bip.torun.pl/mid.pdf" in page.content.decode()
    response = client.post(REVIEW, {"decision": "accept", "version": handed_in.version, "comment": ""})
    assert response.status_code == 302
    assert response["Location"] == "/przeglad/?edition=pilotaz-2017-2019"
    handed_in.refresh_from_db()
    assert (handed_in.status, handed_in.completed_on) == (MidStatus.COMPLETE, timezone.localdate())
    assert handed_in.history.order_by("-history_date").first().history_user == ministry_user


def test_a_return_without_a_comment_is_refused_and_changes_nothing(client_as, ministry_user, handed_in):
    response = client_as(ministry_user).post(REVIEW, {"decision": "return", "version": handed_in.version})
    assert response.status_code == 200
    assert "zwrot wymaga komentarza" in response.content.decode()
    handed_in.refresh_from_db()
    assert handed_in.status == MidStatus.DRAFT


def test_a_returned_mid_shows_the_comment_to_the_city(client_as, ministry_user, editor_a, handed_in):
    comment = "Brakuje harmonogramu i opisu partnerstwa."
    response = client_as(ministry_user).post(
        REVIEW, {"decision": "return", "version": handed_in.version, "comment": comment}
    )
    assert response.status_code == 302
    handed_in.refresh_from_db()
    assert handed_in.status == MidStatus.RETURNED
    page = client_as(editor_a).get(EDIT).content.decode()
    assert comment in page
    assert ministry_user.username in page


def test_a_review_of_a_mid_that_changed_meanwhile_is_refused_and_shows_what_changed(
    client_as, ministry_user, editor_a, handed_in
):
    seen_version = handed_in.version
    handed_in.summary = "Streszczenie dopisane po przekazaniu"
    handed_in.version += 1
    handed_in.save()
    response = client_as(ministry_user).post(
        REVIEW, {"decision": "return", "version": seen_version, "comment": "Za krótkie streszczenie"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "MID zmienił się po otwarciu" in page
    assert "Streszczenie dopisane po przekazaniu" in page
    assert "Za krótkie streszczenie" in page  # the reviewer's comment is kept
    handed_in.refresh_from_db()
    assert handed_in.status == MidStatus.DRAFT
    # Deciding again, having seen the current version, is recorded.
    again = client_as(ministry_user).post(
        REVIEW, {"decision": "accept", "version": handed_in.version, "comment": ""}
    )
    assert again.status_code == 302
    handed_in.refresh_from_db()
    assert handed_in.status == MidStatus.COMPLETE


def test_a_mid_not_waiting_for_review_cannot_be_accepted(client_as, ministry_user):
    mid = Mid.objects.get(member__slug="torun")
    page = client_as(ministry_user).get(REVIEW).content.decode()
    assert "nie czeka na ocenę" in page
    response = client_as(ministry_user).post(REVIEW, {"decision": "accept", "version": mid.version})
    assert response.status_code == 200
    assert "nie może przejść" in response.content.decode()
    mid.refresh_from_db()
    assert mid.status == MidStatus.NOT_REPORTED


def test_the_city_cannot_review_its_own_mid(client_as, editor_a, handed_in):
    client = client_as(editor_a)
    assert client.get(REVIEW).status_code == 403
    response = client.post(REVIEW, {"decision": "accept", "version": handed_in.version})
    assert response.status_code == 403
    handed_in.refresh_from_db()
    assert handed_in.status == MidStatus.DRAFT
