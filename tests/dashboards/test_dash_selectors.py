"""Each role's figures, checked against sums done by hand, and never another company's expenses."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.models import NetvisorConnection
from dashboards.health import export_health
from dashboards.selectors import approval_queue, employee_overview
from dashboards.spend import company_spend
from expenses.selectors import approval_inbox
from exports.models import PaymentExport, VoucherExport
from tests.dashboards.conftest import cost_center, make_expense, months_ago, purchase_type
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def stages(overview) -> dict[str, tuple[int, Decimal]]:
    return {stage.stage: (stage.count, stage.total) for stage in overview.stages}


def test_an_employee_overview_sums_their_own_expenses_per_stage(team):
    for amount, state in [("10.10", "draft"), ("0.20", "draft"), ("5.00", "submitted"), ("1.00", "approved"),
                          ("2.00", "queued"), ("3.00", "exported"), ("4.44", "paid"), ("9.00", "rejected")]:  # fmt: skip
        make_expense(team.company, team.employee, amount, state=state)
    make_expense(team.company, team.colleague, "1000.00", state="draft")

    found = stages(employee_overview(company=team.company, user=team.employee))

    assert found == {
        "draft": (2, Decimal("10.30")),
        "waiting": (1, Decimal("5.00")),
        "approved": (3, Decimal("6.00")),
        "paid": (1, Decimal("4.44")),
        "rejected": (1, Decimal("9.00")),
    }


def test_the_latest_five_expenses_are_the_members_own_newest(team):
    today = timezone.localdate()
    for days in range(7):
        make_expense(team.company, team.employee, "1.00", day=today - timedelta(days=days), description=f"Mine {days}")
    make_expense(team.company, team.colleague, "1.00", day=today, description="Not mine")

    recent = employee_overview(company=team.company, user=team.employee).recent

    assert [expense.description for expense in recent] == [f"Mine {days}" for days in range(5)]


def test_sums_are_exact_in_cents_however_many_expenses(team):
    for _ in range(3):
        make_expense(team.company, team.employee, "0.10", state="paid")
    make_expense(team.company, team.employee, "9999999999.99", state="paid")

    assert stages(employee_overview(company=team.company, user=team.employee))["paid"] == (
        4, Decimal("10000000000.29")
    )  # fmt: skip


def test_the_approval_queue_counts_sums_and_ages_what_waits_for_the_approver(team):
    make_expense(team.company, team.employee, "10.00", state="submitted", waited_days=0)
    make_expense(team.company, team.employee, "20.00", state="submitted", waited_days=3)
    make_expense(team.company, team.colleague, "30.50", state="submitted", waited_days=40)
    make_expense(team.company, team.employee, "99.00", state="approved", waited_days=50)  # decided already
    make_expense(team.company, team.approver, "77.00", state="submitted", waited_days=60)  # their own
    stranger = MembershipFactory(company=team.company).user  # not assigned to this approver
    make_expense(team.company, stranger, "66.00", state="submitted", waited_days=60)

    queue = approval_queue(company=team.company, user=team.approver, role="approver")

    assert (queue.count, queue.total, queue.oldest_days) == (3, Decimal("60.50"), 40)
    assert [(group.first_day, group.count, group.total) for group in queue.by_age] == [
        (0, 1, Decimal("10.00")), (3, 1, Decimal("20.00")), (8, 0, Decimal("0.00")),
        (15, 0, Decimal("0.00")), (31, 1, Decimal("30.50")),
    ]  # fmt: skip
    assert [(e.amount_eur, e.age_days) for e in queue.oldest] == [
        (Decimal("30.50"), 40), (Decimal("20.00"), 3), (Decimal("10.00"), 0)
    ]  # fmt: skip
    assert {e.pk for e in queue.oldest} == {e.pk for e in approval_inbox(team.company, team.approver)}


def test_an_admin_approves_everyone_but_never_themselves(team):
    make_expense(team.company, team.employee, "10.00", state="submitted", waited_days=1)
    make_expense(team.company, team.approver, "20.00", state="submitted", waited_days=2)
    make_expense(team.company, team.admin, "40.00", state="submitted", waited_days=3)

    queue = approval_queue(company=team.company, user=team.admin, role="admin")

    assert (queue.count, queue.total, queue.oldest_days) == (2, Decimal("30.00"), 2)


def test_the_queue_lists_only_the_ten_oldest_but_counts_them_all(team):
    for days in range(12):
        make_expense(team.company, team.employee, "1.00", state="submitted", waited_days=days)

    queue = approval_queue(company=team.company, user=team.approver, role="approver")

    assert queue.count == 12 and len(queue.oldest) == 10
    assert [e.age_days for e in queue.oldest] == list(range(11, 1, -1))


def test_an_empty_queue_has_no_oldest_age(team):
    queue = approval_queue(company=team.company, user=team.approver, role="approver")

    assert (queue.count, queue.total, queue.oldest_days, queue.oldest) == (0, Decimal("0.00"), None, ())
    assert len(queue.by_age) == 5


def test_spend_per_month_covers_twelve_months_with_empty_ones_as_zero(team):
    make_expense(team.company, team.employee, "100.00", day=months_ago(0))
    make_expense(team.company, team.employee, "0.05", day=months_ago(0, day=1), state="paid")
    make_expense(team.company, team.colleague, "50.00", day=months_ago(11, day=1), state="exported")
    make_expense(team.company, team.employee, "70.00", day=months_ago(12, day=28))  # a month too old
    make_expense(team.company, team.employee, "80.00", day=months_ago(2), state="submitted")  # not approved
    make_expense(team.company, team.employee, "90.00", day=months_ago(2), state="rejected")

    spend = company_spend(company=team.company)

    assert len(spend.months) == 12
    assert spend.months[0].month == months_ago(11, day=1) and spend.months[-1].month == months_ago(0, day=1)
    assert [month.total for month in spend.months] == [Decimal("50.00")] + [Decimal("0.00")] * 10 + [Decimal("100.05")]
    assert spend.total == Decimal("150.05")


def test_spend_per_cost_center_keeps_the_eight_largest_and_sums_the_rest_as_other(team):
    centers = [cost_center(team.company, f"Center {n}", code=str(100 + n)) for n in range(10)]
    for n, center in enumerate(centers):
        make_expense(team.company, team.employee, f"{n + 1}.00", lines=[(center, None, f"{n + 1}.00")])
    make_expense(team.company, team.employee, "5.50", lines=[(centers[9], None, "5.00"), (None, None, "0.50")])

    shares = company_spend(company=team.company).by_cost_center

    assert [(s.label, s.total) for s in shares[:3]] == [
        ("109 Center 9", Decimal("15.00")), ("108 Center 8", Decimal("9.00")), ("107 Center 7", Decimal("8.00"))
    ]  # fmt: skip
    assert len(shares) == 9 and shares[-1].is_rest
    # Left over: centers 0 and 1 (1.00 + 2.00) and the line without a cost center (0.50).
    assert (shares[-1].label, shares[-1].total) == ("Other", Decimal("3.50"))
    assert sum(s.total for s in shares) == Decimal("60.50")


def test_spend_per_purchase_type_counts_allowances_under_their_kind(team):
    meals, travel = purchase_type(team.company, "Meals"), purchase_type(team.company, "Travel")
    make_expense(team.company, team.employee, "30.00", lines=[(None, meals, "10.00"), (None, travel, "20.00")])
    make_expense(team.company, team.employee, "12.34", kind="mileage")
    make_expense(team.company, team.employee, "51.00", kind="per_diem")
    make_expense(team.company, team.employee, "1.00")  # a receipt line without a purchase type

    shares = company_spend(company=team.company).by_purchase_type

    assert [(s.label, s.total) for s in shares] == [
        ("Per diem", Decimal("51.00")), ("Travel", Decimal("20.00")), ("Kilometre allowance", Decimal("12.34")),
        ("Meals", Decimal("10.00")), ("No purchase type", Decimal("1.00")),
    ]  # fmt: skip


def test_spend_per_employee_keeps_the_ten_largest(team):
    people = [MembershipFactory(company=team.company, user__first_name="P", user__last_name=str(n)).user
              for n in range(12)]  # fmt: skip
    for n, person in enumerate(people):
        make_expense(team.company, person, f"{n + 1}.00")

    shares = company_spend(company=team.company).by_employee

    assert [s.label for s in shares[:2]] == ["P 11", "P 10"]
    assert (len(shares), shares[-1].total, shares[-1].count) == (11, Decimal("3.00"), 2)


def test_another_companys_expenses_are_never_counted(team):
    other = CompanyFactory()
    outsider = MembershipFactory(company=other, role="admin").user
    MembershipFactory(company=other, user=team.approver, role="admin")  # the same person there too
    make_expense(other, outsider, "500.00", lines=[(cost_center(other, "Theirs"), purchase_type(other, "X"), "500.00")])
    make_expense(other, outsider, "600.00", state="submitted", waited_days=5)
    make_expense(other, team.approver, "700.00", state="draft")

    spend = company_spend(company=team.company)
    queue = approval_queue(company=team.company, user=team.approver, role="approver")
    mine = employee_overview(company=team.company, user=team.approver)

    assert spend.total == 0 and spend.by_cost_center == () and spend.by_purchase_type == () and spend.by_employee == ()
    assert queue.count == 0
    assert all(stage.count == 0 for stage in mine.stages)


def test_export_health_counts_what_needs_attention_and_when_the_last_export_went_through(team):
    NetvisorConnection.objects.create(company=team.company, state=NetvisorConnection.State.CONNECTED)
    sent_at = timezone.now() - timedelta(hours=3)
    for state in ("failed", "held", "pending", "sent"):
        VoucherExport.objects.create(company=team.company, employee=team.employee, state=state,
                                     sent_at=sent_at if state == "sent" else None)  # fmt: skip
    payment = {"employee": team.employee, "amount": Decimal("1.00"), "recipient_name": "X", "iban": "FI00",
               "source_iban": "FI00", "due_date": timezone.localdate()}  # fmt: skip
    PaymentExport.objects.create(company=team.company, state="check", **payment)
    PaymentExport.objects.create(company=team.company, state="paid", sent_at=sent_at, **payment)
    VoucherExport.objects.create(company=CompanyFactory(), employee=team.employee, state="failed")

    health = export_health(company=team.company)

    assert (health.vouchers_needing_attention, health.vouchers_in_progress) == (2, 1)
    assert health.payments_needing_attention == 1
    assert health.last_voucher_at == sent_at and health.last_payment_at == sent_at
    assert (health.connection_state, health.status) == ("connected", "warn")


def test_an_expired_connection_is_an_error_and_a_quiet_connected_one_is_ok(team):
    connection = NetvisorConnection.objects.create(company=team.company, state=NetvisorConnection.State.CONNECTED)
    assert export_health(company=team.company).status == "ok"

    connection.state = NetvisorConnection.State.EXPIRED
    connection.save()

    assert export_health(company=team.company).status == "err"
