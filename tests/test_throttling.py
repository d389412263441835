"""Throttles: logins locked per user name and per address, password-reset e-mails limited."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_passwords(settings):
    """A fast hasher: these tests try dozens of passwords, which is the point of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_many_wrong_passwords_for_many_usernames_from_one_address_lock_that_address(
    client, editor_a, fast_passwords, settings
):
    editor_a.set_password("the-right-password-2026")
    editor_a.save()
    statuses = []
    for attempt in range(48):  # 12 user names, 4 tries each: no single name reaches its limit
        response = client.post(
            "/konto/login/", {"username": f"guess-{attempt % 12}", "password": f"wrong-{attempt}"}
        )
        statuses.append(response.status_code)
    assert statuses[: settings.AXES_ADDRESS_FAILURE_LIMIT - 1] == [200] * (
        settings.AXES_ADDRESS_FAILURE_LIMIT - 1
    )
    assert set(statuses[settings.AXES_ADDRESS_FAILURE_LIMIT :]) == {429}
    # Locked: this address cannot log in to any account now, even with the right password...
    right = {"username": editor_a.username, "password": "the-right-password-2026"}
    locked = client.post("/konto/login/", right)
    assert locked.status_code == 429
    assert "z Twojego adresu" in locked.content.decode()
    # ...while someone at another address can.
    assert client.post("/konto/login/", right, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_successful_login_does_not_forgive_the_address_s_other_failures(
    client, editor_a, fast_passwords, settings
):
    editor_a.set_password("the-right-password-2026")
    editor_a.save()
    for attempt in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        client.post("/konto/login/", {"username": f"guess-{attempt % 12}", "password": "wrong"})
    right = {"username": editor_a.username, "password": "the-right-password-2026"}
    assert client.post("/konto/login/", right).status_code == 302
    client.logout()
    assert client.post("/konto/login/", {"username": "guess-1", "password": "wrong"}).status_code == 429


def _reset(client, email: str, **extra):
    return client.post("/konto/password_reset/", {"email": email}, **extra)


def test_password_reset_sends_a_few_links_per_address_then_says_so_for_any_account(
    client, editor_a, settings
):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor_a.set_password("Stare-Haslo-Miasta-2026")
    editor_a.save()
    limit = settings.PASSWORD_RESET_MAX_PER_EMAIL
    existing = [_reset(client, editor_a.email).status_code for _ in range(limit + 2)]
    unknown = [_reset(client, "nikt@example.gov.pl").status_code for _ in range(limit + 2)]
    # The same answers whether or not an account has the address: nothing to learn from them.
    assert existing == unknown == [302] * limit + [429, 429]
    assert len(mail.outbox) == limit
    page = _reset(client, editor_a.email).content.decode()
    assert "Zbyt wiele próśb o zmianę hasła" in page and "Spróbuj ponownie za 60 min." in page


def test_password_reset_takes_only_so_many_requests_from_one_client_address(client, settings):
    limit = settings.PASSWORD_RESET_MAX_PER_ADDRESS
    statuses = [_reset(client, f"ktos-{n}@example.gov.pl").status_code for n in range(limit + 1)]
    assert statuses == [302] * limit + [429]
    assert _reset(client, "inny@example.gov.pl", REMOTE_ADDR="192.0.2.8").status_code == 302


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_added(rf, settings):
    from pim.throttling import client_address

    settings.BEHIND_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "198.51.100.4"
    settings.BEHIND_PROXY = False
    assert client_address(request) == "10.0.0.1"
