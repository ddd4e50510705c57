"""
Reading a survey export takes memory bounded by its size, for a valid
file and a hostile one alike: at most 64 MiB + 40 times the input's size
above what the process held before.

Each case runs in a fresh interpreter, whose peak resident size is taken
after it has imported medengage and made its input, and again after
reading it. On Linux the peak is the child's own ``VmHWM``: its
``ru_maxrss`` starts at the parent's peak (Linux carries it across fork and
exec), so in a large pytest process it would hide the child's growth.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


pytest.importorskip("resource")

MiB = 1024 * 1024
#: The peak growth allowed: this much, and ...
ALLOWED = 64 * MiB
#: ... this many times the input's size.
TIMES_INPUT = 40

# The child writes its file a batch of rows at a time, so that making it
# does not raise the peak that reading it is measured against.
_CHILD = textwrap.dedent(
    """
    import datetime as dt
    import gc
    import json
    import os
    import resource
    import sys

    import medengage
    from medengage import (
        Checklist, ChecklistItem, EngagementFeature, ResponseScale, ScalePoint
    )
    from medengage.csv import read_csv

    def peak():
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale

    case, path = sys.argv[1], sys.argv[2]
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
    grades = ("consultant", "specialty doctor", "resident doctor", "foundation doctor")
    answers = [
        ",".join(
            "" if (n * 31 + k) % 37 == 0 else "12334445"[(n * 7 + k * 13) % 8]
            for k in range(len(items))
        )
        for n in range(509)
    ]
    with open(path, "w", encoding="utf-8") as file:
        if case == "bad-rows":
            file.write("id,q00\\n")
            for start in range(0, 600_000, 10_000):
                file.write("".join(f"r{n},9\\n" for n in range(start, start + 10_000)))
        else:
            file.write("id,grade,trust," + ",".join(items) + "\\n")
            for start in range(0, 100_000, 10_000):
                file.write(
                    "".join(
                        f"r{n:07d},{grades[n % 4]},RTF,{answers[n % 509]}\\n"
                        for n in range(start, start + 10_000)
                    )
                )
    gc.collect()
    before = peak()
    try:
        survey = read_csv(
            path,
            checklist,
            trust="ZNW",
            date=dt.date(2024, 10, 31),
            attributes=["grade", "trust"] if case == "valid" else [],
        )
        outcome = f"{len(survey.respondents)} respondents"
    except medengage.DocumentError as error:
        outcome = f"{len(error.problems)} problems listed"
    json.dump(
        {
            "input": os.path.getsize(path),
            "growth": peak() - before,
            "outcome": outcome,
        },
        sys.stdout,
    )
    """
)


@pytest.mark.parametrize(
    ("case", "outcome"),
    [("bad-rows", "201 problems listed"), ("valid", "100000 respondents")],
)
def test_reading_a_csv_file_takes_memory_bounded_by_its_size(
    case: str, outcome: str, tmp_path: Path
) -> None:
    """
    600,000 rows each with a problem (5.6 MiB), and a valid file of
    100,000 respondents to 30 items (8 MiB), each read within 64 MiB + 40
    times the file's size.
    """
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, case, str(tmp_path / "survey.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    target = ALLOWED + TIMES_INPUT * figures["input"]

    print(
        f"{case}: {figures['input'] / MiB:.1f} MiB read, peak growth "
        f"{figures['growth'] / MiB:.0f} MiB, {figures['growth'] / target:.0%} of "
        f"the {target / MiB:.0f} MiB allowed"
    )
    assert figures["outcome"] == outcome
    # Reading holds the file's text at least: less growth than that means
    # the peak was not measured.
    assert figures["input"] <= figures["growth"] <= target
