"""One exception handler renders every service refusal: 400 by field, 409 for a conflict."""

from copy import deepcopy
from pickle import dumps, loads

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from bezala.api_errors import handle_api_exception
from bezala.refusals import Conflict, Refusal
from expenses.services.bulk_approval import InboxChanged
from exports.services.errors import ExportRefused


def test_a_refusal_answers_400_on_its_field():
    response = handle_api_exception(Refusal("approver", "Choose someone else."), {})

    assert response is not None
    assert (response.status_code, response.data) == (400, {"approver": ["Choose someone else."]})


def test_a_refusal_of_the_whole_request_is_a_non_field_error():
    response = handle_api_exception(Refusal(NON_FIELD_ERRORS, "Not now."), {})

    assert response is not None
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["Not now."]})


def test_a_validation_error_without_a_field_is_a_non_field_error():
    response = handle_api_exception(ValidationError("Connected to Netvisor."), {})

    assert response is not None
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["Connected to Netvisor."]})


def test_a_conflict_answers_409_with_its_text():
    response = handle_api_exception(Conflict("Someone else approved it first."), {})

    assert response is not None
    assert (response.status_code, response.data) == (409, {"detail": "Someone else approved it first."})
    assert response.data["detail"].code == "conflict"


def test_a_refusal_is_a_validation_error_keyed_by_field():
    refusal = Refusal("amount", "Enter an amount above zero.", code="min")

    assert isinstance(refusal, ValidationError)
    assert (refusal.field, refusal.text, refusal.code) == ("amount", "Enter an amount above zero.", "min")
    assert refusal.message_dict == {"amount": ["Enter an amount above zero."]}
    assert refusal.error_dict["amount"][0].code == "min"


def test_refusals_survive_a_copy_and_a_pickle():
    for refusal in (Refusal("amount", "Too much.", code="max"), InboxChanged(), ExportRefused("No.", "state")):
        for copied in (deepcopy(refusal), loads(dumps(refusal))):  # noqa: S301
            assert type(copied) is type(refusal)
            assert (copied.field, copied.code, copied.message_dict) == (
                refusal.field,
                refusal.code,
                refusal.message_dict,
            )
