"""An expense keeps a cost center, purchase type or payment method an admin deactivated after it was chosen.

Newly choosing an inactive one stays refused, on the page, in the service and through the API.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from costcenters.models import CostCenter
from expenses.models import Expense, PaymentMethod, PurchaseType
from expenses.services import create_mileage, create_receipt, reject_expense, submit_expense, update_expense
from expenses.services.scoping import kept_references
from tests.expenses.conftest import mileage_input, receipt_input
from tests.factories import CompanyFactory, PaymentMethodFactory, PurchaseTypeFactory

pytestmark = pytest.mark.django_db


def rejected(office, expense: Expense) -> Expense:
    submit_expense(expense=expense, actor=office.employee)
    reject_expense(expense=Expense.objects.get(pk=expense.pk), actor=office.approver, reason="Wrong project")
    return Expense.objects.get(pk=expense.pk)


def rejected_receipt(office) -> Expense:
    return rejected(office, create_receipt(company=office.company, owner=office.employee, data=receipt_input(office)))


def rejected_mileage(office) -> Expense:
    data = mileage_input(cost_center=office.cost_center)
    return rejected(office, create_mileage(company=office.company, owner=office.employee, data=data))


def deactivate(*objects: object) -> None:
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(is_active=False)
        obj.refresh_from_db()


def inactive_like(office, model: type) -> object:
    """A second object of the company, already inactive, that the expense never pointed at."""
    if model is CostCenter:
        return CostCenter.objects.create(company=office.company, name="Closed project", is_active=False)
    if model is PurchaseType:
        return PurchaseTypeFactory(company=office.company, name="Old type", is_active=False)
    return PaymentMethodFactory(company=office.company, name="Old card", is_active=False)


def line_of(expense: Expense):
    return Expense.objects.get(pk=expense.pk).lines.get()


# The service


def test_kept_references_are_what_the_saved_expense_points_at(office):
    expense = rejected_receipt(office)

    kept = kept_references(expense)

    assert kept.cost_centers == {office.cost_center.pk}
    assert kept.purchase_types == {office.purchase_type.pk}
    assert kept.payment_methods == {office.own_money.pk}
    assert kept_references(None) == kept_references(Expense(company=office.company))


def test_update_keeps_deactivated_cost_center_purchase_type_and_payment_method(office):
    expense = rejected_receipt(office)
    deactivate(office.cost_center, office.purchase_type, office.own_money)

    update_expense(expense=expense, actor=office.employee, data=receipt_input(office, description="Savoy, fixed"))

    saved = Expense.objects.get(pk=expense.pk)
    line = saved.lines.get()
    assert (saved.description, saved.payment_method_id) == ("Savoy, fixed", office.own_money.pk)
    assert (line.cost_center_id, line.purchase_type_id) == (office.cost_center.pk, office.purchase_type.pk)


@pytest.mark.parametrize(
    ("model", "field"),
    [(CostCenter, "lines.0.cost_center"), (PurchaseType, "lines.0.purchase_type"), (PaymentMethod, "payment_method")],
)
def test_update_refuses_an_inactive_object_the_expense_did_not_point_at(office, model, field):
    expense = rejected_receipt(office)
    other = inactive_like(office, model)
    data = receipt_input(office)
    if model is PaymentMethod:
        data = receipt_input(office, payment_method=other)
    else:
        line = data.lines[0]
        changed = {"cost_center": other} if model is CostCenter else {"purchase_type": other}
        data = receipt_input(office, lines=(type(line)(**{**line.__dict__, **changed}),))

    with pytest.raises(ValidationError) as excinfo:
        update_expense(expense=expense, actor=office.employee, data=data)

    assert "Choose an active" in excinfo.value.message_dict[field][0]
    assert line_of(expense).cost_center_id == office.cost_center.pk


def test_a_new_expense_may_not_use_a_deactivated_object(office):
    rejected_receipt(office)  # points at them, but a new expense keeps nothing
    deactivate(office.cost_center)

    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    assert "lines.0.cost_center" in excinfo.value.message_dict


def test_update_keeps_the_mileage_allowances_deactivated_cost_center_and_refuses_another(office):
    expense = rejected_mileage(office)
    deactivate(office.cost_center)
    closed = inactive_like(office, CostCenter)

    with pytest.raises(ValidationError) as excinfo:
        update_expense(expense=expense, actor=office.employee, data=mileage_input(cost_center=closed))
    update_expense(expense=expense, actor=office.employee, data=mileage_input(cost_center=office.cost_center))

    assert "cost_center" in excinfo.value.message_dict
    assert line_of(expense).cost_center_id == office.cost_center.pk


def test_another_companys_object_is_refused_even_with_the_id_of_a_kept_one(office):
    expense = rejected_receipt(office)
    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Theirs", is_active=False)
    line = receipt_input(office).lines[0]
    data = receipt_input(office, lines=(type(line)(**{**line.__dict__, "cost_center": foreign}),))

    with pytest.raises(ValidationError) as excinfo:
        update_expense(expense=expense, actor=office.employee, data=data)

    assert "lines.0.cost_center" in excinfo.value.message_dict


# The pages


def as_shown(response) -> dict[str, object]:
    """What the browser posts when the user saves the edit page without changing anything."""
    forms = [response.context["form"]]
    formset = response.context["formset"]
    if formset is not None:
        forms += [formset.management_form, *formset.forms]
    data: dict[str, object] = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is False:
                continue
            data[bound.html_name] = "" if value is None else ("on" if value is True else value)
    return data


def edit_url(expense: Expense) -> str:
    return reverse("expenses:edit", kwargs={"expense_id": expense.pk})


def test_edit_page_shows_the_deactivated_cost_center_marked_and_saving_keeps_it(office, login):
    expense = rejected_receipt(office)
    deactivate(office.cost_center, office.purchase_type, office.own_money)
    client = login(office.employee)

    page = client.get(edit_url(expense))
    html = page.content.decode()
    saved = client.post(edit_url(expense), {**as_shown(page), "description": "Savoy, project fixed"})

    assert f'<option value="{office.cost_center.pk}" selected>Sales (inactive)</option>' in html
    assert "Meals (inactive)" in html and "Own money (inactive)" in html
    assert saved.status_code == 302, saved.content.decode()
    expense = Expense.objects.get(pk=expense.pk)
    assert (expense.description, expense.payment_method_id) == ("Savoy, project fixed", office.own_money.pk)
    assert (line_of(expense).cost_center_id, line_of(expense).purchase_type_id) == (
        office.cost_center.pk,
        office.purchase_type.pk,
    )


def test_new_receipt_page_does_not_offer_a_deactivated_cost_center(office, login):
    deactivate(office.cost_center)

    html = login(office.employee).get(reverse("expenses:new_receipt")).content.decode()

    assert "Sales" not in html


@pytest.mark.parametrize(
    ("model", "field", "message"),
    [
        (CostCenter, "lines-0-cost_center", "Choose an active cost center of this company."),
        (PurchaseType, "lines-0-purchase_type", "Choose an active purchase type of this company."),
        (PaymentMethod, "payment_method", "Choose an active payment method of this company."),
    ],
)
def test_edit_page_refuses_another_inactive_object_on_the_field(office, login, model, field, message):
    expense = rejected_receipt(office)
    deactivate(office.cost_center)
    other = inactive_like(office, model)
    client = login(office.employee)

    response = client.post(edit_url(expense), {**as_shown(client.get(edit_url(expense))), field: other.pk})

    assert response.status_code == 400
    form = response.context["form"] if field == "payment_method" else response.context["formset"].forms[0]
    assert form.errors[field.removeprefix("lines-0-")] == [message]
    assert line_of(expense).cost_center_id == office.cost_center.pk


def test_mileage_edit_page_keeps_its_deactivated_cost_center_and_refuses_another(office, login):
    expense = rejected_mileage(office)
    deactivate(office.cost_center)
    closed = inactive_like(office, CostCenter)
    client = login(office.employee)
    shown = as_shown(client.get(edit_url(expense)))

    refused = client.post(edit_url(expense), {**shown, "cost_center": closed.pk})
    kept = client.post(edit_url(expense), shown)

    assert refused.context["form"].errors["cost_center"] == ["Choose an active cost center of this company."]
    assert kept.status_code == 302
    assert line_of(expense).cost_center_id == office.cost_center.pk


def test_preview_of_the_edited_expense_accepts_its_deactivated_cost_center(office, login):
    expense = rejected_receipt(office)
    deactivate(office.cost_center)
    client = login(office.employee)
    shown = as_shown(client.get(edit_url(expense)))
    url = reverse("expenses:preview")

    kept = client.post(f"{url}?kind=receipt&expense={expense.pk}", shown).json()
    fresh = client.post(f"{url}?kind=receipt", shown).json()

    assert kept["ok"] is True and kept["amount"] == "124.00"
    assert fresh["ok"] is False and "lines.0.cost_center" in fresh["errors"]


def test_preview_does_not_keep_what_a_colleagues_expense_points_at(office, login):
    expense = rejected_receipt(office)
    deactivate(office.cost_center)
    shown = as_shown(login(office.employee).get(edit_url(expense)))
    url = f"{reverse('expenses:preview')}?kind=receipt&expense={expense.pk}"

    response = login(office.approver).post(url, shown).json()

    assert response["ok"] is False and "lines.0.cost_center" in response["errors"]


def test_preview_of_another_companys_expense_is_404(office, login):
    from tests.factories import ExpenseFactory

    foreign = ExpenseFactory(company=CompanyFactory())
    url = f"{reverse('expenses:preview')}?kind=receipt&expense={foreign.pk}"

    assert login(office.employee).post(url, {}).status_code == 404


def test_total_stays_when_edited_and_lines_are_unchanged(office, login):
    expense = rejected_receipt(office)
    client = login(office.employee)

    response = client.post(edit_url(expense), {**as_shown(client.get(edit_url(expense))), "amount": "124.00"})

    assert response.status_code == 302
    assert line_of(expense).amount == Decimal("124.00")
