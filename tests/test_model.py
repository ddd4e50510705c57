"""
The domain classes: valid by construction, deeply immutable, and compared
by value.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from _worked_example import AGREEMENT
from hypothesis import given
from hypothesis import strategies as st

from medengage import (
    JOURNEY_STAGES,
    Answers,
    Assessment,
    Audience,
    Breakdown,
    CaseStudy,
    Checklist,
    ChecklistItem,
    Citation,
    EngagementFeature,
    Evidence,
    Finding,
    FrozenMap,
    LaterEvent,
    Respondent,
    Respondents,
    ResponseScale,
    ScalePoint,
    Score,
    ScoredAssessment,
    Succession,
    Trust,
    TrustName,
    ValidationError,
    dumps,
    loads,
    testing,
)


YES_NO = ResponseScale(
    id="yes-no",
    title="Yes or no",
    points=[ScalePoint(0, "No"), ScalePoint(1, "Yes", favourable=True)],
)
VOICE = EngagementFeature(id="voice", title="Doctors have a voice")
LEADERSHIP = EngagementFeature(id="leadership", title="Shared leadership")
HEARD = ChecklistItem(
    id="heard", prompt="I am listened to.", feature="voice", scale="agree5"
)
BOARD = ChecklistItem(
    id="board",
    prompt="Doctors sit on the board.",
    feature="leadership",
    scale="yes-no",
    audience=Audience.ORGANISATION,
)
CHECKLIST = Checklist(
    id="pulse",
    version=1,
    title="Pulse survey",
    features=[VOICE, LEADERSHIP],
    scales=[AGREEMENT, YES_NO],
    items=[HEARD, BOARD],
)
SALFORD = Trust(
    "RM3",
    [
        TrustName("Salford Royal NHS Foundation Trust", until=dt.date(2021, 3, 31)),
        TrustName("Northern Care Alliance NHS Foundation Trust", dt.date(2021, 4, 1)),
    ],
)
REPORT = Citation("Medical engagement", "The King's Fund", 2014)
CASE_STUDY = CaseStudy("RM3", REPORT, evidence={"voice": ["Doctors lead."]})
SCORE = Score(62.5, 12, band="established")
RESULT = ScoredAssessment(
    strategy="mean",
    trust="RTF",
    checklist="pulse",
    checklist_version=1,
    date=dt.date(2024, 3, 31),
    overall=SCORE,
    features={"voice": SCORE},
    banding=JOURNEY_STAGES,
    min_respondents=11,
)
BREAKDOWN = Breakdown("grade", RESULT, {"consultant": RESULT})


def survey(*respondents: Respondent) -> Assessment:
    """
    An assessment of `CHECKLIST` by *respondents*.
    """
    return Assessment(CHECKLIST, "RTF", dt.date(2024, 3, 31), respondents)


def problems_of(build: Callable[[], object]) -> list[tuple[str, str]]:
    """
    The path and message of each problem *build* raises, asserting that it
    raises a ValidationError.
    """
    with pytest.raises(ValidationError) as raised:
        build()
    return [(problem.path, problem.message) for problem in raised.value.problems]


def assert_problem(build: Callable[[], object], path: str, *words: str) -> None:
    """
    Assert that *build* raises a ValidationError with a problem at *path*
    whose message holds each of *words*.
    """
    found = problems_of(build)
    assert any(
        where == path and all(word in message for word in words)
        for where, message in found
    ), found


# Each invalid value names its field and itself


NAN = float("nan")
INF = float("inf")


@pytest.mark.parametrize(
    ("valid", "field", "value"),
    [
        (SALFORD, "code", "rtf"),
        (SALFORD, "code", "RT"),
        (SALFORD, "code", "RTFX"),
        (SALFORD, "code", 123),
        (SALFORD, "code", " RTF"),
        (SALFORD, "successor", "rt1"),
        (SALFORD, "closed", "2021-03-31"),
        (SALFORD, "closed", dt.datetime(2021, 3, 31)),
        (SALFORD, "names", ["Salford Royal"]),
        (CASE_STUDY, "trust", "rm3"),
        (CASE_STUDY, "source", "The King's Fund"),
        (VOICE, "id", ""),
        (VOICE, "id", "-voice"),
        (VOICE, "id", "has space"),
        (VOICE, "id", "x" * 65),
        (VOICE, "id", 7),
        (VOICE, "title", "two\nlines"),
        (VOICE, "title", "next\x85line"),
        (VOICE, "title", "line\u2028separator"),
        (VOICE, "summary", "carriage\rreturn"),
        (VOICE, "summary", "null\x00character"),
        (VOICE, "summary", "escape\x1b"),
        (VOICE, "summary", "not a character\ufffe"),
        (VOICE, "summary", None),
        (VOICE, "status", "established"),
        (REPORT, "year", 0),
        (REPORT, "year", True),
        (REPORT, "year", "2014"),
        (REPORT, "url", "https://\n"),
        (REPORT, "authors", ["A Author", 7]),
        (REPORT, "authors", ["two\nlines"]),
        (REPORT, "date", "2014-07-01"),
        (REPORT, "pages", "4\n6"),
        (VOICE, "source", "The King's Fund"),
        (CASE_STUDY, "later_events", ["2015: a review"]),
        (HEARD, "weight", 0),
        (HEARD, "weight", -1),
        (HEARD, "weight", -0.5),
        (HEARD, "weight", NAN),
        (HEARD, "weight", INF),
        (HEARD, "weight", True),
        (HEARD, "weight", "2"),
        (HEARD, "audience", "individual"),
        (HEARD, "reverse", 1),
        (HEARD, "scale", "not an id"),
        (CHECKLIST, "version", 0),
        (CHECKLIST, "version", -1),
        (CHECKLIST, "version", True),
        (CHECKLIST, "version", 1.0),
        (CHECKLIST, "version", "1"),
        (CHECKLIST, "features", [VOICE, "leadership"]),
        (AGREEMENT.points[0], "value", True),
        (AGREEMENT.points[0], "value", NAN),
        (AGREEMENT.points[0], "value", -INF),
        (AGREEMENT.points[0], "value", "1"),
        (AGREEMENT.points[0], "label", "Strongly\ndisagree"),
        (AGREEMENT.points[0], "favourable", 0),
        (SCORE, "withheld", 1),
        (SCORE, "respondents", -1),
        (SCORE, "band", "two\nlines"),
        (RESULT, "overall", 62.5),
        (RESULT, "banding", "journey-stages"),
        (RESULT, "min_respondents", 0),
        (BREAKDOWN, "total", SCORE),
        (BREAKDOWN, "by", "not an id"),
    ],
    ids=lambda case: repr(case) if not attrs.has(type(case)) else type(case).__name__,
)
def test_invalid_field(valid: Any, field: str, value: object) -> None:
    """
    An invalid value raises a ValidationError whose message names the
    field and the value.
    """
    with pytest.raises(ValidationError) as raised:
        attrs.evolve(valid, **{field: value})

    (problem,) = raised.value.problems
    assert problem.path.startswith(field)
    assert _shown(value) in problem.message
    assert str(problem).startswith(f"{field}")
    assert str(problem) in str(raised.value)


def _shown(value: object) -> str:
    # A list is reported by its offending member, the last in these cases.
    return repr(value[-1]) if isinstance(value, list) else repr(value)


@pytest.mark.parametrize(
    ("valid", "field"),
    [(VOICE, "title"), (CHECKLIST, "title"), (HEARD, "prompt"), (REPORT, "title")],
)
@pytest.mark.parametrize("blank", ["", " ", "\t", "\n", "\u3000"])
def test_blank_text(valid: Any, field: str, blank: str) -> None:
    """
    Titles, prompts and labels must say something.
    """
    if "\n" in blank and field != "prompt":
        assert_problem(lambda: attrs.evolve(valid, **{field: blank}), field, "line")
    else:
        assert_problem(lambda: attrs.evolve(valid, **{field: blank}), field, "blank")


def test_names_out_of_order() -> None:
    """
    A name that starts before the previous one ended is refused, with both
    dates in the message.
    """
    names = [
        TrustName("Salford Royal", until=dt.date(2021, 3, 31)),
        TrustName("Northern Care Alliance", since=dt.date(2020, 4, 1)),
    ]

    assert_problem(
        lambda: Trust("RM3", names), "names[1].since", "2020-04-01", "2021-03-31"
    )


def test_names_overlap_by_a_day() -> None:
    """
    A name may not start on the day the previous one ended.
    """
    names = [
        TrustName("Salford Royal", until=dt.date(2021, 3, 31)),
        TrustName("Northern Care Alliance", since=dt.date(2021, 3, 31)),
    ]

    assert_problem(lambda: Trust("RM3", names), "names[1].since", "2021-03-31")


def test_earlier_name_without_end() -> None:
    """
    Every name but the last needs the last day it was held.
    """
    names = [TrustName("Southern Health"), TrustName("Hampshire and Isle of Wight")]

    assert_problem(lambda: Trust("RW1", names), "names[0].until", "'Southern Health'")


def test_name_ends_before_it_starts() -> None:
    """
    A name cannot end before it starts.
    """
    assert_problem(
        lambda: TrustName("Salford Royal", dt.date(2021, 4, 1), dt.date(2021, 3, 31)),
        "until",
        "2021-03-31",
        "2021-04-01",
    )


def test_trust_without_names() -> None:
    """
    A trust needs a name.
    """
    assert_problem(lambda: Trust("RM3", []), "names", "at least one name")


def test_successor_is_itself() -> None:
    """
    A trust cannot succeed itself.
    """
    assert_problem(lambda: attrs.evolve(SALFORD, successor="RM3"), "successor", "'RM3'")


def test_duplicate_item_id() -> None:
    """
    Two items may not share an id; the message says where the first is.
    """
    twin = attrs.evolve(BOARD, id="heard")

    assert_problem(
        lambda: attrs.evolve(CHECKLIST, items=[HEARD, twin]),
        "items[1].id",
        "'heard'",
        "items[0]",
    )


@pytest.mark.parametrize("field", ["features", "scales"])
def test_duplicate_feature_or_scale_id(field: str) -> None:
    """
    Two features, or two scales, may not share an id.
    """
    members = getattr(CHECKLIST, field)
    changes: dict[str, Any] = {field: [*members, members[0]]}

    assert_problem(
        lambda: attrs.evolve(CHECKLIST, **changes),
        f"{field}[2].id",
        repr(members[0].id),
    )


def test_item_with_unknown_scale() -> None:
    """
    An item answered on a scale the checklist lacks is refused, and the
    message lists the scales it has.
    """
    stray = attrs.evolve(HEARD, scale="likert7")

    assert_problem(
        lambda: attrs.evolve(CHECKLIST, items=[stray, BOARD]),
        "items[0].scale",
        "'likert7'",
        "agree5, yes-no",
    )


def test_item_with_unknown_feature() -> None:
    """
    An item informing a feature the checklist lacks is refused, and the
    message lists the features it has.
    """
    stray = attrs.evolve(BOARD, feature="joy")

    assert_problem(
        lambda: attrs.evolve(CHECKLIST, items=[HEARD, stray]),
        "items[1].feature",
        "'joy'",
        "voice, leadership",
    )


def test_checklist_without_items() -> None:
    """
    A checklist needs an item.
    """
    assert_problem(lambda: attrs.evolve(CHECKLIST, items=[]), "items", "one item")


def test_every_problem_listed() -> None:
    """
    A checklist with several problems lists them all.
    """
    found = problems_of(
        lambda: attrs.evolve(
            CHECKLIST,
            items=[
                attrs.evolve(HEARD, scale="likert7"),
                attrs.evolve(BOARD, id="heard", feature="joy"),
            ],
        )
    )

    assert [path for path, _ in found] == [
        "items[1].id",
        "items[0].scale",
        "items[1].feature",
    ]


@pytest.mark.parametrize("values", [(1, 3, 2), (1, 1, 2), (3, 2, 1), (1, 2.0, 2)])
def test_scale_values_not_increasing(values: tuple[float, ...]) -> None:
    """
    Points must be listed in increasing order of value, each value once.
    """
    points = [ScalePoint(value, f"point {i}") for i, value in enumerate(values)]
    found = problems_of(lambda: ResponseScale("s", "Scale", points))

    assert any(
        path.startswith("points[") and path.endswith("].value") and "increasing" in m
        for path, m in found
    ), found


def test_scale_value_message() -> None:
    """
    The message names the point out of order and the one before it.
    """
    points = [ScalePoint(1, "low"), ScalePoint(3, "high"), ScalePoint(2.5, "mid")]

    assert_problem(
        lambda: ResponseScale("s", "Scale", points), "points[2].value", "2.5", "3"
    )


def test_duplicate_scale_labels() -> None:
    """
    Two points may not share a label.
    """
    points = [ScalePoint(0, "No"), ScalePoint(1, "Yes"), ScalePoint(2, "No")]

    assert_problem(
        lambda: ResponseScale("s", "Scale", points),
        "points[2].label",
        "'No'",
        "points[0]",
    )


@pytest.mark.parametrize("count", [0, 1])
def test_scale_needs_two_points(count: int) -> None:
    """
    A scale needs at least two points.
    """
    points = [ScalePoint(0, "Only")][:count]

    assert_problem(lambda: ResponseScale("s", "Scale", points), "points", "two")


SPLIT = Trust(
    "RW6",
    [TrustName("Pennine Acute Hospitals NHS Trust", until=dt.date(2021, 9, 30))],
    successor="RM3",
    closed=dt.date(2021, 9, 30),
    successors=[
        Succession("R0A", dt.date(2021, 4, 1), "North Manchester General Hospital"),
        Succession("RM3", dt.date(2021, 10, 1), "the rest"),
    ],
)
LATER = LaterEvent(dt.date(2015, 12, 17), "A review was published.", REPORT)


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            {"successors": [*SPLIT.successors, Succession("RW6")]},
            "successors[2].trust",
            ("cannot succeed itself",),
        ),
        (
            {"successors": [*SPLIT.successors, Succession("R0A")]},
            "successors[2].trust",
            ("listed already",),
        ),
        (
            {
                "successors": [
                    Succession("R0A", dt.date(2021, 10, 2)),
                    Succession("RM3"),
                ]
            },
            "successors[0].date",
            ("after the trust closed",),
        ),
        (
            {"successors": SPLIT.successors[::-1]},
            "successors",
            ("oldest first",),
        ),
        ({"successor": "RTF"}, "successor", ("not among the successors", "R0A, RM3")),
    ],
)
def test_successions_are_checked(
    change: dict[str, Any], path: str, words: tuple[str, ...]
) -> None:
    """
    A trust's successors are other trusts, each listed once, none taking
    over after the trust closed, oldest first; the main successor is one of
    them.
    """
    assert_problem(lambda: attrs.evolve(SPLIT, **change), path, *words)


def test_a_single_successor_reads_as_a_succession() -> None:
    """
    A trust written with successor alone is succeeded by it from the day
    after it closed; one with successors lists them.
    """
    simple = Trust(
        "R1C",
        [TrustName("Solent NHS Trust", until=dt.date(2024, 9, 30))],
        successor="RW1",
        closed=dt.date(2024, 9, 30),
    )

    assert simple.succeeded_by == (Succession("RW1", dt.date(2024, 10, 1)),)
    assert attrs.evolve(simple, closed=None).succeeded_by == (Succession("RW1"),)
    assert SPLIT.succeeded_by == SPLIT.successors
    assert SALFORD.succeeded_by == ()


def test_citation_date_is_in_its_year() -> None:
    """
    A citation's day of publication falls in its year; it shows the day
    where it has one, the year otherwise, with its authors and pages.
    """
    assert_problem(
        lambda: attrs.evolve(REPORT, date=dt.date(2015, 1, 1)), "date", "not in 2014"
    )
    full = attrs.evolve(
        REPORT, authors=["A Author", "B Author"], date=dt.date(2014, 7, 1), pages="4-6"
    )
    assert full.published == "2014-07-01"
    assert REPORT.published == "2014"
    assert str(full) == (
        "A Author, B Author: Medical engagement, The King's Fund, 2014-07-01, p. 4-6"
    )


def test_case_study_found_and_later_events_are_checked() -> None:
    """
    A feature found without evidence is a valid id, listed once and not
    also given evidence; later events are listed oldest first.
    """
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, found_without_evidence=["voice"]),
        "found_without_evidence[0]",
        "has evidence already",
    )
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, found_without_evidence=["a", "a"]),
        "found_without_evidence[1]",
        "listed already",
    )
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, found_without_evidence=["not an id"]),
        "found_without_evidence[0]",
        "not a valid feature id",
    )
    earlier = attrs.evolve(LATER, date=dt.date(2014, 1, 1))
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, later_events=[LATER, earlier]),
        "later_events[1].date",
        "oldest first",
    )
    study = attrs.evolve(CASE_STUDY, found_without_evidence=["learning"])
    assert study.found == ("voice", "learning")
    assert study.features == ("voice",)


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: LaterEvent(dt.date(2015, 1, 1), " ", REPORT), "text"),
        (lambda: LaterEvent(None, "Something.", REPORT), "date"),  # type: ignore[arg-type]
        (lambda: LaterEvent(dt.date(2015, 1, 1), "Something.", None), "source"),  # type: ignore[arg-type]
        (lambda: Evidence(" "), "text"),
        (lambda: Evidence("Seen.", "a source"), "source"),  # type: ignore[arg-type]
        (lambda: Finding("f", " ", REPORT), "statement"),
        (lambda: Finding("f", "Found.", REPORT, ["not an id"]), "features[0]"),
        (lambda: Succession("rm3"), "trust"),
    ],
)
def test_new_content_classes_check_their_fields(
    build: Callable[[], object], path: str
) -> None:
    """
    Evidence, later events, findings and successions are valid by
    construction, naming the field at fault.
    """
    assert path in [where for where, _ in problems_of(build)]


def test_evidence_problems() -> None:
    """
    Evidence is non-blank text, filed under valid feature ids.
    """
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, evidence={"bad id": ["x"]}),
        "evidence",
        "'bad id'",
    )
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, evidence={"voice": []}),
        "evidence.voice",
        "at least one",
    )
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, evidence={"voice": ["ok", " "]}),
        "evidence.voice[1]",
        "' '",
    )
    assert_problem(
        lambda: attrs.evolve(CASE_STUDY, evidence={"voice": ["a\rb"]}),
        "evidence.voice[0]",
        "carriage return",
    )


def test_answer_off_its_scale() -> None:
    """
    An answer must be a value on its item's scale; the message lists them.
    """
    assert_problem(
        lambda: survey(Respondent("r1", answers={"heard": 3, "board": 2})),
        "respondents[0].answers.board",
        "2",
        "'yes-no'",
        "0, 1",
    )
    assert_problem(
        lambda: survey(Respondent("r1", answers={"heard": 3.5})),
        "respondents[0].answers.heard",
        "3.5",
        "1, 2, 3, 4, 5",
    )


def test_answer_to_unknown_item() -> None:
    """
    An answer to an item the checklist lacks is refused, naming the item
    and the checklist.
    """
    assert_problem(
        lambda: survey(Respondent("r1", answers={"heard": 3, "morale": 1})),
        "respondents[0].answers.morale",
        "'morale'",
        "'pulse'",
        "version 1",
    )


def test_duplicate_respondent_ids() -> None:
    """
    No two respondents share an id.
    """
    assert_problem(
        lambda: survey(Respondent("r1"), Respondent("r2"), Respondent("r1")),
        "respondents[2].id",
        "'r1'",
        "respondents[0]",
    )


@pytest.mark.parametrize("name", ["", "has space", "-grade", 3, "g" * 65])
def test_bad_attribute_name(name: object) -> None:
    """
    Attribute names are ids.
    """
    assert_problem(
        lambda: Respondent("r1", {name: "consultant"}),
        "attributes",
        repr(name),
    )


@pytest.mark.parametrize(
    "value", ["", " ", "two\nlines", 3, None, True, 1.0, ["consultant"]]
)
def test_bad_attribute_value(value: object) -> None:
    """
    Attribute values are non-blank text on one line.
    """
    assert_problem(
        lambda: Respondent("r1", {"grade": value}),
        "attributes.grade",
        repr(value),
    )


@pytest.mark.parametrize("answer", [True, False, NAN, INF, -INF, "3", [3]])
def test_answer_not_a_number(answer: object) -> None:
    """
    An answer is a finite number: not a bool, NaN or text.
    """
    assert_problem(
        lambda: Respondent("r1", answers={"heard": answer}),  # type: ignore[dict-item]
        "answers.heard",
        repr(answer),
    )


@pytest.mark.parametrize("item", ["", "has space", 3])
def test_answer_to_bad_item_id(item: object) -> None:
    """
    Answers are given by item id.
    """
    assert_problem(
        lambda: Answers({item: 3}),  # type: ignore[dict-item]
        "answers",
        repr(item),
    )


def test_respondent_id_is_a_label() -> None:
    """
    A respondent's id is non-blank text on one line.
    """
    assert_problem(lambda: Respondent(" "), "id", "blank")
    assert_problem(lambda: Respondent("r\n1"), "id", "'r\\n1'")


def test_assessment_fields() -> None:
    """
    An assessment names a real checklist, a trust and a date.
    """
    assert_problem(
        lambda: Assessment("pulse", "RTF", dt.date(2024, 3, 31), []),  # type: ignore[arg-type]
        "checklist",
        "'pulse'",
    )
    assert_problem(
        lambda: Assessment(CHECKLIST, "rtf", dt.date(2024, 3, 31), []),
        "trust",
        "'rtf'",
    )
    assert_problem(
        lambda: Assessment(CHECKLIST, "RTF", None, []),  # type: ignore[arg-type]
        "date",
        "None",
    )
    assert_problem(
        lambda: Assessment(CHECKLIST, "RTF", dt.date(2024, 3, 31), ["r1"]),  # type: ignore[list-item]
        "respondents[0]",
        "'r1'",
    )


# Deep immutability

NOUNS = st.one_of(
    testing.trusts(),
    testing.case_studies(),
    testing.checklists(),
    testing.assessments(),
    testing.breakdowns(),
)
SCALARS = (str, int, float, bool, type(None), dt.date, enum.Enum)


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    """
    Every value inside *value*, with its path, through the fields of attrs
    classes (those set when the object is made) and the members of tuples
    and mappings.
    """
    yield path, value
    cls = type(value)
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if field.init:
                yield from _walk(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, (tuple, Respondents)):
        for index, member in enumerate(value):
            yield from _walk(member, f"{path}[{index}]")
    elif isinstance(value, (FrozenMap, Answers)):
        for key, member in value.items():
            yield from _walk(key, f"{path} key")
            yield from _walk(member, f"{path}.{key}")


@given(NOUNS)
def test_deeply_immutable(noun: object) -> None:
    """
    Every value inside a noun is immutable: an attrs class, a tuple, a
    FrozenMap, Answers, or a scalar; never a list, dict or set.
    """
    for path, value in _walk(noun, "noun"):
        assert not isinstance(value, (list, dict, set, bytearray)), path
        assert attrs.has(type(value)) or isinstance(
            value, (tuple, Respondents, FrozenMap, Answers, *SCALARS)
        ), (path, type(value))


@given(NOUNS)
def test_fields_cannot_be_set(noun: object) -> None:
    """
    No field of any noun inside can be set, deleted or added.
    """
    for path, value in _walk(noun, "noun"):
        cls = type(value)
        if not attrs.has(cls):
            continue
        for field in attrs.fields(cls):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(value, field.name, getattr(value, field.name))
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(value, field.name)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.extra = 1  # type: ignore[attr-defined]
        assert not hasattr(value, "__dict__"), path


@pytest.mark.parametrize("read_only", [FrozenMap, Answers])
def test_no_mutating_methods(read_only: type) -> None:
    """
    FrozenMap and Answers have none of the methods that change a dict.
    """
    mutators = {"__setitem__", "__delitem__", "__ior__", "clear", "pop", "popitem"}
    mutators |= {"setdefault", "update"}

    assert not mutators & set(dir(read_only))
    assert "__dict__" not in dir(read_only())


def test_lists_given_are_copied() -> None:
    """
    Changing a list or dict after giving it to a noun does not change the
    noun.
    """
    items = [HEARD, BOARD]
    attributes = {"grade": "consultant"}
    answers = {"heard": 4}
    evidence = {"voice": ["Doctors lead."]}
    checklist = attrs.evolve(CHECKLIST, items=items)
    respondent = Respondent("r1", attributes, answers)
    case_study = attrs.evolve(CASE_STUDY, evidence=evidence)

    items.pop()
    attributes["grade"] = "SAS doctor"
    answers["heard"] = 1
    evidence["voice"].append("More.")

    assert checklist.items == (HEARD, BOARD)
    assert respondent.attributes == {"grade": "consultant"}
    assert respondent.answers == {"heard": 4}
    assert case_study.evidence == {"voice": (Evidence("Doctors lead."),)}


# Value semantics


@given(NOUNS)
def test_equal_objects_hash_equal(noun: object) -> None:
    """
    A noun rebuilt from its document, or unpickled, equals it and hashes
    equal to it.
    """
    checklists = [noun.checklist] if isinstance(noun, Assessment) else []
    read_back = loads(dumps(noun), type(noun), checklists=checklists)
    unpickled = pickle.loads(pickle.dumps(noun))

    assert read_back == noun
    assert hash(read_back) == hash(noun)
    assert unpickled == noun
    assert hash(unpickled) == hash(noun)


@given(st.data())
def test_answers_ignore_key_order(data: st.DataObject) -> None:
    """
    Answers made from the same answers in any order are equal, hash equal,
    and equal a dict of the answers given.
    """
    given_answers = data.draw(
        st.dictionaries(
            testing.identifiers(),
            st.none()
            | st.integers(-5, 5)
            | st.floats(allow_nan=False, allow_infinity=False),
            max_size=8,
        )
    )
    shuffled = data.draw(st.permutations(list(given_answers.items())))
    answers = Answers(given_answers)
    reordered = Answers(dict(shuffled))
    answered = {
        item: value for item, value in given_answers.items() if value is not None
    }

    assert answers == reordered
    assert hash(answers) == hash(reordered)
    assert answers == answered
    assert reordered == answered
    assert hash(answers) == hash(Answers(answered))


@given(testing.checklists_with_assessments(), st.randoms(use_true_random=False))
def test_assessment_ignores_answer_order(
    pair: tuple[Checklist, Assessment], random: Any
) -> None:
    """
    Respondents whose answers list the items in another order make an
    assessment equal to one made in the checklist's order, laid out as
    its items.
    """
    checklist, assessment = pair
    shuffled = []
    for respondent in assessment.respondents:
        answers = list(respondent.answers.items())
        random.shuffle(answers)
        shuffled.append(attrs.evolve(respondent, answers=Answers(dict(answers))))

    rebuilt = attrs.evolve(assessment, respondents=shuffled)

    assert rebuilt == assessment
    assert hash(rebuilt) == hash(assessment)
    assert [r.answers.row for r in rebuilt.respondents] == [
        r.answers.row for r in assessment.respondents
    ]
    assert all(r.answers.layout is checklist.answer_layout for r in rebuilt.respondents)
    assert dumps(rebuilt) == dumps(assessment)


def test_unequal_when_a_field_differs() -> None:
    """
    Objects that differ in any field are unequal.
    """
    assert attrs.evolve(HEARD, weight=2) != HEARD
    assert attrs.evolve(CHECKLIST, version=2) != CHECKLIST
    assert Respondent("r1", answers={"heard": 4}) != Respondent(
        "r1", answers={"heard": 5}
    )
    assert Respondent("r1", {"grade": "SAS doctor"}) != Respondent("r1")


def test_missing_answers_are_absent() -> None:
    """
    An item answered None is not answered: it is not counted, iterated,
    contained or readable.
    """
    respondent = Respondent("r1", answers={"heard": None, "board": 1})
    answers = respondent.answers

    assert len(answers) == 1
    assert list(answers) == ["board"]
    assert list(answers.items()) == [("board", 1)]
    assert "heard" not in answers
    assert "board" in answers
    assert "morale" not in answers
    assert answers.get("heard") is None
    with pytest.raises(KeyError):
        answers["heard"]
    assert answers == {"board": 1}
    assert respondent == Respondent("r1", answers={"board": 1})


@given(testing.checklists_with_assessments())
def test_missing_answers_in_an_assessment(pair: tuple[Checklist, Assessment]) -> None:
    """
    In an assessment, each respondent's answers hold exactly the items
    answered, whatever the slots left empty.
    """
    checklist, assessment = pair
    for respondent in assessment.respondents:
        answers = respondent.answers
        answered = [
            item
            for item, value in zip(checklist.item_ids, answers.row, strict=True)
            if value is not None
        ]

        assert list(answers) == answered
        assert len(answers) == len(answered)
        for item in checklist.item_ids:
            assert (item in answers) == (item in answered)


@given(testing.checklists_with_assessments())
def test_generated_assessments_fit_their_checklist(
    pair: tuple[Checklist, Assessment],
) -> None:
    """
    The generated answers are values on their items' scales, and the
    attributes come from the small default sets.
    """
    checklist, assessment = pair

    assert assessment.checklist is checklist
    assert len({r.id for r in assessment.respondents}) == len(assessment.respondents)
    for respondent in assessment.respondents:
        for item, value in respondent.answers.items():
            assert value in checklist.scale_of(item).values
        for name, group in respondent.attributes.items():
            assert group in testing.ATTRIBUTES[name]


@given(testing.response_scales())
def test_generated_scales(scale: ResponseScale) -> None:
    """
    Generated scales have increasing values and some favourable point.
    """
    assert list(scale.values) == sorted(scale.values)
    assert any(point.favourable for point in scale.points)
    assert all(math.isfinite(value) for value in scale.values)
