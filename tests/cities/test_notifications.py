"""Mails of the MID workflow: queued with the step, sent after its commit, never costing
the step when the mail server fails, and collected into daily digests on request."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from cities import notifications, workflow
from cities.models import Mid, MidStatus, Notification
from cities.workflow_models import NotificationKind

pytestmark = pytest.mark.django_db


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def torun(editor_a) -> Mid:
    mid = Mid.objects.get(member__slug="torun")
    mid.document_url = "https://bip.torun.pl/mid.pdf"
    mid.save()
    return mid


def test_a_hand_in_mails_the_reviewers_only_after_the_commit(
    torun, editor_a, ministry_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.hand_in(torun, editor_a, date(2018, 12, 1))
    # Inside the transaction: the promise is written, nothing is sent.
    assert mail.outbox == []
    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.sent_at) == (ministry_user, NotificationKind.HANDED_IN, None)
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [ministry_user.email]
    assert message.subject == "PIM Dashboard: Toruń – przekazano MID"
    assert "/czlonkowie/torun/mid/pilotaz-2017-2019/przeglad/" in message.body
    row.refresh_from_db()
    assert row.sent_at is not None


def test_a_refused_step_queues_no_mail(torun, editor_a, django_capture_on_commit_callbacks):
    torun.document_url = ""
    torun.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.TransitionError):
        workflow.hand_in(torun, editor_a)
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_return_mails_the_citys_editors_with_the_comment(
    torun, editor_a, editor_b, ministry_user, django_capture_on_commit_callbacks
):
    workflow.hand_in(torun, editor_a, date(2018, 12, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_city(torun, ministry_user, "Dopiszcie budżet & harmonogram.")
    [message] = mail.outbox
    assert message.to == [editor_a.email]  # not Olsztyn's editor
    assert "zwrócony do poprawy" in message.subject
    assert "Dopiszcie budżet & harmonogram." in message.body  # plain text, not HTML-escaped
    assert "/czlonkowie/torun/mid/pilotaz-2017-2019/edytuj/" in message.body


def test_an_acceptance_mails_the_citys_editors(
    torun, editor_a, ministry_user, django_capture_on_commit_callbacks
):
    workflow.hand_in(torun, editor_a, date(2018, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(torun, ministry_user)
    assert [message.to for message in mail.outbox] == [[editor_a.email]]
    assert "przyjęty" in mail.outbox[0].subject


def test_reviewers_without_an_address_or_inactive_get_no_mail(
    torun, editor_a, ministry_user, django_capture_on_commit_callbacks
):
    ministry_user.is_active = False
    ministry_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.hand_in(torun, editor_a)
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_mail_failure_never_costs_the_status_change_and_is_retried(
    torun, editor_a, ministry_user, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.cities.test_notifications.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.hand_in(torun, editor_a, date(2018, 12, 1))
    torun.refresh_from_db()
    assert torun.status == MidStatus.DRAFT
    row = Notification.objects.get()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert "mail server down" in row.last_error
    assert "kept in the outbox" in caplog.text
    # The digest run retries it, once the mail server is back.
    with pytest.raises(CommandError, match="1 e-mail"):
        call_command("send_digests")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_digests")
    [message] = mail.outbox
    assert message.to == [ministry_user.email]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2


def test_a_daily_digest_collects_the_days_notifications_in_one_mail(
    torun, editor_a, ministry_user, django_user_model, django_capture_on_commit_callbacks
):
    notifications.set_daily_digest(ministry_user, True)
    olsztyn = Mid.objects.get(member__slug="olsztyn")
    olsztyn.document_url = "https://bip.olsztyn.eu/mid.pdf"
    olsztyn.save()
    olsztyn.member.editors.add(editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.hand_in(torun, editor_a)
        workflow.hand_in(olsztyn, editor_a)
    assert mail.outbox == []  # no flood: the digest waits for its run
    call_command("send_digests", "--failed-only")
    assert mail.outbox == []  # the retry leaves digests alone
    call_command("send_digests")
    [digest] = mail.outbox
    assert digest.subject == "PIM Dashboard: 2 powiadomienia o MID"
    assert "Toruń" in digest.body and "Olsztyn" in digest.body
    assert not Notification.objects.unsent().exists()
    call_command("send_digests")
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_the_retry_leaves_fresh_mails_to_their_delivery_after_commit(torun, editor_a, ministry_user):
    workflow.hand_in(torun, editor_a)  # its delivery waits for a commit that never comes here
    call_command("send_digests", "--failed-only")
    assert mail.outbox == []
    assert Notification.objects.unsent().count() == 1


def test_a_user_chooses_a_daily_digest_on_their_page(client_as, editor_a):
    client = client_as(editor_a)
    assert client.get("/konto/powiadomienia/").status_code == 200
    assert client.post("/konto/powiadomienia/", {"delivery": "daily"}).status_code == 302
    assert notifications.wants_daily_digest(editor_a)
    bad = client.post("/konto/powiadomienia/", {"delivery": "hourly"})
    assert bad.status_code == 200 and "field-errors" in bad.content.decode()
    assert notifications.wants_daily_digest(editor_a)
    client.post("/konto/powiadomienia/", {"delivery": "now"})
    assert not notifications.wants_daily_digest(editor_a)


def test_queueing_costs_the_same_queries_for_one_reviewer_or_many(
    torun, editor_a, django_assert_num_queries, django_user_model
):
    from django.contrib.auth.models import Group

    from networks.roles import MINISTRY_STAFF_GROUP

    staff = Group.objects.get(name=MINISTRY_STAFF_GROUP)
    for n in range(12):
        get_user_model().objects.create_user(f"rec-{n}", f"rec-{n}@example.gov.pl").groups.add(staff)
    member, edition = torun.member, torun.edition
    with django_assert_num_queries(3):
        notifications.notify(NotificationKind.HANDED_IN, member, edition, editor_a)
    assert Notification.objects.count() == 12
