"""
Readers and writers pause the garbage collector while they build, and leave
it as they found it, whether they succeed or fail.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator

import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
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


@pytest.fixture(params=[True, False], ids=["enabled", "disabled"])
def collector(request: pytest.FixtureRequest) -> Iterator[bool]:
    was = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    yield request.param
    (gc.enable if was else gc.disable)()


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
