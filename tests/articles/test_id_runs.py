import random

import pytest

from newsstand.articles.id_runs import compact_ids, compacted_batches, expand_ids


@pytest.mark.parametrize(
    ("ids", "compacted"),
    [
        ([], []),
        ([7], [7]),
        ([1, 2, 3, 7], [[1, 3], 7]),
        ([9, 8, 7, 7, 3], [3, [7, 9]]),  # sorted, repeats once
        ([1, 3, 5], [1, 3, 5]),
    ],
)
def test_runs_of_consecutive_ids_become_pairs(ids, compacted):
    assert compact_ids(ids) == compacted
    assert expand_ids(compacted) == sorted(set(ids))


def test_compacting_and_expanding_give_back_the_distinct_ids_in_order():
    rng = random.Random(3)  # noqa: S311 - test ids, not secrets
    for _ in range(2_000):
        ids = rng.sample(range(1, 60), rng.randint(0, 40))
        assert expand_ids(compact_ids(ids)) == sorted(ids)


def test_a_plain_list_of_ids_as_tasks_queued_earlier_carry_is_read_as_it_is():
    assert expand_ids([5, 3, 4]) == [5, 3, 4]


def test_a_batch_of_new_articles_is_carried_as_one_pair():
    assert compact_ids(range(1001, 1201)) == [[1001, 1200]]


def test_batches_take_at_most_size_ids_in_their_order():
    assert list(compacted_batches([1, 2, 3, 9, 4, 5], 3)) == [[[1, 3]], [[4, 5], 9]]
    assert list(compacted_batches([], 3)) == []
