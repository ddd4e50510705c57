"""
Every input of the official YAML test suite meets the loader with a
medengage error that places its problems, or a valid object: never another
exception, a hang or a crash, on either YAML path.

The cases are vendored under ``tests/yaml-test-suite`` with their MIT
licence (see its README.md), so the tests run from a clone alone.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import medengage
from medengage._documents import KINDS


SUITE = Path(__file__).parent / "yaml-test-suite"


def suite_cases() -> list[Any]:
    return [
        pytest.param(SUITE / "cases" / f"{case_id}.yaml", id=case_id)
        for case_id in manifest()
    ]


def manifest() -> dict[str, str]:
    """
    Each case id, and whether the suite calls its input valid YAML.
    """
    with open(SUITE / "manifest.tsv", encoding="utf-8", newline="") as rows:
        return {row["id"]: row["valid"] for row in csv.DictReader(rows, delimiter="\t")}


@pytest.mark.parametrize("case", suite_cases())
def test_suite_input_is_met_cleanly(case: Path, pure: bool) -> None:
    """
    As text, as bytes, and from the file by its path.
    """
    data = case.read_bytes()
    attempts: list[Callable[[], object]] = [
        lambda: medengage.loads(data.decode("utf-8"), pure=pure),
        lambda: medengage.loads(data, pure=pure),
        lambda: medengage.load(case, pure=pure),
        lambda: medengage.load(str(case), pure=pure),
    ]
    for attempt in attempts:
        outcome = outcome_of(attempt)

        if isinstance(outcome, medengage.DocumentError):
            assert outcome.source in ("<string>", str(case))
            assert str(outcome).startswith(f"{outcome.source}: ")
            assert outcome.problems
            for problem in outcome.problems:
                assert problem.line is not None
                assert problem.line >= 1
                assert problem.column is not None
                assert problem.column >= 1
        else:
            assert type(outcome) in DOCUMENT_KINDS


DOCUMENT_KINDS = tuple(KINDS.values())


def outcome_of(attempt: Callable[[], object]) -> object:
    """
    What *attempt* loads, or the `DocumentError` it raises; any other
    exception goes on to fail the test.
    """
    try:
        return attempt()
    except medengage.DocumentError as error:
        return error


def test_every_listed_case_is_there() -> None:
    listed = manifest()
    files = {path.stem for path in (SUITE / "cases").glob("*.yaml")}

    assert files == set(listed)
    assert len(listed) == 402
    # Both kinds of input are met: the valid YAML and the invalid.
    assert set(listed.values()) >= {"yes", "no"}
