"""API tokens: issued for a password under the login limits, stored hashed, expiring, revocable."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import hash_key, issue_api_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PROFILE_API = "/api/v1/profile/"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def obtain(email: str, password: str, client: APIClient | None = None):
    return (client or APIClient()).post(TOKEN_URL, {"email": email, "password": password}, format="json")


def test_a_token_for_email_and_password_opens_the_api():
    user = UserFactory()
    response = obtain(user.email, PASSWORD)
    assert response.status_code == 200
    assert with_key(response.json()["token"]).get(PROFILE_API).status_code == 200


def test_older_clients_may_still_send_username():
    user = UserFactory()
    response = APIClient().post(TOKEN_URL, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]


def test_only_the_hash_of_the_key_is_stored():
    user = UserFactory()
    key = obtain(user.email, PASSWORD).json()["token"]
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == hash_key(key) and key not in stored.key_hash
    assert key not in repr(list(ApiToken.objects.values_list()))


def test_a_wrong_password_gets_no_token():
    user = UserFactory()
    assert obtain(user.email, "guess").status_code == 400
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_is_locked_when_the_login_form_locked_the_account(settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        Client().post(reverse("accounts:login"), {"username": user.email, "password": "guess"})
    response = obtain(user.email, PASSWORD)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


def test_failures_at_the_token_endpoint_lock_the_login_form(settings):
    settings.LOGIN_THROTTLE_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        obtain(user.email, "guess")
    page = Client().post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert "Too many failed attempts" in page.content.decode()


@pytest.mark.parametrize(
    "authorization",
    ["Token not-a-real-key", "Token", "Token a b", "Bearer abc"],
    ids=["wrong", "empty", "two", "bearer"],
)
def test_bad_credentials_answer_401_with_www_authenticate(authorization):
    response = APIClient().get(PROFILE_API, HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_answer_401_with_www_authenticate():
    response = APIClient().get(PROFILE_API)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_refused(settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    issued = issue_api_token(user=UserFactory(), label="script")
    assert issued.token.expires_at - issued.token.created_at == timedelta(days=90)
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert with_key(issued.key).get(PROFILE_API).status_code == 401


def test_an_inactive_users_token_is_refused():
    user = UserFactory()
    issued = issue_api_token(user=user, label="script")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert with_key(issued.key).get(PROFILE_API).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute():
    issued = issue_api_token(user=UserFactory(), label="script")
    client = with_key(issued.key)
    client.get(PROFILE_API)
    first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    client.get(PROFILE_API)
    assert first is not None and ApiToken.objects.get(pk=issued.token.pk).last_used_at == first
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(PROFILE_API)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at > first


# --- the profile page ---------------------------------------------------------------------------


def test_the_profile_lists_tokens_and_shows_a_new_key_once(company, member_factory, login):
    user = member_factory(company)
    client = login(user)
    shown = client.post(reverse("accounts:issue_api_token"), {"label": "Payroll script"})
    token = ApiToken.objects.get(user=user)
    key = shown.content.decode().split('id="api-token-key">')[1].split("<")[0]
    assert token.key_hash == hash_key(key)
    assert "no-store" in shown["Cache-Control"]
    profile = client.get(reverse("expenses:profile")).content.decode()
    assert "Payroll script" in profile and token.prefix in profile
    assert key not in profile
    assert with_key(key).get(PROFILE_API).status_code == 200


def test_revoking_from_the_profile_stops_the_token(company, member_factory, login):
    user = member_factory(company)
    issued = issue_api_token(user=user, label="Old laptop")
    response = login(user).post(reverse("accounts:revoke_api_token", kwargs={"token_id": issued.token.pk}))
    assert response.status_code == 302
    assert with_key(issued.key).get(PROFILE_API).status_code == 401
    assert "Old laptop" not in login(user).get(reverse("expenses:profile")).content.decode()


def test_nobody_revokes_another_persons_token(company, member_factory, login):
    issued = issue_api_token(user=member_factory(company), label="Theirs")
    response = login(member_factory(company)).post(
        reverse("accounts:revoke_api_token", kwargs={"token_id": issued.token.pk})
    )
    assert response.status_code == 404
    assert with_key(issued.key).get(PROFILE_API).status_code == 200


# --- a new password revokes every token ---------------------------------------------------------


def test_changing_the_password_revokes_the_tokens(company, member_factory, login):
    user = member_factory(company)
    issued = issue_api_token(user=user, label="script")
    new = "a new long passphrase 42"
    response = login(user).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert with_key(issued.key).get(PROFILE_API).status_code == 401


def test_resetting_the_password_revokes_the_tokens(client):
    user = UserFactory(email="forgetful@example.com")
    issued = issue_api_token(user=user, label="script")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link[link.index("/accounts/") :], follow=True)
    new = "a new long passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert with_key(issued.key).get(PROFILE_API).status_code == 401


def test_a_password_set_anywhere_else_revokes_the_tokens_too(monkeypatch):
    user = UserFactory()
    issued = issue_api_token(user=user, label="script")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a new long passphrase 42")
    call_command("changepassword", user.email, stdout=None)
    assert with_key(issued.key).get(PROFILE_API).status_code == 401


def test_logging_in_keeps_the_tokens(company, member_factory, login):
    user = member_factory(company)
    issued = issue_api_token(user=user, label="script")
    login(user)
    assert with_key(issued.key).get(PROFILE_API).status_code == 200
