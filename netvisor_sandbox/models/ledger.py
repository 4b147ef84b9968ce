"""The bookkeeping side of a simulated company: chart of accounts, vouchers, dimensions, payments."""

from django.db import models
from django.db.models.functions import Lower

from netvisor_sandbox.models.identity import SandboxOrganisation


class SandboxAccount(models.Model):
    """An account or an account group; groups have no number. The tree gives Sort/EndSort."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="accounts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField(max_length=20, blank=True)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    is_group = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_cumulative = models.BooleanField(default=False)
    is_natural_negative = models.BooleanField(default=False)
    # Used when a voucher line leaves out the vatcode attribute (spec: "the account's default VAT code").
    default_vat_code = models.CharField(max_length=10, default="NONE")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nvsandbox_account"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class SandboxVoucherType(models.Model):
    """A voucher type ("tositelaji"): one of Netvisor's 12 system types or one the company added."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="voucher_types")
    abbreviation = models.CharField(max_length=10)
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    # Element name under DefaultVoucherTypes this type answers for, e.g. "SalesInvoices".
    default_role = models.CharField(max_length=50, blank=True)
    # System types come with every company and, as in Netvisor, cannot be deleted.
    is_system = models.BooleanField(default=False)

    class Meta:
        db_table = "nvsandbox_voucher_type"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("abbreviation"), name="nvsandbox_voucher_type_abbreviation"),
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} {self.name}"


class SandboxAccountingPeriod(models.Model):
    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=100)
    begin_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        db_table = "nvsandbox_accounting_period"
        ordering = ["begin_date"]

    def __str__(self) -> str:
        return self.name


class SandboxVoucher(models.Model):
    """A posted voucher; its primary key is the NetvisorKey."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="vouchers")
    voucher_type = models.ForeignKey(SandboxVoucherType, on_delete=models.PROTECT)
    number = models.PositiveIntegerField()
    voucher_date = models.DateField()
    description = models.CharField(max_length=255, blank=True)
    comment = models.CharField(max_length=255, blank=True)
    checked = models.BooleanField(default=False)
    calculation_mode = models.CharField(max_length=10, default="net")
    status = models.CharField(max_length=20, default="valid")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "nvsandbox_voucher"
        ordering = ["voucher_date", "pk"]

    def __str__(self) -> str:
        return f"{self.voucher_type.abbreviation} {self.number}"


class SandboxVoucherLine(models.Model):
    voucher = models.ForeignKey(SandboxVoucher, on_delete=models.CASCADE, related_name="lines")
    line_sum = models.DecimalField(max_digits=16, decimal_places=2)
    description = models.CharField(max_length=255, blank=True)
    account_number = models.CharField(max_length=20)
    vat_percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    vat_code = models.CharField(max_length=10, default="NONE")
    account_dimension = models.CharField(max_length=200, blank=True)
    # [[dimension name, item name], ...]: Netvisor references items by names only.
    dimensions = models.JSONField(default=list)
    # Lines the sandbox added itself in gross mode: "vat" or "rounding".
    generated = models.CharField(max_length=10, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nvsandbox_voucher_line"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.account_number} {self.line_sum}"


class SandboxAttachment(models.Model):
    voucher = models.ForeignKey(SandboxVoucher, on_delete=models.CASCADE, related_name="attachments")
    mime_type = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        db_table = "nvsandbox_attachment"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class SandboxDimension(models.Model):
    """A dimension header ("laskentakohdeotsikko"), e.g. Kustannuspaikka."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(max_length=50)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        db_table = "nvsandbox_dimension"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="nvsandbox_dimension_name")]

    def __str__(self) -> str:
        return self.name


class SandboxDimensionItem(models.Model):
    """A dimension item ("laskentakohde"); Level/Sort/EndSort/FatherID are derived from `parent`."""

    dimension = models.ForeignKey(SandboxDimension, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=50, blank=True)
    label = models.CharField(max_length=200, blank=True)
    is_hidden = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "nvsandbox_dimension_item"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class SandboxPayment(models.Model):
    """An outgoing payment from payment.nv; the bank's answer is set by hand on the payments page."""

    class Status(models.IntegerChoices):
        UNPROCESSED = 1, "Unprocessed"
        OK = 2, "OK"
        ERROR = 3, "Error"

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="payments")
    message_type = models.CharField(max_length=30)
    message = models.CharField(max_length=420)
    recipient_name = models.CharField(max_length=200)
    recipient_organization_code = models.CharField(max_length=50, blank=True)
    recipient_address = models.CharField(max_length=200, blank=True)
    recipient_postcode = models.CharField(max_length=20, blank=True)
    recipient_town = models.CharField(max_length=100, blank=True)
    recipient_country = models.CharField(max_length=2, blank=True)
    source_iban = models.CharField(max_length=50)
    bank_name = models.CharField(max_length=100)
    bic = models.CharField(max_length=11, blank=True)
    destination_iban = models.CharField(max_length=50)
    due_date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.IntegerField(choices=Status.choices, default=Status.UNPROCESSED)
    status_description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nvsandbox_payment"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.amount} EUR"
