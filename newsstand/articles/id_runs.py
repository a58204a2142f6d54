"""Article ids as a task carries them: runs of consecutive ids as [first, last] pairs.

A batch of new articles is mostly consecutive ids, and django-tasks normalises a task's arguments
to JSON value by value, five times per enqueue: 200 ids cost two hundred times what one pair
does (a cold ingestion of 30,000 articles queues 300 such tasks).
"""

from collections.abc import Iterable, Iterator


def compact_ids(ids: Iterable[int]) -> list[int | list[int]]:
    """The distinct ids ascending, each run of two or more as [first, last]: [1, 2, 3, 7] →
    [[1, 3], 7]."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [first if first == last else [first, last] for first, last in runs]


def compacted_batches(ids: list[int], size: int) -> Iterator[list[int | list[int]]]:
    """ids in batches of at most size, taken in their order, each as compact_ids writes it."""
    for start in range(0, len(ids), size):
        yield compact_ids(ids[start : start + size])


def expand_ids(compacted: Iterable[int | list[int]]) -> list[int]:
    """The ids compact_ids gave; a plain list of ids (as tasks queued before it carried) is
    read as it is."""
    ids: list[int] = []
    for value in compacted:
        if isinstance(value, int):
            ids.append(value)
        else:
            first, last = value
            ids.extend(range(first, last + 1))
    return ids
