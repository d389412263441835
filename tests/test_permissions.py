"""The permission matrix, over HTTP, for every URL in the URLconf and every role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PILOT = "pilotaz-2017-2019"
SURVEY = f"ankiety/{PILOT}/ankieta-sierpien-2019"
PUBLIC = {"anonymous": 200, "editor_a": 200, "editor_b": 200, "ministry": 200, "admin": 200}
RAW_DATA = {"anonymous": 302, "editor_a": 403, "editor_b": 403, "ministry": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "editor_a": 403, "editor_b": 403, "ministry": 403, "admin": 200}
EDIT_A = {"anonymous": 302, "editor_a": 200, "editor_b": 403, "ministry": 403, "admin": 200}
EDIT_B = {"anonymous": 302, "editor_a": 403, "editor_b": 200, "ministry": 403, "admin": 200}
LOGGED_IN = {"anonymous": 302, "editor_a": 200, "editor_b": 200, "ministry": 200, "admin": 200}
ADMIN_SITE = {"anonymous": 302, "editor_a": 302, "editor_b": 302, "ministry": 302, "admin": 200}
MINISTRY = {"anonymous": 302, "editor_a": 403, "editor_b": 403, "ministry": 200, "admin": 200}
# State changes: a GET is refused (405) once logged in; who may POST is tested below.
POST_ONLY = {"anonymous": 302, "editor_a": 405, "editor_b": 405, "ministry": 405, "admin": 405}

# Every named URL of the site (outside the admin) with a sample address and who may reach it.
MATRIX = {
    "home": [("/", PUBLIC)],
    "robots": [("/robots.txt", PUBLIC)],
    "favicon": [("/favicon.ico", dict.fromkeys(PUBLIC, 301))],
    "healthz": [("/healthz", PUBLIC)],
    "readyz": [("/readyz", PUBLIC)],
    "accessibility": [("/deklaracja-dostepnosci/", PUBLIC)],
    "networks:programme": [("/program/", PUBLIC)],
    "networks:list": [("/sieci/", PUBLIC)],
    "networks:detail": [(f"/sieci/{PILOT}/rewitalizacja/", PUBLIC)],
    "networks:recommendations": [("/zalecenia/", PUBLIC)],
    "networks:sources": [("/zrodla/", PUBLIC)],
    "cities:list": [("/czlonkowie/", PUBLIC)],
    "cities:export-csv": [("/czlonkowie/eksport.csv", PUBLIC)],
    "cities:export-xlsx": [("/czlonkowie/eksport.xlsx", PUBLIC)],
    "cities:export-excel-csv": [("/czlonkowie/eksport-excel.csv", PUBLIC)],
    "cities:member": [("/czlonkowie/torun/", PUBLIC)],
    "cities:member-edit": [("/czlonkowie/torun/edytuj/", EDIT_A), ("/czlonkowie/olsztyn/edytuj/", EDIT_B)],
    "cities:mid-edit": [
        (f"/czlonkowie/torun/mid/{PILOT}/edytuj/", EDIT_A),
        (f"/czlonkowie/olsztyn/mid/{PILOT}/edytuj/", EDIT_B),
    ],
    # No document is uploaded in the pilot data: a 404 for everyone, the same for all.
    "cities:mid-document": [(f"/czlonkowie/torun/mid/{PILOT}/dokument.pdf", dict.fromkeys(PUBLIC, 404))],
    "cities:map": [("/mapa/", PUBLIC)],
    "cities:my-members": [("/konto/moi-czlonkowie/", LOGGED_IN)],
    # Where a login leads: a redirect for everyone (anonymous to the login page).
    "cities:landing": [("/konto/start/", dict.fromkeys(PUBLIC, 302))],
    "cities:mail-preference": [("/konto/powiadomienia/", LOGGED_IN)],
    "cities:mid-review": [(f"/czlonkowie/torun/mid/{PILOT}/przeglad/", MINISTRY)],
    "cities:follow-up": [("/przeglad/", MINISTRY)],
    "cities:remind": [(f"/przeglad/przypomnij/torun/{PILOT}/", POST_ONLY)],
    "cities:invite": [("/czlonkowie/torun/zapros/", MINISTRY)],
    "cities:invitation-resend": [("/zaproszenia/1/wyslij-ponownie/", POST_ONLY)],
    "cities:invitation-withdraw": [("/zaproszenia/1/wycofaj/", POST_ONLY)],
    # An unknown invitation link explains itself to anyone.
    "cities:invitation-accept": [("/konto/zaproszenie/not-a-token/", dict.fromkeys(PUBLIC, 404))],
    # The default edition has no survey on record: a page says so. The pilot's redirects to it.
    "surveys:index": [("/ankiety/", PUBLIC), (f"/ankiety/?edition={PILOT}", dict.fromkeys(PUBLIC, 302))],
    "surveys:detail": [(f"/{SURVEY}/", PUBLIC)],
    "surveys:responses": [(f"/{SURVEY}/odpowiedzi/", RAW_DATA)],
    "surveys:export": [(f"/{SURVEY}/odpowiedzi.csv", RAW_DATA), (f"/{SURVEY}/odpowiedzi.xlsx", RAW_DATA)],
    "surveys:template": [(f"/{SURVEY}/szablon-importu.csv", ADMIN_ONLY)],
    "language": [("/jezyk/en/?next=/", dict.fromkeys(PUBLIC, 302))],
    "login": [("/konto/login/", PUBLIC)],
    "logout": [("/konto/logout/", dict.fromkeys(PUBLIC, 405))],  # POST only
    "password_change": [("/konto/password_change/", LOGGED_IN)],
    "password_change_done": [("/konto/password_change/done/", LOGGED_IN)],
    "password_reset": [("/konto/password_reset/", PUBLIC)],
    "password_reset_done": [("/konto/password_reset/done/", PUBLIC)],
    "password_reset_confirm": [("/konto/reset/MQ/set-password/", PUBLIC)],
    "password_reset_complete": [("/konto/reset/done/", PUBLIC)],
    # The open-data API: public data for everyone; raw responses for staff only (403, not a
    # login redirect: API clients get a status, not a page).
    "library:documents": [("/dokumenty/", PUBLIC)],
    "library:documents-csv": [("/dokumenty/eksport.csv", PUBLIC)],
    "library:search": [("/szukaj/?q=zdunska", PUBLIC)],
    "library:edition-report": [(f"/raport/{PILOT}/", PUBLIC)],
    "library:network-report": [(f"/raport/{PILOT}/rewitalizacja/", PUBLIC)],
    "api:root": [("/api/v1/", PUBLIC)],
    "api:schema": [("/api/v1/schema/", PUBLIC)],
    "api:docs": [("/api/v1/docs/", PUBLIC)],
    "api:catalogue": [("/api/v1/catalogue.jsonld", PUBLIC)],
    "api:edition-list": [("/api/v1/editions/", PUBLIC)],
    "api:edition-detail": [(f"/api/v1/editions/{PILOT}/", PUBLIC)],
    "api:network-list": [("/api/v1/networks/", PUBLIC)],
    "api:network-detail": [(f"/api/v1/networks/{PILOT}/rewitalizacja/", PUBLIC)],
    "api:member-list": [("/api/v1/members/", PUBLIC)],
    "api:member-detail": [("/api/v1/members/torun/", PUBLIC)],
    "api:membership-list": [("/api/v1/memberships/", PUBLIC)],
    "api:mid-list": [("/api/v1/mids/", PUBLIC)],
    "api:mid-detail": [(f"/api/v1/mids/torun/{PILOT}/", PUBLIC)],
    "api:meeting-list": [("/api/v1/meetings/", PUBLIC)],
    "api:meeting-detail": [("/api/v1/meetings/0/", dict.fromkeys(PUBLIC, 404))],
    "api:source-list": [("/api/v1/sources/", PUBLIC)],
    "api:source-detail": [("/api/v1/sources/S1/", PUBLIC)],
    "api:improvement-plan-list": [("/api/v1/improvement-plans/", PUBLIC)],
    "api:improvement-plan-detail": [(f"/api/v1/improvement-plans/{PILOT}/rewitalizacja/", PUBLIC)],
    "api:recommendation-list": [("/api/v1/recommendations/", PUBLIC)],
    "api:published-figure-list": [("/api/v1/published-figures/", PUBLIC)],
    "api:survey-list": [("/api/v1/surveys/", PUBLIC)],
    "api:survey-detail": [(f"/api/v1/surveys/{PILOT}/ankieta-sierpien-2019/", PUBLIC)],
    "api:survey-results": [(f"/api/v1/surveys/{PILOT}/ankieta-sierpien-2019/results/", PUBLIC)],
    "api:survey-responses": [
        (f"/api/v1/surveys/{PILOT}/ankieta-sierpien-2019/responses/", {**RAW_DATA, "anonymous": 403})
    ],
}
ADMIN_PAGES = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/group/",
    "/admin/networks/edition/",
    "/admin/networks/network/",
    "/admin/cities/member/",
    "/admin/cities/mid/",
    "/admin/surveys/response/",
    "/admin/surveys/response/import/",
    "/admin/cities/membership/import/",
    "/admin/cities/membership/import/szablon.xlsx",
    "/admin/surveys/survey/",
    "/admin/cities/invitation/",
    "/admin/cities/notification/",
    "/admin/cities/reminder/",
]


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_url_of_the_site_has_an_access_rule():
    assert set(_named_urls(get_resolver().url_patterns)) == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_reach_each_url(name, personas, client_as):
    for url, expected in MATRIX[name]:
        for persona, user in personas.items():
            response = client_as(user).get(url)
            if response.streaming:  # read a download to its end, which closes it (and its cursor)
                b"".join(response.streaming_content)
            status = response.status_code
            assert status == expected[persona], f"{persona} GET {url}: {status}, expected {expected[persona]}"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_only_admins_reach_the_admin_site(url, personas, client_as):
    for persona, user in personas.items():
        status = client_as(user).get(url).status_code
        assert status == ADMIN_SITE[persona], f"{persona} GET {url}: {status}"


def test_an_editor_cannot_post_to_another_members_mid(client_as, editor_a):
    from cities.models import Mid

    before = Mid.objects.get(member__slug="olsztyn")
    response = client_as(editor_a).post(
        f"/czlonkowie/olsztyn/mid/{PILOT}/edytuj/",
        {"topic": "przejęte", "status": "draft", "version": before.version},
    )
    assert response.status_code == 403
    assert Mid.objects.get(pk=before.pk).topic == before.topic


def test_internal_notes_are_shown_to_ministry_staff_and_admins_only(personas, client_as):
    from cities.models import Member

    Member.objects.filter(slug="torun").update(internal_notes="Notatka tylko dla ministerstwa")
    for persona, user in personas.items():
        page = client_as(user).get("/czlonkowie/torun/").content.decode()
        shown = "Notatka tylko dla ministerstwa" in page
        assert shown == (persona in {"ministry", "admin"}), persona


@pytest.mark.parametrize(
    "url",
    [
        f"/przeglad/przypomnij/torun/{PILOT}/",
        "/zaproszenia/{invitation}/wyslij-ponownie/",
        "/zaproszenia/{invitation}/wycofaj/",
    ],
)
def test_only_the_ministry_may_post_the_workflows_state_changes(url, personas, client_as, settings):
    from datetime import timedelta

    from django.utils import timezone

    from cities.models import Invitation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    expected = {"anonymous": 302, "editor_a": 403, "editor_b": 403}
    for persona in expected:
        invitation = Invitation.objects.create(
            name="Jan Nowak",
            email=f"jan.nowak.{persona}@example.pl",
            token_hash=f"{persona:0>64}",
            expires_at=timezone.now() + timedelta(days=1),
        )
        status = client_as(personas[persona]).post(url.format(invitation=invitation.pk)).status_code
        assert status == expected[persona], f"{persona} POST {url}: {status}"
        invitation.refresh_from_db()
        assert invitation.withdrawn_at is None
    from cities.models import Reminder

    assert not Reminder.objects.exists()
