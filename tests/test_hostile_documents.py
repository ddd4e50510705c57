"""
Malformed and hostile documents: each is refused with the exact error class,
and with every problem placed by path, line and column.

Every case is bounded by construction: a few lines, or a nesting or alias
bomb that the reader gives up on at its 33rd level or its first alias, so
no case costs more than a fraction of a second on either YAML path.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from _samples import (
    PULSE,
    PULSE_TEXT,
    SALFORD,
    SALFORD_TEXT,
    SAMPLES,
    SURVEY_TEXT,
    VOICE,
    VOICE_TEXT,
)

import medengage


SOURCE = "hostile.yaml"
#: Stands for a path or column that differs between libyaml and the
#: pure-Python path (each reports deep nesting in its own way).
ANY: Any = None


class Hostile(NamedTuple):
    """
    A document that must be refused, and where its problem must be found.
    """

    document: str | bytes
    path: str | None
    line: int
    column: int | None
    error: type[medengage.DocumentError] = medengage.DocumentError
    kind: type[Any] | None = None
    max_bytes: int = 1 << 20
    #: Words the message must also hold, like the versions it names.
    says: tuple[str, ...] = ()


def case(case_id: str, document: str | bytes, *where: Any, **options: Any) -> Any:
    return pytest.param(Hostile(document, *where, **options), id=case_id)


def broken(text: str, old: str, new: str) -> str:
    """
    *text* with its one *old* replaced by *new*.
    """
    assert text.count(old) == 1, f"{old!r} is not once in the sample"
    return text.replace(old, new)


def with_title(title: str) -> str:
    return broken(VOICE_TEXT, "title: Doctors have a voice", f"title: {title}")


def with_version(version: str) -> str:
    return broken(PULSE_TEXT, "version: 1", f"version: {version}")


def billion_laughs(levels: int) -> str:
    """
    Each level lists the one before it nine times: 9 ** levels leaves.
    """
    lines = ["medengage: 1", "kind: EngagementFeature", "a0: &a0 [lol, lol, lol]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


IMPLICIT_TEXT = [
    # Each plain scalar YAML 1.1 tools read as something other than text.
    case(f"title-{name}", with_title(value), "title", 4, 8, says=(f"'{value}'",))
    for name, value in [
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("tilde", "~"),
        ("null", "null"),
        ("octal-010", "010"),
        ("sexagesimal-12:30", "12:30"),
        ("float-3.9", "3.9"),
        ("date", "2024-01-01"),
        ("infinity", ".inf"),
        ("hex", "0x1F"),
    ]
]

WRONG_TYPES = [
    case("int-field-quoted", with_version("'3'"), "version", 4, 10),
    case("int-field-double-quoted", with_version('"3"'), "version", 4, 10),
    case("int-field-float", with_version("3.9"), "version", 4, 10),
    case("int-field-octal", with_version("010"), "version", 4, 10),
    case("int-field-words", with_version("three"), "version", 4, 10),
    case(
        "int-field-5000-digits",
        with_version("9" * 5000),
        "version",
        4,
        10,
        says=("too long",),
    ),
    case(
        "bool-field-yes",
        broken(PULSE_TEXT, "Agree, favourable: true", "Agree, favourable: yes"),
        "scales[0].points[2].favourable",
        18,
        42,
    ),
    case(
        "list-field-text",
        SALFORD_TEXT.split("names:")[0] + "names: abc\n",
        "names",
        4,
        8,
        says=("expected a list",),
    ),
    case(
        "list-field-mapping",
        broken(SURVEY_TEXT, "items: [q1, q2]", "items: {q1: q2}"),
        "items",
        7,
        8,
    ),
    case("text-field-mapping", with_title("{a: 1}"), "title", 4, 8, says=("mapping",)),
    case("text-field-list", with_title("[a, b]"), "title", 4, 8, says=("list",)),
    case("text-field-empty", with_title(""), "title", 4, 7),
    case(
        "enum-field-unknown",
        broken(PULSE_TEXT, "audience: organisation", "audience: board"),
        "items[1].audience",
        33,
        13,
        says=("organisation", "individual"),
    ),
    case(
        "date-not-in-calendar",
        broken(SURVEY_TEXT, "date: 2024-03-31", "date: 2024-02-30"),
        "date",
        5,
        7,
    ),
    case(
        "date-quoted",
        broken(SURVEY_TEXT, "date: 2024-03-31", "date: '2024-03-31'"),
        "date",
        5,
        7,
    ),
]

KEYS = [
    case(
        "unknown-key-top",
        VOICE_TEXT + "owner: board\n",
        "owner",
        6,
        1,
        says=("unknown key 'owner'",),
    ),
    case(
        "unknown-key-nested",
        broken(PULSE_TEXT, "  scale: agree3\n", "  scale: agree3\n  colour: red\n"),
        "items[0].colour",
        29,
        3,
    ),
    case(
        "unknown-key-respondent",
        broken(
            SURVEY_TEXT, "{id: r3, answers: 1 0}", "{id: r3, answers: 1 0, age: 40}"
        ),
        "respondents[2].age",
        11,
        26,
    ),
    case(
        "duplicate-key-top",
        VOICE_TEXT + "title: Again\n",
        "title",
        6,
        1,
        says=("line 4",),
    ),
    case(
        "duplicate-key-nested",
        broken(PULSE_TEXT, "  scale: agree3\n", "  scale: agree3\n  scale: yes-no\n"),
        "items[0].scale",
        29,
        3,
    ),
    case(
        "duplicate-key-flow",
        broken(PULSE_TEXT, "{value: 2, label", "{value: 2, value: 5, label"),
        "scales[0].points[1].value",
        17,
        16,
    ),
    case(
        "complex-key",
        VOICE_TEXT + "? [a, b]\n: c\n",
        "?",
        6,
        3,
        says=("keys must be plain text",),
    ),
    case("merge-key", VOICE_TEXT + "<<: {summary: x}\n", "<<", 6, 1),
]

ANCHORS_AND_TAGS = [
    case("anchor", broken(VOICE_TEXT, "id: voice", "id: &v voice"), "id", 3, 5),
    case(
        "alias",
        with_title("&t Doctors have a voice\nsummary: *t"),
        "summary",
        5,
        10,
        says=("*t",),
    ),
    case(
        "anchor-on-mapping",
        broken(SALFORD_TEXT, "- name: Salford", "- &old\n  name: Salford"),
        "names[0]",
        5,
        3,
    ),
    case("billion-laughs", billion_laughs(30), "a1[0]", 4, 10, says=("*a0",)),
    case("tag-str", with_title("!!str Doctors"), "title", 4, 8),
    case("tag-verbatim", with_title("!<tag:yaml.org,2002:str> x"), "title", 4, 8),
    case("tag-custom", with_title("!custom x"), "title", 4, 8),
    case("tag-binary", with_title("!!binary aGVsbG8="), "title", 4, 8),
    case(
        "tag-python-object",
        broken(VOICE_TEXT, "id: voice", "id: !!python/object:os.system voice"),
        "id",
        3,
        5,
    ),
    case(
        "tag-python-apply",
        with_title("!!python/object/apply:os.system ['echo hostile']"),
        "title",
        4,
        8,
    ),
    case("tag-python-name", with_title("!!python/name:os.system ''"), "title", 4, 8),
    case("tag-on-root", "--- !!map\n" + VOICE_TEXT, "", 1, 5),
    case(
        "tag-directive",
        "%TAG !e! tag:example.com,2000:\n---\n" + VOICE_TEXT,
        "",
        1,
        1,
        says=("%TAG",),
    ),
]

NESTING = [
    case("flow-nesting-100k", "[" * 100_000, ANY, 1, ANY),
    case("flow-nesting-100k-closed", "[" * 100_000 + "]" * 100_000, ANY, 1, ANY),
    case("flow-mapping-nesting-100k", "{a: " * 100_000, ANY, 1, ANY),
    case("block-nesting-100k", "- " * 100_000 + "x\n", "[0]" * 32, 1, 65),
    case(
        "indented-nesting-1000",
        "".join("  " * depth + "-\n" for depth in range(1000)),
        "[0]" * 32,
        33,
        65,
    ),
    case(
        "mapping-nesting-1000",
        "".join("  " * depth + "a:\n" for depth in range(1000)),
        ".".join(["a"] * 32),
        33,
        65,
    ),
]

SIZE_AND_ENCODING = [
    case(
        "over-max-bytes-text",
        VOICE_TEXT,
        "",
        1,
        1,
        error=medengage.DocumentTooLargeError,
        max_bytes=64,
        says=("64 bytes", "max_bytes"),
    ),
    case(
        "over-max-bytes-bytes",
        VOICE_TEXT.encode(),
        "",
        1,
        1,
        error=medengage.DocumentTooLargeError,
        max_bytes=64,
    ),
    case(
        "over-max-bytes-in-utf8-only",
        with_title("é" * 40),
        "",
        1,
        1,
        error=medengage.DocumentTooLargeError,
        max_bytes=len(with_title("é" * 40)) + 10,
    ),
    case("latin-1", with_title("Café").encode("latin-1"), "", 4, 11, says=("0xe9",)),
    case("utf-16-le-bom", VOICE_TEXT.encode("utf-16-le"), "", 1, 2),
    case("utf-16-bom", VOICE_TEXT.encode("utf-16"), "", 1, 1, says=("UTF-16",)),
    case("utf-16-be-bom", b"\xfe\xff" + VOICE_TEXT.encode("utf-16-be"), "", 1, 1),
    case(
        "bad-utf8-on-line-5",
        broken(VOICE_TEXT, "views", "vi\udcffews").encode("utf-8", "surrogateescape"),
        "",
        5,
        21,
        says=("0xff",),
    ),
    case(
        "overlong-utf8",
        with_title("\udcc0\udcaf").encode("utf-8", "surrogateescape"),
        "",
        4,
        8,
    ),
    case("cut-utf8", (VOICE_TEXT + "note: Café").encode()[:-1], "", 6, 10),
    case("nul", with_title("Doctors\x00"), "", 4, 15, says=("U+0000",)),
    case("bell", with_title("a\x07b"), "", 4, 9, says=("U+0007",)),
    case("escape", with_title("a\x1bb"), "", 4, 9),
    case("delete", with_title("a\x7fb"), "", 4, 9),
    case("lone-surrogate", with_title("a\ud800b"), "", 4, 9, says=("U+D800",)),
    case("escaped-nul", with_title('"a\\0b"'), "title", 4, 8, says=("U+0000",)),
    case("escaped-line-break", with_title('"a\\nb"'), "title", 4, 8),
]

TRUNCATED = [
    case("cut-in-flow-mapping", PULSE_TEXT.split("label: Neither")[0], "", 17, 16),
    case("cut-in-quoted-string", PULSE_TEXT.split("'Yes'")[0] + "'Ye", "", 23, 26),
    case(
        "cut-in-item",
        PULSE_TEXT.split("  feature: voice")[0],
        "items[0].feature",
        25,
        3,
        says=("required key 'feature'",),
    ),
]

FORMAT_AND_KIND = [
    case(
        "future-format",
        broken(PULSE_TEXT, "medengage: 1", "medengage: 2"),
        "medengage",
        1,
        12,
        error=medengage.UnsupportedFormatError,
        says=("format 2", "format 1", "upgrade"),
    ),
    case(
        "format-zero",
        broken(PULSE_TEXT, "medengage: 1", "medengage: 0"),
        "medengage",
        1,
        12,
    ),
    case(
        "format-quoted",
        broken(PULSE_TEXT, "medengage: 1", "medengage: '1'"),
        "medengage",
        1,
        12,
    ),
    case(
        "format-float",
        broken(PULSE_TEXT, "medengage: 1", "medengage: 1.0"),
        "medengage",
        1,
        12,
    ),
    case(
        "format-missing",
        broken(PULSE_TEXT, "medengage: 1\n", ""),
        "medengage",
        1,
        1,
        says=("medengage: 1",),
    ),
    case(
        "kind-missing",
        broken(PULSE_TEXT, "kind: Checklist\n", ""),
        "kind",
        1,
        1,
        says=("Checklist", "Trust"),
    ),
    case(
        "kind-unknown",
        broken(PULSE_TEXT, "kind: Checklist", "kind: Survey"),
        "kind",
        2,
        7,
        says=("'Survey'", "Checklist"),
    ),
    case(
        "kind-lower-case",
        broken(PULSE_TEXT, "kind: Checklist", "kind: checklist"),
        "kind",
        2,
        7,
    ),
    case(
        "kind-not-requested",
        SALFORD_TEXT,
        "kind",
        2,
        7,
        kind=medengage.Checklist,
        says=("Checklist", "Trust"),
    ),
    case("empty", "", "", 1, 1, says=("empty",)),
    case("only-comments", "# nothing here\n", "", 1, 1),
    case("only-document-start", "---\n", "", 2, 1, says=("empty",)),
    case("bare-scalar", "voice\n", "", 1, 1, says=("mapping",)),
    case("bare-list", "- voice\n- leadership\n", "", 1, 1),
    case("two-documents", VOICE_TEXT + "---\n" + VOICE_TEXT, "", 6, 1),
    case("document-after-end", VOICE_TEXT + "...\n" + VOICE_TEXT, "", 7, 1),
    case("yaml-2-directive", "%YAML 2.0\n---\n" + VOICE_TEXT, "", 1, 1),
]

CROSS_REFERENCES = [
    case(
        "item-unknown-scale",
        broken(PULSE_TEXT, "scale: agree3", "scale: likert7"),
        "items[0].scale",
        28,
        10,
        says=("'likert7'", "agree3, yes-no"),
    ),
    case(
        "item-unknown-feature",
        broken(PULSE_TEXT, "feature: leadership", "feature: culture"),
        "items[1].feature",
        31,
        12,
        says=("'culture'", "voice, leadership"),
    ),
    case(
        "duplicate-item-id",
        broken(PULSE_TEXT, "- id: q2", "- id: q1"),
        "items[1].id",
        29,
        7,
        says=("items[0]",),
    ),
    case(
        "duplicate-scale-id",
        broken(PULSE_TEXT, "- id: yes-no", "- id: agree3"),
        "scales[1].id",
        19,
        7,
    ),
    case(
        "duplicate-feature-id",
        broken(PULSE_TEXT, "- id: leadership", "- id: voice"),
        "features[1].id",
        10,
        7,
    ),
    case(
        "points-out-of-order",
        broken(PULSE_TEXT, "{value: 2, label: Neither}", "{value: 0, label: Neither}"),
        "scales[0].points[1].value",
        17,
        13,
    ),
    case(
        "no-items",
        PULSE_TEXT.split("items:")[0] + "items: []\n",
        "items",
        24,
        8,
    ),
    case("ods-lower-case", broken(SALFORD_TEXT, "RM3", "rm3"), "code", 3, 7),
    case("ods-four-characters", broken(SALFORD_TEXT, "RM3", "RM3X"), "code", 3, 7),
    case(
        "ods-in-assessment",
        broken(SURVEY_TEXT, "trust: RTF", "trust: R-F"),
        "trust",
        4,
        8,
    ),
    case(
        "answer-outside-scale",
        broken(SURVEY_TEXT, "answers: 3 1", "answers: 4 1"),
        "respondents[0].answers",
        9,
        54,
        says=("'4'", "1, 2, 3"),
    ),
    case(
        "answer-as-decimal",
        broken(SURVEY_TEXT, "answers: 3 1", "answers: 3.0 1"),
        "respondents[0].answers",
        9,
        54,
    ),
    case(
        "single-answer-unquoted-is-counted",
        broken(SURVEY_TEXT, "answers: 1 0", "answers: 1"),
        "respondents[2].answers",
        11,
        21,
        says=("1 answers for 2 items",),
    ),
    case(
        "too-few-answers",
        broken(SURVEY_TEXT, "answers: 1 0", "answers: '1'"),
        "respondents[2].answers",
        11,
        21,
        says=("1 answers for 2 items",),
    ),
    case(
        "too-many-answers",
        broken(SURVEY_TEXT, "answers: 1 0", "answers: 1 0 1"),
        "respondents[2].answers",
        11,
        21,
    ),
    case(
        "answers-as-list",
        broken(SURVEY_TEXT, "answers: 1 0", "answers: [1, 0]"),
        "respondents[2].answers",
        11,
        21,
    ),
    case(
        "unknown-checklist",
        broken(SURVEY_TEXT, "id: pulse", "id: census"),
        "checklist",
        3,
        12,
        says=("'census'", "pulse version 1"),
    ),
    case(
        "unknown-checklist-version",
        broken(SURVEY_TEXT, "version: 1", "version: 2"),
        "checklist",
        3,
        12,
    ),
    case(
        "duplicate-respondent",
        broken(SURVEY_TEXT, "{id: r2", "{id: r1"),
        "respondents[1].id",
        10,
        8,
        says=("respondents[0]",),
    ),
    case(
        "unknown-item-in-items",
        broken(SURVEY_TEXT, "items: [q1, q2]", "items: [q1, q9]"),
        "items[1]",
        7,
        13,
    ),
    case(
        "item-listed-twice",
        broken(SURVEY_TEXT, "items: [q1, q2]", "items: [q1, q1]"),
        "items[1]",
        7,
        13,
    ),
    case(
        "respondent-not-a-mapping",
        SURVEY_TEXT + "- r4\n",
        "respondents[3]",
        12,
        3,
    ),
]

STUDY_TEXT = """\
medengage: 1
kind: CaseStudy
trust: RTF
source: {title: A study, publisher: A publisher, year: 2014}
evidence:
  voice:
  - Doctors lead.
  - text: Doctors lead here too.
    source: {title: A paper, publisher: A publisher, year: 2015}
