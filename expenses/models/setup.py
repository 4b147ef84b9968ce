"""What a company admin sets up before expenses can be recorded: purchase types, payment methods,
accounts, the duplicate check and who approves whose expenses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VatClass(models.TextChoices):
    """A purchase type's default VAT, as a rate class rather than a percent: the percent follows the
    receipt's date (the general rate was 24 % until 31.8.2024 and 25.5 % after), the class does not."""

    GENERAL = "general", _("General rate")
    REDUCED_FOOD = "reduced_food", _("Reduced rate 14 % / 13.5 % (food, restaurants, travel, accommodation)")
    REDUCED_OTHER = "reduced_other", _("Reduced rate 10 %")
    ZERO = "zero", _("Zero rate (no VAT deduction)")


class PurchaseType(models.Model):
    """A kind of purchase ("Travel tickets", "Meals"), booked to its own expense account."""

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="purchase_types")
    name = models.CharField(_("name"), max_length=200)
    account_number = models.CharField(_("expense account number"), max_length=20)
    vat_class = models.CharField(_("default VAT"), max_length=20, choices=VatClass.choices, default=VatClass.GENERAL)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["company", "is_active"])]

    def __str__(self) -> str:
        return self.name


class PaymentMethod(models.Model):
    """How a purchase was paid: with the employee's own money (reimbursed) or a company card (not)."""

    class Kind(models.TextChoices):
        OWN_MONEY = "own_money", _("Own money (reimbursed to the employee)")
        COMPANY_CARD = "company_card", _("Company card (not reimbursed)")

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="payment_methods")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OWN_MONEY)
    counter_account = models.CharField(_("counter account number"), max_length=20)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reimbursable(self) -> bool:
        return self.kind == self.Kind.OWN_MONEY


class ExpenseSettings(models.Model):
    """The accounting settings of a company's expenses; one row per company, created on first use."""

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="expense_settings")
    employee_payable_account = models.CharField(_("employee payable account"), max_length=20, blank=True)
    mileage_account = models.CharField(_("kilometre allowance account"), max_length=20, blank=True)
    per_diem_account = models.CharField(_("per diem account"), max_length=20, blank=True)
    duplicate_check_enabled = models.BooleanField(_("flag possible duplicates"), default=True)
    # The books are closed up to and including this day: nothing dated then may be recorded or
    # submitted any more, because its voucher could no longer be posted.
    locked_until = models.DateField(
        _("books locked until"),
        null=True,
        blank=True,
        help_text=_("Expenses dated on or before this day can no longer be recorded or submitted."),
    )
    fallback_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fallback approver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "expense settings"

    def __str__(self) -> str:
        return f"Expense settings of {self.company_id}"


class ApproverAssignment(models.Model):
    """Whose expenses a person approves. An employee has at most one approver per company."""

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "employee"], name="one_approver_per_employee"),
        ]
        indexes = [models.Index(fields=["company", "approver"])]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.approver_id}"
