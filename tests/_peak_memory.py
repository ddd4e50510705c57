"""
How much memory a piece of code takes at its peak, measured in a fresh
Python process so that nothing the test run holds or has freed counts.

`peak_growth` runs a snippet on some input in a child of `sys.executable`
and returns how far the child's peak resident size rose above where it
stood once medengage was imported and the input read. `budget` is the
bound medengage promises for reading an input of a given size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import NamedTuple


#: The fixed part of the memory bound, in bytes.
FIXED = 64 * 1024 * 1024
#: The part of the memory bound that grows with the input: this many times
#: its size.
PER_BYTE = 40

_CHILD = """\
import gc, resource, sys
import medengage
from pathlib import Path

def peak():
    # The peak resident size so far, in bytes. On Linux it is read from
    # /proc, since ru_maxrss there starts from the parent's size: exec
    # carries the parent's peak over into the child's.
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        # ru_maxrss is in bytes on macOS, in kibibytes elsewhere.
        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

data = Path(sys.argv[1]).read_bytes()
gc.collect()
try:
    # Start the peak afresh from the present size.
    Path("/proc/self/clear_refs").write_text("5")
except OSError:
    pass
before = peak()
{snippet}
print("peak-growth", peak() - before)
"""


class Peak(NamedTuple):
    """
    What a snippet took, and what it printed.

    Attributes:
        growth: How far the child's peak resident size rose, in bytes.
        size: The size of the input, in bytes.
        output: What the snippet printed, less the measurement.
    """

    growth: int
    size: int
    output: str

    @property
    def ratio(self) -> float:
        """
        The growth as a share of the budget for this input: 1 or less
        keeps to the bound.
        """
        return self.growth / budget(self.size)


def budget(size: int) -> int:
    """
    The most memory reading an input of *size* bytes may take above where
    the process stood: 64 MiB, and 40 times the input.
    """
    return FIXED + PER_BYTE * size


def peak_growth(data: bytes | str, snippet: str, *, timeout: float = 120) -> Peak:
    """
    Run *snippet* in a fresh Python process, with the module `medengage`
    imported and the input *data* (as bytes) bound to the name ``data``,
    and measure how far its peak resident size rose.

    The input reaches the child through a file, so that making it costs
    the child nothing before the measurement starts. Whatever the snippet
    prints comes back in `Peak.output`; an exception it lets out fails the
    measurement.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        child = _CHILD.format(snippet=textwrap.dedent(snippet).strip())
        done = subprocess.run(
            [sys.executable, "-c", child, os.fspath(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(
            f"the child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    *printed, last = done.stdout.rstrip("\n").split("\n")
    label, growth = last.split()
    assert label == "peak-growth", done.stdout
    return Peak(int(growth), len(data), "\n".join(printed))
