from decimal import Decimal

import pytest
from django.urls import reverse

from expenses.models import Expense
from expenses.services import add_attachment, create_receipt, submit_expense
from tests.expenses import files
from tests.expenses.conftest import receipt_input

pytestmark = pytest.mark.django_db


def receipt_post(office, **overrides):
    data = {
        "date": "2026-03-02",
        "description": "Restaurant Savoy",
        "amount": "124.00",
        "currency": "EUR",
        "payment_method": office.own_money.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-purchase_type": office.purchase_type.pk,
        "lines-0-amount": "",
        "lines-0-vat_rate": "13.5",
        "lines-0-cost_center": office.cost_center.pk,
    }
    data.update(overrides)
    return data


def test_employee_records_a_receipt_with_a_file(office, login):
    client = login(office.employee)

    response = client.post(reverse("expenses:new_receipt"), {**receipt_post(office), "file": files.pdf()})

    expense = Expense.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("expenses:detail", kwargs={"expense_id": expense.pk})
    assert expense.amount == Decimal("124.00")
    assert expense.lines.get().amount == Decimal("124.00")
    assert expense.attachments.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field_text"),
    [
        ({"amount": "-5"}, "Enter an amount above zero."),
        ({"amount": "2000000"}, "over 1,000,000"),
        ({"lines-0-vat_rate": "24"}, "is not a VAT rate in force on 2026-03-02"),
    ],
)
def test_bad_receipt_input_is_shown_on_the_form_and_nothing_is_saved(office, login, overrides, field_text):
    response = login(office.employee).post(reverse("expenses:new_receipt"), receipt_post(office, **overrides))

    assert response.status_code == 400
    assert field_text in response.content.decode()
    assert not Expense.objects.exists()


def test_cost_center_of_another_company_is_not_a_choice(office, login):
    from costcenters.models import CostCenter
    from tests.factories import CompanyFactory

    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Theirs")
    response = login(office.employee).post(
        reverse("expenses:new_receipt"), receipt_post(office, **{"lines-0-cost_center": foreign.pk})
    )

    assert response.status_code == 400
    assert "Choose an active cost center of this company." in response.content.decode()
    assert not Expense.objects.exists()


def test_fake_pdf_on_the_form_saves_nothing(office, login):
    response = login(office.employee).post(
        reverse("expenses:new_receipt"), {**receipt_post(office), "file": files.html_pretending_pdf()}
    )

    assert response.status_code == 400
    assert "Only JPEG, PNG, HEIC and PDF" in response.content.decode()
    assert not Expense.objects.exists()


def test_mileage_page_saves_the_calculation_it_shows(office, login):
    client = login(office.employee)
    data = {
        "date": "2026-03-02",
        "description": "Customer visit",
        "vehicle": "car",
        "passengers": "0",
        "legs-TOTAL_FORMS": "2",
        "legs-INITIAL_FORMS": "0",
        "legs-0-start": "Helsinki",
        "legs-0-end": "Espoo",
        "legs-0-km": "25",
        "legs-1-start": "Espoo",
        "legs-1-end": "Helsinki",
        "legs-1-km": "25",
    }
    preview = client.post(reverse("expenses:preview") + "?kind=mileage", data).json()

    response = client.post(reverse("expenses:new_mileage"), data)

    expense = Expense.objects.get()
    assert preview["ok"] and preview["amount_eur"] == str(expense.amount_eur) == "27.50"
    page = client.get(response.url).content.decode()
    assert "50 km (25 + 25) × 0.55 €/km = 27.50 €" in page


def test_per_diem_return_before_departure_is_shown_on_the_return_field(office, login):
    data = {
        "description": "Fair",
        "departure": "2026-03-02T08:00",
        "return_at": "2026-03-02T07:00",
        "destination": "FI",
        "free_meals": "",
    }
    response = login(office.employee).post(reverse("expenses:new_per_diem"), data)

    assert response.status_code == 400
    assert "The return must be after the departure." in response.content.decode()
    assert not Expense.objects.exists()


def test_per_diem_page_shows_the_explanation(office, login):
    client = login(office.employee)
    data = {
        "description": "Fair",
        "departure": "2026-03-02T08:00",
        "return_at": "2026-03-02T14:40",
        "destination": "FI",
        "free_meals": "1",
    }
    response = client.post(reverse("expenses:new_per_diem"), data)

    page = client.get(response.url).content.decode()
    assert "6 h 40 min, one travel day → partial per diem 25.00 €; 1 free meal → 12.50 €" in page
    assert "Finland (domestic)" in page  # the destination by name, not its code
    assert Expense.objects.get().amount == Decimal("12.50")


