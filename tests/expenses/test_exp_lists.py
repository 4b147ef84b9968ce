"""My expenses and All expenses: search, sorting, page size and pages, all kept in the URL."""

import re
from datetime import date
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from companies.roles import Role
from expenses.models import Expense
from expenses.selectors import ExpenseFilters, expense_list_rows
from tests.expenses.test_exp_queries import make_expenses
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def add(office, description, amount="10.00", day=date(2026, 3, 2), owner=None, state="draft"):
    return Expense.objects.create(
        company=office.company,
        owner=owner or office.employee,
        kind="receipt",
        state=state,
        date=day,
        description=description,
        amount=Decimal(amount),
        amount_eur=Decimal(amount),
        payment_method=office.own_money,
    )


def descriptions(html):
    return [unescape(text) for text in re.findall(r'<a href="/expenses/\d+/"[^>]*>([^<]*)</a>', html)]


def links(html):
    """The query of each link to this same page (href="?…"), parsed."""
    return [parse_qs(unescape(href)) for href in re.findall(r'href="\?([^"]*)"', html)]


def test_search_finds_the_merchant_in_the_description_whatever_the_case(office, login):
    add(office, "Taksi Helsinki")
    add(office, "Restaurant Savoy")

    html = login(office.employee).get(reverse("expenses:list"), {"q": "TAKSI"}).content.decode()

    assert descriptions(html) == ["Taksi Helsinki"]


def test_search_folds_finnish_letters(office, login):
    add(office, "Äänekosken Kahvila")
    add(office, "Kauppa")

    html = login(office.employee).get(reverse("expenses:list"), {"q": "äänekosken"}).content.decode()

    assert descriptions(html) == ["Äänekosken Kahvila"]


def test_search_finds_the_person_by_name_and_e_mail(office, login):
    colleague = MembershipFactory(
        company=office.company, role=Role.EMPLOYEE, user__first_name="Pätkä", user__last_name="Öhman"
    ).user
    add(office, "Colleague's taxi", owner=colleague)
    add(office, "Own taxi")
    client = login(office.accountant)

    by_name = client.get(reverse("expenses:all"), {"q": "PÄTKÄ öhman"}).content.decode()
    by_mail = client.get(reverse("expenses:all"), {"q": colleague.email.upper()}).content.decode()

    assert descriptions(by_name) == descriptions(by_mail) == ["Colleague's taxi"]


def test_each_word_of_a_search_must_match(office):
    add(office, "Taksi Helsinki")
    add(office, "Taksi Tampere")

    found = expense_list_rows(office.company, office.employee, ExpenseFilters(q="taksi tampere"))

    assert [e.description for e in found.rows] == ["Taksi Tampere"]


def test_totals_are_those_of_the_whole_search_not_of_the_page(office):
    make_expenses(office, 150)  # "Receipt 0" … "Receipt 149", 10.00 + i €
    add(office, "Taxi", "99.00")

    found = expense_list_rows(office.company, office.employee, ExpenseFilters(q="receipt", per_page=25))

    assert (found.count, len(found.rows), found.pages) == (150, 25, 6)
    assert found.total_eur == sum(Decimal("10.00") + i for i in range(150))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("amount", ["Small", "Middle", "Large"]),
        ("-amount", ["Large", "Middle", "Small"]),
        ("date", ["Large", "Small", "Middle"]),
        ("-date", ["Middle", "Small", "Large"]),
        ("", ["Middle", "Small", "Large"]),  # newest first unless told
        ("-bogus", ["Middle", "Small", "Large"]),  # not on the whitelist: the default
    ],
)
def test_sort(office, login, sort, expected):
    add(office, "Large", "300.00", date(2026, 1, 1))
    add(office, "Small", "5.00", date(2026, 2, 1))
    add(office, "Middle", "40.00", date(2026, 3, 1))

    html = login(office.employee).get(reverse("expenses:list"), {"sort": sort}).content.decode()

    assert descriptions(html) == expected


