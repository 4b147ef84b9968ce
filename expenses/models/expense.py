"""An expense: a receipt, a kilometre allowance or a per diem, with its lines and its history."""

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from expenses.rules import wording
from expenses.rules.countries import country_name


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Digits = {"max_digits": 12, "decimal_places": 2}


class Kind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    MILEAGE = "mileage", _("Kilometre allowance")
    PER_DIEM = "per_diem", _("Per diem")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    QUEUED = "queued", _("Queued for accounting")
    EXPORTED = "exported", _("Exported")
    PAID = "paid", _("Paid")


class Expense(models.Model):
    """One claim. ``amount`` is in ``currency``; ``amount_eur`` is what is booked and paid."""

    Kind = Kind
    State = State

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="expenses")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expenses")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    date = models.DateField(_("date"))
    description = models.CharField(_("merchant or description"), max_length=300)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount = models.DecimalField(_("amount"), **MONEY)
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=14, decimal_places=6, default=1)
    rate_source = models.CharField(_("rate source"), max_length=100, blank=True)
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    # Who typed the exchange rate; ``rate_source`` is then their note. Null for a rate this service
    # fetched (then ``rate_source`` names the source), so a typed rate can never pass as the ECB's.
    rate_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rate entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_eur = models.DecimalField(_("amount in euros"), **MONEY)
    payment_method = models.ForeignKey(
        "expenses.PaymentMethod",
        verbose_name=_("payment method"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # How the amount was reached (allowances, a currency conversion): language-neutral phrases
    # (expenses.rules.wording) shown in each reader's language; older rows hold plain text lines.
    calculation = models.JSONField(default=list, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_reason = models.CharField(max_length=200, blank=True)
    duplicate_dismissed = models.BooleanField(default=False)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["company", "owner", "-date"]),
            models.Index(fields=["company", "state"]),
            models.Index(fields=["company", "owner", "date", "amount", "currency"]),
            # "All expenses" sorted by date (the default) or by amount reads one page off these.
            models.Index(fields=["company", "date", "id"], name="expense_company_date"),
            models.Index(fields=["company", "amount_eur", "id"], name="expense_company_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description} {self.amount} {self.currency}"

    @property
    def is_flagged_duplicate(self) -> bool:
        return bool(self.duplicate_reason) and not self.duplicate_dismissed

    @property
    def rate_label(self) -> str:
        """Where the exchange rate comes from, in the active language."""
        if self.rate_entered_by_id is None:
            return wording.render(wording.phrase(self.rate_source), wording.localized()) if self.rate_source else ""
        person = self.rate_entered_by
        name = (person.get_full_name() or person.email) if person else "?"
        return wording.render(wording.entered_by(name, self.rate_source), wording.localized())

    @property
    def calculation_lines(self) -> list[str]:
        """How the amount was reached, in the active language (lines saved as plain text stay as they are)."""
        active = wording.localized()
        return [
            wording.render(wording.from_json(item), active) if isinstance(item, dict) else str(item)
            for item in self.calculation
        ]

    @property
    def is_reimbursable(self) -> bool:
        """Mileage and per diems are always paid to the employee; a receipt unless paid by company card."""
        if self.kind != Kind.RECEIPT or self.payment_method is None:
            return True
        return self.payment_method.is_reimbursable


class ExpenseLine(models.Model):
    """A share of an expense booked to one purchase type and cost center.

    ``amount`` is in the expense's currency; ``amount_eur``, ``vat_amount`` and ``net_amount`` in euros.
    The lines of an expense always sum to its amount and its euro amount (see services).
    """

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    purchase_type = models.ForeignKey(
        "expenses.PurchaseType",
        verbose_name=_("purchase type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    amount_eur = models.DecimalField(_("amount in euros"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2, default=0)
    vat_amount = models.DecimalField(_("VAT"), **MONEY, default=0)
    net_amount = models.DecimalField(_("net"), **MONEY, default=0)
    cost_center = models.ForeignKey(
        "costcenters.CostCenter",
        verbose_name=_("cost center"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.vat_rate} %)"


class MileageDetails(models.Model):
    expense = models.OneToOneField(Expense, on_delete=models.CASCADE, related_name="mileage")
    vehicle = models.CharField(
        _("vehicle"), max_length=12, choices=[("car", _("Car")), ("motorcycle", _("Motorcycle"))]
    )
    passengers = models.PositiveSmallIntegerField(_("extra passengers"), default=0)
    trailer = models.BooleanField(_("trailer"), default=False)
    heavy_load = models.BooleanField(_("machine over 80 kg or bulky item"), default=False)
    total_km = models.DecimalField(_("kilometres"), max_digits=9, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.total_km} km"


class MileageLeg(models.Model):
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(default=0)
    start = models.CharField(_("from"), max_length=200)
    end = models.CharField(_("to"), max_length=200)
    km = models.DecimalField(_("km"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.start} – {self.end} {self.km} km"


class PerDiemDetails(models.Model):
    expense = models.OneToOneField(Expense, on_delete=models.CASCADE, related_name="per_diem")
    departure = models.DateTimeField(_("departure"))
    return_at = models.DateTimeField(_("return"))
    destination = models.CharField(_("destination"), max_length=2, default="FI")
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Free meals per travel day, in order: [1, 0, 2].
    free_meals = models.JSONField(_("free meals per day"), default=list, blank=True)
    # Meal allowance (ateriakorvaus) claimed instead, for a trip that gives no per diem: 0, 1 or 2 meals.
    meal_allowance_meals = models.PositiveSmallIntegerField(_("meal allowance"), default=0)
    # The foreign per diem the traveller typed from the decision, set only when it was used (no figure in
    # the built-in table nor entered by the company): the approver is asked to check it.
    employee_day_rate = models.DecimalField(
        _("day rate entered by the employee"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    def __str__(self) -> str:
        return f"{self.departure:%Y-%m-%d %H:%M} – {self.return_at:%Y-%m-%d %H:%M} {self.destination}"

    @property
    def destination_name(self) -> str:
        """The destination as the form offered it: "Finland (domestic)" or the country's name."""
        if self.destination == "FI":
            return str(_("Finland (domestic)"))
        return country_name(self.destination, get_language())

    @property
    def day_rate_by_employee(self) -> bool:
        return self.employee_day_rate is not None


class Transition(models.Model):
    """One entry of an expense's history: a state change or an approver's correction."""

    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(max_length=10, choices=State.choices)
    to_state = models.CharField(max_length=10, choices=State.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
