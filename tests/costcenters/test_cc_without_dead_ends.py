"""Cost centers without dead ends: a Netvisor with no dimensions says what to do, and the expense
form tells apart two items of the same name by their parents and dimension."""

import pytest
from django.urls import reverse

from companies.roles import Role
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.services import request_fetch
from costcenters.services.sync import SnapshotRefused, read_snapshot
from expenses.forms.allowances import MileageForm
from expenses.forms.receipt import LineForm
from expenses.services.scoping import KeptReferences
from netvisor_sandbox.models import SandboxDimension
from tests.costcenters.cc_helpers import demo_dimension, item, records
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_a_netvisor_without_any_dimension_says_to_create_one_there():
    with pytest.raises(SnapshotRefused) as refused:
        read_snapshot([], ["Kustannuspaikka"])
    message = str(refused.value)
    assert "Netvisor has no dimensions yet" in message and "Kustannuspaikka" in message
    assert "Fetch data" in message  # what to press once it exists
    assert "(none)" not in message and refused.value.headers == []


def test_a_missing_dimension_among_others_still_offers_the_choice():
    with pytest.raises(SnapshotRefused) as refused:
        read_snapshot(records(item(1, "Hallinto")), ["Osasto"])
    assert "Choose which dimensions hold cost centers: Kustannuspaikka" in str(refused.value)


def cost_center(company, name: str, *, parent=None, dimension: str = "Kustannuspaikka", **fields) -> CostCenter:
    level = parent.level + 1 if parent else 1
    return CostCenter.objects.create(
        company=company, name=name, parent=parent, level=level, dimension_name=dimension, **fields
    )


def choice_labels(form) -> list[str]:
    return [label for value, label in form.fields["cost_center"].choices if value != ""]


def test_items_of_the_same_name_show_their_parents_and_dimension(company):
    helsinki = cost_center(company, "Helsinki")
    tampere = cost_center(company, "Tampere")
    sales_hki = cost_center(company, "Myynti", parent=helsinki)
    cost_center(company, "Myynti", parent=tampere)
    cost_center(company, "Tiimi A", parent=sales_hki)
    cost_center(company, "Myynti", dimension="Projekti")

    labels = choice_labels(LineForm(company=company))

    assert "Helsinki › Myynti (Kustannuspaikka)" in labels
    assert "Tampere › Myynti (Kustannuspaikka)" in labels
    assert "Helsinki › Myynti › Tiimi A (Kustannuspaikka)" in labels
    assert "Myynti (Projekti)" in labels
    assert len(set(labels)) == len(labels)  # no two lines alike


def test_a_local_cost_center_is_its_name_and_an_inactive_kept_one_says_so(company):
    local = cost_center(company, "Oma", dimension="")
    gone = cost_center(company, "Vanha", is_active=False)
    form = MileageForm(company=company, kept=KeptReferences(cost_centers=frozenset({gone.pk})))
    labels = choice_labels(form)
    assert local.name in labels
    assert "Vanha (Kustannuspaikka) (inactive)" in labels


def test_each_form_reads_its_own_companys_tree(company):
    other = CompanyFactory()
    cost_center(other, "Toinen")
    cost_center(company, "Oma")
    assert choice_labels(LineForm(company=company)) == ["Oma (Kustannuspaikka)"]
    assert choice_labels(LineForm(company=other)) == ["Toinen (Kustannuspaikka)"]


@pytest.mark.django_db
def test_the_page_says_what_to_do_when_netvisor_has_no_dimensions(sandbox, company, member_factory, login):
    sandbox.connect(company)
    SandboxDimension.objects.filter(organisation=demo_dimension(sandbox).organisation).delete()
    fetch, _created = request_fetch(company=company, actor=None)
    fetch.refresh_from_db()
    assert fetch.state == CostCenterFetch.State.FAILED
    page = login(member_factory(company, Role.ADMIN)).get(reverse("costcenters:list")).content.decode()
    assert "Netvisor has no dimensions yet. In Netvisor, create a dimension" in page
    assert "Choose dimensions" not in page  # nothing to choose here: the way on is in Netvisor
