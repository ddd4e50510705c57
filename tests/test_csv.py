"""
Survey exports in and out as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import operator
from pathlib import Path

import attrs
import pytest
from _worked_example import ASSESSMENT, CHECKLIST
from hypothesis import given
from hypothesis import strategies as st

import medengage
from medengage import Assessment, Checklist, DocumentError, testing
from medengage.csv import (
    DEFAULT_MAX_BYTES,
    MAX_LISTED_PROBLEMS,
    SCORE_COLUMNS,
    read_csv,
    write_csv,
    write_scores_csv,
)


DATE = dt.date(2024, 3, 31)

EXPORT = """\
Respondent,Grade,l1,Leaders change too often,k1,k2,Started
r1,consultant,5,2,4,Yes,2024-03-01 09:00
r2,consultant,Agree,,2,partly,2024-03-02 10:00
r3,resident,-,NA,Strongly agree,1,2024-03-03 11:00
"""


#: read_csv with the options EXPORT is read with.
read_export = functools.partial(
    read_csv,
    trust="RTF",
    date=DATE,
    id_column="Respondent",
    columns={"Leaders change too often": "l2"},
    attributes=["Grade"],
    ignore=["Started"],
)


def _read(text: str, checklist: Checklist = CHECKLIST) -> Assessment:
    return read_export(io.StringIO(text), checklist)


def test_an_export_reads_as_its_assessment() -> None:
    """
    Numbers and labels (in any case) are read as scale values, the
    missing markers as no answer, and kept columns as attributes.
    """
    assessment = _read(EXPORT)

    assert [r.id for r in assessment.respondents] == ["r1", "r2", "r3"]
    assert dict(assessment.respondents[0].answers) == {
        "l1": 5,
        "l2": 2,
        "k1": 4,
        "k2": 3,
    }
    assert dict(assessment.respondents[1].answers) == {"l1": 4, "k1": 2, "k2": 2}
    assert dict(assessment.respondents[2].answers) == {"k1": 5, "k2": 1}
    assert assessment.respondents[2].attributes == {"Grade": "resident"}


def test_a_dozen_faults_make_one_error_listing_each() -> None:
    """
    Every fault in a file is listed at once, with its row and column, and
    no assessment is made.
    """
    text = """\
