"""
How results, checklists and trusts show in a terminal and in Jupyter.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import attrs
from _worked_example import ASSESSMENT, CHECKLIST
from hypothesis import given

import medengage
from medengage import Trust, TrustName, testing


HOSTILE = '<script>alert("x")</script> & <b>'


class _Texts(HTMLParser):
    """
    The text of an HTML fragment, and its tags.
    """

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _parse(fragment: str) -> _Texts:
    parser = _Texts()
    parser.feed(fragment)
    parser.close()
    return parser


class _Printer:
    def __init__(self) -> None:
        self.written: list[str] = []

    def text(self, text: str) -> None:
        self.written.append(text)


def test_all_text_is_escaped_in_html() -> None:
    """
    Text from the data never becomes markup.
    """
    item = attrs.evolve(CHECKLIST.items[0], prompt=HOSTILE)
    checklist = attrs.evolve(
        CHECKLIST, title=HOSTILE, items=[item, *CHECKLIST.items[1:]]
    )
    trust = Trust("RTF", [TrustName(HOSTILE)])

    for shown in (checklist, trust):
        parsed = _parse(shown._repr_html_())

        assert "script" not in parsed.tags
        assert "b" not in parsed.tags
        assert any(HOSTILE in text for text in parsed.texts)


def test_withheld_scores_show_as_withheld() -> None:
    """
    A withheld score shows as 'withheld', in text and in HTML, never as a
    number.
    """
    result = medengage.breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)

    text = result.table().text()
    html = _parse(result._repr_html_())

    learning = next(line for line in text.splitlines() if line.startswith("learning"))
    assert learning.split()[1:] == ["58.3", "withheld", "withheld"]
    assert html.texts.count("withheld") >= 3
    assert "em" in html.tags


def test_pretty_printing_in_ipython() -> None:
    """
    IPython's pretty printer shows the table, and the repr in a cycle.
    """
    result = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    printer = _Printer()

    result._repr_pretty_(printer, False)
    result._repr_pretty_(printer, True)

    assert printer.written[0] == result.table().text()
    assert "overall" in printer.written[0]
    assert "81.2" in printer.written[0]
    assert printer.written[1] == repr(result)


def test_a_trust_shows_its_names_over_time() -> None:
    """
    A trust's table lists its names with their dates, and its successor.
    """
    trust = Trust(
        "RW6",
        [TrustName("Pennine Acute Hospitals NHS Trust", until=dt.date(2021, 9, 30))],
        successor="RM3",
        closed=dt.date(2021, 9, 30),
    )

    text = trust.table().text()

    assert "Pennine Acute Hospitals NHS Trust" in text
    assert "2021-09-30" in text
    assert text.endswith("closed 2021-09-30, succeeded by RM3")


def test_a_trust_that_passed_to_several_shows_each() -> None:
    """
    A trust with several successors lists each, with the day and what
    passed, and which a journey follows.
    """
    text = medengage.catalogue().trusts["RW6"].table().text()

    assert "closed 2021-09-30" in text
    assert "succeeded by R0A from 2021-04-01 (North Manchester General Hospital" in text
    assert "succeeded by RM3 from 2021-10-01" in text
    assert text.endswith("a journey follows RM3 unless told otherwise")


def test_a_case_study_shows_its_sources_and_what_came_after() -> None:
    """
    A case study's table gives each piece of evidence with its source, the
    features found without trust-specific evidence, and the events since,
    dated, with their sources; so do its pretty and HTML forms.
    """
    study = medengage.catalogue().case_studies["RW1"]

    text = study.table().text()
    html = study._repr_html_()

    assert text.startswith("Case study: RW1")
    assert "Going Viral" in text
    assert "The Guardian, 2013-10-25" in text
    assert "with no evidence specific to this trust given: quality-strategy" in text
    assert "2015-12-17: NHS England published an independent review, by Mazars" in text
    assert "(Community Care, 2015-12-17)" in text.replace(
        "'A failure of leadership': official report's verdict on NHS trust's "
        "scrutiny of deaths, ",
        "",
    )
    assert "2016-10-07: After public criticism" in text
    assert "Mazars" in html
    assert "no evidence specific to this trust is recorded" not in text


def test_a_checklist_shows_its_notes() -> None:
    """
    A checklist's notes, such as where its weights come from, show under
    its table.
    """
    first = medengage.catalogue().checklist("medical-engagement-self-assessment", 1)

    assert "project's own choice" in first.table().text()


@given(testing.scored_assessments())
def test_every_score_is_shown(scored: medengage.ScoredAssessment) -> None:
    """
    Every feature has a row, showing its value, 'withheld' or '-'.
    """
    table = scored.table()

    assert [row[0] for row in table.rows] == ["overall", *scored.features]
    for row, score in zip(
        table.rows, [scored.overall, *scored.features.values()], strict=True
    ):
        if score.withheld:
            assert row[1] == "withheld"
        elif score.value is None:
            assert row[1] == "-"
        else:
            assert float(row[1]) == round(score.value, 1)


def test_a_journey_shows_its_scores_intervals_and_changes() -> None:
    """
    A journey's table has a column a date and the change across, with
    significant changes marked.
    """
    catalogue = medengage.catalogue()
    shown = medengage.journey(catalogue.assessments)

    table = shown.table()

    assert table.columns[1:-1] == tuple(d.isoformat() for d in shown.dates)
    rows = {row[0]: row for row in table.rows}
    across = shown.features["stable-leadership"].across
    assert across is not None
    assert across.difference is not None
    marked = rows["stable-leadership"][-1].endswith("*")
    assert marked == bool(across.significant)
    assert rows["stable-leadership"][-1].startswith(f"{across.difference:+.1f}")
    assert all(cell != "withheld" for row in table.rows for cell in row)
    assert (
        _parse(shown._repr_html_())
        .texts[0]
        .startswith("Northwold Valley NHS Foundation Trust (fictional) (ZNW)")
    )
