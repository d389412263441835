"""Invitations of city coordinators, end to end: the mail (read from the file backend),
the link, the password, the account; and every way a link or an invitation can be wrong."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from cities.models import Invitation, Member

pytestmark = pytest.mark.django_db

INVITE = "/czlonkowie/torun/zapros/"
PASSWORD = "Mocne-Haslo-Koordynatora-2026"
SET_PASSWORD = "/konto/zaproszenie/ustaw-haslo/"


@pytest.fixture
def mailbox(settings, tmp_path):
    """Mail goes to files, as in `make run`; returns a reader of the messages written."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path

    def messages():
        found = []
        for path in sorted(tmp_path.iterdir(), key=lambda path: path.stat().st_mtime_ns):
            # One file per connection; messages in it are separated by a line of dashes.
            for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(message_from_bytes(chunk, policy=policy.default))
        return found

    return messages


def _invite(client, capture, **data):
    fields = {"name": "Anna Kowalska", "email": "anna.kowalska@um.torun.pl", "members": []}
    fields.update(data)
    fields["members"] = fields["members"] or [Member.objects.get(slug="torun").pk]
    with capture(execute=True):
        return client.post(INVITE, fields)


def _link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/konto/zaproszenie/\S+/)", message.get_content()).group(1)


def _accept(client, link, password=PASSWORD):
    """Open the link as the invitee does (it moves into the session), then set the password."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    assert opened["Location"] == SET_PASSWORD and link not in opened["Location"]
    return client.post(SET_PASSWORD, {"new_password1": password, "new_password2": password})


def test_an_invited_coordinator_sets_a_password_and_lands_on_their_mids(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    olsztyn = Member.objects.get(slug="olsztyn")
    client = client_as(ministry_user)
    response = _invite(
        client,
        django_capture_on_commit_callbacks,
        members=[Member.objects.get(slug="torun").pk, olsztyn.pk],
    )
    assert response.status_code == 302
    [message] = mailbox()
    assert message["To"] == "anna.kowalska@um.torun.pl"
    assert message["Subject"] == "PIM Dashboard: zaproszenie do aktualizacji MID"
    body = message.get_content()
    assert "Dzień dobry, Anna Kowalska!" in body
    assert "Toruń" in body and "Olsztyn" in body
    assert "Link działa jeden raz" in body
    link = _link(message)

    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "anna.kowalska@um.torun.pl" in form.content.decode()
    done = _accept(client, link)
    assert done.status_code == 302 and done["Location"] == "/konto/start/"
    assert client.get("/konto/start/")["Location"] == "/konto/moi-czlonkowie/"
    user = get_user_model().objects.get(username="anna.kowalska@um.torun.pl")
    assert (user.first_name, user.last_name, user.check_password(PASSWORD)) == ("Anna", "Kowalska", True)
    assert set(user.edited_members.values_list("slug", flat=True)) == {"torun", "olsztyn"}
    mine = client.get("/konto/moi-czlonkowie/").content.decode()
    assert "Toruń" in mine and "Olsztyn" in mine
    invitation = Invitation.objects.get()
    assert (invitation.user, invitation.accepted_at is not None) == (user, True)


def test_a_used_link_is_refused_with_a_clear_message(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    client = client_as(ministry_user)
    _invite(client, django_capture_on_commit_callbacks)
    link = _link(mailbox()[0])
    client.logout()
    _accept(client, link)
    client.logout()
    again = _accept(client, link, "Inne-Haslo-Przejmujace-2026")
    assert again.status_code == 410
    assert "został już użyty" in again.content.decode()
    user = get_user_model().objects.get(username="anna.kowalska@um.torun.pl")
    assert user.check_password(PASSWORD)


def test_an_expired_link_is_refused_with_a_clear_message(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    client = client_as(ministry_user)
    _invite(client, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = _accept(client, _link(mailbox()[0]))
    assert response.status_code == 410
    assert "wygasł" in response.content.decode()
    assert not get_user_model().objects.filter(username="anna.kowalska@um.torun.pl").exists()


def test_a_resent_invitation_replaces_the_old_link_and_a_withdrawn_one_stops_working(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    client = client_as(ministry_user)
    _invite(client, django_capture_on_commit_callbacks)
    old_link = _link(mailbox()[0])
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/zaproszenia/{invitation.pk}/wyslij-ponownie/").status_code == 302
    new_link = _link(mailbox()[1])
    assert new_link != old_link
    client.logout()
    unknown = client.get(old_link)
    assert unknown.status_code == 404
    assert "link wysłany ponownie zastępuje wcześniejszy" in unknown.content.decode()
    client.force_login(ministry_user)
    assert client.post(f"/zaproszenia/{invitation.pk}/wycofaj/").status_code == 302
    client.logout()
    withdrawn = _accept(client, new_link)
    assert withdrawn.status_code == 410
    assert "wycofano" in withdrawn.content.decode()
    assert not get_user_model().objects.filter(username="anna.kowalska@um.torun.pl").exists()


def test_an_invitation_to_an_existing_email_is_refused_and_nothing_is_sent(
    client_as, ministry_user, editor_a, mailbox, django_capture_on_commit_callbacks
):
    response = _invite(
        client_as(ministry_user), django_capture_on_commit_callbacks, email=editor_a.email.upper()
    )
    assert response.status_code == 200
    assert "już istnieje" in response.content.decode()
    assert editor_a.username in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailbox() == []


def test_a_second_invitation_to_a_pending_address_is_refused(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    client = client_as(ministry_user)
    _invite(client, django_capture_on_commit_callbacks)
    again = _invite(client, django_capture_on_commit_callbacks, email="Anna.Kowalska@um.torun.pl")
    assert again.status_code == 200
    assert "wyślij je ponownie albo wycofaj" in again.content.decode()
    assert Invitation.objects.count() == 1 and len(mailbox()) == 1


def test_a_weak_password_is_refused_and_no_account_is_made(
    client_as, ministry_user, mailbox, django_capture_on_commit_callbacks
):
    client = client_as(ministry_user)
    _invite(client, django_capture_on_commit_callbacks)
    client.logout()
    response = _accept(client, _link(mailbox()[0]), "kowalska123")
    assert response.status_code == 200
    assert "field-errors" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert not get_user_model().objects.filter(username="anna.kowalska@um.torun.pl").exists()


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_invitation_mail_keeps_the_invitation_to_resend(
    client_as, ministry_user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.cities.test_invitations.BrokenMailBackend"
    client = client_as(ministry_user)
    response = _invite(client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    card = client.get(response["Location"]).content.decode()
    assert "nie udało się wysłać e-maila" in card
    assert "e-maila nie wysłano" in card
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zaproszenia/{invitation.pk}/wyslij-ponownie/")
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_coordinators_and_their_emails_are_shown_to_staff_only(personas, client_as, editor_a):
    for persona, user in personas.items():
        page = client_as(user).get("/czlonkowie/torun/").content.decode()
        shown = editor_a.email in page
        assert shown == (persona in {"ministry", "admin"}), persona
        assert ("Zaproś koordynatora" in page) == (persona in {"ministry", "admin"}), persona


def test_city_editors_cannot_invite_resend_or_withdraw(client_as, editor_a, ministry_user):
    invitation = Invitation.objects.create(
        name="X", email="x@example.pl", token_hash="0" * 64, expires_at=timezone.now() + timedelta(days=1)
    )
    client = client_as(editor_a)
    assert client.post(INVITE, {"name": "Y", "email": "y@example.pl"}).status_code == 403
    assert client.post(f"/zaproszenia/{invitation.pk}/wyslij-ponownie/").status_code == 403
    assert client.post(f"/zaproszenia/{invitation.pk}/wycofaj/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and Invitation.objects.count() == 1


def test_the_set_password_page_without_an_opened_link_explains_itself(client):
    response = client.post(SET_PASSWORD, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 404
    assert "link z zaproszenia jest nieprawidłowy" in response.content.decode()
