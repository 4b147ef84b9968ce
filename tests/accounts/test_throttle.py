"""The limiter itself: exact counting under concurrency, one key per address, the client address."""

import threading

import pytest
from django.contrib.auth.signals import user_login_failed
from django.test import RequestFactory

from accounts.throttle import LoginThrottled, authenticate_with_limits, client_address
from accounts.throttle.counting import Limit, normalise_email, take_attempt

THREADS = 40


def in_parallel(work) -> list:
    """Run ``work`` in THREADS threads released at once; their results."""
    start = threading.Barrier(THREADS)
    results = [None] * THREADS

    def run(index: int) -> None:
        start.wait()
        results[index] = work()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_attempts_get_exactly_the_limit():
    limit = Limit("test", attempts=5, window_seconds=60)
    refusals = in_parallel(lambda: take_attempt(limit=limit, subject="someone"))
    assert sum(refusal is None for refusal in refusals) == 5


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_logins_check_exactly_five_passwords(settings):
    settings.LOGIN_THROTTLE_FAILURES = 5
    checked = []
    lock = threading.Lock()

    def count_check(sender, credentials, request, **kwargs):
        with lock:
            checked.append(credentials["username"])

    def attempt() -> str:
        from django.db import connection

        request = RequestFactory().post("/accounts/login/")
        try:
            authenticate_with_limits(request, email="victim@example.com", password="guess")
            return "checked"
        except LoginThrottled:
            return "refused"
        finally:
            connection.close()

    user_login_failed.connect(count_check)
    try:
        outcomes = in_parallel(attempt)
    finally:
        user_login_failed.disconnect(count_check)
    assert len(checked) == 5
    assert outcomes.count("refused") == THREADS - 5


@pytest.mark.parametrize("variant", ["ａｉｎｏ@example.com", "AINO@example.COM", "  aino@example.com "])
def test_variants_of_an_address_normalise_alike(variant):
    assert normalise_email(variant) == "aino@example.com"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry on the left is not believed
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: it did not come through them
        (1, "not-an-address", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_client_address_through_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from("10.0.0.1", forwarded)) == expected


def test_a_refusal_says_when_the_window_ends():
    limit = Limit("test-window", attempts=1, window_seconds=900)
    assert take_attempt(limit=limit, subject="x") is None
    refusal = take_attempt(limit=limit, subject="x")
    assert refusal is not None and 890 <= refusal.retry_after_seconds <= 901
