"""
The optional extras: the core works without pandas, matplotlib and
openpyxl, never imports them, and the features that need them say which
extra to install.

Each test runs in a fresh interpreter, so that what the test suite has
already imported does not count.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


#: Every core feature, used once: the catalogue, scoring, breakdowns,
#: reliability, journeys, documents and CSV.
CORE = """
import datetime as dt
import io

import medengage
from medengage.csv import read_csv, write_csv, write_scores_csv

catalogue = medengage.catalogue()
first, *_, latest = catalogue.assessments
scored = medengage.score(latest, latest.checklist, "staff-survey")
by_grade = medengage.breakdown(first, first.checklist, "grade")
assert by_grade.groups["foundation doctor"].overall.withheld
assert medengage.loads(medengage.dumps(scored)) == scored
medengage.reliability(latest, latest.checklist)
assert len(medengage.journey(catalogue.assessments).steps) == 3
written = io.StringIO()
write_csv(latest, written)
names = {name for r in latest.respondents for name in r.attributes}
again = read_csv(
    io.StringIO(written.getvalue()),
    latest.checklist,
    trust=latest.trust,
    date=latest.date,
    attributes=names,
    title=latest.title,
)
assert again == latest
write_scores_csv(by_grade, io.StringIO())
medengage.write_board(medengage.board_table(by_grade, assessment=first), io.StringIO())
"""

#: Makes pandas, matplotlib and openpyxl (and numpy, which the first two
#: need) fail to import, as if they were not installed.
UNINSTALL = """
import sys
from importlib.abc import MetaPathFinder

class NotInstalled(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {
            "pandas", "matplotlib", "numpy", "openpyxl", "pyarrow"
        }:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
"""

#: Each function that needs an extra, called, with the extra it names.
NEEDS_EXTRAS = """
import medengage.arrow
import medengage.excel
import medengage.pandas
import medengage.plot
from medengage import MedEngageError, MissingExtraError

calls = {
    "pandas": [
        lambda: medengage.pandas.answers_frame(latest),
        lambda: medengage.pandas.respondents_frame(latest),
        lambda: medengage.pandas.scores_frame(scored),
        lambda: medengage.pandas.board_frame(scored),
        lambda: medengage.pandas.assessment_from_frame(
            None, latest.checklist, trust=latest.trust, date=latest.date
        ),
    ],
    "arrow": [
        lambda: read_csv(
            io.StringIO(written.getvalue()),
            latest.checklist,
            trust=latest.trust,
            date=latest.date,
            engine="arrow",
        ),
        lambda: medengage.arrow.read_parquet(
            io.BytesIO(), latest.checklist, trust=latest.trust, date=latest.date
        ),
        lambda: medengage.arrow.assessment_from_table(
            None, latest.checklist, trust=latest.trust, date=latest.date
        ),
    ],
    "plot": [
        lambda: medengage.plot.profile(scored),
        lambda: medengage.plot.journey(medengage.journey(catalogue.assessments)),
    ],
    "excel": [
        lambda: medengage.excel.write_xlsx(latest, io.BytesIO()),
        lambda: medengage.excel.read_xlsx(
            io.BytesIO(), latest.checklist, trust=latest.trust, date=latest.date
        ),
    ],
}
for extra, functions in calls.items():
    for call in functions:
        try:
            call()
        except MissingExtraError as error:
            assert isinstance(error, ImportError), error
            assert isinstance(error, MedEngageError), error
            assert f"pip install 'medengage[{extra}]'" in str(error), error
            assert f"medengage.{extra}" in str(error), error
        else:
            raise AssertionError(f"{call} ran without medengage[{extra}]")
print("all raised")
"""

NOT_IMPORTED = """
for name in ("pandas", "matplotlib", "numpy", "openpyxl", "pyarrow"):
    assert name not in sys.modules, f"{name} was imported"
print("none imported")
"""


def _run(*parts: str) -> str:
    script = "\n".join(textwrap.dedent(part) for part in parts)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_the_core_works_without_the_extras() -> None:
    """
    With pandas, matplotlib and openpyxl not installed, every core feature
    works, and
    each function that needs one raises an error naming the extra to
    install.
    """
    output = _run(UNINSTALL, CORE, NEEDS_EXTRAS)

    assert output.splitlines() == ["all raised"]


def test_the_core_never_imports_the_extras() -> None:
    """
    With the extras installed, importing medengage and using the core, and
    even importing medengage.pandas, medengage.plot and medengage.excel,
    imports none of pandas, matplotlib and openpyxl.
    """
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    pytest.importorskip("openpyxl")

    output = _run(
        "import sys",
        CORE,
        "import medengage.pandas, medengage.plot, medengage.excel, medengage.arrow",
        NOT_IMPORTED,
    )

    assert output.splitlines() == ["none imported"]
