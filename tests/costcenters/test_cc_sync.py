"""The upsert itself, fed with parsed items (no network): matching, counting, all or nothing, query bound."""

from dataclasses import replace

import pytest

from costcenters.models import CostCenter
from costcenters.services.sync import Counts, SnapshotRefused, apply_snapshot, read_snapshot
from netvisor import MalformedResponse
from netvisor.models import Dimension
from tests.costcenters.cc_helpers import HEADER, generated, item, records

pytestmark = pytest.mark.django_db


def upsert(company, *items, wanted=("Kustannuspaikka",), header=HEADER) -> Counts:
    return apply_snapshot(company, read_snapshot(records(*items, header=header), list(wanted)))


def rows(company) -> dict[str, CostCenter]:
    return {row.name: row for row in CostCenter.objects.filter(company=company)}


def test_items_of_other_dimensions_are_ignored(company):
    projects = Dimension(netvisor_key=2, name="Projekti", is_hidden=False)
    project = replace(item(50, "Projekti A"), dimension_key=2, dimension_name="Projekti")
    stream = [HEADER, item(1, "Hallinto"), projects, project]
    counts = apply_snapshot(company, read_snapshot(stream, ["Kustannuspaikka"]))
    assert counts == Counts(added=1)
    assert set(rows(company)) == {"Hallinto"}


def test_the_chosen_dimension_is_matched_ignoring_case_and_spaces(company):
    header = Dimension(netvisor_key=1, name=" kustannuspaikka ", is_hidden=False)
    assert upsert(company, item(1, "Hallinto"), header=header).added == 1


def test_a_missing_dimension_is_refused_and_names_the_ones_found(company):
    with pytest.raises(SnapshotRefused) as refused:
        read_snapshot(records(item(1, "Hallinto")), ["Osasto"])
    assert "Kustannuspaikka" in str(refused.value) and refused.value.headers == ["Kustannuspaikka"]


def test_children_of_a_hidden_item_are_inactive_too(company):
    upsert(company, item(1, "Myynti", is_hidden=True), item(2, "Myynti Helsinki", father=1, level=2))
    assert not rows(company)["Myynti Helsinki"].is_active


def test_items_are_matched_by_key_before_name(company):
    upsert(company, item(1, "A"), item(2, "B"))
    ids = {name: row.pk for name, row in rows(company).items()}
    counts = upsert(company, item(1, "B"), item(2, "A"))  # swapped names
    assert counts == Counts(updated=2)
    assert rows(company)["B"].pk == ids["A"]


def test_a_recreated_item_with_a_new_key_keeps_its_row_by_name(company):
    upsert(company, item(1, "Hallinto"))
    old = rows(company)["Hallinto"]
    assert upsert(company, item(9, "Hallinto")) == Counts(updated=0, unchanged=1)
    again = CostCenter.objects.get(pk=old.pk)
    assert again.netvisor_key == 9 and again.is_active


def test_duplicate_names_pair_up_in_sort_order(company):
    upsert(company, item(1, "Myynti", sort=1), item(2, "Myynti", sort=2))
    first, second = CostCenter.objects.filter(company=company).order_by("sort")
    counts = upsert(company, item(11, "Myynti", sort=1, code="A"), item(12, "Myynti", sort=2, code="B"))
    assert counts == Counts(updated=2)
    assert CostCenter.objects.get(pk=first.pk).code == "A" and CostCenter.objects.get(pk=second.pk).code == "B"


def test_a_key_listed_twice_is_refused(company):
    with pytest.raises(SnapshotRefused):
        read_snapshot(records(item(1, "A"), item(1, "B")), ["Kustannuspaikka"])


def test_names_are_normalised_but_keep_scandinavian_letters(company):
    upsert(company, item(1, " Ääni\u00a0\t ja  öljy   Åbo "), item(2, "Tyo\u0308maa"))
    assert set(rows(company)) == {"Ääni ja öljy Åbo", "Työmaa"}


def test_a_local_cost_center_becomes_the_netvisor_item_of_the_same_name(company):
    local = CostCenter.objects.create(company=company, name="Hallinto")
    assert upsert(company, item(1, "hallinto ")) == Counts(updated=1)
    row = CostCenter.objects.get(pk=local.pk)
    assert (row.source, row.netvisor_key, row.name) == (CostCenter.Source.NETVISOR, 1, "hallinto")


def test_local_cost_centers_are_not_deactivated_by_a_fetch(company):
    CostCenter.objects.create(company=company, name="Oma")
    upsert(company, item(1, "Hallinto"))
    assert rows(company)["Oma"].is_active


def test_renumbering_alone_is_not_reported_as_an_update(company):
    upsert(company, item(1, "A", sort=1), item(2, "B", sort=2), item(3, "C", sort=3))
    counts = upsert(company, item(1, "A", sort=1), item(3, "C", sort=2))
    assert counts == Counts(deactivated=1, unchanged=2)
    assert rows(company)["C"].sort == 2


