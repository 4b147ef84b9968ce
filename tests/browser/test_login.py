import pytest
from playwright.sync_api import expect

from companies.roles import Role
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_user_logs_in_and_sees_the_dashboard(page, live_server, log_in):
    company = CompanyFactory(name="Selain Oy")
    user = MembershipFactory(company=company, role=Role.ADMIN, user__first_name="Aino").user
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Selain Oy")).to_be_visible()
    expect(page.get_by_role("link", name="Company Settings")).to_be_visible()


def test_wrong_password_shows_a_message_and_stays_on_login(page, live_server, log_in):
    user = MembershipFactory(company=CompanyFactory()).user
    log_in(user.email, "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct e-mail address and password")


def test_finnish_interface(page, live_server, log_in):
    user = MembershipFactory(company=CompanyFactory(name="Kieli Oy"), role=Role.ADMIN).user
    log_in(user.email, PASSWORD)
    page.get_by_role("button", name="FI").click()
    expect(page.get_by_role("link", name="Yrityksen asetukset")).to_be_visible()