Respondent,Grade,l1,Leaders change too often,k1,k2,Started,Shoe size,Grade
r1,consultant,6,2,4,Yes,x,9,x
,consultant,4,2,4,Yes,x,9,x
r1,consultant,4,maybe,4,Yes,x,9,x
r4,consultant,4,2,4.5,Yes,x,9,x
r5,consultant,4,2,4
r6,consultant,0,2,4,Often,x,9,x
r7,consultant,4,2,inf,Yes,x,9,x
r8,resident,4,2,4,Yes,x,9,x,extra
"""
    with pytest.raises(DocumentError) as caught:
        _read(text)

    found = {(p.line, p.column, p.path) for p in caught.value.problems}
    assert found == {
        (1, 8, "Shoe size"),  # unknown column
        (1, 9, "Grade"),  # a column given twice
        (2, 3, "l1"),  # 6 is off the scale
        (3, 1, "id"),  # no id
        (4, 1, "id"),  # r1 again
        (4, 4, "l2"),  # not a label of the scale
        (5, 5, "k1"),  # 4.5 is not a point
        (6, 1, ""),  # too few cells
        (7, 3, "l1"),  # 0 is off the scale
        (7, 6, "k2"),  # not a label
        (8, 5, "k1"),  # inf
        (9, 1, ""),  # too many cells
    }
    places = [(p.line, p.column) for p in caught.value.problems]
    assert places == sorted(places), "listed row by row, then column by column"
    message = str(caught.value)
    assert message.startswith("<stream>: 12 problems")
    assert "(line 4, column 1)" in message
    assert "duplicate respondent id 'r1': row 2 has it already" in message


def test_blank_rows_are_skipped_however_wide() -> None:
    """
    An empty line, a line of spaces or of bare commas is no respondent and
    no problem, whatever its width.
    """
    lines = EXPORT.splitlines()
    text = "\n".join([lines[0], "", lines[1], "   ", ",,", lines[2], lines[3], "", ""])

    assert _read(text) == _read(EXPORT)


def test_a_missing_marker_is_no_answer_even_where_a_point_has_its_label() -> None:
    """
    '-', 'NA' and 'N/A' always mean no answer, as the docs say, even on a
    scale with a point labelled so.
    """
    scale = medengage.ResponseScale(
        id="na",
        title="Applies",
        points=[
            medengage.ScalePoint(0, "N/A"),
            medengage.ScalePoint(1, "Yes", favourable=True),
        ],
    )
    checklist = attrs.evolve(
        CHECKLIST,
        scales=[*CHECKLIST.scales, scale],
        items=[
            attrs.evolve(item, scale="na") if item.id == "k2" else item
            for item in CHECKLIST.items
        ],
    )
    text = EXPORT.replace(",Yes,", ",N/A,").replace(",partly,", ",yes,")
    text = text.replace(",1,2024", ",-,2024")

    assert _read(text, checklist).answers_to("k2") == (None, 1, None)


def test_problems_with_ids_and_attributes_are_listed_with_the_others() -> None:
    """
    A respondent's own problems (an id or attribute with a control
    character) are listed beside problems in other rows.
    """
    text = (
        EXPORT.replace("r1,consultant", "r\x01,consultant")
        .replace("r2,consultant", "r2,consul\x02tant")
        .replace(",Strongly agree,", ",9,")
    )

    with pytest.raises(DocumentError) as caught:
        _read(text)

    assert [(p.line, p.path) for p in caught.value.problems] == [
        (2, "id"),
        (3, "attributes.Grade"),
        (4, "k1"),
    ]


def test_two_columns_for_one_item_are_a_problem() -> None:
    """
    Two columns that hold one item would leave it unclear which answer
    counts.
    """
    with pytest.raises(
        DocumentError, match="columns 'l1' and 'L1' both hold item 'l1'"
    ):
        read_csv(
            io.StringIO("Respondent,l1,L1\nr1,4,5\n"),
            CHECKLIST,
            trust="RTF",
            date=DATE,
            id_column="Respondent",
            columns={"L1": "l1"},
        )


def test_a_missing_id_column_is_named() -> None:
    """
    Without a column of ids, the error says how to name it.
    """
    with pytest.raises(DocumentError, match="no column 'Respondent'"):
        _read(EXPORT.replace("Respondent,", "Who,"))


def test_the_file_is_read_from_a_path(tmp_path: Path) -> None:
    """
    A path reads as the same stream would, with the path in errors.
    """
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8-sig")

    assessment = read_export(path, CHECKLIST)

    assert assessment == _read(EXPORT)
    path.write_bytes(b"id,l1\nr1,\xff\n")
    with pytest.raises(DocumentError, match=r"(?s)export\.csv.*not UTF-8.*line 2"):
        read_csv(path, CHECKLIST, trust="RTF", date=DATE)


@given(testing.checklists_with_assessments())
def test_round_trip(pair: tuple[Checklist, Assessment]) -> None:
    """
    An assessment written as CSV reads back equal.
    """
    checklist, assessment = pair
    written = io.StringIO()
    write_csv(assessment, written)

    assert _read_back(written.getvalue(), checklist, assessment) == assessment


def _read_back(text: str, checklist: Checklist, written: Assessment) -> Assessment:
    """
    The CSV *text* that *written* was written as, read with its options.
    """
    return read_csv(
        io.StringIO(text),
        checklist,
        trust=written.trust,
        date=written.date,
        attributes={name for r in written.respondents for name in r.attributes},
        title=written.title,
    )


def test_scores_as_tidy_rows() -> None:
    """
    Scores are written one row a score, withheld ones without a value.
    """
    shown = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    withheld = medengage.breakdown(ASSESSMENT, CHECKLIST, "grade", min_respondents=2)
    written = io.StringIO()

    write_scores_csv([shown, withheld], written)

    rows = list(csv.DictReader(io.StringIO(written.getvalue())))
    assert list(rows[0]) == list(SCORE_COLUMNS)
    assert len(rows) == 3 + 3 * 3
    overall = rows[0]
    assert overall["feature"] == ""
    assert float(overall["value"]) == shown.overall.value
    resident = [
        r for r in rows if r["group"] == "resident" and r["feature"] == "learning"
    ]
    assert resident == [
        {
            "trust": "RTF",
            "date": "2024-03-31",
            "checklist": "worked-example",
            "checklist_version": "1",
            "strategy": "mean",
            "by": "grade",
            "group": "resident",
            "feature": "learning",
            "value": "",
            "respondents": "1",
            "band": "",
            "withheld": "true",
            "level": "",
        }
    ]


# Hostile files: every failure located, nothing changed process-wide.


def test_a_cell_over_the_csv_field_limit_is_located() -> None:
    """
    A cell longer than the csv module's field limit (an unclosed quote
    runs on so) is a problem at its row and column, and the limit, which
    belongs to the whole process, is left as it was.
    """
    limit = csv.field_size_limit()
    text = EXPORT.replace("r2,consultant,Agree", "r2,consultant," + "A" * 200_000)

    with pytest.raises(DocumentError) as caught:
        _read(text)

    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 3)
    assert f"more than {limit} characters" in problem.message
    assert csv.field_size_limit() == limit


def test_an_unclosed_quote_is_located_at_its_row() -> None:
    """
    An unclosed quote swallows the rest of the file into one cell: the
    problem is at the row where the quote opens.
    """
    text = EXPORT.replace(",Agree,", ',"Agree,') + "r4,resident,4,4,4,4,x\n" * 30_000

    with pytest.raises(DocumentError) as caught:
        _read(text)

    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 3)
    assert "quote" in problem.message


def test_a_header_cell_over_the_field_limit_is_located() -> None:
    """
    The header is checked as the rows are.
    """
    text = 'id,"l1,' + "k1," * 50_000 + "\nr1,4\n"

    with pytest.raises(DocumentError) as caught:
        read_csv(io.StringIO(text), CHECKLIST, trust="RTF", date=DATE)

    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (1, 2)


def test_a_binary_stream_reads_as_utf8() -> None:
    """
    A file opened in binary mode is read as UTF-8, as a path is; bytes
    that are not UTF-8 are a located problem, not a TypeError.
    """
    assessment = read_export(io.BytesIO(EXPORT.encode("utf-8-sig")), CHECKLIST)

    assert assessment == _read(EXPORT)
    with pytest.raises(DocumentError, match=r"(?s)not UTF-8.*line 3"):
        read_export(
            io.BytesIO(EXPORT.replace("Agree", "\xc0").encode("latin-1")), CHECKLIST
        )


def test_a_stream_of_something_else_is_refused() -> None:
    """
    A file object whose read gives neither text nor bytes is refused by
    name.
    """

    class Odd:
        def read(self, size: int = -1) -> list[str]:
            return ["id"]

    with pytest.raises(medengage.NotADocumentError, match="list"):
        read_csv(Odd(), CHECKLIST, trust="RTF", date=DATE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second"),
    [("r1", " r1 "), ("r1", "r1\t"), ("r1", "\u00a0r1"), (" r1", "r1 ")],
)
def test_ids_that_differ_only_by_spaces_are_one_id(first: str, second: str) -> None:
    """
    Spaces around an id are not part of it: ' r1 ' and 'r1' are one id,
    given twice, not two respondents.
    """
    text = EXPORT.replace("r1,", f'"{first}",').replace("r3,", f'"{second}",')

    with pytest.raises(DocumentError) as caught:
        _read(text)

    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (4, 1, "id")
    assert "duplicate respondent id 'r1': row 2 has it already" in problem.message


def test_spaces_around_ids_and_values_are_stripped() -> None:
    """
    A survey tool that pads cells makes the same respondents and groups as
    one that does not.
    """
    padded = EXPORT.replace("r1,consultant,", '" r1",consultant ,').replace(
        "r2,consultant,", "r2,\tconsultant,"
    )

    assert _read(padded) == _read(EXPORT)


@pytest.mark.parametrize(
    "cell",
    [
        "\u0663",  # Arabic-Indic 3
        "\uff13",  # full-width 3
        "\U0001d7d1",  # mathematical bold 3
        "0_3",
        "3_0e-1",
        "+3",
        "3.",
        ".3e1",
        "0x3",
        "3 0",
        "\u0661",  # Arabic-Indic 1
    ],
)
def test_answers_only_in_ascii_number_forms(cell: str) -> None:
    """
    Python's float() takes digits of every script and underscores; an
    answer is only what docs/csv.md lists.
    """
    text = EXPORT.replace("r1,consultant,5,", f"r1,consultant,{cell},")

    with pytest.raises(DocumentError) as caught:
        _read(text)

    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (2, 3, "l1")


@pytest.mark.parametrize("cell", ["3", "03", "3.0", "3.00", "30e-1", "0.3E1", " 3 "])
def test_answers_in_the_number_forms_docs_list(cell: str) -> None:
    """
    Whole numbers, decimals and exponents in ASCII digits are read.
    """
    text = EXPORT.replace("r1,consultant,5,", f"r1,consultant,{cell},")

    assert _read(text).respondents[0].answers["l1"] == 3


@pytest.mark.parametrize("name", ["id", "l1", "k2"])
def test_an_attribute_named_like_a_column_is_refused_when_writing(name: str) -> None:
    """
    An attribute named ``id`` or like an item would make a column twice:
    write_csv refuses it, saying what to do, and writes nothing.
    """
    first = ASSESSMENT.respondents[0]
    assessment = attrs.evolve(
        ASSESSMENT,
        respondents=[
            attrs.evolve(first, attributes={**first.attributes, name: "x"}),
            *ASSESSMENT.respondents[1:],
        ],
    )
    written = io.StringIO()

    with pytest.raises(medengage.ValidationError) as caught:
        write_csv(assessment, written)

    assert written.getvalue() == ""
    [problem] = caught.value.problems
    assert problem.path == f"respondents[0].attributes.{name}"
    assert "rename the attribute" in problem.message


def test_problems_are_capped_and_counted() -> None:
    """
    A file with more problems than are listed says how many more there
    are, and where they start.
    """
    text = "id,l1\n" + "".join(f"r{n},9\n" for n in range(1000))

    with pytest.raises(DocumentError) as caught:
        read_csv(io.StringIO(text), CHECKLIST, trust="RTF", date=DATE)

    problems = caught.value.problems
    assert len(problems) == MAX_LISTED_PROBLEMS + 1
    assert [p.line for p in problems[:-1]] == list(range(2, MAX_LISTED_PROBLEMS + 2))
    last = problems[-1]
    assert last.message.startswith(f"{1000 - MAX_LISTED_PROBLEMS} more problems")
    assert (last.line, last.column) == (MAX_LISTED_PROBLEMS + 2, 2)


def test_a_header_of_many_repeated_columns_is_capped() -> None:
    """
    The header's own problems count towards the cap.
    """
    text = "id," + ",".join(["Shoe size"] * 5000) + "\n"

    with pytest.raises(DocumentError) as caught:
        read_csv(io.StringIO(text), CHECKLIST, trust="RTF", date=DATE)

    assert len(caught.value.problems) == MAX_LISTED_PROBLEMS + 1
    assert caught.value.problems[-1].message.startswith("4800 more problems")


@pytest.mark.parametrize("kind", ["path", "text", "binary"])
def test_a_file_over_max_bytes_is_refused(kind: str, tmp_path: Path) -> None:
    """
    read_csv refuses a file over max_bytes, whatever it is read from,
    and reads one of exactly max_bytes.
    """
    size = len(EXPORT.encode("utf-8"))
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")

    def source() -> Path | io.StringIO | io.BytesIO:
        if kind == "path":
            return path
        if kind == "text":
            return io.StringIO(EXPORT)
        return io.BytesIO(EXPORT.encode("utf-8"))

    assert read_export(source(), CHECKLIST, max_bytes=size) == _read(EXPORT)
    with pytest.raises(medengage.DocumentTooLargeError) as caught:
        read_export(source(), CHECKLIST, max_bytes=size - 1)
    assert f"over {size - 1} bytes" in str(caught.value)
    assert "max_bytes" in str(caught.value)


def test_text_over_max_bytes_in_utf8_is_refused() -> None:
    """
    The limit is in UTF-8 bytes, not characters, for a text stream too.
    """
    text = EXPORT.replace("consultant", "consultant\u00e9\u00e9")
    size = len(text.encode("utf-8"))

    read_export(io.StringIO(text), CHECKLIST, max_bytes=size)
    with pytest.raises(medengage.DocumentTooLargeError):
        read_export(io.StringIO(text), CHECKLIST, max_bytes=len(text))


def test_the_default_size_limit_is_documented() -> None:
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024
    assert "64 MiB" in (Path(__file__).parents[1] / "docs" / "csv.md").read_text()


# Formula-safe exports (CSV injection, CWE-1236).

#: What makes a spreadsheet run a cell as a formula when it begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HOSTILE_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "'",
    "''",
    " ",
    " =1",
    "=1+1",
    "-1",
    "+44 161",
    "@SUM(A1)",
    "'=1",
    "=cmd|' /C calc'!A0",
    "\t=1",
)


def _is_label(text: str) -> bool:
    try:
        medengage.Respondent(id=text)
    except medengage.ValidationError:
        return False
    return True


#: Labels that a spreadsheet would run, or that look escaped already.
hostile_labels = st.builds(
    operator.add,
    st.sampled_from(_HOSTILE_STARTS),
    st.just("") | testing.texts(max_pieces=2),
).filter(_is_label)


@st.composite
def hostile_assessments(draw: st.DrawFn) -> tuple[Checklist, Assessment]:
    """
    A checklist and an assessment of it whose ids and attribute values
    look like formulas, or like formulas escaped.
    """
    checklist, assessment = draw(
        testing.checklists_with_assessments(max_items=4, max_respondents=6)
    )
    count = len(assessment.respondents)
    ids = draw(st.lists(hostile_labels, min_size=count, max_size=count, unique=True))
    values = st.dictionaries(
        st.sampled_from(("grade", "role", "site")), hostile_labels, max_size=3
    )
    respondents = [
        attrs.evolve(respondent, id=id, attributes=draw(values))
        for respondent, id in zip(assessment.respondents, ids, strict=True)
    ]
    return checklist, attrs.evolve(assessment, respondents=respondents)


@given(hostile_assessments())
def test_formula_like_text_is_written_as_text_and_read_back_exactly(
    pair: tuple[Checklist, Assessment],
) -> None:
    """
    No id or attribute value written begins with a character that makes a
    spreadsheet run it, answers are numbers, and read_csv gives back
    exactly the assessment written.
    """
    checklist, assessment = pair
    written = io.StringIO()
    write_csv(assessment, written)

    header, *rows = csv.reader(io.StringIO(written.getvalue()))
    items = set(checklist.item_ids)
    for row in rows:
        for column, cell in zip(header, row, strict=True):
            if column in items:
                assert cell == "" or math.isfinite(float(cell))
            else:
                assert not cell.startswith(FORMULA_STARTS), (column, cell)
    assert _read_back(written.getvalue(), checklist, assessment) == assessment


def test_a_formula_is_written_after_an_apostrophe() -> None:
    """
    The OWASP advice: a leading apostrophe makes a spreadsheet show the
    cell as text; a value that begins with an apostrophe gets one more.
    """
    assessment = attrs.evolve(
        ASSESSMENT,
        respondents=[
            attrs.evolve(
                ASSESSMENT.respondents[0],
                id='=HYPERLINK("http://x")',
                attributes={"grade": "'quoted"},
            ),
            *ASSESSMENT.respondents[1:],
        ],
    )
    written = io.StringIO()

    write_csv(assessment, written)

    first = written.getvalue().splitlines()[1]
    assert first.startswith('"\'=HYPERLINK(""http://x"")",\'\'quoted,')


def test_formula_safe_off_writes_raw_text_for_machines() -> None:
    """
    formula_safe=False writes text as it is, and read_csv reads it back
    as it is when told the same.
    """
    assessment = attrs.evolve(
        ASSESSMENT,
        respondents=[
            attrs.evolve(ASSESSMENT.respondents[0], id="=1+1", attributes={"g": "'x"}),
            *ASSESSMENT.respondents[1:],
        ],
    )
    written = io.StringIO()

    write_csv(assessment, written, formula_safe=False)

    assert written.getvalue().splitlines()[1].startswith("=1+1,'x,")
    again = read_csv(
        io.StringIO(written.getvalue()),
        CHECKLIST,
        trust=assessment.trust,
        date=assessment.date,
        attributes=["g", "grade"],
        title=assessment.title,
        formula_safe=False,
    )
    assert again == assessment


def test_scores_write_text_as_text_and_numbers_as_numbers() -> None:
    """
    Group names, band labels and strategy names that look like formulas
    are escaped; negative scores stay numbers.
    """
    hostile = attrs.evolve(
        ASSESSMENT,
        respondents=[
            attrs.evolve(r, attributes={"grade": "=1+1" if n else "@x"})
            for n, r in enumerate(ASSESSMENT.respondents)
        ],
    )
    banding = medengage.Banding(id="b", labels=["-low", "+high"], thresholds=[50])
    by_grade = medengage.breakdown(
        hostile, CHECKLIST, "grade", min_respondents=1, banding=banding
    )
    scored = medengage.score(ASSESSMENT, CHECKLIST, min_respondents=1)
    negative = attrs.evolve(
        scored,
        strategy="-custom",
        low=-100.0,
        overall=attrs.evolve(scored.overall, value=-12.5, band="=band"),
    )
    written = io.StringIO()

    write_scores_csv([by_grade, negative], written)

    rows = list(csv.DictReader(io.StringIO(written.getvalue())))
    assert {r["group"] for r in rows} == {"", "'=1+1", "'@x"}
    assert {r["band"] for r in rows} >= {"'-low", "'+high", "'=band"}
    assert rows[-len(negative.features) - 1]["strategy"] == "'-custom"
    assert rows[-len(negative.features) - 1]["value"] == "-12.5"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS) or float(cell) < 0

    raw = io.StringIO()
    write_scores_csv(by_grade, raw, formula_safe=False)
    assert {r["group"] for r in csv.DictReader(io.StringIO(raw.getvalue()))} == {
        "",
        "=1+1",
        "@x",
    }


_CSV_PIECES = st.sampled_from(
    [
        ",",
        '"',
        "\n",
        "\r",
        "\r\n",
        "'",
        " ",
        "id",
        "l1",
        "k2",
        "4",
        "Agree",
        "-",
        "\x00",
    ]
)


@given(st.lists(_CSV_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_any_text_reads_as_an_assessment_or_a_located_error(text: str) -> None:
    """
    Whatever the file holds, read_csv gives an assessment or a
    DocumentError whose every problem has a line and column.
    """
    problems: tuple[medengage.Problem, ...] = ()
    try:
        read_csv(io.StringIO(text), CHECKLIST, trust="RTF", date=DATE)
    except DocumentError as error:
        problems = error.problems or (medengage.Problem("", "no problems"),)
    assert all(p.line is not None and p.column for p in problems)