def test_a_stream_that_breaks_off_changes_nothing(company):
    upsert(company, item(1, "Hallinto"))

    def broken():
        yield HEADER
        yield item(1, "Hallinto uusi")
        raise MalformedResponse("response is not well-formed XML", retryable=False)

    with pytest.raises(MalformedResponse):
        read_snapshot(broken(), ["Kustannuspaikka"])
    assert set(rows(company)) == {"Hallinto"}


def test_a_failure_while_writing_rolls_everything_back(company, monkeypatch):
    upsert(company, *generated(30))
    before = list(CostCenter.objects.filter(company=company).order_by("pk").values_list("name", "is_active"))
    from costcenters.services import sync

    written = []

    def fail_after_the_updates(objects):
        written.append(CostCenter.objects.filter(company=company, name__endswith="(uusi)").count())
        raise RuntimeError("database went away")

    monkeypatch.setattr(sync, "insert_rows", fail_after_the_updates)
    with pytest.raises(RuntimeError):
        upsert(company, *generated(25, renamed_every=1), item(500, "Uusi", father=999))
    assert written == [25]  # the renames had been written inside the transaction...
    after = list(CostCenter.objects.filter(company=company).order_by("pk").values_list("name", "is_active"))
    assert after == before  # ...and were rolled back with it


def test_upserting_10000_into_10000_takes_a_bounded_number_of_queries(company, django_assert_max_num_queries):
    upsert(company, *generated(10_000))
    # 10% renamed, 100 gone, 100 new under existing and new parents: every kind of write.
    changed = generated(9_900, renamed_every=10) + generated(100, first_key=20_001)
    # One read, one UPDATE statement run per changed row, INSERTs in batches, one UPDATE per 500
    # deactivated rows: a handful of statements however many items, never one per item.
    with django_assert_max_num_queries(15):
        counts = upsert(company, *changed)
    assert counts.added == 100 and counts.deactivated == 100 and counts.updated == 990
    assert counts.unchanged == 10_000 - 100 - 990
    assert CostCenter.objects.filter(company=company, is_active=True).count() == 10_000
    newcomer = CostCenter.objects.get(company=company, netvisor_key=20_011)  # its parent is new as well
    assert newcomer.parent.netvisor_key == 20_010


def test_vouchers_name_the_item_as_netvisor_spells_it_while_people_see_it_tidied(company):
    from costcenters.selectors import voucher_dimension

    upsert(company, item(1, "Kehitys\u00a0ja  Tyo\u0308maa"))
    row = CostCenter.objects.get(company=company)
    assert row.name == "Kehitys ja Työmaa"
    assert voucher_dimension(row) == ("Kustannuspaikka", "Kehitys\u00a0ja  Tyo\u0308maa")
    # A change of spelling alone is stored for vouchers but is no change a person can see.
    assert upsert(company, item(1, "Kehitys ja  Työmaa")) == Counts(unchanged=1)
    assert voucher_dimension(CostCenter.objects.get(pk=row.pk))[1] == "Kehitys ja  Työmaa"


def test_items_of_a_hidden_header_are_inactive(company):
    hidden_header = Dimension(netvisor_key=1, name="Kustannuspaikka", is_hidden=True)
    assert upsert(company, item(1, "Hallinto"), header=hidden_header) == Counts(added=1)
    assert not rows(company)["Hallinto"].is_active
    assert upsert(company, item(1, "Hallinto")) == Counts(updated=1)  # the header shown again
    assert rows(company)["Hallinto"].is_active


def test_broken_parent_links_never_lose_an_item(company):
    # Itself as parent, a loop of two, and a parent outside the list: all stored, at the top level.
    counts = upsert(
        company, item(1, "A", father=1), item(2, "B", father=3), item(3, "C", father=2), item(4, "D", father=99)
    )
    assert counts == Counts(added=4)
    assert {name: row.parent_id for name, row in rows(company).items()} == {"A": None, "B": None, "C": None, "D": None}


def test_an_existing_item_moves_under_a_new_parent_three_levels_down(company):
    upsert(company, item(1, "Myynti"), item(2, "Helsinki", father=1, level=2))
    counts = upsert(
        company,
        item(1, "Myynti"),
        item(5, "Etelä", father=1, level=2),
        item(6, "Uusimaa", father=5, level=3),
        item(2, "Helsinki", father=6, level=4),
    )
    assert counts == Counts(added=2, updated=1, unchanged=1)
    found = rows(company)
    assert found["Helsinki"].parent == found["Uusimaa"] and found["Uusimaa"].parent == found["Etelä"]
    assert found["Etelä"].parent == found["Myynti"]
