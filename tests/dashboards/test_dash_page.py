"""The dashboard page: each role's sections with the right figures, in both languages, and nothing of others'."""

import html as entities
import re

import pytest
from django.urls import reverse

from tests.dashboards.conftest import cost_center, make_expense, months_ago, purchase_type
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def page_of(client, language: str = "en") -> str:
    client.cookies["django_language"] = language
    # Entities unescaped: the page writes the space between an amount and "€" as &#160;.
    return entities.unescape(client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language).content.decode())


def bars_in(html: str) -> int:
    return html.count('<rect class="chart-bar"')


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_an_employee_sees_their_own_stages_and_latest_expenses(team, login):
    make_expense(team.company, team.employee, "1234.50", state="draft", description="Taxi Helsinki")
    make_expense(team.company, team.employee, "100.00", state="submitted", waited_days=1)
    make_expense(team.company, team.employee, "20.25", state="approved")
    make_expense(team.company, team.employee, "30.00", state="exported")
    make_expense(team.company, team.employee, "7.00", state="paid")

    html = page_of(login(team.employee))
    mine = section(html, "dash-mine")

    assert f"1,234.50{NBSP}€" in mine  # the draft
    assert f"50.25{NBSP}€" in mine  # approved 20.25 + exported 30.00, not paid yet
    assert f"7.00{NBSP}€" in mine
    assert bars_in(mine) == 4  # draft, waiting, approved, paid; no rejected one
    assert "Taxi Helsinki" in mine
    assert section(html, "dash-queue") == "" and section(html, "dash-spend") == ""


def test_an_employee_never_sees_a_colleagues_expenses(team, login):
    make_expense(team.company, team.colleague, "4321.00", state="submitted", waited_days=2, description="Colleague's")

    html = page_of(login(team.employee))

    assert "4,321.00" not in html and "Colleague's" not in html
    assert section(html, "dash-queue") == "" and section(html, "dash-health") == ""


def test_an_approver_sees_their_queue_with_amounts_and_age_in_finnish(team, login):
    make_expense(team.company, team.employee, "1234.50", state="submitted", waited_days=9, description="Hotel Kämp")
    make_expense(team.company, team.colleague, "0.50", state="submitted", waited_days=1)

    queue = section(page_of(login(team.approver), "fi"), "dash-queue")

    assert f"1{NBSP}235,00{NBSP}€" in queue  # the total of both, grouped and with a decimal comma
    assert f"1{NBSP}234,50{NBSP}€" in queue
    assert "Hotel Kämp" in queue
    assert bars_in(queue) == 5  # one per age group
    oldest = re.search(r'<table class="dash-queue[^"]*">.*?</table>', queue, re.S).group(0)
    assert oldest.count("<tr>") == 1 + 2  # the head and both expenses
    assert oldest.index("Hotel Kämp") < oldest.index(f"0,50{NBSP}€")  # the longest wait first
    assert section(page_of(login(team.approver)), "dash-spend") == ""


def test_an_accountant_sees_the_company_spend_in_both_languages(team, login):
    sales = cost_center(team.company, "Sales", code="100")
    meals = purchase_type(team.company, "Meals")
    make_expense(team.company, team.employee, "1234.50", lines=[(sales, meals, "1000.00"), (None, None, "234.50")])
    make_expense(team.company, team.colleague, "99.99", day=months_ago(3), kind="mileage", state="paid")
    make_expense(team.company, team.colleague, "5000.00", state="draft")  # not spent

    client = login(team.accountant)
    english, finnish = section(page_of(client), "dash-spend"), section(page_of(client, "fi"), "dash-spend")

    assert f"1,334.49{NBSP}€ in all" in english
    assert f"1{NBSP}334,49{NBSP}€" in finnish and "5000" not in finnish.replace(NBSP, "")
    # 12 months, then cost centers (Sales, none), purchase types (Meals, none, mileage), employees (2).
    assert bars_in(english) == 12 + 2 + 3 + 2 == bars_in(finnish)
    assert "100 Sales" in english and f"1,000.00{NBSP}€" in english
    assert "tammikuu" in finnish or "joulukuu" in finnish  # month names in the reader's language
    assert section(page_of(client), "dash-health")


def test_every_chart_has_a_text_alternative_and_a_table_with_the_same_figures(team, login):
    make_expense(team.company, team.employee, "12.00", state="submitted", waited_days=4)
    make_expense(team.company, team.admin, "34.00")

    html = page_of(login(team.admin))

    charts = html.count('<svg class="chart-svg')
    assert charts == 1 + 1 + 4  # the admin's own stages, the queue, month, cost center, purchase type, employee
    assert html.count('role="img" aria-label="') == charts
    assert html.count('<details class="chart-table">') == charts
    assert re.findall(r"<title>([^<]*)</title>", html).count("Spend per month, last 12 months, in euros") == 1


def test_the_dashboard_needs_no_inline_styles_or_scripts(team, login):
    from tests.test_csp import inline_code

    make_expense(team.company, team.employee, "12.00", state="submitted", waited_days=4)
    make_expense(team.company, team.employee, "34.00")

    assert inline_code(login(team.admin).get(reverse("dashboard")).content.decode()) == []


def test_another_companys_figures_never_show(team, login):
    other = CompanyFactory()
    make_expense(other, MembershipFactory(company=other).user, "8888.00", state="submitted", waited_days=3)
    make_expense(other, MembershipFactory(company=other).user, "7777.00")

    html = page_of(login(team.admin))

    assert "8,888" not in html and "7,777" not in html


def test_a_newcomer_sees_their_empty_stages_without_an_empty_chart(team, login):
    mine = section(page_of(login(team.employee)), "dash-mine")

    assert bars_in(mine) == 0 and "You have no expenses yet." in mine
    assert mine.count(f"0.00{NBSP}€") == 4
