"""What a refused form tells the person: on the field, in their language, and never a file lost silently."""

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from expenses.models import Expense
from tests.expenses import files

pytestmark = pytest.mark.django_db


def receipt_form(office, **overrides):
    data = {
        "date": "2026-03-02",
        "description": "Taxi",
        "amount": "36,90",
        "currency": "EUR",
        "payment_method": office.own_money.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-purchase_type": office.purchase_type.pk,
        "lines-0-vat_rate": "13.5",
    }
    return {**data, **overrides}


def post(client, data, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("expenses:new_receipt"), data)
    return response, lxml.html.fromstring(response.content.decode())


def test_a_refused_form_asks_for_the_chosen_file_again(office, login):
    response, page = post(login(office.employee), receipt_form(office, description="", file=files.png("kuitti.png")))

    assert response.status_code == 400 and not Expense.objects.exists()
    notes = page.get_element_by_id("file-notes").text_content()
    assert "kuitti.png" in notes and "choose it again" in notes
    assert page.get_element_by_id("id_file").get("aria-describedby") == "file-notes"


def test_a_too_large_file_is_refused_on_the_file_field_not_at_the_top(office, login):
    response, page = post(login(office.employee), receipt_form(office, file=files.eleven_megabytes()))

    assert response.status_code == 400 and not Expense.objects.exists()
    assert "larger than 10 MB" in page.get_element_by_id("file-notes").text_content()
    assert not page.xpath("//form//div[contains(@class, 'message error')]")


@pytest.mark.parametrize(("language", "expected"), [("en", "Enter each leg"), ("fi", "Syötä kunkin osuuden")])
def test_a_rule_refusal_speaks_the_users_language_without_internal_names(office, login, language, expected):
    data = {
        "date": "2026-03-02",
        "description": "Customer visit",
        "vehicle": "car",
        "passengers": "0",
        "legs-TOTAL_FORMS": "1",
        "legs-INITIAL_FORMS": "0",
        "legs-0-start": "Helsinki",
        "legs-0-end": "Espoo",
        "legs-0-km": "-5",
    }
    client = login(office.employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(reverse("expenses:new_mileage"), data)

    text = lxml.html.fromstring(response.content.decode()).text_content()
    assert response.status_code == 400 and expected in text
    assert "got -5" not in text and "legs_km" not in text and "leg 1:" not in text
