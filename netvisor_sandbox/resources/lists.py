"""Read-only lists: vouchertypelist.nv (6.5), accountlist.nv (6.6), accountingperiodlist.nv (6.7)."""

from lxml import etree

from netvisor_sandbox.envelope import finnish_date, sub
from netvisor_sandbox.models import SandboxAccount
from netvisor_sandbox.resources.base import Call, Resource
from netvisor_sandbox.tree import preorder

# DefaultVoucherTypes children; Netvisor's own example spells the key element `Netvisorkey` for the
# purchase ones, so we do too: clients must read element names case-insensitively.
DEFAULT_TYPE_ROLES = (
    ("SalesInvoices", "NetvisorKey"),
    ("SalesInvoicePayments", "NetvisorKey"),
    ("PurchaseInvoices", "Netvisorkey"),
    ("PurchaseInvoicePayments", "Netvisorkey"),
    ("OtherSystemGeneratedVouchers", "NetvisorKey"),
    ("BankStatementViewVouchers", "NetvisorKey"),
    ("Accruals", "NetvisorKey"),
)
DEFAULT_ACCOUNT_ROLES = (
    "TradePayables", "PurchaseVATReceivable", "RoundingOffDifference", "VATpayable", "TaxAccount",
    "AdvancePayments", "SalesReceivables", "SalesVATDebt", "Inventory", "SalesDiscount",
    "SalesExchangeRateDifferences", "Collection", "PurchasesDiscounts", "PurchasesExchangeRateDifferences",
    "PurchaseInvoiceAccrual", "SalesInvoiceAccrual", "PurchaseDomesticDefault", "PurchaseEUDefault",
    "PurchaseOutsideEUDefault", "SalesDomesticDefault", "SalesEUDefault", "SalesOutsideEUDefault",
)  # fmt: skip


def voucher_types(call: Call) -> list[etree._Element]:
    types = list(call.organisation.voucher_types.all())
    root = etree.Element("VoucherTypeList")
    defaults = sub(root, "DefaultVoucherTypes")
    for role, key_element in DEFAULT_TYPE_ROLES:
        match = next((vt for vt in types if vt.default_role == role), None)
        if match is not None:
            sub(sub(defaults, role), key_element, match.pk)
    listed = sub(root, "VoucherTypes")
    for voucher_type in types:
        element = sub(listed, "VoucherType")
        sub(element, "NetvisorKey", voucher_type.pk)
        sub(element, "Abbreviation", voucher_type.abbreviation)
        sub(element, "Name", voucher_type.name)
        if voucher_type.name_en:
            sub(element, "ForeignName", voucher_type.name_en, **{"ISO-639-1": "en"})
    return [root]


def accounts(call: Call) -> list[etree._Element]:
    organisation = call.organisation
    root = etree.Element("AccountList")
    defaults = sub(root, "CompanyDefaultAccounts")
    for role in DEFAULT_ACCOUNT_ROLES:
        sub(defaults, role, organisation.default_account(role))
    listed = sub(root, "Accounts")
    for placed in preorder(SandboxAccount.objects.filter(organisation=organisation)):
        listed.append(_account_element(placed.node, placed.sort, placed.end_sort))
    return [root]


def _account_element(account: SandboxAccount, sort: int, end_sort: int) -> etree._Element:
    element = etree.Element("Account")
    sub(element, "NetvisorKey", account.pk)
    sub(element, "Number", account.number or None)
    sub(element, "Name", account.name)
    if account.name_en:
        sub(element, "ForeignName", account.name_en, **{"iso-3166": "en"})
    sub(element, "AccountType", "accountgroup" if account.is_group else "account")
    sub(element, "FatherNetvisorKey", account.parent_id or 0)
    sub(element, "IsActive", int(account.is_active))
    sub(element, "IsCumulative", int(account.is_cumulative))
    sub(element, "Sort", sort)
    sub(element, "EndSort", end_sort)
    sub(element, "IsNaturalNegative", int(account.is_natural_negative))
    return element


def periods(call: Call) -> list[etree._Element]:
    """The shape of the captured answer (Heltti fixture, spec 6.7 and 13.13), not the documentation's.

    Period is a sibling of PeriodLockInformation, and every date is d.M.yyyy although it says format="ansi".
    """
    organisation = call.organisation
    root = etree.Element("AccountingPeriodList")
    info = sub(root, "PeriodLockInformation")
    for tag, value in (
        ("AccountingPeriodLockDate", organisation.accounting_lock_date),
        ("VatPeriodLockDate", organisation.vat_lock_date),
        ("PurchaseLockDate", organisation.purchase_lock_date),
    ):
        sub(info, tag, finnish_date(value) if value else None, format="ansi")
    for period in organisation.periods.all():
        element = sub(root, "Period")
        sub(element, "NetvisorKey", period.pk)
        sub(element, "Name", period.name)
        sub(element, "BeginDate", finnish_date(period.begin_date), format="ansi")
        sub(element, "EndDate", finnish_date(period.end_date), format="ansi")
    return [root]


VOUCHER_TYPES = Resource("vouchertypelist.nv", "GET", "accounting", voucher_types)
ACCOUNTS = Resource("accountlist.nv", "GET", "accounting", accounts)
PERIODS = Resource("accountingperiodlist.nv", "GET", "accounting", periods)
