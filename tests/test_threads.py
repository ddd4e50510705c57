"""
Many threads at once: the library touches no state of the whole process
(the umask, the garbage collector), and each call gives what it gives
alone.

Python switches threads every few milliseconds; these tests make it switch
every microsecond, so that threads meet inside the library's calls.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import io
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage.csv import read_csv, write_csv


T = TypeVar("T")

THREADS = 16
#: Rounds of THREADS threads started together, each making one call of
#: each kind, from a different one.
ROUNDS = 4
#: Saves each of four threads makes while another thread makes files.
SAVES = 20
#: The umask the tests run under.
UMASK = 0o022
#: The functions that read or change the process's state.
STATE = ((gc, "isenabled"), (gc, "disable"), (gc, "enable"), (os, "umask"))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="umask is a POSIX idea")


@pytest.fixture
def switching() -> Iterator[None]:
    """
    Threads switched as often as Python allows, and the process umask set
    to UMASK, each restored after.
    """
    interval = sys.getswitchinterval()
    mask = os.umask(UMASK)
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        os.umask(mask)


@pytest.fixture(params=[False, True], ids=["as-is", "widened"])
def widened(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """
    Whether each call that reads or changes the process's state hands the
    interpreter to another thread as it returns, as a busy machine may: a
    race between two such calls then shows in a round or two, not in
    hundreds.
    """
    if request.param:
        for module, name in STATE:
            monkeypatch.setattr(module, name, _yielding(getattr(module, name)))
    return bool(request.param)


def _yielding(call: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(call)
    def yielding(*args: Any) -> Any:
        result = call(*args)
        time.sleep(0)
        return result

    return yielding


#: os.umask itself, for the test's own reading, never made to yield.
_UMASK = os.umask


def _umask() -> int:
    # Only ever called with no other thread running.
    mask = _UMASK(0)
    _UMASK(mask)
    return mask


def _csv_text() -> str:
    text = io.StringIO()
    write_csv(ASSESSMENT, text)
    return text.getvalue()


DOCUMENT = medengage.dumps(ASSESSMENT)
CSV = _csv_text()


#: The calls a thread makes in a round, in turn from its own start: most
#: of them readers, which meet where they pause the collector.
TURNS = (
    "dump",
    "loads",
    "read_csv",
    "score",
    "loads",
    "read_csv",
    "breakdown",
    "loads",
    "read_csv",
)


def _jobs(folder: Path) -> dict[str, Callable[[str], object]]:
    """
    The calls each thread makes, each given a name unique to the call and
    giving what it made.
    """

    def dump(name: str) -> object:
        target = folder / f"{name}.yaml"
        medengage.dump(ASSESSMENT, target)
        return target.read_bytes(), stat.S_IMODE(target.stat().st_mode)

    return {
        "dump": dump,
        "loads": lambda name: medengage.loads(DOCUMENT, checklists=[CHECKLIST]),
        "read_csv": lambda name: read_csv(
            io.StringIO(CSV),
            CHECKLIST,
            trust=ASSESSMENT.trust,
            date=ASSESSMENT.date,
            attributes=["grade"],
        ),
        "score": lambda name: medengage.score(ASSESSMENT, CHECKLIST, "staff-survey"),
        "breakdown": lambda name: medengage.breakdown(
            ASSESSMENT, CHECKLIST, "grade", min_respondents=1
        ),
    }


def test_threads_leave_the_process_as_they_found_it(
    switching: None, widened: bool, collector: bool, tmp_path: Path
) -> None:
    """
    Sixteen threads loading, saving, reading CSV and scoring at once leave
    the umask and the collector as they were, and each gets what it would
    alone.
    """
    jobs = _jobs(tmp_path)
    expected = {name: job(f"alone-{name}") for name, job in jobs.items()}
    for round in range(ROUNDS):
        results = _together(functools.partial(_turns, jobs, round))

        assert _umask() == UMASK, f"round {round}: the umask was changed"
        assert gc.isenabled() is collector, f"round {round}: the collector changed"
        for thread, made in enumerate(results):
            for name, result in made:
                assert result == expected[name], f"round {round}, {thread}: {name}"


def _turns(
    jobs: dict[str, Callable[[str], object]], round: int, thread: int
) -> list[tuple[str, object]]:
    """
    Each kind of call, made by one thread in a round, starting from the
    thread's own.
    """
    start = thread % len(TURNS)
    return [
        (name, jobs[name](f"{round}-{thread}-{call}"))
        for call, name in enumerate(TURNS[start:] + TURNS[:start])
    ]


def _together(call: Callable[[int], T]) -> list[T]:
    """
    What *call* gives for each of THREADS threads, called with the thread's
    number in all of them at once.
    """
    results: dict[int, T] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(thread: int) -> None:
        try:
            start.wait()
            results[thread] = call(thread)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return [results[thread] for thread in range(THREADS)]


def test_saving_leaves_other_threads_files_to_the_umask(
    switching: None, widened: bool, tmp_path: Path
) -> None:
    """
    Files another thread makes while documents are saved get the umask's
    mode, never 0o666.
    """
    saves = tmp_path / "saves"
    others = tmp_path / "others"
    saves.mkdir()
    others.mkdir()
    done = threading.Event()
    modes: list[int] = []

    def create() -> None:
        number = 0
        while not done.is_set() or number < 100:
            path = others / f"{number}.txt"
            with open(path, "x"):
                pass
            modes.append(stat.S_IMODE(path.stat().st_mode))
            number += 1

    def save(thread: int) -> None:
        for number in range(SAVES):
            medengage.dump(ASSESSMENT, saves / f"{thread}-{number}.yaml")

    creator = threading.Thread(target=create)
    savers = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    creator.start()
    for thread in savers:
        thread.start()
    for thread in savers:
        thread.join()
    done.set()
    creator.join()

    assert _umask() == UMASK
    assert {mode: modes.count(mode) for mode in set(modes)} == {
        0o666 & ~UMASK: len(modes)
    }
    assert {stat.S_IMODE(path.stat().st_mode) for path in saves.iterdir()} == {
        0o666 & ~UMASK
    }


def test_checklists_counted_at_once_share_nothing_they_should_not(
    switching: None,
) -> None:
    """
    Threads scoring assessments of more checklists than the library keeps
    worked out at once (how each is counted, what each answer counts for),
    each checklist's scale its own, get exactly what scoring each alone
    gives, though the caches fill and empty under them.
    """
    from medengage.scoring import _tally_layout

    kinds = (_tally_layout.layout_of.cache_info().maxsize or 0) + 16

    def survey(kind: int) -> medengage.Assessment:
        # One id and version for all, that only what they hold tells apart.
        points = 4 + kind % 3
        items = 3 + kind % 3
        checklist = medengage.Checklist(
            id="kind",
            version=1,
            title=f"Kind {kind}",
            features=[medengage.EngagementFeature(id="f", title="F")],
            scales=[
                medengage.ResponseScale(
                    id="agree",
                    title="Agree",
                    points=[
                        medengage.ScalePoint(v, f"point {v}", favourable=v > kind % 4)
                        for v in range(1, points + 1)
                    ],
                )
            ],
            items=[
                medengage.ChecklistItem(
                    id=f"q{i}",
                    prompt=f"Q{i}",
                    feature="f",
                    scale="agree",
                    weight=1 + (kind + i) % 3,
                    reverse=(kind + i) % 2 == 0,
                )
                for i in range(items)
            ],
        )
        people = [
            medengage.Respondent(
                f"r{n}",
                answers={
                    f"q{i}": 1 + (n * (i + 1) + kind) % points for i in range(items)
                },
            )
            for n in range(2100)
        ]
        return medengage.Assessment(checklist, "RTD", dt.date(2024, 3, 31), people)

    surveys = [survey(kind) for kind in range(kinds)]

    def scored(assessment: medengage.Assessment) -> object:
        return medengage.score(assessment, "weighted", min_respondents=1)

    alone = [scored(assessment) for assessment in surveys]
    _tally_layout.layout_of.cache_clear()
    results: dict[int, object] = {}
    start = threading.Barrier(THREADS)

    def work(first: int) -> None:
        start.wait()
        for kind in range(first, kinds, THREADS):
            results[kind] = scored(surveys[kind])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[kind] for kind in range(kinds)] == alone
