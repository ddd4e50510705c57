"""
The documentation's examples, run as tests, so that the docs cannot drift
from the code.

The rules a page follows:

- Every ```python block in README.md and docs/*.md runs. The blocks of one
  page share a namespace and run in order, in a fresh temporary folder. A
  block that starts with ``>>>`` is a doctest: the output it shows is checked.
- Every ```yaml block is a whole medengage document that loads, shown
  exactly as `medengage.dumps` writes it. An Assessment may name a checklist
  shown earlier on the same page, or one in the bundled catalogue.
- Blocks in other languages (console, sh, text) are shown, not run.
- Links to other files of the project, and to headings, lead somewhere.

The example program docs/examples/tour.py runs in a fresh interpreter.
"""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

import medengage
from medengage._documents import KINDS


ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOUR = ROOT / "docs" / "examples" / "tour.py"
#: The languages a fenced block may be written in.
LANGUAGES = {"python", "yaml", "console", "sh", "text"}
#: The commands the README gives, which CI runs as they are written.
COMMANDS = [
    "python3 -m venv .venv && .venv/bin/pip install -q -e . "
    "&& .venv/bin/python docs/examples/tour.py",
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' "
    "&& .venv/bin/python -m pytest",
]

_FENCE = re.compile(r"^ *(?:```|~~~)(.*)$", re.MULTILINE)
_LINK = re.compile(r"\]\(([^)\s#]*)(?:#([^)\s]*))?\)")
_HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)
#: Where a page keeps the checklists its YAML blocks have shown so far.
_SHOWN_CHECKLISTS = "__shown_checklists__"


def evaluate_yaml(example: Example) -> str | None:
    """
    Check that a YAML block is a document that loads, and that it is shown
    as `medengage.dumps` writes it.
    """
    text = str(example.parsed)
    shown: list[medengage.Checklist] = example.namespace.setdefault(
        _SHOWN_CHECKLISTS, []
    )
    loaded = medengage.loads(
        text,
        checklists=[*shown, *medengage.catalogue().checklists],
        source=f"{example.path}, block at line {example.line}",
    )
    if isinstance(loaded, medengage.Checklist):
        shown.append(loaded)
    written = medengage.dumps(loaded)
    if written != text:
        return f"medengage writes this document as:\n{written}"
    return None


SYBIL = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS),
        CodeBlockParser("yaml", evaluate_yaml),
    ],
)


def run_page(page: Path) -> int:
    """
    Run every example on *page*, in order; the number run.
    """
    document: Document = SYBIL.parse(page)
    examples = list(document)
    for example in examples:
        example.evaluate()
    return len(examples)


@pytest.fixture
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """
    A fresh current folder, for examples that save files.
    """
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
@pytest.mark.usefixtures("in_tmp_path")
def test_examples_on_the_page_run(page: Path) -> None:
    """
    Every example on the page runs, and shows what it prints.
    """
    run_page(page)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_code_blocks_name_a_known_language(page: Path) -> None:
    """
    Every fenced block names a language the rules know, so that no example
    is skipped by a misspelt fence (```py, ```Python).
    """
    fences = _FENCE.findall(page.read_text(encoding="utf-8"))
    openings = [info.strip() for info in fences[::2]]
    assert len(fences) % 2 == 0, f"{page.name}: a fenced block is not closed"
    assert set(openings) <= LANGUAGES, f"{page.name}: {set(openings) - LANGUAGES}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_relative_links_lead_somewhere(page: Path) -> None:
    """
    Every link to another file of the project names one that exists, and
    every link to a heading names one that is there, as GitHub spells it.
    """
    broken = []
    for target, anchor in _LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        linked = page.parent / target if target else page
        if not linked.exists():
            broken.append(target)
        elif anchor and anchor not in anchors(linked):
            broken.append(f"{target}#{anchor}")
    assert not broken, f"{page.name} has broken links: {broken}"


def anchors(page: Path) -> set[str]:
    """
    The anchors GitHub gives the headings of *page*.
    """
    if page.suffix != ".md":
        return set()
    headings = _HEADING.findall(_without_code(page.read_text(encoding="utf-8")))
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in headings
    }


