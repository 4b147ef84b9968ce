import pytest
from django.core import mail
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


def test_throttle_counts_per_address_across_accounts(client, settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    for n in range(3):
        post_login(client, f"other{n}@example.com", "guess")
    assert "Too many failed attempts" in post_login(client, user.email, PASSWORD).content.decode()


def test_successful_login_resets_the_account_counter(client, settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    post_login(client, user.email, "guess")
    post_login(client, user.email, "guess")
    assert post_login(client, user.email, PASSWORD).status_code == 302


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
