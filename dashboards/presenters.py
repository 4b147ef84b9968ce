"""The dashboard of one member: the sections their role shows, each with its figures and charts.

Everyone sees their own expenses; those who approve, their queue; accountants and admins, the
company's spend and the health of the Netvisor export. Labels are made here, in the active language.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from companies import roles
from companies.models import Company
from dashboards.charts import BarChart, Point, horizontal_bars, vertical_bars
from dashboards.health import ExportHealth, export_health
from dashboards.selectors import (
    APPROVED,
    DRAFT,
    PAID,
    REJECTED,
    WAITING,
    AgeGroup,
    ApprovalQueue,
    EmployeeOverview,
    approval_queue,
    employee_overview,
)
from dashboards.spend import CompanySpend, Share, company_spend


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    count: int
    total: Decimal


@dataclass(frozen=True)
class EmployeeSection:
    overview: EmployeeOverview
    # The stages shown as figures: a rejected expense only when there is one.
    figures: tuple[StageFigure, ...]
    chart: BarChart


@dataclass(frozen=True)
class ApproverSection:
    queue: ApprovalQueue
    chart: BarChart


@dataclass(frozen=True)
class AccountingSection:
    spend: CompanySpend
    months: BarChart
    cost_centers: BarChart
    purchase_types: BarChart
    employees: BarChart
    health: ExportHealth


@dataclass(frozen=True)
class Dashboard:
    employee: EmployeeSection
    approver: ApproverSection | None
    accounting: AccountingSection | None


def dashboard_for(*, company: Company, user: User, role: str, now: datetime | None = None) -> Dashboard:
    """Every section ``role`` may see, in a fixed number of queries however many expenses there are."""
    today = timezone.localdate(now) if now else None
    approver = accounting = None
    if roles.can_approve(role):
        approver = _approver_section(approval_queue(company=company, user=user, role=role, now=now))
    if roles.can_see_all_expenses(role):
        accounting = _accounting_section(company_spend(company=company, today=today), company)
    return Dashboard(_employee_section(employee_overview(company=company, user=user)), approver, accounting)


def stage_labels() -> dict[str, str]:
    return {
        DRAFT: _("Drafts"),
        WAITING: _("Waiting for approval"),
        APPROVED: _("Approved, not paid yet"),
        PAID: _("Paid"),
        REJECTED: _("Rejected"),
    }


def _employee_section(overview: EmployeeOverview) -> EmployeeSection:
    labels = stage_labels()
    figures = tuple(
        StageFigure(stage.stage, labels[stage.stage], stage.count, stage.total)
        for stage in overview.stages
        if stage.stage != REJECTED or stage.count
    )
    points = [Point(figure.label, figure.total, figure.count) for figure in figures]
    chart = horizontal_bars(points, title=_("My expenses by stage, in euros"), category=_("Stage"))
    return EmployeeSection(overview, figures, chart)


def age_label(group: AgeGroup) -> str:
    if group.last_day is None:
        return ngettext("%(days)d day or more", "%(days)d days or more", group.first_day) % {"days": group.first_day}
    return _("%(first)d–%(last)d days") % {"first": group.first_day, "last": group.last_day}


def _approver_section(queue: ApprovalQueue) -> ApproverSection:
    points = [Point(age_label(group), group.total, group.count) for group in queue.by_age]
    chart = horizontal_bars(points, title=_("Waiting for my approval by age, in euros"), category=_("Waiting"))
    return ApproverSection(queue, chart)


def _accounting_section(spend: CompanySpend, company: Company) -> AccountingSection:
    months = [
        Point(date_format(month.month, "M"), month.total, month.count, name=date_format(month.month, "F Y"))
        for month in spend.months
    ]
    return AccountingSection(
        spend=spend,
        months=vertical_bars(months, title=_("Spend per month, last 12 months, in euros"), category=_("Month")),
        cost_centers=_shares(spend.by_cost_center, _("Spend per cost center, in euros"), _("Cost center")),
        purchase_types=_shares(spend.by_purchase_type, _("Spend per purchase type, in euros"), _("Purchase type")),
        employees=_shares(spend.by_employee, _("Spend per employee, in euros"), _("Employee")),
        health=export_health(company=company),
    )


def _shares(shares: tuple[Share, ...], title: str, category: str) -> BarChart:
    return horizontal_bars(
        [Point(share.label, share.total, share.count) for share in shares], title=title, category=category
    )
