import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def post_login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_and_logout(client, company, member_factory):
    user = member_factory(company)
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 302
    dashboard = client.get(reverse("dashboard"))
    assert company.name in dashboard.content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_wrong_password_does_not_tell_whether_the_user_exists(client):
    UserFactory(email="real@example.com")
    wrong_password = post_login(client, "real@example.com", "nope").content.decode()
    no_such_user = post_login(client, "ghost@example.com", "nope").content.decode()
    error = "Please enter a correct e-mail address and password"
    assert error in wrong_password
    assert error in no_such_user


def test_login_is_throttled_after_repeated_failures(client, settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    UserFactory(email="target@example.com")
    for _ in range(3):
        post_login(client, "target@example.com", "guess")
    response = post_login(client, "target@example.com", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed attempts. Try again in 15 minutes." in body
    assert "_auth_user_id" not in client.session


def test_an_address_past_its_limit_is_refused_for_a_new_browser(client, settings):
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 3
    user = UserFactory()
    for n in range(3):
        post_login(client, f"other{n}@example.com", "guess")
    assert "Too many failed attempts" in post_login(Client(), user.email, PASSWORD).content.decode()


def test_a_known_browser_gets_in_from_an_address_past_its_limit(settings):
    """Behind a shared address (an office's NAT) someone else's guessing must not lock a real user out."""
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 3
    user = UserFactory()
    browser = Client()
    assert post_login(browser, user.email, PASSWORD).status_code == 302
    browser.post(reverse("accounts:logout"))
    attacker = Client()
    for n in range(10):
        post_login(attacker, f"other{n}@example.com", "guess")
    assert "Too many failed attempts" in post_login(attacker, user.email, PASSWORD).content.decode()
    assert post_login(browser, user.email, PASSWORD).status_code == 302


def test_a_known_browser_is_still_held_to_the_account_limit(settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    browser = Client()
    assert post_login(browser, user.email, PASSWORD).status_code == 302
    browser.post(reverse("accounts:logout"))
    for _ in range(3):
        post_login(browser, user.email, "guess")
    assert "Too many failed attempts" in post_login(browser, user.email, PASSWORD).content.decode()


def test_successful_login_resets_the_account_counter(settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    for _ in range(2):
        post_login(Client(), user.email, "guess")
    assert post_login(Client(), user.email, PASSWORD).status_code == 302
    # Without the reset these two would make four failures, past the limit of three.
    for _ in range(2):
        post_login(Client(), user.email, "guess")
    assert post_login(Client(), user.email, PASSWORD).status_code == 302


def test_unicode_variants_of_an_address_share_one_counter(client, settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory(email="aino@example.com")
    for variant in ("ａｉｎｏ@example.com", "AINO@EXAMPLE.COM", " Aino@Example.com"):
        post_login(client, variant, "guess")
    assert "Too many failed attempts" in post_login(client, user.email, PASSWORD).content.decode()


def test_behind_the_trusted_proxy_one_client_does_not_lock_out_the_others(settings):
    """REMOTE_ADDR is the proxy for everyone; the address limit must apply to the client behind it."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 3
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    for n in range(5):
        post_login(attacker, f"other{n}@example.com", "guess")
    assert "Too many failed attempts" in post_login(attacker, user.email, PASSWORD).content.decode()
    colleague = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert post_login(colleague, user.email, PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 3
    user = UserFactory()
    for n in range(5):
        # The client prepends a new fake address each time; the proxy appends the real one.
        forged = Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.66", REMOTE_ADDR="10.0.0.1")
        post_login(forged, f"other{n}@example.com", "guess")
    last = Client(HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.66", REMOTE_ADDR="10.0.0.1")
    assert "Too many failed attempts" in post_login(last, user.email, PASSWORD).content.decode()


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="forgetful@example.com")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/") :]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long passphrase 42")


def test_password_reset_for_unknown_address_looks_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_guessing_the_old_password_on_the_change_page_counts_against_the_account(settings, company, member_factory):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = member_factory(company)
    client = Client()
    client.force_login(user)
    new = "a new long passphrase 42"
    for _ in range(3):
        client.post(
            reverse("accounts:password_change"), {"old_password": "guess", "new_password1": new, "new_password2": new}
        )
    page = client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert "Too many failed attempts" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_only_the_limiter_checks_passwords():
    """A new way to present a password must go through authenticate_with_limits, not around it."""
    root = Path(__file__).resolve().parents[2]
    allowed = root / "accounts" / "throttle" / "login.py"
    calls = re.compile(
        r"(?<!def )\bauthenticate\(|\.check_password\(|from django\.contrib\.auth import .*\bauthenticate\b"
    )
    skipped = {"tests", "netvisor_sandbox", "benchmarks", "var", "static", "templates", "locale"}
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in skipped]
    offenders = [
        str(path.relative_to(root))
        for folder in folders
        for path in folder.rglob("*.py")
        if path != allowed and calls.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
