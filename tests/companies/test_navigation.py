"""The main navigation marks the section the page belongs to, as a person sees it on screen."""

import re

import pytest
from django.urls import reverse

from companies.roles import Role


def current_items(html: str) -> list[str]:
    """The marked items of the main menu only (tabs inside a page mark themselves too)."""
    main_menu = re.search(r'<nav class="mainnav".*?</nav>', html, re.S).group(0)
    return re.findall(r'aria-current="page">([^<]+)<', main_menu)


@pytest.mark.parametrize(
    ("url_name", "item"),
    [
        ("dashboard", "Dashboard"),
        ("expenses:list", "Expenses"),
        ("expenses:approvals", "Approvals"),
        ("expenses:all", "All expenses"),
        ("costcenters:list", "Cost centers"),
        ("companies:reimbursement_accounting", "Company Settings"),
        ("expenses:purchase_types", "Company Settings"),  # Company Settings → Expenses tab
        ("expenses:approvers", "Company Settings"),
    ],
)
def test_exactly_the_pages_section_is_marked(company, member_factory, login, url_name, item):
    client = login(member_factory(company, role=Role.ADMIN))
    html = client.get(reverse(url_name)).content.decode()
    assert current_items(html) == [item]
