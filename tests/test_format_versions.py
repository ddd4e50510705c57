"""
Documents written by earlier versions of medengage still load, and are
written back the same: the format's version moves only when old readers
would misread a document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import medengage


#: Documents written by medengage before checklists had levels (format 1),
#: one of each kind that version could write from the catalogue.
FORMAT_1 = sorted((Path(__file__).parent / "documents").glob("format1-*.yaml"))


def test_there_are_old_documents() -> None:
    assert len(FORMAT_1) >= 8


@pytest.mark.parametrize("path", FORMAT_1, ids=lambda path: path.stem)
def test_an_old_document_loads_and_is_written_back_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded = medengage.loads(text)
    assert medengage.dumps(loaded) == text


def test_old_scores_are_what_scoring_gives_today() -> None:
    folder = Path(__file__).parent / "documents"
    assessment = medengage.load(folder / "format1-assessment.yaml")
    assert isinstance(assessment, medengage.Assessment)
    for strategy in ("mean", "staff-survey", "percent-positive", "weighted"):
        old = medengage.load(folder / f"format1-scored-{strategy}.yaml")
        assert (
            medengage.score(
                assessment, assessment.checklist, strategy, min_respondents=5
            )
            == old
        )


def test_the_format_version_is_still_1() -> None:
    assert medengage.FORMAT_VERSION == 1
