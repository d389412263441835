"""After login each role lands where its work is, not on "you edit no member"."""

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "Haslo-Do-Testu-Logowania-2026"


@pytest.mark.parametrize(
    "persona, landing",
    [
        ("editor_a", "/konto/moi-czlonkowie/"),
        ("ministry", "/przeglad/"),
        ("admin", "/admin/"),
    ],
)
def test_each_role_starts_where_its_work_is(persona, landing, personas, client_as):
    response = client_as(personas[persona]).get("/konto/start/", follow=True)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_a_login_leads_to_the_start(editor_a, client):
    editor_a.set_password(PASSWORD)
    editor_a.save()
    response = client.post("/konto/login/", {"username": editor_a.username, "password": PASSWORD})
    assert response["Location"] == "/konto/start/"


def test_a_login_that_asked_for_a_page_goes_back_to_it(editor_a, client):
    editor_a.set_password(PASSWORD)
    editor_a.save()
    response = client.post(
        "/konto/login/?next=/czlonkowie/torun/",
        {"username": editor_a.username, "password": PASSWORD, "next": "/czlonkowie/torun/"},
    )
    assert response["Location"] == "/czlonkowie/torun/"


def test_a_user_without_a_role_lands_on_the_explanation(client, django_user_model):
    user = django_user_model.objects.create_user("nikt", "nikt@example.pl", PASSWORD)
    client.force_login(user)
    response = client.get("/konto/start/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/moi-czlonkowie/"
    assert "Nie redagujesz jeszcze" in response.content.decode()