def test_sort_by_person_and_state_on_all_expenses(office, login):
    aino = MembershipFactory(company=office.company, user__first_name="Aino", user__last_name="Aalto").user
    ville = MembershipFactory(company=office.company, user__first_name="Ville", user__last_name="Virta").user
    add(office, "Ville's", owner=ville, state="submitted")
    add(office, "Aino's", owner=aino, state="approved")
    client = login(office.accountant)

    by_person = client.get(reverse("expenses:all"), {"sort": "person"}).content.decode()
    by_state = client.get(reverse("expenses:all"), {"sort": "-state"}).content.decode()

    assert descriptions(by_person) == ["Aino's", "Ville's"]
    assert descriptions(by_state) == ["Ville's", "Aino's"]  # submitted after approved, reversed


def test_page_and_sort_links_keep_the_search_and_filters(office, login):
    make_expenses(office, 60)
    query = {"q": "receipt", "state": "draft", "date_from": "2026-01-01", "per_page": "25", "sort": "amount"}

    html = login(office.employee).get(reverse("expenses:list"), {**query, "page": "2"}).content.decode()

    found = links(html)
    pages = [q for q in found if "page" in q]
    sorts = [q for q in found if "page" not in q]
    assert {q["page"][0] for q in pages} == {"1", "3"}  # previous/next and the numbers
    for q in found:
        assert {name: q[name][0] for name in ("q", "state", "date_from", "per_page")} == {
            name: query[name] for name in ("q", "state", "date_from", "per_page")
        }
    assert {q["sort"][0] for q in sorts} == {"-amount", "-date", "state"}  # amount flips, the others start
    assert 'name="sort" value="amount"' in html  # the filter form keeps the sort too


def test_showing_which_rows_of_how_many(office, login):
    make_expenses(office, 260)

    html = login(office.employee).get(reverse("expenses:list"), {"page": "2"}).content.decode()

    assert "Showing 101–200 of 260" in html
    assert len(descriptions(html)) == 100


def test_a_page_beyond_the_end_shows_the_last_page(office, login):
    make_expenses(office, 60)

    html = login(office.employee).get(reverse("expenses:list"), {"page": "999", "per_page": "25"}).content.decode()

    assert "Showing 51–60 of 60" in html
    assert len(descriptions(html)) == 10
    assert re.search(r'aria-current="page">3<', html)


@pytest.mark.parametrize("bad", [{"page": "abc"}, {"page": "0"}, {"per_page": "100000"}, {"date_from": "31.2.2026"}])
def test_a_bad_value_is_ignored_but_not_the_rest_of_the_query(office, login, bad):
    add(office, "Kept")
    add(office, "Other")

    html = login(office.employee).get(reverse("expenses:list"), {"q": "kept", **bad}).content.decode()

    assert descriptions(html) == ["Kept"]


def test_page_size_is_bounded(office):
    make_expenses(office, 300)

    found = expense_list_rows(office.company, office.employee, ExpenseFilters(per_page=5000))

    assert len(found.rows) == 100


def test_csv_download_honours_the_search(office, login):
    add(office, "Taksi Helsinki")
    add(office, "Restaurant Savoy")
    client = login(office.accountant)

    page = client.get(reverse("expenses:all"), {"q": "taksi"}).content.decode()
    href = unescape(re.search(r'href="(/expenses/all/export\.csv\?[^"]*)"', page).group(1))
    body = b"".join(client.get(href).streaming_content).decode("utf-8")

    assert parse_qs(urlsplit(href).query)["q"] == ["taksi"]
    assert "Taksi Helsinki" in body and "Restaurant Savoy" not in body


def test_no_inline_script_or_style_on_the_lists(office, login):
    add(office, "Kept", state="submitted")
    client = login(office.approver)

    for name in ("expenses:list", "expenses:approvals"):
        html = client.get(reverse(name)).content.decode()
        assert "<script>" not in html and " style=" not in html and "<style" not in html


@pytest.mark.parametrize("query", [{}, {"q": "kept"}])
def test_the_page_size_select_shows_the_size_in_use(office, login, query):
    html = login(office.employee).get(reverse("expenses:list"), query).content.decode()

    assert '<option value="100" selected>100</option>' in html
