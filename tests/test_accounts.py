"""Accounts: password reset by e-mail in Polish, the first admin without a known password."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_password_reset_sends_a_polish_link_that_sets_a_new_password(client, editor_a, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor_a.set_password("Stare-Haslo-Miasta-2026")  # accounts without a password get no link
    editor_a.save()
    response = client.post("/konto/password_reset/", {"email": editor_a.email})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "PIM Dashboard: ustaw nowe hasło"
    link = re.search(r"http://testserver(/konto/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Ustaw nowe hasło" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nowe-Haslo-Miasta-2026", "new_password2": "Nowe-Haslo-Miasta-2026"},
    )
    assert done.status_code == 302
    editor_a.refresh_from_db()
    assert editor_a.check_password("Nowe-Haslo-Miasta-2026")


def test_the_first_admin_gets_a_generated_password_shown_once(capsys, django_user_model, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = re.search(r"password: (\S+)", out).group(1)
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password) and len(password) >= 20
    call_command("ensure_admin")
    assert "password" not in capsys.readouterr().out  # never again


def test_a_weak_admin_password_from_the_environment_is_refused(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("ADMIN_PASSWORD", "admin123")
    with pytest.raises(CommandError, match="too weak"):
        call_command("ensure_admin")
