"""
Writing documents and reading them back: ``loads(dumps(x)) == x`` for every
kind, on both YAML paths, with stable, readable output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
import yaml
from _worked_example import AGREEMENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medengage import (
    JOURNEY_STAGES,
    Answers,
    Assessment,
    Audience,
    CaseStudy,
    Checklist,
    ChecklistItem,
    Citation,
    EngagementFeature,
    FeatureStatus,
    FrozenMap,
    Respondent,
    ResponseScale,
    ScalePoint,
    Score,
    ScoredAssessment,
    Trust,
    TrustName,
    dumps,
    loads,
    testing,
)
from medengage._document_writing import Flow, emit
from medengage._documents import KINDS


# The `pure` fixture only chooses a YAML path, so it is safe to share
# between the examples hypothesis runs.
with_fixture = settings(
    suppress_health_check=[
        *settings().suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ]
)

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Trust": testing.trusts(),
    "EngagementFeature": testing.engagement_features(),
    "Finding": testing.findings(),
    "CaseStudy": testing.case_studies(),
    "ResponseScale": testing.response_scales(),
    "ChecklistItem": testing.checklist_items(),
    "Checklist": testing.checklists(),
    "Assessment": testing.assessments(),
    "Banding": testing.bandings(),
    "ScoredAssessment": testing.scored_assessments(),
    "Breakdown": testing.breakdowns(),
    "Reliability": testing.reliabilities(),
    "Comparison": testing.comparisons(),
    "CaseStudyMatch": testing.case_study_matches(),
    "ChecklistMapping": testing.checklist_mappings(),
    "Journey": testing.journeys(),
    "ColumnMapping": testing.column_mappings(),
}


def round_trip(document: object, *, pure: bool) -> Any:
    """
    *document* written out and read back in.
    """
    return loads(
        dumps(document, pure=pure),
        type(document),
        checklists=_checklists_of(document),
        pure=pure,
    )


def _checklists_of(document: object) -> list[Checklist]:
    return [document.checklist] if isinstance(document, Assessment) else []


def test_every_kind_has_a_strategy() -> None:
    """
    Each kind of document is generated below: a new kind needs a strategy.
    """
    assert STRATEGIES.keys() == KINDS.keys()


@pytest.mark.parametrize("kind", list(STRATEGIES))
@with_fixture
@given(data=st.data())
def test_round_trip(kind: str, pure: bool, data: st.DataObject) -> None:
    """
    Every document read back from what was written equals the original,
    and writing it again, or writing what was read back, gives the same
    text.
    """
    document = data.draw(STRATEGIES[kind], label=kind)
    text = dumps(document, pure=pure)

    read_back = loads(
        text, type(document), checklists=_checklists_of(document), pure=pure
    )

    assert read_back == document
    assert dumps(document, pure=pure) == text
    assert dumps(read_back, pure=pure) == text


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="needs libyaml")
@pytest.mark.parametrize("kind", list(STRATEGIES))
@given(data=st.data())
def test_dumps_same_on_both_paths(kind: str, data: st.DataObject) -> None:
    """
    libyaml and the pure-Python emitter write the same text.
    """
    document = data.draw(STRATEGIES[kind], label=kind)

    assert dumps(document, pure=True) == dumps(document, pure=False)


@pytest.mark.parametrize("kind", [kind for kind in STRATEGIES if kind != "Assessment"])
@given(data=st.data())
def test_keys_in_declared_order_without_defaults(
    kind: str, data: st.DataObject
) -> None:
    """
    A document's keys are its fields in the order its class declares them,
    less those at their default.
    """
    document = data.draw(STRATEGIES[kind], label=kind)
    expected = [
        field.name
        for field in attrs.fields(type(document))
        if field.init and getattr(document, field.name) != _default(field)
    ]

    written = yaml.safe_load(dumps(document))

    assert list(written) == ["medengage", "kind", *expected]


@given(testing.assessments())
def test_assessment_keys(assessment: Assessment) -> None:
    """
    An assessment names its checklist and lists its items once, then gives
    each respondent's answers in that order; a blank title is left out.
    """
    written = yaml.safe_load(dumps(assessment))
    title = ["title"] if assessment.title else []

    assert list(written) == [
        "medengage",
        "kind",
        "checklist",
        "trust",
        "date",
        *title,
        "items",
        "respondents",
    ]
    assert written["items"] == list(assessment.checklist.item_ids)


@with_fixture
@given(assessment=testing.assessments())
def test_respondents_are_written_as_the_representer_writes_them(
    assessment: Assessment, pure: bool
) -> None:
    """
    Respondents, whose nodes are made directly for speed, are written
    exactly as the representer writes the same flow mappings.
    """
    written = dumps(assessment, pure=pure)
    respondents = written[written.rindex("\nrespondents:") + 1 :]

    entries = []
    for respondent, entry in zip(
        assessment.respondents,
        yaml.safe_load(respondents)["respondents"] or [],
        strict=True,
    ):
        flow = Flow(id=respondent.id)
        if respondent.attributes:
            flow["attributes"] = Flow(respondent.attributes)
        flow["answers"] = entry["answers"]
        entries.append(flow)
    expected = emit({"respondents": entries}, pure=pure)
    if "\\U" in expected:
        # As dumps does: libyaml escapes what lies beyond U+FFFF.
        expected = emit({"respondents": entries}, pure=True)
    assert respondents == expected


def _default(field: attrs.Attribute[Any]) -> Any:
    factory = getattr(field.default, "factory", None)
    return field.default if factory is None else factory()


# Examples

ITEM = ChecklistItem(
    id="voice",
    prompt="Doctors' views shape décisions here — 東京 😀",
    feature="shared-leadership",
    scale="agree5",
    audience=Audience.ORGANISATION,
    reverse=True,
    weight=2.5,
)
FEATURE = EngagementFeature(id="shared-leadership", title="Shared leadership")
CHECKLIST = Checklist(
    id="self-assessment",
    version=1,
    title="Self-assessment",
    features=[FEATURE],
    scales=[AGREEMENT],
    items=[ITEM],
)


def test_field_order_and_unicode(pure: bool) -> None:
    """
    Fields appear in the order the class declares them, and non-ASCII text
    is written as it is, not escaped.
    """
    assert dumps(ITEM, pure=pure) == (
        "medengage: 1\n"
        "kind: ChecklistItem\n"
        "id: voice\n"
        "prompt: Doctors' views shape décisions here — 東京 😀\n"
        "feature: shared-leadership\n"
        "scale: agree5\n"
        "audience: organisation\n"
        "reverse: true\n"
        "weight: 2.5\n"
    )


def test_defaults_omitted(pure: bool) -> None:
    """
    Fields at their default are left out.
    """
    item = ChecklistItem(id="voice", prompt="Heard?", feature="f", scale="s")
    trust = Trust("RM3", [TrustName("Salford Royal NHS Foundation Trust")])

    assert dumps(item, pure=pure) == (
        "medengage: 1\n"
        "kind: ChecklistItem\n"
        "id: voice\n"
        "prompt: Heard?\n"
        "feature: f\n"
        "scale: s\n"
    )
    assert dumps(trust, pure=pure) == (
        "medengage: 1\n"
        "kind: Trust\n"
        "code: RM3\n"
        "names:\n"
        "- name: Salford Royal NHS Foundation Trust\n"
    )
    assert dumps(FEATURE, pure=pure) == (
        "medengage: 1\n"
        "kind: EngagementFeature\n"
        "id: shared-leadership\n"
        "title: Shared leadership\n"
    )


def test_assessment_example(pure: bool) -> None:
    """
    An assessment is written compactly: one line for each respondent, with
    its answers in item order and '-' for none.
    """
    checklist = attrs.evolve(
        CHECKLIST,
        items=[ITEM, attrs.evolve(ITEM, id="listened", prompt="Listened to?")],
    )
    assessment = Assessment(
        checklist=checklist,
        trust="RTF",
        date=dt.date(2024, 3, 31),
        respondents=[
            Respondent("r1", {"grade": "consultant"}, {"voice": 4, "listened": 5}),
            Respondent("NO", {}, {"listened": 2}),
        ],
    )

    text = dumps(assessment, pure=pure)

    assert text == (
        "medengage: 1\n"
        "kind: Assessment\n"
        "checklist: {id: self-assessment, version: 1}\n"
        "trust: RTF\n"
        "date: 2024-03-31\n"
        "items: [voice, listened]\n"
        "respondents:\n"
        "- {id: r1, attributes: {grade: consultant}, answers: 4 5}\n"
        "- {id: 'NO', answers: '- 2'}\n"
    )
    assert loads(text, Assessment, checklists=[checklist], pure=pure) == assessment


def test_shared_dates_written_in_full(pure: bool) -> None:
    """
    A date that appears twice is written twice, not as an anchor and an
    alias, which documents may not use.
    """
    closed = dt.date(2016, 3, 31)
    trust = Trust(
        "RW1",
        [TrustName("Southern Health", until=closed)],
        successor="R1C",
        closed=closed,
    )

    text = dumps(trust, pure=pure)

    assert "&" not in text
    assert "*" not in text
    assert loads(text, Trust, pure=pure) == trust


# Written out, the strings that have broken YAML writers.
NASTY_LINES = [
    "NO",
    "yes",
    "on",
    "~",
    "null",
    "010",
    "0x1F",
    "12:30",
    "1e3",
    "3.9",
    "2024-01-01",
    "-",
    "- x",
    "? x",
    ": x",
    " leading",
    "trailing ",
    "a # b",
    "#a",
    "a: b",
    "a:",
    "it's",
    'say "hi"',
    "'",
    '"',
    "'\"",
    "[x]",
    "{x: y}",
    "&x",
    "*x",
    "!x",
    "%x",
    "@x",
    "`x",
    "|",
    ">",
    "---",
    "...",
    "<<",
    "\tx",
    "a\tb",
    "\\",
    "x\u00a0",
    "\ufeffa",
    "café",
    "東京",
    "😀",
    "a\U0010fffdb",
]
NASTY_TEXTS = [
    *NASTY_LINES,
    "a\nb",
    "\n",
    "\n\n",
    "\na",
    "a\n",
    "a\n\n",
    " a\nb",
    "a \nb",
    "a\n b",
    "a\n\n b",
    "\ta\nb",
    "a\x85b",
    "\x85",
    "a\u2028b",
    "a\u2029b",
    "a\n\x85\u2028\u2029b\n",
    "a\n😀",
]


@pytest.mark.parametrize("line", NASTY_LINES)
def test_nasty_lines_round_trip(line: str, pure: bool) -> None:
    """
    Awkward single-line text survives in labels, ids of respondents and
    attribute values.
    """
    scale = attrs.evolve(
        AGREEMENT,
        title=line,
        points=[ScalePoint(0, line), ScalePoint(1, f"{line}!", favourable=True)],
    )
    checklist = attrs.evolve(CHECKLIST, title=line, scales=[scale])
    assessment = Assessment(
        checklist=checklist,
        trust="RTF",
        date=dt.date(2024, 3, 31),
        respondents=[Respondent(line, {"grade": line}, {"voice": 1})],
    )

    assert round_trip(scale, pure=pure) == scale
    assert round_trip(checklist, pure=pure) == checklist
    assert round_trip(assessment, pure=pure) == assessment


@pytest.mark.parametrize("text", NASTY_TEXTS)
def test_nasty_texts_round_trip(text: str, pure: bool) -> None:
    """
    Awkward text, over several lines or not, survives in summaries,
    prompts and evidence.
    """
    feature = EngagementFeature(
        id="f", title="F", summary=text, status=FeatureStatus.ESTABLISHED
    )
    case_study = CaseStudy(
        trust="RTF",
        source=Citation("The report", "The King's Fund", 2014),
        summary=text,
        evidence={"f": ["evidence", f"{text}."]},
    )
    item = attrs.evolve(ITEM, prompt=f"{text}?")

    assert round_trip(feature, pure=pure) == feature
    assert round_trip(case_study, pure=pure) == case_study
    assert round_trip(item, pure=pure) == item


def test_option_text_like_a_number(pure: bool) -> None:
    """
    A strategy's option may be a number or text, so text that looks like a
    number is quoted, and each option reads back as the type it was.
    """
    options = {"cut": "1e3", "count": 3, "share": 0.5, "flag": True, "zero": "0"}
    options["weights"] = FrozenMap({"voice": 2.0, "1e3": 1e3})
    result = ScoredAssessment(
        strategy="mean",
        trust="RTF",
        checklist="self-assessment",
        checklist_version=1,
        date=dt.date(2024, 3, 31),
        overall=Score(62.5, 12, band="established"),
        features={},
        banding=JOURNEY_STAGES,
        min_respondents=11,
        options=options,
    )

    read_back = round_trip(result, pure=pure)

    assert read_back == result
    assert [type(value) for value in read_back.options.values()] == [
        str,
        int,
        float,
        bool,
        str,
        FrozenMap,
    ]
    assert "cut: '1e3'" in dumps(result, pure=pure)


@pytest.mark.parametrize(
    ("point", "answer"), [(2.0, 2), (2, 2.0), (0.0, -0.0), (1e16, 10**16)]
)
def test_answer_written_as_its_point(point: float, answer: float, pure: bool) -> None:
    """
    An answer equal to a point's value but of another type, like 2 for a
    point of 2.0, is written as the point is, so that it reads back.
    """
    scale = ResponseScale(
        "s", "Scale", [ScalePoint(-1, "low"), ScalePoint(point, "high")]
    )
    checklist = attrs.evolve(
        CHECKLIST, scales=[scale], items=[attrs.evolve(ITEM, scale="s")]
    )
    assessment = Assessment(
        checklist=checklist,
        trust="RTF",
        date=dt.date(2024, 3, 31),
        respondents=[Respondent("r1", {}, Answers({"voice": answer}))],
    )

    assert round_trip(assessment, pure=pure) == assessment
