"""vouchertypelist.nv, accountlist.nv, accountingperiodlist.nv, dimensionlist.nv and dimensionitem.nv."""

from nvsandbox_client import assert_ok, error_code


def _items(root, dimension_name):
    for dimension in root.findall("DimensionNameList/DimensionName"):
        if dimension.findtext("Name") == dimension_name:
            return {
                detail.findtext("Name"): {
                    tag: detail.findtext(tag)
                    for tag in ("Netvisorkey", "IsHidden", "Level", "Sort", "EndSort", "FatherID")
                }
                for detail in dimension.findall("DimensionDetails/DimensionDetail")
            }
    raise AssertionError(f"no dimension {dimension_name}")


def test_voucher_type_list_has_the_twelve_system_types(nv):
    root = assert_ok(nv.get("/vouchertypelist.nv"))
    types = {
        t.findtext("Abbreviation"): (
            t.findtext("Name"),
            t.findtext("ForeignName"),
            t.find("ForeignName").get("ISO-639-1"),
        )
        for t in root.findall("VoucherTypeList/VoucherTypes/VoucherType")
    }
    assert len(types) == 12
    assert types["MU"] == ("Muut", "Others", "en")
    assert types["ML"][0] == "Myyntilasku"
    assert types["PA"][0] == "Palkat"
    defaults = root.find("VoucherTypeList/DefaultVoucherTypes")
    assert defaults.findtext("SalesInvoices/NetvisorKey")
    assert defaults.findtext("PurchaseInvoices/Netvisorkey")


def test_account_list_with_default_accounts_and_hierarchy(nv):
    root = assert_ok(nv.get("/accountlist.nv"))
    defaults = root.find("AccountList/CompanyDefaultAccounts")
    assert defaults.findtext("PurchaseVATReceivable") == "1763"
    assert defaults.findtext("RoundingOffDifference") == "8990"
    assert len(defaults) == 22
    accounts = root.findall("AccountList/Accounts/Account")
    by_key = {a.findtext("NetvisorKey"): a for a in accounts}
    travel = next(a for a in accounts if a.findtext("Number") == "7000")
    group = by_key[travel.findtext("FatherNetvisorKey")]
    assert group.findtext("AccountType") == "accountgroup" and group.findtext("Number") == ""
    assert int(group.findtext("Sort")) < int(travel.findtext("Sort")) <= int(group.findtext("EndSort"))
    assert next(a for a in accounts if a.findtext("Number") == "7999").findtext("IsActive") == "0"


def test_accounting_period_lock_dates_are_finnish_though_marked_ansi(nv):
    root = assert_ok(nv.get("/accountingperiodlist.nv"))
    lock = root.find("AccountingPeriodList/PeriodLockInformation/AccountingPeriodLockDate")
    assert (lock.text, lock.get("format")) == ("31.12.2024", "ansi")


def test_accounting_periods_are_siblings_of_the_lock_information(nv):
    period_list = assert_ok(nv.get("/accountingperiodlist.nv")).find("AccountingPeriodList")
    assert [child.tag for child in period_list][:2] == ["PeriodLockInformation", "Period"]
    assert period_list.find("PeriodLockInformation/Period") is None


def test_accounting_period_dates_are_finnish_though_marked_ansi(nv):
    period = assert_ok(nv.get("/accountingperiodlist.nv")).find("AccountingPeriodList/Period")
    assert period.findtext("Name") == "Tilikausi 2024"
    assert period.findtext("BeginDate") == "1.1.2024"
    assert (period.findtext("EndDate"), period.find("EndDate").get("format")) == ("31.12.2024", "ansi")


def test_dimension_list_hierarchy(nv):
    root = assert_ok(nv.get("/dimensionlist.nv"))
    names = [d.findtext("Name") for d in root.findall("DimensionNameList/DimensionName")]
    assert names == ["Kustannuspaikka", "Projekti"]
    items = _items(root, "Kustannuspaikka")
    assert list(items) == ["Hallinto", "Myynti", "Myynti Helsinki", "Myynti Tampere", "Tuotanto"]
    sales, helsinki = items["Myynti"], items["Myynti Helsinki"]
    assert (sales["Level"], sales["FatherID"], helsinki["Level"]) == ("1", "0", "2")
    assert helsinki["FatherID"] == sales["Netvisorkey"]
    assert (sales["Sort"], sales["EndSort"]) == ("2", "4")
    assert (helsinki["Sort"], helsinki["EndSort"]) == ("3", "3")
    assert items["Hallinto"]["IsHidden"] == "False"


def test_dimension_list_showhidden(nv):
    hidden = _items(assert_ok(nv.get("/dimensionlist.nv?showhidden=1")), "Kustannuspaikka")
    assert hidden["Vanha osasto"]["IsHidden"] == "True"


def test_dimension_item_code_and_label(nv):
    root = assert_ok(nv.get("/dimensionlist.nv"))
    detail = next(d for d in root.iter("DimensionDetail") if d.findtext("Name") == "P001 Verkkosivu-uudistus")
    assert (detail.findtext("Code"), detail.findtext("Label")) == ("P001", "Verkkosivu-uudistus")


def test_dimension_item_add_under_parent_and_edit(nv):
    items = _items(assert_ok(nv.get("/dimensionlist.nv")), "Kustannuspaikka")
    sales = items["Myynti"]["Netvisorkey"]
    add = (
        "<root><dimensionitem><name>Kustannuspaikka</name><item>Myynti Oulu</item>"
        f"<fatherid>{sales}</fatherid><fatheritem>Myynti</fatheritem></dimensionitem></root>"
    )
    assert_ok(nv.post("/dimensionitem.nv?method=add", add))
    items = _items(assert_ok(nv.get("/dimensionlist.nv")), "Kustannuspaikka")
    assert items["Myynti Oulu"]["FatherID"] == sales
    assert items["Myynti"]["EndSort"] == items["Myynti Oulu"]["Sort"]
    assert error_code(nv.post("/dimensionitem.nv?method=add", add)) == "DUPLICATE_DATA"
    edit = (
        "<root><dimensionitem><name>Kustannuspaikka</name><item>Myynti Pohjois-Suomi</item>"
        "<olditem>Myynti Oulu</olditem><fatherid>0</fatherid></dimensionitem></root>"
    )
    assert_ok(nv.post("/dimensionitem.nv?method=edit&updateparentreference=true", edit))
    items = _items(assert_ok(nv.get("/dimensionlist.nv")), "Kustannuspaikka")
    assert items["Myynti Pohjois-Suomi"]["FatherID"] == "0"


def test_dimension_item_validation(nv):
    unknown = "<root><dimensionitem><name>Nope</name><item>X</item></dimensionitem></root>"
    assert error_code(nv.post("/dimensionitem.nv?method=add", unknown)) == "INVALID_DATA"
    no_method = "<root><dimensionitem><name>Projekti</name><item>X</item></dimensionitem></root>"
    assert error_code(nv.post("/dimensionitem.nv", no_method)) == "INVALID_DATA"
    no_old = "<root><dimensionitem><name>Projekti</name><item>X</item></dimensionitem></root>"
    assert error_code(nv.post("/dimensionitem.nv?method=edit", no_old)) == "INVALID_DATA"
