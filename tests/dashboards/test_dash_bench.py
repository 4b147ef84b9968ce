"""The dashboard benchmark compares like with like: its plain-dict baseline draws the same dashboard."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from benchmarks.bench_dashboards import as_dicts, make_company_expenses
from companies.models import Membership
from dashboards.presenters import dashboard_for

pytestmark = pytest.mark.django_db


def dashboard_part(html: str) -> str:
    return re.search(r'<div class="dashboard">.*</section>', html, re.S).group(0)


def test_dict_figures_render_the_same_dashboard_as_the_page(team, login):
    admin = Membership.objects.get(user=team.admin, company=team.company)
    make_company_expenses(admin, count=60)
    page = login(team.admin).get("/").content.decode()
    request = RequestFactory().get("/")
    request.user, request.membership, request.company = team.admin, admin, team.company
    dashboard = as_dicts(dashboard_for(company=team.company, user=team.admin, role=admin.role))

    baseline = render_to_string("companies/dashboard.html", {"dashboard": dashboard}, request=request)

    assert dashboard_part(baseline) == dashboard_part(page)
    assert dashboard_part(page).count('<rect class="chart-bar"') == 4 + 5 + 12 + 9 + 9 + 11