def test_double_submit_shows_a_message_and_changes_once(office, login):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = login(office.employee)
    url = reverse("expenses:submit", kwargs={"expense_id": expense.pk})

    client.post(url)
    response = client.post(url, follow=True)

    assert "cannot become" in response.content.decode()
    assert expense.history.count() == 1


def test_approver_cannot_approve_own_expense_through_the_page(office, login):
    expense = create_receipt(company=office.company, owner=office.admin, data=receipt_input(office))
    submit_expense(expense=expense, actor=office.admin)

    response = login(office.admin).post(reverse("expenses:approve", kwargs={"expense_id": expense.pk}), follow=True)

    assert "You cannot approve or reject your own expense." in response.content.decode()
    assert Expense.objects.get(pk=expense.pk).state == "submitted"


def test_inbox_and_approve_all(office, login):
    for amount in ("10.00", "20.00"):
        expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, amount))
        submit_expense(expense=expense, actor=office.employee)
    client = login(office.approver)

    assert client.get(reverse("expenses:approvals")).content.decode().count("Restaurant Savoy") == 2
    confirm = client.get(reverse("expenses:approve_all"))
    client.post(reverse("expenses:approve_all"), {"fingerprint": confirm.context["preview"].fingerprint})

    assert set(Expense.objects.values_list("state", flat=True)) == {"approved"}


def test_employee_without_approver_role_has_no_inbox(office, login):
    assert login(office.employee).get(reverse("expenses:approvals")).status_code == 404


def test_download_is_an_attachment_with_nosniff(office, login):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    attachment = add_attachment(expense=expense, actor=office.employee, upload=files.png())
    url = reverse("expenses:download_attachment", kwargs={"attachment_id": attachment.pk})

    response = login(office.approver).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"


def test_download_is_hidden_from_colleagues(office, login):
    from companies.roles import Role
    from tests.factories import MembershipFactory

    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    attachment = add_attachment(expense=expense, actor=office.employee, upload=files.png())
    colleague = MembershipFactory(company=office.company, role=Role.EMPLOYEE).user

    response = login(colleague).get(reverse("expenses:download_attachment", kwargs={"attachment_id": attachment.pk}))

    assert response.status_code == 404


def test_csv_export_for_accountants(office, login):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, description="=cmd"))

    response = login(office.accountant).get(reverse("expenses:export_csv"), HTTP_ACCEPT_LANGUAGE="fi")
    body = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff")
    assert ";'=cmd;" in body and ";124,00;" in body
    assert login(office.employee).get(reverse("expenses:export_csv")).status_code == 404


def test_list_filters_by_state(office, login):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, description="Kept"))
    client = login(office.employee)

    assert "Kept" in client.get(reverse("expenses:list"), {"state": "draft"}).content.decode()
    assert "Kept" not in client.get(reverse("expenses:list"), {"state": "approved"}).content.decode()


def test_admin_sets_up_purchase_types_and_employees_cannot(office, login):
    data = {"name": "Taxi", "account_number": "7660", "vat_class": "reduced_food", "is_active": "on"}

    assert login(office.admin).post(reverse("expenses:purchase_types"), data).status_code == 302
    assert office.company.purchase_types.get(name="Taxi").vat_class == "reduced_food"
    assert login(office.employee).get(reverse("expenses:purchase_types")).status_code == 404


def test_purchase_type_with_unknown_vat_class_is_refused(office, login):
    data = {"name": "Taxi", "account_number": "7660", "vat_class": "23", "is_active": "on"}

    response = login(office.admin).post(reverse("expenses:purchase_types"), data)

    assert response.status_code == 200 and not office.company.purchase_types.filter(name="Taxi").exists()


def test_profile_validates_the_iban(office, login):
    client = login(office.employee)

    bad = client.post(reverse("expenses:profile"), {"iban": "FI21 1234 5600 0000 00"})
    good = client.post(reverse("expenses:profile"), {"iban": "FI21 1234 5600 0007 85"})

    assert "This is not a valid IBAN" in bad.content.decode()
    assert good.status_code == 302
    office.employee.refresh_from_db()
    assert office.employee.iban == "FI2112345600000785"


def test_admin_assigns_approver_and_fallback(office, login):
    client = login(office.admin)
    response = client.post(
        reverse("expenses:approvers"), {"employee": office.accountant.pk, "approver": office.approver.pk}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("expenses:setup"), {"fallback_approver": office.admin.pk, "duplicate_check_enabled": ""}
    )
    assert response.status_code == 302
    office.company.expense_settings.refresh_from_db()
    assert office.company.expense_settings.fallback_approver == office.admin
    assert not office.company.expense_settings.duplicate_check_enabled
