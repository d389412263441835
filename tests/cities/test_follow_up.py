"""The ministry's follow-up page: the review queue, the members to remind, deadlines, and
one-click reminders that are rate-limited and logged."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.models import Member, Mid, MidStatus, Reminder

pytestmark = pytest.mark.django_db

PILOT = "pilotaz-2017-2019"
URL = f"/przeglad/?edition={PILOT}"


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _set(slug: str, status: str, changed_days_ago: int = 0, **fields) -> Mid:
    """Put a member's pilot MID in a status, last changed some days ago (no history, no mail)."""
    dates = {
        MidStatus.DRAFT: {"draft_handed_in_on": date(2019, 1, 10)},
        MidStatus.RETURNED: {"draft_handed_in_on": date(2019, 1, 10)},
        MidStatus.COMPLETE: {"draft_handed_in_on": date(2019, 1, 10), "completed_on": date(2019, 3, 1)},
        MidStatus.IMPLEMENTATION: {
            "draft_handed_in_on": date(2019, 1, 10),
            "completed_on": date(2019, 3, 1),
            "implementation_started_on": date(2019, 6, 1),
        },
    }.get(status, {})
    Mid.objects.filter(member__slug=slug, edition__slug=PILOT).update(
        status=status, updated_at=timezone.now() - timedelta(days=changed_days_ago), **{**dates, **fields}
    )
    return Mid.objects.get(member__slug=slug, edition__slug=PILOT)


def test_handed_in_mids_are_listed_oldest_first_with_days_waiting(client_as, ministry_user):
    _set("torun", MidStatus.DRAFT, draft_handed_in_on=date(2019, 2, 1))
    _set("olsztyn", MidStatus.DRAFT, draft_handed_in_on=date(2018, 11, 5))
    response = client_as(ministry_user).get(URL)
    waiting = response.context["waiting"]
    assert [row.member.slug for row in waiting] == ["olsztyn", "torun"]
    assert waiting[0].days_waiting == (timezone.localdate() - date(2018, 11, 5)).days
    assert f"/czlonkowie/olsztyn/mid/{PILOT}/przeglad/" in response.content.decode()


def test_members_to_remind_are_those_with_nothing_recorded_or_nothing_changed_for_n_days(
    client_as, ministry_user, settings
):
    settings.FOLLOW_UP_STALE_DAYS = 30
    _set("torun", MidStatus.RETURNED, changed_days_ago=31)  # stale: the city has to act
    _set("olsztyn", MidStatus.RETURNED, changed_days_ago=29)  # changed recently
    _set("katowice", MidStatus.COMPLETE, changed_days_ago=400)  # accepted, implementation not reported
    _set("gdynia", MidStatus.DRAFT, changed_days_ago=400)  # waits for the ministry, not the city
    _set("szczecin", MidStatus.IMPLEMENTATION, changed_days_ago=400)  # done
    rows = list(client_as(ministry_user).get(URL).context["page"].object_list)
    listed = {row.member.slug for row in rows}
    assert {"torun", "katowice"} <= listed
    assert not listed & {"olsztyn", "gdynia", "szczecin"}
    not_recorded = Mid.objects.filter(edition__slug=PILOT, status=MidStatus.NOT_REPORTED).count()
    assert len(rows) == not_recorded + 2
    # Per network: grouped by network, and one network alone on request.
    networks = [row.network.position for row in rows]
    assert networks == sorted(networks)
    torun_network = Member.objects.get(slug="torun").memberships.get().network
    only = client_as(ministry_user).get(URL, {"edition": PILOT, "network": torun_network.slug})
    assert {row.network for row in only.context["page"].object_list} == {torun_network}


def test_overdue_members_are_flagged_against_the_editions_deadlines(client_as, ministry_user, pilot):
    pilot.hand_in_deadline = date(2019, 3, 31)
    pilot.completion_deadline = timezone.localdate() + timedelta(days=30)
    pilot.save()
    _set("torun", MidStatus.DRAFT)
    response = client_as(ministry_user).get(URL)
    page = response.content.decode()
    assert "termin przekazania minął" in page  # the members with nothing handed in
    assert [row.overdue for row in response.context["waiting"]] == [[]]  # handed in, not yet late
    network = client_as(None).get(
        Member.objects.get(slug="torun").memberships.get().network.get_absolute_url()
    )
    assert "31 marca 2019" in network.content.decode()


def test_one_click_reminds_the_members_editors_and_is_logged(
    client_as, ministry_user, editor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(ministry_user).post(f"/przeglad/przypomnij/torun/{PILOT}/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [editor_a.email]
    assert "przypomnienie" in message.subject
    assert f"/czlonkowie/torun/mid/{PILOT}/edytuj/" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.member.slug, reminder.sent_by, reminder.recipient_count) == ("torun", ministry_user, 1)
    listed = client_as(ministry_user).get(URL).content.decode()
    assert timezone.localtime(reminder.sent_at).strftime("%H:%M") in listed


def test_a_second_reminder_within_the_interval_is_refused_with_a_clear_message(
    client_as, ministry_user, admin_user, editor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as(ministry_user).post(f"/przeglad/przypomnij/torun/{PILOT}/")
        again = client_as(admin_user).post(f"/przeglad/przypomnij/torun/{PILOT}/", follow=True)
    text = again.content.decode()
    assert "przypomniano już" in text and ministry_user.username in text
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1


def test_a_member_without_editors_cannot_be_reminded_and_is_offered_an_invitation(client_as, ministry_user):
    response = client_as(ministry_user).post(f"/przeglad/przypomnij/olsztyn/{PILOT}/", follow=True)
    assert "najpierw zaproś koordynatora" in response.content.decode()
    assert not Reminder.objects.exists() and mail.outbox == []
    assert "/czlonkowie/olsztyn/zapros/" in response.content.decode()


def test_reminders_are_post_only_and_for_the_ministry(client_as, ministry_user, editor_a):
    assert client_as(ministry_user).get(f"/przeglad/przypomnij/torun/{PILOT}/").status_code == 405
    assert client_as(editor_a).post(f"/przeglad/przypomnij/torun/{PILOT}/").status_code == 403
    assert not Reminder.objects.exists()


def test_an_unknown_network_is_a_404(client_as, ministry_user):
    assert client_as(ministry_user).get(URL, {"network": "no-such-network"}).status_code == 404


def test_the_follow_up_page_costs_the_same_queries_at_two_data_sizes(client_as, ministry_user):
    from networks.models import Edition

    client = client_as(ministry_user)
    counts = []
    for members in (20, 150):
        call_command("generate_demo_data", members=members, responses=10, meetings=2, verbosity=0)
        demo = Edition.objects.get(is_synthetic=True)
        Mid.objects.filter(edition=demo).update(updated_at=timezone.now() - timedelta(days=365))
        torun = Member.objects.filter(memberships__network__edition=demo).first()
        torun.editors.add(ministry_user)
        Reminder.objects.create(member=torun, edition=demo, sent_by=ministry_user, recipient_count=1)
        with CaptureQueriesContext(connection) as context:
            response = client.get("/przeglad/", {"edition": demo.slug})
        assert response.status_code == 200
        assert response.context["page"].paginator.count > 0 and response.context["waiting"]
        counts.append(len(context))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10, counts