later_events:
- date: 2015-12-17
  text: A review was published.
  source: {title: A review, publisher: A publisher, year: 2015, date: 2015-12-17}
"""

SPLIT_TEXT = """\
medengage: 1
kind: Trust
code: RW6
names:
- name: Pennine Acute Hospitals NHS Trust
  until: 2021-09-30
successor: RM3
closed: 2021-09-30
successors:
- trust: R0A
  date: 2021-04-01
  what: North Manchester General Hospital
- trust: RM3
  date: 2021-10-01
"""

CONTENT = [
    # The content's sources, successors and later events are read as
    # strictly as the rest.
    case(
        "evidence-a-list",
        broken(STUDY_TEXT, "  - Doctors lead.\n", "  - [Doctors, lead]\n"),
        "evidence.voice[0]",
        7,
        5,
        says=("text, or a mapping",),
    ),
    case(
        "evidence-unknown-key",
        broken(STUDY_TEXT, "    source: {title: A paper", "    sauce: {title: A paper"),
        "evidence.voice[1].sauce",
        9,
        5,
    ),
    case(
        "evidence-text-NO",
        broken(STUDY_TEXT, "  - Doctors lead.\n", "  - NO\n"),
        "evidence.voice[0]",
        7,
        5,
        says=("'NO'",),
    ),
    case(
        "citation-date-outside-its-year",
        broken(
            STUDY_TEXT, "year: 2015, date: 2015-12-17", "year: 2016, date: 2015-12-17"
        ),
        "later_events[0].source.date",
        13,
        ANY,
        says=("not in 2016",),
    ),
    case(
        "later-event-without-source",
        broken(
            STUDY_TEXT,
            "  source: {title: A review, publisher: A publisher, year: 2015, "
            "date: 2015-12-17}\n",
            "",
        ),
        "later_events[0].source",
        11,
        3,
    ),
    case(
        "successor-after-closing",
        broken(SPLIT_TEXT, "date: 2021-10-01", "date: 2022-01-01"),
        "successors[1].date",
        14,
        9,
        says=("after the trust closed",),
    ),
    case(
        "main-successor-not-listed",
        broken(SPLIT_TEXT, "successor: RM3", "successor: RTF"),
        "successor",
        7,
        12,
        says=("not among the successors",),
    ),
]

CASES = [
    *CONTENT,
    *IMPLICIT_TEXT,
    *WRONG_TYPES,
    *KEYS,
    *ANCHORS_AND_TAGS,
    *NESTING,
    *SIZE_AND_ENCODING,
    *TRUNCATED,
    *FORMAT_AND_KIND,
    *CROSS_REFERENCES,
]


@pytest.mark.parametrize("hostile", CASES)
def test_hostile_document_is_refused_with_its_place(
    hostile: Hostile, pure: bool
) -> None:
    """
    The exact error class, a problem at the path, line and column expected,
    and a message that says all three.
    """
    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(
            hostile.document,
            hostile.kind,
            checklists=[PULSE],
            max_bytes=hostile.max_bytes,
            source=SOURCE,
            pure=pure,
        )
    error = caught.value

    assert type(error) is hostile.error
    assert error.source == SOURCE
    message = str(error)
    assert message.startswith(f"{SOURCE}: ")
    assert 1 <= len(error.problems) <= 51
    for problem in error.problems:
        assert problem.line is not None
        assert problem.line >= 1
        assert problem.column is not None
        assert problem.column >= 1
    matches = [
        problem
        for problem in error.problems
        if problem.line == hostile.line
        and hostile.path in (ANY, problem.path)
        and hostile.column in (ANY, problem.column)
    ]
    assert matches, f"no problem at {hostile.path} line {hostile.line}: {message}"
    found = matches[0]
    assert f"  {found}" in message
    assert f"(line {found.line}, column {found.column})" in message
    if found.path:
        assert f"  {found.path}: " in message
    for words in hostile.says:
        assert words in message


def test_there_are_enough_hostile_cases() -> None:
    assert len(CASES) >= 40
    assert len({param.id for param in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "expected"), SAMPLES.values(), ids=list(SAMPLES))
def test_samples_load_as_their_objects(text: str, expected: object, pure: bool) -> None:
    """
    The valid documents the hostile cases are cut from.
    """
    assert medengage.loads(text, checklists=[PULSE], pure=pure) == expected


def test_billion_laughs_is_not_expanded(pure: bool) -> None:
    """
    An alias bomb of 9 ** 30 leaves is refused at its first alias, with
    only the anchors before it and that alias reported.
    """
    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(billion_laughs(30), pure=pure)

    assert [problem.message.split()[0] for problem in caught.value.problems] == [
        "anchor",
        "anchor",
        "alias",
    ]


def test_a_megabyte_of_text_within_the_limit_loads(pure: bool) -> None:
    """
    A summary of over a megabyte, over many lines, under the default limit.

    PyYAML's pure-Python scanner reads about two megabytes a second, so this
    stays near half a second on that path.
    """
    line = "Doctors lead the way. " * 3
    summary = "\n".join([line] * 16_000) + "\n"
    text = broken(VOICE_TEXT, f"summary: {VOICE.summary}", "summary: |")
    text += "".join(f"  {line}\n" for _ in range(16_000))

    assert len(text.encode()) > 1_000_000
    assert medengage.loads(text, pure=pure) == medengage.EngagementFeature(
        id="voice", title=VOICE.title, summary=summary
    )


def test_a_flood_of_problems_is_cut_short(pure: bool) -> None:
    """
    Two hundred unknown keys: the first fifty are listed, then where the
    other hundred and fifty start.
    """
    text = VOICE_TEXT + "".join(f"extra{index:03}: x\n" for index in range(200))

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(text, pure=pure)

    problems = caught.value.problems
    assert len(problems) == 51
    assert [problem.line for problem in problems[:50]] == list(range(6, 56))
    assert "150 more problems" in problems[50].message
    assert (problems[50].line, problems[50].column) == (56, 1)


# Both YAML paths: the same problems in the same places

#: Deep and odd nesting: libyaml's scanner gives up at a thousand levels of
#: brackets it has read ahead, the pure-Python scanner has no such limit.
DEEP = {
    "flow-100k": "[" * 100_000,
    "flow-100k-closed": "[" * 100_000 + "]" * 100_000,
    "flow-mapping-100k": "{a: " * 100_000,
    "braces-2000": "{" * 2000,
    "flow-999": "[" * 999,
    "flow-1001": "[" * 1001,
    "flow-spaced-5000": "[ " * 5000,
    "flow-lines-5000": "[\n" * 5000,
    "flow-as-a-key": "[" * 1200 + "]" * 1200 + ": x",
    "block-then-flow": "- " * 10 + "[" * 3000,
    "flow-under-a-key": "medengage: 1\nkind: Trust\ncode: [" + "[" * 2000,
    "flow-after-2000-lines": (
        "medengage: 1\nkind: Trust\ncode: RM3\nnames:\n"
        + "- name: x\n" * 2000
        + "x: "
        + "[" * 5000
    ),
    "anchors-then-flow": "a: &a x\nb: !!str y\nc: " + "[" * 1500,
    "block-100k": "- " * 100_000 + "x\n",
}


def problems_on(text: str, *, pure: bool) -> list[tuple[str, str, int, int]]:
    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(text, source=SOURCE, pure=pure)
    return [
        (problem.path, problem.message, problem.line or 0, problem.column or 0)
        for problem in caught.value.problems
    ]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="needs libyaml")
@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_reads_alike_on_both_paths(name: str) -> None:
    """
    Every problem, with its path, message, line and column, is the same
    on libyaml and on the pure-Python path, however deep the nesting.
    """
    text = DEEP[name]

    on_libyaml = problems_on(text, pure=False)

    assert on_libyaml == problems_on(text, pure=True)
    assert any("nested deeper than 32 levels" in p[1] for p in on_libyaml)


def test_a_flood_of_problems_says_how_many_more(pure: bool) -> None:
    """
    A list of 20,000 values of the wrong kind: fifty problems are shown,
    and a last line says how many more there were and where they start.
    """
    text = SALFORD_TEXT.split("names:")[0] + f"names: [{', '.join(['[]'] * 20_000)}]\n"

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(text, pure=pure)

    problems = caught.value.problems
    assert len(problems) == 51
    assert [p.path for p in problems[:50]] == [f"names[{i}]" for i in range(50)]
    assert [p.column for p in problems[:50]] == [9 + 4 * i for i in range(50)]
    assert problems[50].message.startswith("... and 19,950 more problems")
    assert (problems[50].path, problems[50].line) == ("names[50]", 4)
    assert problems[50].column == 9 + 4 * 50


def test_a_banding_that_cannot_pair_up_is_refused_unread(pure: bool) -> None:
    """
    Two labels and 10,000 thresholds that are not even numbers: the counts
    alone refuse it, and no threshold is read.
    """
    thresholds = ", ".join(["[]"] * 10_000)
    text = (
        "medengage: 1\nkind: Banding\nid: stages\nlabels: [low, high]\n"
        f"thresholds: [{thresholds}]\n"
    )

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(text, pure=pure)

    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("labels", 4, 9)
    assert problem.message.startswith("2 labels for 10000 thresholds")


# Faults are not problems with the document

FAULTS = [MemoryError, KeyboardInterrupt]


def raising(fault: type[BaseException]) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise fault()

    return fail


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(
    ("target", "text"),
    [
        # Inside a hook the converter runs for one field.
        ("medengage._hooks.structure_str", PULSE_TEXT),
        # Inside a class's own checks, once its fields are read.
        ("medengage._validation.bad_character", VOICE_TEXT),
        # Inside an assessment's own reader.
        ("medengage._validation.bad_character", SURVEY_TEXT),
    ],
    ids=["hook", "constructor", "assessment"],
)
def test_a_fault_while_reading_is_not_turned_into_a_document_error(
    monkeypatch: pytest.MonkeyPatch,
    fault: type[BaseException],
    target: str,
    text: str,
    pure: bool,
) -> None:
    """
    Running out of memory, or being interrupted, while a document is read
    is raised as it is: it says nothing about the document.
    """
    monkeypatch.setattr(target, raising(fault))

    with pytest.raises(fault) as caught:
        medengage.loads(text, checklists=[PULSE], pure=pure)

    assert type(caught.value) is fault


# Nothing outside the schema is ever built.

CALLS: list[tuple[Any, ...]] = []


def trap(*args: Any) -> str:
    """
    Stands for a dangerous function: notes each call.
    """
    CALLS.append(args)
    return "trapped"


@pytest.mark.parametrize(
    "tagged",
    [
        f"!!python/object/apply:{__name__}.trap ['rm -rf']",
        f"!!python/name:{__name__}.trap ''",
        f"!!python/object/new:{__name__}.Hostile []",
    ],
    ids=["apply", "name", "new"],
)
def test_python_tags_build_nothing(tagged: str, pure: bool) -> None:
    """
    A document that would call a function, or hand one over, under an
    unsafe YAML loader is refused, and nothing in it is called.
    """
    document = with_title(tagged)
    CALLS.clear()
    if "apply" in tagged:
        # The trap is live: an unsafe loader calls it.
        yaml.unsafe_load(document)
        assert CALLS == [("rm -rf",)]
        CALLS.clear()

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.loads(document, pure=pure)

    assert CALLS == []
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("title", 4, 8)
    assert "tag:yaml.org,2002:python/" in problem.message


# Files and streams


def test_missing_file_names_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "absent" / "pulse.yaml"

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.load(missing)

    assert type(caught.value) is medengage.DocumentError
    assert caught.value.source == str(missing)
    assert str(caught.value).startswith(f"{missing}: ")
    assert "No such file" in str(caught.value)


def test_folder_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(medengage.DocumentError) as caught:
        medengage.load(tmp_path)

    assert caught.value.source == str(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path}: ")


@pytest.mark.parametrize("as_path", [str, Path], ids=["str", "Path"])
def test_file_errors_start_with_the_file_path(
    tmp_path: Path, pure: bool, as_path: Any
) -> None:
    target = tmp_path / "pulse.yaml"
    target.write_text(broken(PULSE_TEXT, "scale: agree3", "scale: likert7"))

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.load(as_path(target), pure=pure)

    assert caught.value.source == str(target)
    assert str(caught.value).startswith(f"{target}: 1 problem\n")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("items[0].scale", 28, 10)


def test_file_over_the_limit(tmp_path: Path, pure: bool) -> None:
    target = tmp_path / "voice.yaml"
    target.write_text(VOICE_TEXT)

    with pytest.raises(medengage.DocumentTooLargeError) as caught:
        medengage.load(target, max_bytes=32, pure=pure)

    assert caught.value.source == str(target)
    assert medengage.load(target, max_bytes=len(VOICE_TEXT), pure=pure) == VOICE


@pytest.mark.parametrize("mode", ["rb", "r"], ids=["binary", "text"])
def test_open_files_load_and_name_themselves(
    tmp_path: Path, pure: bool, mode: str
) -> None:
    good = tmp_path / "salford.yaml"
    good.write_text(SALFORD_TEXT, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(broken(SALFORD_TEXT, "RM3", "rm3"), encoding="utf-8")

    with open(good, mode) as stream:
        assert medengage.load(stream, medengage.Trust, pure=pure) == SALFORD
    with open(bad, mode) as stream, pytest.raises(medengage.DocumentError) as caught:
        medengage.load(stream, pure=pure)

    assert caught.value.source == str(bad)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("code", 3, 7)


def test_text_stream_in_the_wrong_encoding(tmp_path: Path) -> None:
    target = tmp_path / "latin.yaml"
    target.write_bytes(with_title("Café").encode("latin-1"))

    with (
        open(target, encoding="utf-8") as stream,
        pytest.raises(medengage.DocumentError) as caught,
    ):
        medengage.load(stream)

    assert str(caught.value).startswith(f"{target}: ")
    assert "UTF-8" in str(caught.value)


def test_closed_stream() -> None:
    stream = io.StringIO(VOICE_TEXT)
    stream.close()

    with pytest.raises(medengage.DocumentError) as caught:
        medengage.load(stream)

    assert caught.value.source == "<stream>"


def test_in_memory_streams(pure: bool) -> None:
    assert medengage.load(io.StringIO(VOICE_TEXT), pure=pure) == VOICE
    assert medengage.load(io.BytesIO(VOICE_TEXT.encode()), pure=pure) == VOICE


def test_file_with_a_bom_loads(tmp_path: Path, pure: bool) -> None:
    target = tmp_path / "voice.yaml"
    target.write_bytes(VOICE_TEXT.encode("utf-8-sig"))

    assert medengage.load(os.fspath(target), pure=pure) == VOICE


# Asking for what is not a document


@pytest.mark.parametrize(
    "obj",
    [42, object(), "text", None, PULSE.scales[0].points[0]],
    ids=["int", "object", "str", "None", "ScalePoint"],
)
def test_dumps_refuses_what_is_not_a_document(obj: object) -> None:
    with pytest.raises(medengage.NotADocumentError) as caught:
        medengage.dumps(obj)

    assert isinstance(caught.value, medengage.MedEngageError)
    assert "Checklist" in str(caught.value)


@pytest.mark.parametrize("kind", ["Nope", "checklist", int, medengage.ScalePoint])
def test_loads_refuses_a_kind_that_is_not_a_document(kind: Any) -> None:
    with pytest.raises(medengage.NotADocumentError) as caught:
        medengage.loads(VOICE_TEXT, kind)

    assert "Checklist" in str(caught.value)
