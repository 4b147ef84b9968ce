"""payment.nv (spec 6.10) and the unprocessedoutgoingpayments.nv follow-up."""

import pytest
from nvsandbox_client import assert_ok, error_code, error_text, inserted_id, payment_xml

ADDRESS = "<address>Hauptstrasse 1</address><postcode>10115</postcode><town>Berlin</town><country>DE</country>"


def _payments(nv, ids):
    root = assert_ok(nv.get("/unprocessedoutgoingpayments.nv?idlist=" + ",".join(str(i) for i in ids)))
    return {
        p.findtext("Identifier"): (p.findtext("Status"), p.findtext("StatusDescription"))
        for p in root.findall("Payments/Payment")
    }


def test_valid_payment_is_stored_unprocessed_and_reported_after_the_bank_answers(nv, demo_org):
    from netvisor_sandbox.models import SandboxPayment

    ok_id = inserted_id(nv.post("/payment.nv", payment_xml(iban="FI21 1234 5600 0007 85")))
    bad_id = inserted_id(nv.post("/payment.nv", payment_xml()))
    payment = SandboxPayment.objects.get(pk=ok_id)
    assert (payment.status, payment.destination_iban, str(payment.amount)) == (1, "FI2112345600000785", "125.50")
    assert _payments(nv, [ok_id, bad_id]) == {}
    SandboxPayment.objects.filter(pk=ok_id).update(status=2, status_description="Maksettu")
    SandboxPayment.objects.filter(pk=bad_id).update(status=3, status_description="Tili suljettu")
    assert _payments(nv, [ok_id, bad_id]) == {str(ok_id): ("2", "Maksettu"), str(bad_id): ("3", "Tili suljettu")}


def test_foreign_iban_needs_the_recipient_address(nv):
    response = nv.post("/payment.nv", payment_xml(iban="DE89370400440532013000", bic="COBADEFFXXX"), language="EN")
    assert error_code(response) == "INVALID_DATA"
    assert "address" in error_text(response)
    inserted_id(nv.post("/payment.nv", payment_xml(iban="DE89370400440532013000", bic="COBADEFFXXX", address=ADDRESS)))


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"iban": "FI2112345600000786"}, "Invalid IBAN"),
        ({"iban": "FI21123"}, "Invalid IBAN"),
        ({"iban": "not an iban"}, "Invalid IBAN"),
        ({"bic": "NDEA"}, "BIC is not valid"),
        ({"amount": "0,00"}, "Amount"),
        ({"amount": "-5,00"}, "Amount"),
        ({"amount": "1,001"}, "Amount"),
        ({"message_type": "Other"}, "bankpaymentmessagetype"),
        ({"message_type": "FinnishReference", "message": "12345"}, "Reference number"),
    ],
)
def test_invalid_payments(nv, options, fragment):
    response = nv.post("/payment.nv", payment_xml(**options), language="EN")
    assert error_code(response) == "INVALID_DATA"
    assert fragment in error_text(response)


def test_empty_bic_and_valid_references(nv):
    inserted_id(nv.post("/payment.nv", payment_xml(bic="")))
    inserted_id(nv.post("/payment.nv", payment_xml(message_type="FinnishReference", message="1232")))
    inserted_id(nv.post("/payment.nv", payment_xml(message_type="FinnishReference", message="RF18 5390 0754 7034")))


def test_only_eur(nv):
    body = payment_xml().replace("<amount>", '<amount iso-4217currencycode="SEK">')
    assert error_code(nv.post("/payment.nv", body)) == "INVALID_DATA"


def test_idlist_is_required(nv):
    assert error_code(nv.get("/unprocessedoutgoingpayments.nv")) == "INVALID_DATA"
    assert error_code(nv.get("/unprocessedoutgoingpayments.nv?idlist=a,b")) == "INVALID_DATA"
