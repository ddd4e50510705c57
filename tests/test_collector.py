"""
Readers and writers pause the garbage collector while they build, and leave
it as they found it, whether they succeed or fail.
"""

from __future__ import annotations

import gc
import io
import os
import threading
import warnings
from collections.abc import Callable, Iterator

import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage import _collector
from medengage.csv import read_csv


def _read_csv(text: str) -> object:
    return read_csv(io.StringIO(text), CHECKLIST, trust="RTF", date=ASSESSMENT.date)


#: Each call, and whether it fails.
CALLS: dict[str, tuple[Callable[[], object], bool]] = {
    "loads": (
        lambda: medengage.loads(medengage.dumps(ASSESSMENT), checklists=[CHECKLIST]),
        False,
    ),
    "loads, failing": (lambda: medengage.loads("medengage: 1\nkind: Nothing\n"), True),
    "dumps": (lambda: medengage.dumps(ASSESSMENT), False),
    "read_csv": (lambda: _read_csv("id,l1\nr1,4\n"), False),
    "read_csv, failing": (lambda: _read_csv("id,l1\nr1,9\n"), True),
}


@pytest.mark.parametrize(("call", "fails"), CALLS.values(), ids=CALLS.keys())
def test_the_collector_is_left_as_it_was(
    call: Callable[[], object], fails: bool, collector: bool
) -> None:
    if fails:
        with pytest.raises(medengage.MedEngageError):
            call()
    else:
        call()
    assert gc.isenabled() is collector


def _hold_pause(entered: threading.Event, leave: threading.Event) -> None:
    with _collector.paused():
        entered.set()
        leave.wait()


@pytest.fixture
def other_thread_paused() -> Iterator[threading.Event]:
    """
    Another thread inside a pause until the event given is set.
    """
    entered, leave = threading.Event(), threading.Event()
    thread = threading.Thread(target=_hold_pause, args=(entered, leave))
    thread.start()
    entered.wait()
    try:
        yield leave
    finally:
        leave.set()
        thread.join()


def test_pauses_in_two_threads_end_with_the_last(collector: bool) -> None:
    """
    A pause that goes on after another thread's has ended keeps the
    collector off; the last to end puts it back as it was before the first
    began.
    """
    entered, leave = threading.Event(), threading.Event()
    thread = threading.Thread(target=_hold_pause, args=(entered, leave))
    thread.start()
    entered.wait()
    with _collector.paused():
        leave.set()
        thread.join()
        assert not gc.isenabled()

    assert gc.isenabled() is collector


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_while_another_thread_pauses_gets_its_collector(
    collector: bool, other_thread_paused: threading.Event
) -> None:
    """
    A child process forked while another thread has the collector paused
    has only the forking thread: its collector is as it was before.
    """
    with warnings.catch_warnings():
        # Python 3.12 warns of forking a process with threads.
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:
        with _collector.paused():
            pass
        os._exit(0 if gc.isenabled() is collector else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert not gc.isenabled()
