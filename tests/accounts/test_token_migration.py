"""Tokens of rest_framework.authtoken move into ApiToken hashed, keep working, and leave no clear key."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

move_tokens = importlib.import_module("accounts.migrations.0004_move_rest_framework_tokens").move_tokens
OLD_KEY = "0123456789abcdef0123456789abcdef01234567"


def test_old_tokens_keep_working_and_are_erased_in_clear():
    user = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint, created timestamp)'
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, '2025-01-01 00:00:00')", [OLD_KEY, user.pk])

    move_tokens(apps, SimpleNamespace(connection=connection))

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    token = ApiToken.objects.get(user=user)
    assert token.expires_at > token.created_at
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {OLD_KEY}")
    assert client.get("/api/v1/profile/").status_code == 200


def test_a_database_without_the_old_table_is_left_alone():
    move_tokens(apps, SimpleNamespace(connection=connection))
    assert not ApiToken.objects.exists()