def _without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def test_the_pages_hold_examples() -> None:
    """
    The README and the reference pages hold examples that run.
    """
    counts = {page.name: len(list(SYBIL.parse(page))) for page in PAGES}
    for name in (
        "README.md",
        "getting-started.md",
        "domain-model.md",
        "documents.md",
        "errors.md",
        "scoring.md",
    ):
        assert counts.get(name, 0) >= 3, (name, counts)


def test_every_kind_of_document_is_described() -> None:
    """
    The documents page has a section for each kind of document there is.
    """
    headings = re.findall(
        r"^### (\w+)$",
        (ROOT / "docs" / "documents.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert set(KINDS) <= set(headings)


def test_readme_gives_the_commands_ci_runs() -> None:
    """
    The README gives each command on a line of its own, as CI runs it.
    """
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for command in COMMANDS:
        assert command in lines


@pytest.mark.parametrize(
    ("block", "failure"),
    [
        ("```python\n>>> 1 + 1\n3\n```\n", "Expected:\n    3\nGot:\n    2"),
        ("```python\nassert 1 + 1 == 3, 'sums'\n```\n", "sums"),
        (
            "```yaml\nmedengage: 1\nkind: Trust\ncode: RTF\nnames:\n- name: NO\n```\n",
            "put it in quotes",
        ),
        (
            "```yaml\nmedengage: 1\nkind: Trust\ncode: RTF\nnames:\n"
            "- {name: Northumbria}\n```\n",
            "medengage writes this document as",
        ),
    ],
    ids=["wrong-output", "failing-code", "invalid-yaml", "unstable-yaml"],
)
@pytest.mark.usefixtures("in_tmp_path")
def test_a_broken_example_fails(block: str, failure: str) -> None:
    """
    A page whose example is wrong fails, saying why.
    """
    page = Path("broken.md")
    page.write_text(f"# Broken\n\nText.\n\n{block}", encoding="utf-8")
    with pytest.raises((AssertionError, medengage.MedEngageError)) as caught:
        run_page(page.absolute())
    assert failure in str(caught.value)


def test_a_page_shares_its_namespace_in_order(in_tmp_path: Path) -> None:
    """
    Later blocks see what earlier blocks on the same page defined.
    """
    page = in_tmp_path / "shared.md"
    page.write_text(
        "```python\nanswer = 42\n```\n\n```python\n>>> answer\n42\n```\n",
        encoding="utf-8",
    )
    assert run_page(page) == 2


def test_the_tour_runs() -> None:
    """
    The example program runs to the end and shows the catalogue.
    """
    result = subprocess.run(
        [sys.executable, str(TOUR)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    cat = medengage.catalogue()
    checklist = cat.checklist("medical-engagement-self-assessment")
    latest = cat.assessments[-1]
    expected: list[Any] = [
        "Salford Royal NHS Foundation Trust",
        "Northern Care Alliance NHS Foundation Trust",
        *(trust.code for trust in cat.trusts.values()),
        *(feature.title for feature in cat.features.values()),
        str(checklist),
        *(item.id for item in checklist.items),
        latest.date.isoformat(),
        f"{len(latest.respondents)} respondents",
        "Overall band (journey stages): ",
        "Round trip: loads(dumps(assessment)) == assessment: True",
        "Withheld overall: specialty doctor, foundation doctor",
    ]
    for strategy in ("mean", "staff-survey", "percent-positive", "weighted"):
        overall = medengage.score(latest, latest.checklist, strategy).overall
        shown = "withheld" if overall.value is None else f"{overall.value:.1f}"
        expected += [strategy, shown]
    missing = [text for text in expected if text not in result.stdout]
    assert not missing, result.stdout
    # The breakdown's rows are as wide as its header, column for column.
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("all "))
    table = lines[header : header + 4]
    ends = [[m.end() for m in re.finditer(r"\S+(?= {2}|$)", line)] for line in table]
    assert all(row[-1] == ends[0][-1] for row in ends[1:]), table
