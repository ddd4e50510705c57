"""
Reading a survey tool's export as it comes: headers matched to items by
prompt, other wordings, suggestions for misspelt headers, column mappings
saved and reused, labels of no answer, and the forms a date may take.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import medengage
from medengage import (
    ChecklistItem,
    ColumnMapping,
    DocumentError,
    NotADocumentError,
    ResponseScale,
    ScalePoint,
    ValidationError,
    testing,
)
from medengage._column_matching import MAX_CHECKED
from medengage._column_wording import normalised
from medengage.csv import MISSING, match_columns, read_csv


EXPORT = Path(__file__).parent / "exports" / "survey-tool-export.csv"
CHECKLIST = medengage.catalogue().checklist("medical-engagement-self-assessment", 1)
DATE = dt.date(2024, 10, 31)
#: What the export holds, item by item, for each respondent.
EXPECTED = {
    "1": {
        "dr-strategy-known": 4,
        "dr-leaders-know-service": 5,
        "dr-hear-back": 4,
        "dr-safe-to-report": 5,
        "dr-real-say": 4,
    },
    "2": {
        "dr-strategy-known": 2,
        "dr-mutual-respect": 3,
        "dr-safe-to-report": 4,
        "dr-real-say": 2,
    },
    "3": {
        "dr-strategy-known": 1,
        "dr-leaders-know-service": 2,
        "dr-mutual-respect": 4,
    },
    "4": {},
    "5": {
        "dr-strategy-known": 3,
        "dr-leaders-know-service": 4,
        "dr-mutual-respect": 5,
        "dr-hear-back": 5,
        "dr-safe-to-report": 4,
        "dr-real-say": 5,
    },
}


def _read(source: object, **options: object) -> medengage.Assessment:
    settings: dict[str, object] = {
        "trust": "ZNW",
        "date": DATE,
        "id_column": "ID",
        "attributes": ["Grade"],
        "no_answer": ["Don't know"],
        "unmatched": "ignore",
    }
    settings.update(options)
    return read_csv(source, CHECKLIST, **settings)  # type: ignore[arg-type]


def _answers(assessment: medengage.Assessment) -> dict[str, dict[str, object]]:
    return {r.id: dict(r.answers) for r in assessment.respondents}


# A realistic export


def test_a_survey_tools_export_reads_with_no_mapping() -> None:
    """
    The export heads its columns with the questions (curly apostrophes, a
    question mark, capitals, a double space, full stops), answers with
    labels, "Don't know" in three spellings and blanks, and has
    timestamps, a free-text column over two lines, a grade and a BOM: it
    reads with the prompts alone.
    """
    survey = _read(EXPORT)

    assert _answers(survey) == EXPECTED
    assert [r.attributes["Grade"] for r in survey.respondents] == [
        "Consultant",
        "Resident doctor",
        "Specialty doctor",
        "Consultant",
        "Foundation doctor",
    ]
    assert all(set(r.attributes) == {"Grade"} for r in survey.respondents)


@pytest.mark.parametrize(
    "open_export",
    [
        pytest.param(lambda: EXPORT.open("rb"), id="binary"),
        # Opened as plain UTF-8, the BOM stays at the start of the text.
        pytest.param(lambda: EXPORT.open(encoding="utf-8", newline=""), id="utf-8"),
        pytest.param(lambda: EXPORT.open(encoding="utf-8-sig", newline=""), id="sig"),
    ],
)
def test_the_byte_order_mark_is_never_part_of_the_first_header(open_export) -> None:  # type: ignore[no-untyped-def]
    """
    However the file is opened, the first column is ``ID``, not
    ``\\ufeffID``.
    """
    with open_export() as export:
        survey = _read(export)

    assert _answers(survey) == EXPECTED


def test_a_byte_order_mark_in_a_frames_first_column_is_not_part_of_it() -> None:
    """
    A frame built from the rows of the file opened as plain UTF-8 keeps the
    mark in the first column's name; the frame reads all the same.
    """
    pd = pytest.importorskip("pandas")
    from medengage.pandas import assessment_from_frame

    with EXPORT.open(encoding="utf-8", newline="") as export:
        header, *rows = csv.reader(export)
    frame = pd.DataFrame(rows, columns=header)
    assert frame.columns[0] == "\ufeffID"

    survey = assessment_from_frame(
        frame,
        CHECKLIST,
        trust="ZNW",
        date=pd.Timestamp("2024-10-31"),
        id_column="ID",
        attributes=["Grade"],
        no_answer=["Don't know"],
        unmatched="ignore",
    )

    assert _answers(survey) == EXPECTED


def test_the_other_columns_may_be_named_instead() -> None:
    """
    ignore= names the tool's columns one by one, as before.
    """
    survey = _read(
        EXPORT,
        unmatched="refuse",
        ignore=["Start time", "Completion time", "Any other comments?"],
    )

    assert _answers(survey) == EXPECTED


def test_the_other_columns_are_refused_unless_left_out() -> None:
    """
    By default a column that is no item is a problem, saying how to leave
    it, or every such column, out.
    """
    with pytest.raises(DocumentError) as caught:
        _read(EXPORT, unmatched="refuse")

    unknown = [p for p in caught.value.problems if "unknown column" in p.message]
    assert [(p.path, p.line, p.column) for p in unknown] == [
        ("Start time", 1, 2),
        ("Completion time", 1, 3),
        ("Any other comments?", 1, 11),
    ]
    assert all("unmatched='ignore'" in p.message for p in unknown)
    assert all("did you mean" not in p.message for p in unknown)


def test_dont_know_is_refused_until_declared() -> None:
    """
    Without no_answer=, "Don't know" is not on the scale, and the problem
    says how to declare it.
    """
    with pytest.raises(DocumentError) as caught:
        _read(EXPORT, no_answer=())

    places = [(p.path, p.line, p.column) for p in caught.value.problems]
    assert places == [
        ("dr-mutual-respect", 2, 7),
        ("dr-leaders-know-service", 3, 6),
        ("dr-hear-back", 4, 8),
    ]
    assert all("no_answer=" in p.message for p in caught.value.problems)


# Misspelt and reworded headers


MISSPELT = (
    "ID,I feel safe reportng an incident or near miss,Doctors here have a "
    "real say in how services are run\n"
    "a1,4,5\n"
    "a2,4,9\n"
)


def test_a_misspelt_header_is_refused_naming_the_item_it_is_like() -> None:
    """
    A header one typo away from a prompt is refused, suggesting the item
    by id and prompt and the columns= that maps it, in the one error that
    lists every problem of the file with its row and column.
    """
    with pytest.raises(DocumentError) as caught:
        _read(io.StringIO(MISSPELT), attributes=[])

    first, second = caught.value.problems
    assert (first.path, first.line, first.column) == (
        "I feel safe reportng an incident or near miss",
        1,
        2,
    )
    assert "did you mean item 'dr-safe-to-report'" in first.message
    assert "I feel safe reporting an incident or a near miss." in first.message
    assert "columns={'I feel safe reportng" in first.message
    assert (second.path, second.line, second.column) == ("dr-real-say", 3, 3)


@pytest.mark.parametrize("unmatched", ["refuse", "ignore"])
def test_a_misspelt_header_is_never_left_out_silently(unmatched: str) -> None:
    """
    Even told to leave the other columns out, a reader refuses a column so
    like an item that no other column holds.
    """
    with pytest.raises(DocumentError) as caught:
        _read(io.StringIO(MISSPELT), attributes=[], unmatched=unmatched)

    assert "did you mean item 'dr-safe-to-report'" in caught.value.problems[0].message


def test_a_column_like_an_item_another_column_holds_may_be_left_out() -> None:
    """
    Told to leave the other columns out, a reader leaves out a column like
    an item that another column already holds: a neighbouring question of
    the survey, not the item misspelt.
    """
    export = io.StringIO(
        "ID,I feel safe reporting an incident or a near miss,"
        "I feel safe reporting an incident or a near-miss to HR\n"
        "a1,4,5\n"
    )

    survey = _read(export, attributes=[])

    assert _answers(survey) == {"a1": {"dr-safe-to-report": 4}}
    with pytest.raises(DocumentError, match="did you mean"):
        _read(io.StringIO(export.getvalue()), attributes=[], unmatched="refuse")


def test_a_header_of_very_many_columns_unlike_any_item_is_refused() -> None:
    """
    A header of more columns like no item than any export has is not
    checked column by column for misspelt items, which a hostile file
    could make slow: told to leave them out, a reader refuses them instead
    of leaving out columns it has not checked.
    """
    columns = [f"Extra {number}" for number in range(MAX_CHECKED + 5)]
    export = "ID," + ",".join(columns) + "\n" + "a1" + "," * len(columns) + "\n"

    with pytest.raises(DocumentError) as caught:
        _read(io.StringIO(export), attributes=[])

    problems = caught.value.problems
    assert len(problems) == 5
    assert "too many to check" in problems[0].message
    assert problems[0].column == MAX_CHECKED + 2
    assert _answers(_read(io.StringIO(export), attributes=[], ignore=columns)) == {
        "a1": {}
    }


def _reworded_checklist() -> medengage.Checklist:
    items = [
        attrs.evolve(
            item,
            wordings=(
                "I\u2019d feel safe reporting an incident \u2013 or a near miss",
            ),
        )
        if item.id == "dr-safe-to-report"
        else item
        for item in CHECKLIST.items
    ]
    return attrs.evolve(CHECKLIST, items=items)


def test_a_reworded_question_is_matched_through_the_items_wordings() -> None:
    """
    Last year's question, kept among the item's wordings, heads this
    year's column with straight quotes and a hyphen for the en dash.
    """
    export = io.StringIO(
        "id,I'd feel safe reporting an incident - or a near miss?\na1,4\n"
    )

    survey = read_csv(export, _reworded_checklist(), trust="ZNW", date=DATE)

    assert _answers(survey) == {"a1": {"dr-safe-to-report": 4}}


def test_a_header_like_two_items_prompts_is_refused() -> None:
    """
    Where two items read alike, a header of that text is refused, naming
    both.
    """
    items = list(CHECKLIST.items)
    twin = attrs.evolve(items[-1], wordings=(items[-2].prompt.upper(),))
    checklist = attrs.evolve(CHECKLIST, items=[*items[:-1], twin])
    export = io.StringIO(f'id,"{items[-2].prompt}"\na1,4\n')

    with pytest.raises(DocumentError) as caught:
        read_csv(export, checklist, trust="ZNW", date=DATE)

    [problem] = caught.value.problems
    assert items[-2].id in problem.message
    assert twin.id in problem.message
    assert "columns=" in problem.message


@pytest.mark.parametrize(
    ("header", "prompt"),
    [
        ("The trust\u2019s leaders", "The trust's leaders."),
        ("\u201cSafe\u201d to report\u2026", '"safe" to report'),
        ("Co\u2011designed \u2014 with us", "co-designed - with us"),
        ("  Real\u00a0 say ?  ", "real say"),
        ("Question *", "question"),
    ],
)
def test_headers_and_prompts_compare_as_they_read(header: str, prompt: str) -> None:
    assert normalised(header) == normalised(prompt)


_RESTYLED = str.maketrans({"'": "\u2019", "-": "\u2013", '"': "\u201c", " ": "  "})


@given(testing.checklists(), st.data())
def test_an_items_prompt_in_any_style_heads_its_column(
    checklist: medengage.Checklist, data: st.DataObject
) -> None:
    """
    A prompt in capitals, with curly quotes, en dashes, doubled spaces and a
    question mark heads the column of its item, wherever no other item
    reads alike (and whose letters survive capitals: a dotless i comes back
    from capitals as a dotted one).
    """
    item = data.draw(st.sampled_from(checklist.items))
    assume(item.prompt.upper().casefold() == item.prompt.casefold())
    header = item.prompt.translate(_RESTYLED).upper() + " ?"
    key = normalised(item.prompt)
    alike = [
        other
        for other in checklist.items
        if key in {normalised(text) for text in (other.prompt, *other.wordings)}
    ]
    assume(key and alike == [item] and header.strip() not in checklist.item_ids)
    assume(header.strip() != "id")

    mapping = match_columns(["id", header], checklist)

    assert dict(mapping.columns) == {header.strip(): item.id}


@given(testing.texts())
def test_normalising_is_idempotent(text: str) -> None:
    assert normalised(normalised(text)) == normalised(text)


# Other wordings on items


def test_wordings_are_validated() -> None:
    item = CHECKLIST.items[-1]

    with pytest.raises(ValidationError, match=r"wordings\[0\]"):
        attrs.evolve(item, wordings=(item.prompt.upper() + "?",))
    with pytest.raises(ValidationError, match=r"wordings\[1\]"):
        attrs.evolve(item, wordings=("Once", "once."))
    with pytest.raises(ValidationError, match=r"wordings\[0\]"):
        attrs.evolve(item, wordings=("  ",))
    with pytest.raises(ValidationError, match=r"wordings\[0\]"):
        attrs.evolve(item, wordings=(3,))
    assert attrs.evolve(item, wordings="Asked in 2022").wordings == ("Asked in 2022",)


def test_wordings_are_written_only_where_an_item_has_some() -> None:
    item = CHECKLIST.items[-1]
    reworded = attrs.evolve(item, wordings=("Asked in 2022",))

    assert "wordings" not in medengage.dumps(item)
    text = medengage.dumps(reworded)
    assert "wordings:\n- Asked in 2022\n" in text
    assert medengage.loads(text, ChecklistItem) == reworded


def test_a_wording_as_a_list_of_numbers_is_refused_in_a_document() -> None:
    text = medengage.dumps(CHECKLIST.items[-1]) + "wordings: [1, 2]\n"

    with pytest.raises(DocumentError, match=r"wordings"):
        medengage.loads(text, ChecklistItem)


# Column mappings


def test_the_matching_made_is_saved_and_reused_next_year(tmp_path: Path) -> None:
    """
    match_columns gives the item each column holds; saved as a document and
    read back, it reads next year's export, whose headers no prompt
    matches, as this year's.
    """
    mapping = match_columns(
        EXPORT, CHECKLIST, id_column="ID", attributes=["Grade"], unmatched="ignore"
    )
    assert mapping.checklist == CHECKLIST.id
    leaders = (
        "The trust\u2019s senior leaders have been here long enough to know how "
        "my service works"
    )
    assert mapping.columns[leaders] == "dr-leaders-know-service"
    assert sorted(mapping.columns.values()) == sorted(
        {item for answers in EXPECTED.values() for item in answers}
    )
    path = tmp_path / "columns.yaml"
    medengage.dump(mapping, path)
    saved = medengage.load(path, ColumnMapping)
    assert saved == mapping
    # Next year's tool numbers its questions and drops the free text; the
    # saved mapping, edited by hand, names the new header.
    edited = ColumnMapping(
        checklist=saved.checklist,
        columns={**saved.columns, "Q5 Safe to report": "dr-safe-to-report"},
    )
    export = io.StringIO(
        "ID,Grade,Q5 Safe to report,I know what the trust wants to achieve for "
        "the quality of care over the next few years.\n"
        "b1,Consultant,Agree,5\n"
    )

    survey = read_csv(
        export,
        CHECKLIST,
        trust="ZNW",
        date="2025-10-31",
        id_column="ID",
        attributes=["Grade"],
        columns=edited,
    )

    assert _answers(survey) == {"b1": {"dr-safe-to-report": 4, "dr-strategy-known": 5}}
    assert survey.date == dt.date(2025, 10, 31)


def test_match_columns_takes_a_header_as_a_list() -> None:
    mapping = match_columns(
        [
            "id",
            "dr-real-say",
            "Doctors and managers here take each other's views seriously",
        ],
        CHECKLIST,
    )

    assert dict(mapping.columns) == {
        "dr-real-say": "dr-real-say",
        "Doctors and managers here take each other's views seriously": (
            "dr-mutual-respect"
        ),
    }


def test_match_columns_takes_a_frames_columns() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(EXPORT, nrows=0)

    mapping = match_columns(
        frame.columns,
        CHECKLIST,
        id_column="ID",
        attributes=["Grade"],
        unmatched="ignore",
    )

    assert mapping == match_columns(
        EXPORT, CHECKLIST, id_column="ID", attributes=["Grade"], unmatched="ignore"
    )


def test_match_columns_refuses_a_misspelt_header() -> None:
    with pytest.raises(DocumentError) as caught:
        match_columns(
            ["id", "Doctors here have a real sya in how services are run"], CHECKLIST
        )

    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (1, 2)
    assert "did you mean item 'dr-real-say'" in problem.message


def test_a_mapping_for_another_checklist_is_refused() -> None:
    mapping = ColumnMapping(checklist="ward-pulse", columns={"Voice": "dr-real-say"})

    with pytest.raises(DocumentError, match="for checklist 'ward-pulse'"):
        read_csv(
            io.StringIO("id,Voice\na1,4\n"),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            columns=mapping,
        )


def test_a_mapping_naming_no_item_of_the_checklist_is_refused() -> None:
    mapping = ColumnMapping(checklist=CHECKLIST.id, columns={"Voice": "dr-voice"})

    with pytest.raises(DocumentError, match="no item 'dr-voice'"):
        read_csv(
            io.StringIO("id,Voice\na1,4\n"),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            columns=mapping,
        )


@pytest.mark.parametrize(
    ("columns", "path"),
    [
        (
            {"Real say?": "dr-real-say", "real  SAY": "dr-mutual-respect"},
            "columns.real  SAY",
        ),
        ({"Real say": "not an id!"}, "columns.Real say"),
        ({"  ": "dr-real-say"}, "columns"),
        ({"Real\x00say": "dr-real-say"}, "columns"),
    ],
)
def test_a_mapping_is_validated(columns: dict[str, str], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ColumnMapping(checklist=CHECKLIST.id, columns=columns)

    assert [p.path for p in caught.value.problems] == [path]


def test_a_mapping_document_is_strict() -> None:
    text = (
        "medengage: 1\nkind: ColumnMapping\nchecklist: x\ncolumns:\n  Voice: v\n"
        "ignore: [Started]\n"
    )

    with pytest.raises(DocumentError) as caught:
        medengage.loads(text, ColumnMapping)

    assert [(p.path, p.line) for p in caught.value.problems] == [("ignore", 6)]


def test_a_mapping_is_deeply_immutable() -> None:
    mapping = ColumnMapping(checklist="x", columns={"Voice": "v"})

    with pytest.raises(TypeError):
        mapping.columns["Voice"] = "w"  # type: ignore[index]


# No answer


def test_every_missing_mark_is_no_answer() -> None:
    """
    What the docstring and docs/csv.md say is no answer reads as none:
    each of MISSING, a blank cell, and a declared label in any case and
    with either apostrophe.
    """
    cells = [*sorted(MISSING), "   ", "DON\u2019T KNOW", "prefer not to say"]
    export = "id,dr-real-say\n" + "".join(f'r{i},"{c}"\n' for i, c in enumerate(cells))

    survey = read_csv(
        io.StringIO(export),
        CHECKLIST,
        trust="ZNW",
        date=DATE,
        no_answer=("Don't know", "Prefer not to say"),
    )

    assert all(not r.answers for r in survey.respondents)
    assert len(survey.respondents) == len(cells)


def test_the_docs_and_the_docstring_say_the_same_of_no_answer() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "csv.md").read_text("utf-8")
    docstring = read_csv.__doc__ or ""

    for mark in MISSING - {""}:
        assert f"``{mark}``" in docstring
        assert f"`{mark}`" in docs
    for text in (docs, docstring):
        assert "no_answer" in text
        assert re.search(r"empty\s+or\s+blank", text)


def test_a_scale_declares_its_labels_of_no_answer() -> None:
    agreement = CHECKLIST.scale("agreement-5")
    declared = attrs.evolve(agreement, no_answer=("Don't know",))
    checklist = attrs.evolve(
        CHECKLIST,
        scales=[declared if s.id == agreement.id else s for s in CHECKLIST.scales],
    )
    export = io.StringIO("id,dr-real-say,dr-mutual-respect\na1,Don\u2019t know,Agree\n")

    survey = read_csv(export, checklist, trust="ZNW", date=DATE)

    assert _answers(survey) == {"a1": {"dr-mutual-respect": 4}}
    text = medengage.dumps(declared)
    assert "no_answer:\n- Don't know\n" in text
    assert medengage.loads(text, ResponseScale) == declared
    assert "no_answer" not in medengage.dumps(agreement)


def test_a_scales_label_of_no_answer_cannot_be_a_point() -> None:
    points = (ScalePoint(0, "No"), ScalePoint(1, "Yes", favourable=True))

    with pytest.raises(ValidationError, match=r"no_answer\[0\]"):
        ResponseScale("yes-no", "Yes or no", points, no_answer=("yes",))
    with pytest.raises(ValidationError, match=r"no_answer\[1\]"):
        ResponseScale("yes-no", "Yes or no", points, no_answer=("Unsure", "UNSURE"))
    with pytest.raises(ValidationError, match=r"no_answer\[0\]"):
        ResponseScale("yes-no", "Yes or no", points, no_answer=("two\nlines",))


def test_a_label_of_no_answer_given_to_a_reader_cannot_be_a_point() -> None:
    with pytest.raises(DocumentError) as caught:
        read_csv(
            io.StringIO("id,dr-real-say\na1,Agree\n"),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            no_answer=["Don't know", "AGREE"],
        )

    [problem] = caught.value.problems
    assert problem.path == "no_answer"
    assert "'Agree' on scale 'agreement-5'" in problem.message


def test_a_label_with_a_curly_apostrophe_is_its_point() -> None:
    point = ScalePoint(1, "Don't mind", favourable=True)
    scale = ResponseScale("mind", "Mind", (ScalePoint(0, "Mind"), point))
    assert medengage._export_cells.answer_in_cell("DON\u2019T MIND", scale) == 1


def test_unmatched_takes_two_words() -> None:
    with pytest.raises(ValidationError, match="unmatched"):
        read_csv(
            io.StringIO("id\n"),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            unmatched="skip",  # type: ignore[arg-type]
        )


# Dates


@given(st.dates())
def test_a_date_is_taken_in_each_form_an_analyst_holds(day: dt.date) -> None:
    pd = pytest.importorskip("pandas")
    forms: list[Any] = [
        day,
        day.isoformat(),
        dt.datetime.combine(day, dt.time()),
        dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc),
    ]
    if 1678 <= day.year <= 2261:
        forms.append(pd.Timestamp(day))
    for form in forms:
        survey = read_csv(
            io.StringIO("id,dr-real-say\na1,4\n"), CHECKLIST, trust="ZNW", date=form
        )
        assert survey.date == day
        assert type(survey.date) is dt.date


REFUSED_DATES = [
    ("31/10/2024", "'31/10/2024' is not an ISO date"),
    ("20241031", "is not an ISO date"),
    ("2024-W44-4", "is not an ISO date"),
    ("2024-02-30", "'2024-02-30' is not a day of the calendar"),
    ("\uff12\uff10\uff12\uff14-10-31", "is not an ISO date"),
    (" 2024-10-31", "is not an ISO date"),
    (dt.datetime(2024, 10, 31, 9, 30), "is at 09:30:00, not midnight"),
    (20241031, "20241031 is not a date"),
    (None, "None is not a date"),
]


@pytest.mark.parametrize(("date", "said"), REFUSED_DATES)
def test_a_date_in_no_form_taken_is_refused_saying_what_to_write(
    date: Any, said: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        read_csv(
            io.StringIO("id,dr-real-say\na1,4\n"), CHECKLIST, trust="ZNW", date=date
        )

    assert not isinstance(caught.value, DocumentError)
    [problem] = caught.value.problems
    assert problem.path == "date"
    assert said in problem.message
    assert "'2024-10-31'" in problem.message


@pytest.mark.parametrize(
    "make",
    [
        lambda pd: pd.Timestamp("2024-10-31 09:30"),
        lambda pd: pd.Timestamp("2024-10-31") + pd.Timedelta(1, "ns"),
        lambda pd: pd.NaT,
    ],
)
def test_a_timestamp_not_at_midnight_is_refused(make) -> None:  # type: ignore[no-untyped-def]
    pd = pytest.importorskip("pandas")
    from medengage.pandas import assessment_from_frame

    frame = pd.DataFrame({"id": ["a1"], "dr-real-say": [4]})
    with pytest.raises(ValidationError) as caught:
        assessment_from_frame(frame, CHECKLIST, trust="ZNW", date=make(pd))

    assert caught.value.problems[0].path == "date"


def test_the_date_is_checked_before_the_file_is_read() -> None:
    class Unreadable(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            raise AssertionError("read before the date was checked")

    with pytest.raises(ValidationError):
        read_csv(Unreadable(), CHECKLIST, trust="ZNW", date="31 Oct 2024")


def test_arguments_of_the_wrong_type_are_refused() -> None:
    export = "id,dr-real-say\na1,4\n"

    with pytest.raises(NotADocumentError, match="no_answer lists labels as text"):
        read_csv(
            io.StringIO(export),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            no_answer=[None],  # type: ignore[list-item]
        )
    with pytest.raises(NotADocumentError, match="columns is a mapping"):
        read_csv(
            io.StringIO(export),
            CHECKLIST,
            trust="ZNW",
            date=DATE,
            columns=[("Voice", "dr-real-say")],  # type: ignore[arg-type]
        )
    survey = read_csv(
        io.StringIO("id,dr-real-say\na1,Don't know\n"),
        CHECKLIST,
        trust="ZNW",
        date=DATE,
        no_answer="Don't know",
    )
    assert not survey.respondents[0].answers
