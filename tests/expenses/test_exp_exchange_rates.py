"""Foreign currency: the rate typed in always works; the ECB reference rate is used only when reachable."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from expenses import ecb
from expenses.models import Expense
from expenses.services import create_receipt, save_expense
from expenses.services.inputs import LineInput
from tests.expenses.conftest import receipt_input

pytestmark = pytest.mark.django_db

# The shape of eurofxref-hist-90d.xml, newest day first; 28.2. and 1.3.2026 are a weekend.
ECB_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>
    <Cube time="2026-03-02"><Cube currency="USD" rate="1.0850"/><Cube currency="SEK" rate="11.2345"/></Cube>
    <Cube time="2026-02-27"><Cube currency="USD" rate="1.0800"/><Cube currency="SEK" rate="11.2000"/></Cube>
  </Cube>
</gesmes:Envelope>"""


def usd_receipt(office, day=date(2026, 3, 2), rate=None):
    line = (LineInput(amount=Decimal("100.00"), vat_rate=Decimal("0"), purchase_type=office.purchase_type),)
    return receipt_input(office, "100.00", date=day, currency="USD", exchange_rate=rate, lines=line)


@pytest.fixture
def ecb_answers(monkeypatch):
    calls = []

    def download(url):
        calls.append(url)
        return ECB_XML

    monkeypatch.setattr(ecb, "_download", download)
    return calls


@pytest.fixture
def ecb_unreachable(settings):
    # Nothing listens on port 9 (discard): the real transport fails at once, as with no network.
    settings.ECB_RATES_URL = "http://127.0.0.1:9/eurofxref-hist-90d.xml"


def test_parse_and_pick_the_rate_of_the_day(ecb_answers):
    rates = ecb.parse_rates(ECB_XML)

    assert rates[date(2026, 3, 2)] == {"USD": Decimal("1.0850"), "SEK": Decimal("11.2345")}
    assert ecb.ecb_rate("usd", date(2026, 3, 2)).rate == Decimal("1.0850")


def test_a_weekend_purchase_uses_fridays_rate(ecb_answers):
    found = ecb.ecb_rate("USD", date(2026, 3, 1))

    assert (found.rate, found.rate_date) == (Decimal("1.0800"), date(2026, 2, 27))


def test_unknown_currency_and_dates_outside_the_file(ecb_answers):
    with pytest.raises(ecb.RateUnavailable, match="no XYZ rate"):
        ecb.ecb_rate("XYZ", date(2026, 3, 2))
    with pytest.raises(ecb.RateUnavailable, match="no USD rate for 2026-01-05"):
        ecb.ecb_rate("USD", date(2026, 1, 5))


@pytest.mark.parametrize(
    "body",
    [b"<html><body>Service unavailable</body></html>", b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', b"not xml"],
)
def test_odd_answers_are_refused(body):
    with pytest.raises(ecb.RateUnavailable):
        ecb.parse_rates(body)


def test_receipt_without_a_rate_uses_the_ecb_rate(office, ecb_answers):
    expense = create_receipt(company=office.company, owner=office.employee, data=usd_receipt(office))

    # 100.00 USD / 1.0850 USD per EUR = 92.165… → 92.17 €
    assert (expense.amount, expense.currency, expense.amount_eur) == (Decimal("100.00"), "USD", Decimal("92.17"))
    assert (expense.exchange_rate, expense.rate_date) == (Decimal("1.0850"), date(2026, 3, 2))
    assert expense.rate_source == "ECB euro reference rate"
    assert expense.lines.get().amount_eur == Decimal("92.17")


def test_ecb_unreachable_asks_for_the_rate_on_its_field(office, ecb_unreachable):
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=usd_receipt(office))

    message = excinfo.value.message_dict["exchange_rate"][0]
    assert "could not be fetched: enter the exchange rate" in message
    assert not Expense.objects.exists()


def test_the_typed_in_rate_works_without_the_ecb(office, ecb_unreachable):
    data = usd_receipt(office, rate=Decimal("1.1"))

    expense = create_receipt(company=office.company, owner=office.employee, data=data)

    # 100.00 / 1.1 = 90.909… → 90.91 €
    assert (expense.amount_eur, expense.rate_source, expense.rate_entered_by) == (Decimal("90.91"), "", office.employee)
    assert expense.rate_date == date(2026, 3, 2)


def test_a_failure_is_remembered_so_typing_does_not_wait_for_the_network(monkeypatch):
    calls = []

    def download(url):
        calls.append(url)
        raise ecb.RateUnavailable("the ECB could not be reached")

    monkeypatch.setattr(ecb, "_download", download)
    for _ in range(3):
        with pytest.raises(ecb.RateUnavailable):
            ecb.ecb_rate("USD", date(2026, 3, 2))

    assert len(calls) == 1


def test_the_preview_shows_how_the_euro_amount_was_reached(office, login, ecb_answers):
    client = login(office.employee)
    response = client.post(
        reverse("expenses:preview") + "?kind=receipt",
        {
            "date": "2026-03-02",
            "description": "Taxi in New York",
            "amount": "100.00",
            "currency": "USD",
            "payment_method": office.own_money.pk,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-purchase_type": office.purchase_type.pk,
            "lines-0-vat_rate": "0",
        },
    )

    body = response.json()
    assert body["ok"] is True, body
    assert body["amount_eur"] == "92.17"
    assert body["explanation"] == ["100.00 USD / 1.085 (ECB euro reference rate, 2 Mar 2026) = 92.17 €"]


@pytest.mark.django_db(transaction=True)
def test_saving_fetches_the_rate_before_the_transaction_opens(office, monkeypatch):
    # A slow ECB must never hold the database's write lock (on SQLite, every writer waits for it).
    inside_transaction = []

    def download(url):
        inside_transaction.append(connection.in_atomic_block)
        return ECB_XML

    monkeypatch.setattr(ecb, "_download", download)
    expense = save_expense(company=office.company, actor=office.employee, data=usd_receipt(office))

    assert inside_transaction == [False]
    assert expense.exchange_rate == Decimal("1.085") and expense.rate_source == ecb.SOURCE


def test_a_typed_rate_never_carries_the_ecbs_name_as_its_own(office, ecb_answers):
    from tests.expenses.test_exp_api import api

    body = {
        "kind": "receipt",
        "date": "2026-03-02",
        "description": "Hotel",
        "amount": "100.00",
        "currency": "USD",
        "exchange_rate": "1.2",
        "rate_source": ecb.SOURCE,
        "payment_method": office.own_money.pk,
        "lines": [{"purchase_type": office.purchase_type.pk, "amount": "100.00", "vat_rate": "0"}],
    }

    created = api(office.employee).post("/api/v1/expenses/", body, format="json").json()

    expense = Expense.objects.get(pk=created["id"])
    name = office.employee.get_full_name()
    assert (expense.rate_entered_by, expense.rate_source) == (office.employee, ecb.SOURCE)
    assert created["rate_label"] == f"Entered by {name}: ECB euro reference rate"
    assert created["rate_entered_by"] == office.employee.email
    fetched = create_receipt(company=office.company, owner=office.employee, data=usd_receipt(office))
    assert (fetched.rate_entered_by, fetched.rate_label) == (None, "ECB euro reference rate")
