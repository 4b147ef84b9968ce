"""Password-reset mails are limited per address asked for and per client, without telling who has an account."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(client: Client, email: str):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_one_account_gets_at_most_three_mails_an_hour(settings):
    settings.PASSWORD_RESET_THROTTLE_PER_ACCOUNT = 3
    user = UserFactory(email="forgetful@example.com")
    responses = [ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), user.email) for n in range(10)]
    assert len(mail.outbox) == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, reverse("accounts:password_reset_done"))}


def test_unicode_variants_of_the_address_count_as_one(settings):
    settings.PASSWORD_RESET_THROTTLE_PER_ACCOUNT = 1
    user = UserFactory(email="aino@example.com")
    ask(Client(), user.email)
    ask(Client(REMOTE_ADDR="198.51.100.9"), "ＡＩＮＯ@example.com")
    assert len(mail.outbox) == 1


def test_one_client_gets_at_most_ten_requests_an_hour(settings):
    settings.PASSWORD_RESET_THROTTLE_PER_CLIENT = 10
    users = [UserFactory() for _ in range(12)]
    flooder = Client(REMOTE_ADDR="203.0.113.66")
    for user in users:
        ask(flooder, user.email)
    assert len(mail.outbox) == 10
    ask(Client(REMOTE_ADDR="198.51.100.7"), users[-1].email)
    assert len(mail.outbox) == 11


def test_a_limited_request_looks_like_one_for_an_unknown_address(settings):
    settings.PASSWORD_RESET_THROTTLE_PER_ACCOUNT = 1
    user = UserFactory()
    ask(Client(), user.email)
    limited = ask(Client(), user.email)
    unknown = ask(Client(), "nobody@example.com")
    assert len(mail.outbox) == 1
    assert (limited.status_code, limited["Location"]) == (unknown.status_code, unknown["Location"])
    done = Client().get(limited["Location"]).content.decode()
    assert "If an account exists for that address" in done
