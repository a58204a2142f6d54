import gc
import weakref

import pytest
from django.core.management import call_command

from newsstand.ingest.management.commands import fetch, worker
from newsstand.runtime import freeze_startup_objects


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Node:
    def __init__(self) -> None:
        self.other = self


def test_freezing_hides_the_objects_alive_now_from_the_collector(unfrozen):
    alive = []
    frozen = freeze_startup_objects()
    assert frozen == gc.get_freeze_count() > 0
    assert not any(tracked is alive for tracked in gc.get_objects())
    made_after = []
    assert any(tracked is made_after for tracked in gc.get_objects())


def test_garbage_is_collected_before_the_freeze_not_kept_for_good(unfrozen):
    cycle = _Node()
    gone = weakref.ref(cycle)
    del cycle
    freeze_startup_objects()
    assert gone() is None


class _Stop(Exception):
    """Stands in for Ctrl-C during the fetch loop's idle wait."""


def _stop_at_first_wait(monkeypatch):
    def wait(seconds):
        raise _Stop

    monkeypatch.setattr(fetch.time, "sleep", wait)


@pytest.mark.django_db
def test_the_fetch_loop_freezes_its_startup_objects(unfrozen, monkeypatch):
    _stop_at_first_wait(monkeypatch)
    with pytest.raises(_Stop):
        call_command("fetch")
    assert gc.get_freeze_count() > 0


@pytest.mark.django_db
def test_a_single_fetch_pass_leaves_the_collector_as_it_was(unfrozen):
    call_command("fetch", "--once")
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("options", "frozen"), [(["--no-schedule"], True), (["--batch"], False)])
def test_a_lasting_worker_freezes_its_startup_objects_before_it_runs_tasks(
    unfrozen, monkeypatch, options, frozen
):
    seen = []
    monkeypatch.setattr(
        worker, "call_command", lambda *args, **kw: seen.append(gc.get_freeze_count())
    )
    call_command("worker", *options)
    assert len(seen) == 1
    assert (seen[0] > 0) is frozen
