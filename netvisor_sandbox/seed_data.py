"""Static seed data: a small Finnish chart of accounts and Netvisor's 12 system voucher types (spec 6.1)."""

from typing import Any

# (abbreviation, Finnish name, English ForeignName, DefaultVoucherTypes element or "")
VOUCHER_TYPES = (
    ("ML", "Myyntilasku", "Sales invoice", "SalesInvoices"),
    ("MS", "Myyntisuoritus", "Sales transaction", "SalesInvoicePayments"),
    ("PT", "Pankki", "Bank", "BankStatementViewVouchers"),
    ("KT", "Kassa", "Treasury", ""),
    ("PUMP", "Tuodut tapahtumat", "Imported transactions", ""),
    ("T", "Automaattiset tilinpäätöskirjaukset", "Automatic financial statements", ""),
    ("AT", "Järjestelmän muodostamat tositteet", "Vouchers formed by the system", "OtherSystemGeneratedVouchers"),
    ("MU", "Muut", "Others", ""),
    ("OL", "Ostolasku", "Purchase invoice", "PurchaseInvoices"),
    ("OS", "Ostosuoritus", "Purchase transaction", "PurchaseInvoicePayments"),
    ("JK", "Jaksotukset", "Accruals", "Accruals"),
    ("PA", "Palkat", "Pay", ""),
)

_NEG = {"is_natural_negative": True}
_KOOS = {"default_vat_code": "KOOS"}

# (number or "" for a group, Finnish name, English name, model options, children)
ChartEntry = tuple[str, str, str, dict[str, Any], tuple["ChartEntry", ...]]
CHART: tuple[ChartEntry, ...] = (
    ("", "VASTAAVAA", "ASSETS", {}, (
        ("1500", "Varasto", "Inventory", {}, ()),
        ("1701", "Myyntisaamiset", "Trade receivables", {}, ()),
        ("1763", "Arvonlisäverosaamiset", "VAT receivables", {}, ()),
        ("1880", "Myyntilaskujen jaksotukset", "Sales invoice accruals", {}, ()),
        ("1910", "Pankkitili", "Bank account", {}, ()),
    )),
    ("", "VASTATTAVAA", "EQUITY AND LIABILITIES", _NEG, (
        ("2850", "Saadut ennakot", "Advance payments received", _NEG, ()),
        ("2871", "Ostovelat", "Trade payables", _NEG, ()),
        ("2880", "Ostolaskujen jaksotukset", "Purchase invoice accruals", _NEG, ()),
        ("2921", "Myynnin arvonlisävero", "Sales VAT payable", _NEG, ()),
        ("2939", "Arvonlisäverovelka", "VAT payable", _NEG, ()),
        ("2940", "Kulukorvausvelat henkilöstölle", "Expense reimbursements payable", _NEG, ()),
        ("2960", "Verotili", "Tax account", _NEG, ()),
    )),
    ("", "TULOSLASKELMA", "INCOME STATEMENT", {}, (
        ("", "Liikevaihto", "Turnover", _NEG, (
            ("3000", "Myynti kotimaa", "Domestic sales", {**_NEG, "default_vat_code": "KOMY"}, ()),
            ("3010", "Myynti EU", "EU sales", {**_NEG, "default_vat_code": "EUMY"}, ()),
            ("3020", "Myynti EU:n ulkopuolelle", "Sales outside the EU", {**_NEG, "default_vat_code": "EUUM"}, ()),
            ("3500", "Myynnin alennukset", "Sales discounts", _NEG, ()),
            ("3600", "Myynnin kurssierot", "Sales exchange rate differences", _NEG, ()),
            ("3700", "Perintätuotot", "Collection income", _NEG, ()),
        )),
        ("", "Materiaalit ja palvelut", "Materials and services", {}, (
            ("4000", "Ostot kotimaa", "Domestic purchases", _KOOS, ()),
            ("4010", "Ostot EU", "EU purchases", {"default_vat_code": "EUOS"}, ()),
            ("4020", "Ostot EU:n ulkopuolelta", "Purchases outside the EU", {"default_vat_code": "EUUO"}, ()),
            ("4500", "Ostojen alennukset", "Purchase discounts", {}, ()),
            ("4600", "Ostojen kurssierot", "Purchase exchange rate differences", {}, ()),
        )),
        ("", "Liiketoiminnan muut kulut", "Other operating expenses", {}, (
            ("6800", "Puhelinkulut", "Telephone costs", _KOOS, ()),
            ("7000", "Matkakulut", "Travel expenses", _KOOS, ()),
            ("7010", "Kilometrikorvaukset", "Mileage allowances", {}, ()),
            ("7020", "Päivärahat", "Per diem allowances", {}, ()),
            ("7600", "Edustuskulut", "Entertainment expenses", {}, ()),
            ("7700", "Toimistotarvikkeet", "Office supplies", _KOOS, ()),
            ("7800", "ATK-kulut", "IT costs", _KOOS, ()),
            ("7999", "Vanha kulutili", "Old expense account", {"is_active": False}, ()),
        )),
        ("8990", "Pyöristyserot", "Rounding differences", {}, ()),
    )),
)  # fmt: skip

DEFAULT_ACCOUNTS = {
    "TradePayables": "2871",
    "PurchaseVATReceivable": "1763",
    "RoundingOffDifference": "8990",
    "VATpayable": "2939",
    "TaxAccount": "2960",
    "AdvancePayments": "2850",
    "SalesReceivables": "1701",
    "SalesVATDebt": "2921",
    "Inventory": "1500",
    "SalesDiscount": "3500",
    "SalesExchangeRateDifferences": "3600",
    "Collection": "3700",
    "PurchasesDiscounts": "4500",
    "PurchasesExchangeRateDifferences": "4600",
    "PurchaseInvoiceAccrual": "2880",
    "SalesInvoiceAccrual": "1880",
    "PurchaseDomesticDefault": "4000",
    "PurchaseEUDefault": "4010",
    "PurchaseOutsideEUDefault": "4020",
    "SalesDomesticDefault": "3000",
    "SalesEUDefault": "3010",
    "SalesOutsideEUDefault": "3020",
}
