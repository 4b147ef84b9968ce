"""`make load`'s verdicts: which created expenses count as lost or doubled, and what the steady state is."""

from collections import Counter

from benchmarks.load.report import Run, Sample, check_created, nearest_rank
from benchmarks.load.seed import roles_for


def test_an_acknowledged_create_missing_from_the_database_is_lost():
    creates = [{"description": "a", "status": 201}, {"description": "b", "status": 201}]

    checked = check_created(creates, Counter({"a": 1}))

    assert (checked.acknowledged, checked.lost, checked.doubled) == (2, 1, 0)


def test_a_description_stored_twice_is_doubled_even_when_its_answer_was_lost():
    creates = [{"description": "a", "status": 201}, {"description": "b", "status": None}]

    checked = check_created(creates, Counter({"a": 1, "b": 2}))

    assert (checked.lost, checked.doubled, checked.unanswered_stored) == (0, 1, 1)


def test_the_steady_state_leaves_out_requests_started_before_everyone_had_logged_in():
    run = Run(
        [Sample("page: log in", 5000, True, 100.0), Sample("api: expenses", 40, True, 106.0)],
        frozenset({"api: expenses"}),
        steady_from=105.0,
    )

    steady = run.steady()

    assert [sample.name for sample in steady.samples] == ["api: expenses"]
    assert steady.percentile(0.99) == 40 and run.percentile(0.99) == 5000
    assert run.percentile(0.99, lists_only=True) == 40


def test_nearest_rank_percentiles():
    ordered = [float(n) for n in range(1, 101)]

    assert (nearest_rank(ordered, 0.5), nearest_rank(ordered, 0.99), nearest_rank([], 0.5)) == (50, 99, 0)


def test_every_role_is_seeded_once_there_are_enough_people():
    assert roles_for(3) == ["admin", "accountant", "approver"]
    assert Counter(roles_for(50)) == Counter(admin=1, accountant=5, approver=5, employee=39)
