"""
Reading a survey export takes memory bounded by its size, for a valid
file and a hostile one alike: at most 64 MiB + 40 times the input's size
above what the process held before.

Each case runs in a fresh interpreter, measured as tests/_peak_memory.py
says.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from _peak_memory import budget, peak_growth


pytest.importorskip("resource")

MiB = 1024 * 1024

ITEMS = [f"q{f}{i}" for f in range(6) for i in range(5)]
GRADES = ("consultant", "specialty doctor", "resident doctor", "foundation doctor")

# Reading runs in a fresh interpreter (tests/_peak_memory.py), with the
# file's path as sys.argv[1]; the checklist is made there, small.
_READ = """
import datetime as dt
from medengage import (
    Checklist, ChecklistItem, EngagementFeature, ResponseScale, ScalePoint
)
from medengage.csv import read_csv

scale = ResponseScale(
    id="agree5",
    title="Agreement",
    points=[ScalePoint(v, f"point {v}", favourable=v >= 4) for v in range(1, 6)],
)
items = [f"q{f}{i}" for f in range(6) for i in range(5)]
checklist = Checklist(
    id="synthetic",
    version=1,
    title="Synthetic",
    features=[EngagementFeature(id=f"f{f}", title=f"F{f}") for f in range(6)],
    scales=[scale],
    items=[
        ChecklistItem(id=i, prompt=i, feature=f"f{i[1]}", scale="agree5")
        for i in items
    ],
)
try:
    survey = read_csv(
        sys.argv[1],
        checklist,
        trust="ZNW",
        date=dt.date(2024, 10, 31),
        attributes=ATTRIBUTES,
    )
    print(f"{len(survey.respondents)} respondents")
except medengage.DocumentError as error:
    print(f"{len(error.problems)} problems listed")
"""


def bad_rows() -> str:
    """
    600,000 rows, each with an answer off the scale.
    """
    return "id,q00\n" + "".join(f"r{n},9\n" for n in range(600_000))


def valid() -> str:
    """
    100,000 respondents answering 30 items, a few answers missing.
    """
    answers = [
        ",".join(
            "" if (n * 31 + k) % 37 == 0 else "12334445"[(n * 7 + k * 13) % 8]
            for k in range(len(ITEMS))
        )
        for n in range(509)
    ]
    rows = (
        f"r{n:07d},{GRADES[n % 4]},RTF,{answers[n % 509]}\n" for n in range(100_000)
    )
    return "id,grade,trust," + ",".join(ITEMS) + "\n" + "".join(rows)


@pytest.mark.parametrize(
    ("make", "attributes", "outcome"),
    [
        (bad_rows, [], "201 problems listed"),
        (valid, ["grade", "trust"], "100000 respondents"),
    ],
)
def test_reading_a_csv_file_takes_memory_bounded_by_its_size(
    make: Callable[[], str], attributes: list[str], outcome: str
) -> None:
    """
    600,000 rows each with a problem (5.6 MiB), and a valid file of
    100,000 respondents to 30 items (8 MiB), each read within 64 MiB + 40
    times the file's size.
    """
    peak = peak_growth(
        make(), "import sys\n" + _READ.replace("ATTRIBUTES", repr(attributes))
    )

    print(
        f"{peak.size / MiB:.1f} MiB read, peak growth {peak.growth / MiB:.0f} MiB, "
        f"{peak.ratio:.0%} of the {budget(peak.size) / MiB:.0f} MiB allowed"
    )
    assert peak.output == outcome
    # Reading holds the file's text at least: less growth than that means
    # the peak was not measured.
    assert peak.size <= peak.growth <= budget(peak.size)
