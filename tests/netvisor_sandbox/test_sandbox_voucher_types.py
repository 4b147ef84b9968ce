"""The "Voucher types" page: own types added and deleted there are what vouchertypelist.nv and accounting.nv see."""

import pytest
from nvsandbox_client import assert_ok, error_code, error_text, inserted_id, voucher_xml

pytestmark = pytest.mark.urls("netvisor_sandbox.urls")
URL = "/org/1234567-8/voucher-types/"


def listed(nv) -> dict[str, str]:
    root = assert_ok(nv.get("/vouchertypelist.nv"))
    return {
        t.findtext("Abbreviation"): t.findtext("Name") for t in root.findall("VoucherTypeList/VoucherTypes/VoucherType")
    }


def add(client, abbreviation="KK", name="Kulukorvaukset"):
    return client.post(URL, {"action": "add", "abbreviation": abbreviation, "name": name})


def delete(client, voucher_type):
    return client.post(URL, {"action": "delete", "pk": voucher_type.pk})


def test_page_lists_system_types_without_delete(client, demo_org):
    html = client.get(URL).content.decode()
    assert 'aria-current="page">Voucher types<' in html  # in the sandbox's own navigation
    assert html.count('class="voucher-type"') == 12 and html.count(">system<") == 12
    assert "<td>MU</td>\n        <td>Muut</td>\n        <td>Others</td>" in html
    assert ">Delete<" not in html and ">Add voucher type<" in html


def test_added_type_is_listed_by_vouchertypelist_and_accepted_by_accounting(client, nv, demo_org):
    response = add(client)
    assert response.status_code == 302
    added = demo_org.voucher_types.get(abbreviation="KK")
    assert (added.name, added.is_system) == ("Kulukorvaukset", False)
    html = client.get(URL).content.decode()
    assert "Voucher type KK Kulukorvaukset was added." in html and html.count(">Delete<") == 1
    assert listed(nv)["KK"] == "Kulukorvaukset"
    assert inserted_id(nv.post("/accounting.nv", voucher_xml(voucher_class="Kulukorvaukset")))


def test_deleted_type_leaves_vouchertypelist_and_accounting_refuses_it(client, nv, demo_org):
    add(client)
    response = delete(client, demo_org.voucher_types.get(abbreviation="KK"))
    assert response.status_code == 302
    assert "Voucher type KK Kulukorvaukset was deleted." in client.get(URL).content.decode()
    assert "KK" not in listed(nv) and len(listed(nv)) == 12
    refused = nv.post("/accounting.nv", voucher_xml(voucher_class="Kulukorvaukset"), language="EN")
    assert error_code(refused) == "INVALID_DATA"
    assert "Voucher class not found: Kulukorvaukset" in error_text(refused)
    assert not demo_org.vouchers.exists()


def test_system_type_cannot_be_deleted(client, nv, demo_org):
    response = delete(client, demo_org.voucher_types.get(abbreviation="MU"))
    assert response.status_code == 400
    assert "Muut is a system voucher type and cannot be deleted." in response.content.decode()
    assert listed(nv)["MU"] == "Muut"


def test_type_with_vouchers_cannot_be_deleted(client, nv, demo_org):
    add(client)
    inserted_id(nv.post("/accounting.nv", voucher_xml(voucher_class="Kulukorvaukset")))
    response = delete(client, demo_org.voucher_types.get(abbreviation="KK"))
    assert response.status_code == 400
    assert "Kulukorvaukset has vouchers and cannot be deleted." in response.content.decode()
    assert listed(nv)["KK"] == "Kulukorvaukset"


def test_another_companys_type_cannot_be_deleted_from_this_page(client, demo_org):
    from netvisor_sandbox.models import SandboxOrganisation
    from netvisor_sandbox.seed import seed_company

    other = SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    seed_company(other)
    client.post("/org/7654321-0/voucher-types/", {"action": "add", "abbreviation": "KK", "name": "Kulukorvaukset"})
    response = delete(client, other.voucher_types.get(abbreviation="KK"))
    assert response.status_code == 400 and "does not exist" in response.content.decode()
    assert other.voucher_types.filter(abbreviation="KK").exists()


@pytest.mark.parametrize(
    ("abbreviation", "name", "message"),
    [
        ("", "Kulukorvaukset", "Abbreviation is required."),
        ("KK", "   ", "Name is required."),
        ("K" * 11, "Kulukorvaukset", "Abbreviation can be at most 10 characters."),
        ("KK", "K" * 101, "Name can be at most 100 characters."),
        ("K K", "Kulukorvaukset", "Abbreviation can contain only letters and digits."),
        ("KK", "Kulu\nkorvaukset", "Name cannot contain control characters"),
        ("mu", "Kulukorvaukset", "There is already a voucher type with the abbreviation mu."),
        ("KK", "muut", "There is already a voucher type called muut."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_kept_in_the_form(client, nv, demo_org, abbreviation, name, message):
    response = add(client, abbreviation, name)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'name="abbreviation" required maxlength="10" size="6" value="{abbreviation}"' in html
    assert demo_org.voucher_types.count() == 12 and len(listed(nv)) == 12


def test_abbreviation_is_unique_per_company_not_across_companies(client, demo_org):
    from netvisor_sandbox.models import SandboxOrganisation

    SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    add(client)
    client.post("/org/7654321-0/voucher-types/", {"action": "add", "abbreviation": "KK", "name": "Kulukorvaukset"})
    assert SandboxOrganisation.objects.get(business_id="7654321-0").voucher_types.get().abbreviation == "KK"
    assert add(client, "kk", "Toinen").status_code == 400


def test_reseeding_keeps_own_types_and_system_flags(client, demo_org):
    from netvisor_sandbox.seed import seed_demo

    add(client)
    seed_demo()
    assert demo_org.voucher_types.filter(is_system=True).count() == 12
    assert demo_org.voucher_types.get(abbreviation="KK").is_system is False


def test_database_refuses_a_second_abbreviation_in_another_letter_case(demo_org):
    from django.db import IntegrityError, transaction

    from netvisor_sandbox.models import SandboxVoucherType

    with pytest.raises(IntegrityError), transaction.atomic():
        SandboxVoucherType.objects.create(organisation=demo_org, abbreviation="mu", name="Muut kulut")
