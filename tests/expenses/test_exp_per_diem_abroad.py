"""Per diems abroad for every country: admin-entered rates, the employee's day rate and its flag,
country names and amounts in the reader's language, and real hours across daylight saving."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import issue_api_token
from expenses.forms import PerDiemForm
from expenses.models import Expense, ForeignPerDiemRate
from expenses.services import create_per_diem, submit_expense
from tests.expenses.conftest import HELSINKI, per_diem_input
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TOKYO_TRIP = {
    "destination": "JP",
    "departure": datetime(2026, 3, 10, 7, 0, tzinfo=HELSINKI),
    "return_at": datetime(2026, 3, 10, 19, 0, tzinfo=HELSINKI),
    "free_meals": (),
}


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "description": "Fair in Tokyo",
        "departure": "2026-03-10T07:00",
        "return_at": "2026-03-10T19:00",
        "destination": "JP",
        "city": "",
        "free_meals": "",
        "day_rate": "",
    }
    data.update(overrides)
    return data


def enter_rate(office, amount: str = "85.00", year: int = 2026, country: str = "JP", city: str = ""):
    return ForeignPerDiemRate.objects.create(
        company=office.company, year=year, country=country, city=city, amount=Decimal(amount), entered_by=office.admin
    )


def in_finnish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    return client


# --- service --------------------------------------------------------------------------------------


def test_a_country_without_a_figure_asks_for_the_day_rate(office):
    with pytest.raises(ValidationError) as refused:
        create_per_diem(company=office.company, owner=office.employee, data=per_diem_input(**TOKYO_TRIP))

    assert list(refused.value.message_dict) == ["day_rate"]
    assert "Japan" in refused.value.message_dict["day_rate"][0]
    assert "2026" in refused.value.message_dict["day_rate"][0]
    assert not Expense.objects.exists()


def test_the_employees_day_rate_is_used_and_flagged(office):
    data = per_diem_input(**TOKYO_TRIP, day_rate=Decimal("80.00"))
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    assert expense.amount == Decimal("80.00")
    assert expense.per_diem.employee_day_rate == Decimal("80.00")
    assert expense.per_diem.day_rate_by_employee
    assert expense.calculation_lines == [
        "12 h, one travel day → foreign per diem Japan 80.00 € (day rate entered by the employee from the decision)"
    ]


def test_the_companys_rate_is_used_for_everyone_and_names_who_entered_it(office):
    enter_rate(office)
    data = per_diem_input(**TOKYO_TRIP, day_rate=Decimal("80.00"))  # typed anyway: not used, not flagged
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    assert expense.amount == Decimal("85.00")
    assert not expense.per_diem.day_rate_by_employee
    assert expense.calculation_lines == [
        f"12 h, one travel day → foreign per diem Japan 85.00 € (entered by {office.admin} from the decision)"
    ]


def test_another_companys_rate_is_not_used(office):
    other = ForeignPerDiemRate.objects.create(
        company=CompanyFactory(), year=2026, country="JP", amount=Decimal("99.00")
    )
    assert other.pk
    with pytest.raises(ValidationError) as refused:
        create_per_diem(company=office.company, owner=office.employee, data=per_diem_input(**TOKYO_TRIP))
    assert "day_rate" in refused.value.message_dict


def test_a_built_in_figure_ignores_a_typed_day_rate(office):
    data = per_diem_input(**{**TOKYO_TRIP, "destination": "SE"}, day_rate=Decimal("99.00"))
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    assert expense.amount == Decimal("70.00")
    assert expense.per_diem.employee_day_rate is None


def test_a_short_trip_abroad_needs_no_day_rate(office):
    # 8 h in Tokyo... by the domestic rules: over 6 h → partial 25.00, no foreign figure needed.
    data = per_diem_input(**{**TOKYO_TRIP, "return_at": datetime(2026, 3, 10, 15, 0, tzinfo=HELSINKI)})
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    assert expense.amount == Decimal("25.00")
    assert expense.calculation_lines[0] == "Trip abroad under 10 h → domestic rules and amounts"


def test_a_bad_day_rate_is_refused_on_its_field(office):
    with pytest.raises(ValidationError) as refused:
        create_per_diem(
            company=office.company, owner=office.employee, data=per_diem_input(**TOKYO_TRIP, day_rate=Decimal("-5"))
        )
    assert list(refused.value.message_dict) == ["day_rate"]


# --- pages ------------------------------------------------------------------------------------------


def test_the_form_offers_every_country_sorted_in_the_users_language(office, login):
    english = login(office.employee).get(reverse("expenses:new_per_diem")).content.decode()
    finnish = in_finnish(login(office.employee)).get(reverse("expenses:new_per_diem")).content.decode()

    assert english.count("<option") > 190
    assert '<option value="JP">Japan</option>' in english
    assert '<option value="JP">Japani</option>' in finnish
    # Finnish order: Ruotsi (SE) before Saksa (DE); English: Germany before Sweden.
    assert finnish.index('value="SE"') < finnish.index('value="DE"')
    assert english.index('value="DE"') < english.index('value="SE"')
    assert 'id="per-diem-figures"' in english and "day_rate" in english


def test_the_form_asks_for_the_day_rate_and_saves_it_flagged(office, login):
    client = login(office.employee)
    refused = client.post(reverse("expenses:new_per_diem"), form_data())
    saved = client.post(reverse("expenses:new_per_diem"), form_data(day_rate="80,50"))

    assert refused.status_code == 400
    assert "enter the day rate from the decision" in refused.content.decode()
    expense = Expense.objects.get()
    assert saved.url == reverse("expenses:detail", kwargs={"expense_id": expense.pk})
    assert expense.amount == Decimal("80.50")
    assert expense.per_diem.employee_day_rate == Decimal("80.50")


def test_the_flag_shows_on_the_detail_page_and_in_the_approval_list(office, login):
    expense = create_per_diem(
        company=office.company, owner=office.employee, data=per_diem_input(**TOKYO_TRIP, day_rate=Decimal("80"))
    )
    submit_expense(expense=expense, actor=office.employee)
    plain = create_per_diem(company=office.company, owner=office.employee, data=per_diem_input())
    submit_expense(expense=plain, actor=office.employee)
    client = login(office.approver)

    detail = client.get(reverse("expenses:detail", kwargs={"expense_id": expense.pk})).content.decode()
    approvals = client.get(reverse("expenses:approvals")).content.decode()
    plain_detail = client.get(reverse("expenses:detail", kwargs={"expense_id": plain.pk})).content.decode()

    assert "Day rate entered by the employee" in detail
    assert approvals.count("Day rate entered by the employee") == 1
    assert "Day rate entered by the employee" not in plain_detail


def test_the_preview_asks_for_the_day_rate(office, login):
    response = login(office.employee).post(reverse("expenses:preview") + "?kind=per_diem", form_data())

    assert not response.json()["ok"]
    assert "day_rate" in response.json()["errors"]


def test_the_calculation_is_shown_in_the_readers_language(office, login):
    data = per_diem_input(
        destination="SE",
        departure=datetime(2026, 3, 10, 7, 0, tzinfo=HELSINKI),
        return_at=datetime(2026, 3, 11, 12, 0, tzinfo=HELSINKI),
        free_meals=(0, 1),
    )
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)  # saved in English
    url = reverse("expenses:detail", kwargs={"expense_id": expense.pk})

    english = login(office.employee).get(url).content.decode()
    finnish = in_finnish(login(office.employee)).get(url).content.decode()

    assert "half of the foreign per diem Sweden: 70.00 € / 2 = 35.00 €" in english
    # Amounts and the country's name follow the reader's language whatever the catalogue holds.
    assert "Ruotsi: 70,00 € / 2 = 35,00 €" in finnish
    assert "105,00 €" in finnish


def test_an_expense_saved_before_phrases_were_stored_shows_its_saved_lines(office, login):
    expense = create_per_diem(company=office.company, owner=office.employee, data=per_diem_input())
    Expense.objects.filter(pk=expense.pk).update(calculation=["Saved text 12.50 €"])

    page = login(office.employee).get(reverse("expenses:detail", kwargs={"expense_id": expense.pk}))

    assert "Saved text 12.50 €" in page.content.decode()


def test_spring_daylight_saving_through_the_form(office, login):
    # 28.3.2026 20:00 → 29.3.2026 22:30 is 25 h 30 min: 1 full day (54.00) + 1 h 30 min (nothing).
    client = login(office.employee)
    client.post(
        reverse("expenses:new_per_diem"),
        form_data(destination="FI", departure="2026-03-28T20:00", return_at="2026-03-29T22:30"),
    )

    expense = Expense.objects.get()
    assert expense.amount == Decimal("54.00")
    assert expense.calculation_lines[0] == "1 d 1 h 30 min in total: 1 full travel day + 1 h 30 min"


# --- the admin's page ---------------------------------------------------------------------------------


def test_an_admin_enters_a_rate_and_can_edit_it(office, login):
    client = login(office.admin)
    url = reverse("expenses:foreign_rates")
    created = client.post(url, {"year": "2026", "country": "JP", "city": "", "amount": "85,00"})

    rate = ForeignPerDiemRate.objects.get()
    assert created.status_code == 302
    assert (rate.company, rate.year, rate.country, rate.amount, rate.entered_by) == (
        office.company,
        2026,
        "JP",
        Decimal("85.00"),
        office.admin,
    )
    assert "Japan" in client.get(url).content.decode()
    edit_url = reverse("expenses:foreign_rate_edit", kwargs={"rate_id": rate.pk})
    client.post(edit_url, {"year": "2026", "country": "JP", "city": "", "amount": "86"})
    rate.refresh_from_db()
    assert rate.amount == Decimal("86.00")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "SE"}, "is built in"),  # Sweden 2026 ships with its source: nothing to enter
        ({"country": "GB", "city": "london"}, "is built in"),
        ({"country": "JP", "city": " "}, "already has a figure"),  # the one entered below
        ({"country": "JP", "amount": "0"}, "above 0"),
        ({"country": "FI"}, "Select a valid choice"),
        ({"year": "2023", "country": "NZ"}, "Select a valid choice"),
    ],
)
def test_the_admin_page_refuses(office, login, fields, message):
    enter_rate(office)
    data = {"year": "2026", "city": "", "amount": "85", **fields}

    response = login(office.admin).post(reverse("expenses:foreign_rates"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ForeignPerDiemRate.objects.count() == 1


def test_only_admins_open_the_rates_page(office, login):
    assert login(office.admin).get(reverse("expenses:foreign_rates")).status_code == 200
    for user in (office.employee, office.approver, office.accountant):
        response = login(user).get(reverse("expenses:foreign_rates"))
        assert response.status_code == 404, user  # like the other setup pages


def test_an_admin_cannot_edit_another_companys_rate(office, login):
    other = ForeignPerDiemRate.objects.create(
        company=CompanyFactory(), year=2026, country="JP", amount=Decimal("99.00")
    )
    url = reverse("expenses:foreign_rate_edit", kwargs={"rate_id": other.pk})
    assert login(office.admin).get(url).status_code == 404


# --- API ---------------------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user, label='test').key}")
    return client


def api_body(**overrides: object) -> dict[str, object]:
    body = {
        "kind": "per_diem",
        "description": "Fair in Tokyo",
        "departure": "2026-03-10T07:00:00+02:00",
        "return_at": "2026-03-10T19:00:00+02:00",
        "destination": "JP",
    }
    body.update(overrides)
    return body


def test_the_api_refuses_a_missing_day_rate_naming_the_field(office):
    response = api(office.employee).post("/api/v1/expenses/", api_body(), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["day_rate"]
    assert "Japan" in response.json()["day_rate"][0]


def test_the_api_accepts_the_day_rate_and_reports_the_flag(office):
    response = api(office.employee).post("/api/v1/expenses/", api_body(day_rate="80.00", city="Tokyo"), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "80.00"
    assert response.json()["per_diem"]["day_rate_by_employee"] is True
    assert response.json()["per_diem"]["employee_day_rate"] == "80.00"


def test_the_api_uses_the_companys_rate(office):
    enter_rate(office)
    response = api(office.employee).post("/api/v1/expenses/", api_body(), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "85.00"
    assert response.json()["per_diem"]["day_rate_by_employee"] is False


def test_the_api_refuses_an_unknown_country(office):
    response = api(office.employee).post("/api/v1/expenses/", api_body(destination="QQ"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["destination"]


def test_the_api_shows_the_calculation_in_the_requests_language(office):
    client = api(office.employee)
    created = client.post("/api/v1/expenses/", api_body(day_rate="80"), format="json").json()

    finnish = client.get(f"/api/v1/expenses/{created['id']}/", HTTP_ACCEPT_LANGUAGE="fi").json()

    assert "Japani 80,00 €" in finnish["calculation"][0]


def test_the_form_knows_where_a_figure_exists(office):
    enter_rate(office, city="Osaka")
    figures = PerDiemForm(company=office.company).known_figures()

    assert {"SE", "GB/london", "US/washingtondc"} <= set(figures[2026])
    assert "JP/osaka" in figures[2026] and "JP" not in figures[2026]
    assert figures[2025] == ["DE"]
    assert figures[2024] == []
