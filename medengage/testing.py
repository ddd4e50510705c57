"""
Hypothesis strategies that build valid medengage objects, for your own
tests: a scoring plugin can be tried on any checklist and any assessment
that medengage accepts, not just the ones you thought of.

Hypothesis is not a dependency of medengage; install it with the extra::

    pip install medengage[testing]

Each strategy is small and builds on the ones before it, so that a test can
ask for a whole assessment, or only for awkward text. Text deliberately
includes what YAML tools misread (``NO``, ``010``, ``12:30``), leading and
trailing spaces, quotes, non-ASCII and, where text may span lines, every
line-break character YAML knows, so that a plugin that writes or reads
documents meets them early. Sizes are modest by default to keep tests fast.

::

    from hypothesis import given
    from medengage import testing

    @given(testing.checklists_with_assessments())
    def test_scores_stay_in_range(pair):
        checklist, assessment = pair
        ...
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._bands import Banding
from medengage._breakdowns import NOT_STATED, Breakdown
from medengage._case_studies import CaseStudy, Evidence, LaterEvent
from medengage._case_study_matches import CaseStudyMatch, case_study_match
from medengage._catalogue import Catalogue
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._column_matching import ColumnMapping
from medengage._column_wording import folded, normalised
from medengage._comparisons import Comparison, compare
from medengage._features import EngagementFeature, FeatureStatus
from medengage._findings import Finding
from medengage._frozen import FrozenMap
from medengage._groups import HeldType, TrustType
from medengage._journeys import ChecklistMapping, Journey, JourneyStep, StepScore
from medengage._levels import Level, LevelMethod
from medengage._reliability import (
    FeatureReliability,
    ItemReliability,
    Reliability,
    Uncertainty,
)
from medengage._scales import ResponseScale, ScalePoint, Value
from medengage._scores import OptionValue, Score, ScoredAssessment
from medengage._trusts import Succession, Trust, TrustName
from medengage._weights import RespondentWeights, Weighting


__all__ = [
    "ATTRIBUTES",
    "assessments",
    "bandings",
    "breakdowns",
    "case_studies",
    "case_study_matches",
    "checklist_items",
    "checklist_mappings",
    "checklists",
    "checklists_with_assessments",
    "citations",
    "column_mappings",
    "comparisons",
    "engagement_features",
    "findings",
    "held_types",
    "identifiers",
    "journey_steps",
    "journeys",
    "later_events",
    "leveled",
    "levels",
    "multiline_texts",
    "ods_codes",
    "reliabilities",
    "respondent_weights",
    "respondents",
    "response_scales",
    "scale_points",
    "scored_assessments",
    "scored_with_peers",
    "scores",
    "step_scores",
    "texts",
    "trust_names",
    "trusts",
    "uncertainties",
    "weightings",
]

#: Grouping attributes respondents get by default, with the values each
#: takes: few enough that breakdowns form groups.
ATTRIBUTES: Mapping[str, tuple[str, ...]] = FrozenMap(
    {
        "grade": ("consultant", "SAS doctor", "resident doctor", "NO"),
        "role": ("clinical director", "medical director", "none", "yes"),
        "site": ("Salford", "Ōkubo", "12:30", "Site #2"),
    }
)

# Ids that YAML tools read as something other than text.
_AWKWARD_IDS = (
    "NO",
    "yes",
    "on",
    "Off",
    "y",
    "null",
    "true",
    "False",
    "010",
    "0x1F",
    "0o17",
    "1e3",
    "1_000",
    "1.5",
    "3.9",
    "inf",
    "nan",
    "2024-01-01",
)
# Single lines that a YAML writer must quote, or keep exactly.
_AWKWARD_LINES = (
    *_AWKWARD_IDS,
    "~",
    "-",
    "- item",
    "? key",
    ":",
    "12:30",
    "190:20:30",
    "-1",
    "+1",
    ".inf",
    "-.nan",
    "2001-12-14t21:59:43.10-05:00",
    "...",
    "---",
    "<<",
    "=",
    " leading space",
    "trailing space ",
    "  both  ",
    "#hash",
    "a # not a comment",
    "key: value",
    "ends with colon:",
    "it's",
    'say "hi"',
    "'single'",
    '"double"',
    "[1, 2]",
    "{a: b}",
    "&anchor",
    "*alias",
    "!tag",
    "%YAML",
    "@at",
    "`tick`",
    "|",
    ">",
    "a\tb",
    "\u00a0no-break space",
    "\ufeffbyte order mark",
    "café",
    "Ærøskøbing",
    "東京",
    "😀 emoji",
    "\U0010fffd",
    "\\n is not a break",
)
_LINE_BREAKS = ("\n", "\x85", "\u2028", "\u2029")
# Text over several lines that a YAML writer must keep exactly.
_AWKWARD_TEXTS = (
    "first line\nsecond line",
    "\nstarts with a break",
    "ends with a break\n",
    "ends with two breaks\n\n",
    "  indented first line\nsecond",
    "second line indented\n  like this",
    "trailing space \nnext line",
    "a\n\n\nb",
    "# a comment?\n- a list?",
    "key: value\nother: value",
    "NO\nyes",
    "a\tb\nc",
    "next line\x85character",
    "line\u2028separator",
    "paragraph\u2029separator",
    "mixed\n\x85\u2028\u2029breaks",
    "東京\n😀",
)

_ID_FIRST = string.ascii_letters + string.digits
_ID_REST = _ID_FIRST + "_.-"
_ODS = string.ascii_uppercase + string.digits
_AWKWARD_CODES = ("RTF", "RM3", "RW1", "010", "123", "YES", "OFF", "NUL", "1E3")


def identifiers() -> SearchStrategy[str]:
    """
    Ids: 1 to 64 letters, digits, ``_``, ``.`` or ``-``, starting with a
    letter or digit, often ones YAML would misread, like ``NO`` or ``010``.
    """
    return st.one_of(
        st.sampled_from(_AWKWARD_IDS),
        st.builds(
            str.__add__, st.sampled_from(_ID_FIRST), st.text(_ID_REST, max_size=63)
        ),
    )


def texts(*, max_pieces: int = 4) -> SearchStrategy[str]:
    """
    Non-blank text on a single line, as for titles and labels: joined from
    up to *max_pieces* pieces, each awkward text or arbitrary characters.
    """
    return (
        st.lists(_line_pieces(), min_size=1, max_size=max_pieces)
        .map("".join)
        .filter(str.strip)
    )


def multiline_texts(*, blank: bool = False, max_pieces: int = 4) -> SearchStrategy[str]:
    """
    Text that may span lines, as for prompts and summaries, with every kind
    of line break YAML knows.

    Args:
        blank: Whether the text may also be empty or blank, as optional
            summaries may.
        max_pieces: The most pieces of awkward text or arbitrary characters
            joined into one text.
    """
    pieces = st.one_of(
        _line_pieces(),
        st.sampled_from(_AWKWARD_TEXTS),
        st.sampled_from(_LINE_BREAKS),
        st.text(_multiline_characters(), min_size=1, max_size=12),
    )
    text = st.lists(pieces, min_size=1, max_size=max_pieces).map("".join)
    if blank:
        return st.one_of(st.sampled_from(("", " ", "\n", " \t\n ")), text)
    return text.filter(str.strip)


def ods_codes() -> SearchStrategy[str]:
    """
    ODS trust codes: three upper-case letters or digits.
    """
    return st.one_of(
        st.sampled_from(_AWKWARD_CODES), st.text(_ODS, min_size=3, max_size=3)
    )


@st.composite
def citations(draw: st.DrawFn) -> Citation:
    """
    Published sources, with or without a URL, authors, a day of
    publication and pages.
    """
    year = draw(st.integers(min_value=1800, max_value=2100))
    day = st.dates(min_value=dt.date(year, 1, 1), max_value=dt.date(year, 12, 31))
    return Citation(
        title=draw(_TEXT),
        publisher=draw(_TEXT),
        year=year,
        url=draw(st.none() | st.just("https://www.kingsfund.org.uk/") | _TEXT),
        authors=draw(st.lists(_TEXT, max_size=3).map(tuple)),
        date=draw(st.none() | day),
        pages=draw(st.none() | st.sampled_from(["12", "4-6", "xi"]) | _TEXT),
    )


@st.composite
def trust_names(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 4, closed: bool = False
) -> tuple[TrustName, ...]:
    """
    A trust's names over time, oldest first, each held until some day
    before the next begins.

    Args:
        min_size: The fewest names.
        max_size: The most names.
        closed: Whether the last name has a last day too, as a closed
            trust's does.
    """
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    days = sorted(
        draw(st.lists(_DAY, min_size=2 * count, max_size=2 * count, unique=True))
    )
    names = []
    for index in range(count):
        last = index == count - 1
        since = days[2 * index] if draw(st.booleans()) else None
        until = days[2 * index + 1] if not last or closed else None
        source = draw(st.none() | _CITATION)
        names.append(TrustName(draw(_TEXT), since=since, until=until, source=source))
    return tuple(names)


@st.composite
def held_types(draw: st.DrawFn, *, max_size: int = 3) -> tuple[HeldType, ...]:
    """
    A trust's types over time, oldest first, each held until some day
    before the next begins; sometimes none.

    Args:
        max_size: The most types.
    """
    count = draw(st.integers(min_value=0, max_value=max_size))
    days = sorted(
        draw(st.lists(_DAY, min_size=2 * count, max_size=2 * count, unique=True))
    )
    types = []
    for index in range(count):
        last = index == count - 1
        since = days[2 * index] if index or draw(st.booleans()) else None
        until = days[2 * index + 1] if not last or draw(st.booleans()) else None
        types.append(
            HeldType(
                draw(st.sampled_from(TrustType)),
                since=since,
                until=until,
                source=draw(st.none() | _CITATION),
            )
        )
    return tuple(types)


@st.composite
def trusts(draw: st.DrawFn, *, max_names: int = 4) -> Trust:
    """
    NHS trusts, some renamed over time, some closed with a successor, some
    with their types over time.

    Args:
        max_names: The most names a trust has held.
    """
    code = draw(_CODE)
    closed = draw(st.booleans())
    names = draw(trust_names(max_size=max_names, closed=closed))
    types = draw(held_types())
    if not closed:
        return Trust(code, names, types=types)
    last = names[-1].until
    assert last is not None
    others = st.lists(
        _CODE.filter(lambda other: other != code), max_size=3, unique=True
    )
    codes = draw(others)
    if not codes:
        successor = draw(st.none() | _CODE.filter(lambda other: other != code))
        return Trust(code, names, successor=successor, closed=last, types=types)
    # Parts pass on or before the day after the trust closed, oldest first.
    days = st.dates(max_value=last + dt.timedelta(days=1))
    dates = sorted(draw(st.lists(days, min_size=len(codes), max_size=len(codes))))
    successions = [
        Succession(
            trust,
            draw(st.none() | st.just(day)) if len(codes) == 1 else day,
            draw(st.just("") | _TEXT),
            draw(st.none() | _CITATION),
        )
        for trust, day in zip(codes, dates, strict=True)
    ]
    successor = draw(st.none() | st.sampled_from(codes))
    return Trust(
        code,
        names,
        successor=successor,
        closed=last,
        successors=successions,
        types=types,
    )


def engagement_features() -> SearchStrategy[EngagementFeature]:
    """
    Engagement features, with or without a summary and a status.
    """
    return st.builds(
        EngagementFeature,
        id=_ID,
        title=_TEXT,
        summary=_SUMMARY,
        status=st.none() | st.sampled_from(FeatureStatus),
        source=st.none() | _CITATION,
    )


def findings() -> SearchStrategy[Finding]:
    """
    A report's findings, with the features they bear on.
    """
    return st.builds(
        Finding,
        id=_ID,
        statement=_PROSE,
        source=_CITATION,
        features=st.lists(_ID, max_size=3).map(tuple),
    )


@st.composite
def later_events(draw: st.DrawFn, *, max_size: int = 3) -> tuple[LaterEvent, ...]:
    """
    What happened at a trust after a case study, oldest first.

    Args:
        max_size: The most events.
    """
    days = sorted(draw(st.lists(_DAY, max_size=max_size)))
    return tuple(LaterEvent(day, draw(_PROSE), draw(_CITATION)) for day in days)


def case_studies(
    *, features: Sequence[str] | None = None, max_features: int = 4
) -> SearchStrategy[CaseStudy]:
    """
    Case studies with evidence for some engagement features.

    Args:
        features: The feature ids evidence may be given for; any ids if
            None.
        max_features: The most features a case study gives evidence for.
    """
    point = _PROSE.map(Evidence) | st.builds(Evidence, _PROSE, _CITATION)
    evidence = st.dictionaries(
        _ID if features is None else st.sampled_from(features),
        st.lists(point, min_size=1, max_size=3).map(tuple),
        max_size=max_features,
    )
    return st.builds(
        _case_study,
        trust=_CODE,
        source=_CITATION,
        summary=_SUMMARY,
        evidence=evidence,
        found=st.lists(
            _ID if features is None else st.sampled_from(features),
            max_size=2,
            unique=True,
        ),
        events=later_events(max_size=2),
    )


def _case_study(
    trust: str,
    source: Citation,
    summary: str,
    evidence: dict[str, tuple[Evidence, ...]],
    found: list[str],
    events: tuple[LaterEvent, ...],
) -> CaseStudy:
    return CaseStudy(
        trust,
        source,
        summary,
        evidence,
        found_without_evidence=[f for f in found if f not in evidence],
        later_events=events,
    )


@st.composite
def scale_points(
    draw: st.DrawFn, *, min_size: int = 2, max_size: int = 7
) -> tuple[ScalePoint, ...]:
    """
    The points of a response scale: increasing values (whole numbers, or
    not), unique labels, and favourable points running down from the top.

    Args:
        min_size: The fewest points; at least 2.
        max_size: The most points.
    """
    count = draw(st.integers(min_value=max(min_size, 2), max_value=max_size))
    if draw(st.booleans()):
        start = draw(st.integers(min_value=-3, max_value=3))
        values: list[Value] = list(range(start, start + count))
    else:
        values = sorted(
            draw(st.lists(_VALUE, min_size=count, max_size=count, unique=True))
        )
    labels = draw(st.lists(_TEXT, min_size=count, max_size=count, unique=True))
    top = draw(st.integers(min_value=1, max_value=count))
    return tuple(
        ScalePoint(value, label, favourable=index >= count - top)
        for index, (value, label) in enumerate(zip(values, labels, strict=True))
    )


def response_scales(
    *, min_points: int = 2, max_points: int = 7
) -> SearchStrategy[ResponseScale]:
    """
    Response scales.

    Args:
        min_points: The fewest points on a scale; at least 2.
        max_points: The most points on a scale.
    """
    return _scales(min_points, max_points)


@st.composite
def _scales(draw: st.DrawFn, min_points: int, max_points: int) -> ResponseScale:
    points = draw(scale_points(min_size=min_points, max_size=max_points))
    taken = {folded(point.label) for point in points}
    no_answer = draw(
        st.lists(
            _TEXT.filter(lambda label: folded(label) not in taken),
            max_size=2,
            unique_by=folded,
        )
    )
    return ResponseScale(
        id=draw(_ID), title=draw(_TEXT), points=points, no_answer=tuple(no_answer)
    )


def checklist_items(
    *, features: Sequence[str] | None = None, scales: Sequence[str] | None = None
) -> SearchStrategy[ChecklistItem]:
    """
    Checklist items for either audience, some reverse-scored, some
    weighted, some with question numbers by survey year.

    Args:
        features: The feature ids an item may inform; any ids if None.
        scales: The scale ids an item may be answered on; any ids if None.
    """
    return st.builds(
        ChecklistItem,
        id=_ID,
        prompt=_PROSE,
        feature=_ID if features is None else st.sampled_from(features),
        scale=_ID if scales is None else st.sampled_from(scales),
        audience=st.sampled_from(Audience),
        reverse=st.booleans(),
        weight=_WEIGHT,
        numbers=st.dictionaries(
            st.integers(min_value=2019, max_value=2026), _ID, max_size=3
        ),
    ).flatmap(_reworded)


def _reworded(item: ChecklistItem) -> SearchStrategy[ChecklistItem]:
    """
    *item*, or *item* with other wordings of its prompt.
    """
    prompt = normalised(item.prompt)
    wordings = st.lists(
        _PROSE.filter(lambda wording: normalised(wording) != prompt),
        max_size=2,
        unique_by=normalised,
    )
    return st.one_of(
        st.just(item),
        wordings.map(lambda texts: attrs.evolve(item, wordings=tuple(texts))),
    )


@st.composite
def checklists(
    draw: st.DrawFn,
    *,
    min_items: int = 1,
    max_items: int = 8,
    max_features: int = 4,
    max_scales: int = 3,
) -> Checklist:
    """
    Checklists whose items each inform one of its features and are answered
    on one of its scales; every feature is informed by some item.

    Args:
        min_items: The fewest items; at least 1.
        max_items: The most items.
        max_features: The most features.
        max_scales: The most scales.
    """
    items = draw(
        st.lists(
            _ITEM,
            min_size=max(min_items, 1),
            max_size=max_items,
            unique_by=lambda item: item.id,
        )
    )
    features = draw(
        st.lists(
            _FEATURE,
            min_size=1,
            max_size=min(max_features, len(items)),
            unique_by=lambda feature: feature.id,
        )
    )
    scales = draw(
        st.lists(
            _SCALE, min_size=1, max_size=max_scales, unique_by=lambda scale: scale.id
        )
    )
    # Each feature informed once, then the other items' features at random.
    informed = [feature.id for feature in features]
    for _ in range(len(items) - len(features)):
        informed.append(informed[draw(_index(features))])
    informed = draw(st.permutations(informed))
    numbered: set[tuple[int, str]] = set()
    return Checklist(
        id=draw(_ID),
        version=draw(st.integers(min_value=1, max_value=20)),
        title=draw(_TEXT),
        features=features,
        scales=scales,
        items=[
            attrs.evolve(
                item,
                feature=feature,
                scale=scales[draw(_index(scales))].id,
                numbers=_own_numbers(item, numbered),
            )
            for item, feature in zip(items, informed, strict=True)
        ],
        source=draw(st.none() | _CITATION),
        notes=draw(_SUMMARY),
    )


def _own_numbers(item: ChecklistItem, numbered: set[tuple[int, str]]) -> dict[int, str]:
    """
    *item*'s question numbers less those an earlier item has in the same
    year (noted in *numbered*), since a checklist refuses a repeat.
    """
    numbers = {}
    for year, number in item.numbers.items():
        if (year, number) not in numbered:
            numbered.add((year, number))
            numbers[year] = number
    return numbers


def respondents(
    checklist: Checklist,
    *,
    attributes: Mapping[str, Sequence[str]] = ATTRIBUTES,
    missing: bool = True,
) -> SearchStrategy[Respondent]:
    """
    Respondents to *checklist*: each answer a value on its item's scale,
    some left out, and attributes drawn from small sets so that groups form.

    Args:
        checklist: The checklist answered.
        attributes: The attribute names a respondent may have, each with
            the values it takes.
        missing: Whether answers may be missing.
    """
    answers: dict[str, SearchStrategy[Value | None]] = {}
    for item in checklist.items:
        value = st.sampled_from(checklist.scale_of(item).values)
        answers[item.id] = (st.none() | value) if missing else value
    return st.builds(
        Respondent,
        id=_TEXT,
        attributes=st.fixed_dictionaries(
            {},
            optional={
                name: st.sampled_from(tuple(values))
                for name, values in attributes.items()
            },
        ),
        answers=st.fixed_dictionaries(answers).map(Answers),
    )


@st.composite
def assessments(
    draw: st.DrawFn,
    checklist: Checklist | None = None,
    *,
    min_respondents: int = 0,
    max_respondents: int = 15,
    missing: bool = True,
) -> Assessment:
    """
    Assessments of *checklist*, or of a checklist drawn from `checklists`
    if None, by respondents with unique ids.

    Args:
        checklist: The checklist answered.
        min_respondents: The fewest respondents.
        max_respondents: The most respondents.
        missing: Whether answers may be missing.
    """
    if checklist is None:
        checklist = draw(_CHECKLIST)
    return Assessment(
        checklist=checklist,
        trust=draw(_CODE),
        date=draw(_DAY),
        respondents=draw(
            st.lists(
                respondents(checklist, missing=missing),
                min_size=min_respondents,
                max_size=max_respondents,
                unique_by=lambda respondent: respondent.id,
            )
        ),
        title=draw(_SUMMARY),
    )


@st.composite
def checklists_with_assessments(
    draw: st.DrawFn,
    *,
    max_items: int = 8,
    min_respondents: int = 0,
    max_respondents: int = 15,
) -> tuple[Checklist, Assessment]:
    """
    A checklist, and an assessment of it.

    Args:
        max_items: The most items on the checklist.
        min_respondents: The fewest respondents.
        max_respondents: The most respondents.
    """
    checklist = draw(checklists(max_items=max_items))
    assessment = draw(
        assessments(
            checklist,
            min_respondents=min_respondents,
            max_respondents=max_respondents,
        )
    )
    return checklist, assessment


@st.composite
def bandings(draw: st.DrawFn, *, max_bands: int = 5) -> Banding:
    """
    Bandings: increasing thresholds, and a label for each band.

    Args:
        max_bands: The most bands.
    """
    count = draw(st.integers(min_value=1, max_value=max_bands))
    thresholds = draw(
        st.lists(_VALUE, min_size=count - 1, max_size=count - 1, unique=True)
    )
    return Banding(
        id=draw(_ID),
        labels=draw(st.lists(_TEXT, min_size=count, max_size=count, unique=True)),
        thresholds=sorted(thresholds),
    )


@st.composite
def scores(draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0) -> Score:
    """
    Scores between *low* and *high*, in a band or not; some withheld, some
    with no value as nobody answered.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("value", "withheld", "none")))
    if shown == "withheld":
        return Score(None, respondents, withheld=True)
    if shown == "none":
        return Score(None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    effective = (
        draw(st.none() | st.floats(min_value=0.5, max_value=respondents))
        if respondents
        else None
    )
    return Score(
        value,
        respondents,
        band=draw(st.none() | _TEXT),
        effective_respondents=effective,
    )


@st.composite
def scored_assessments(
    draw: st.DrawFn, *, strategy: str | None = None, max_features: int = 4
) -> ScoredAssessment:
    """
    Results of scoring, on the range of a built-in strategy or another,
    with options of every kind a result keeps.

    Args:
        strategy: The name of the strategy; a built-in one if None.
        max_features: The most features scored.
    """
    low, high = draw(
        st.sampled_from(((0.0, 100.0), (0.0, 10.0)))
        | st.lists(_VALUE, min_size=2, max_size=2, unique=True).map(sorted)
    )
    features = draw(st.lists(_ID, max_size=max_features, unique=True))
    shown = scores(low=low, high=high)
    return ScoredAssessment(
        strategy=draw(_STRATEGY_NAME) if strategy is None else strategy,
        trust=draw(_CODE),
        checklist=draw(_ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        date=draw(_DAY),
        overall=draw(shown),
        features={id: draw(shown) for id in features},
        banding=draw(_BANDING),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        low=low,
        high=high,
        options=draw(st.dictionaries(_OPTION_NAME, _OPTION, max_size=4)),
        weighting=draw(st.none() | weightings()),
    )


def weightings() -> SearchStrategy[Weighting]:
    """
    Ways of weighting: direct, or post-stratified by an attribute.
    """
    return st.just(Weighting("direct")) | st.builds(
        Weighting, st.just("post-stratified"), _ID
    )


@st.composite
def respondent_weights(
    draw: st.DrawFn, assessment: Assessment | None = None, *, equal: bool = False
) -> RespondentWeights:
    """
    Weights for every respondent of *assessment* (or of one drawn from
    `assessments` if None): exact fractions or floats from a thousandth to
    a thousand, or all one value if *equal*.
    """
    if assessment is None:
        assessment = draw(assessments())
    weight = st.fractions(min_value=Fraction(1, 1000), max_value=1000) | st.floats(
        min_value=0.001, max_value=1000
    )
    if equal:
        each = draw(weight)
        return RespondentWeights({r.id: each for r in assessment.respondents})
    return RespondentWeights({r.id: draw(weight) for r in assessment.respondents})


@st.composite
def breakdowns(draw: st.DrawFn, *, max_groups: int = 4) -> Breakdown:
    """
    Breakdowns by an attribute: a total, and groups scored the same way
    on the same features, one of them perhaps of respondents who did not
    say.

    Args:
        max_groups: The most groups.
    """
    total = draw(_SCORED)
    names = st.sampled_from((NOT_STATED, *ATTRIBUTES["grade"])) | _TEXT
    shown = scores(low=total.low, high=total.high)
    groups = {}
    for name in draw(st.lists(names, min_size=1, max_size=max_groups, unique=True)):
        groups[name] = attrs.evolve(
            total,
            overall=draw(shown),
            features={feature: draw(shown) for feature in total.features},
        )
    return Breakdown(
        by=draw(st.sampled_from(tuple(ATTRIBUTES)) | _ID),
        total=total,
        groups=groups,
    )


@st.composite
def uncertainties(
    draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0
) -> Uncertainty:
    """
    How far scores between *low* and *high* can be trusted: some withheld,
    some with no value, some with a value but too few respondents for a
    standard error, the rest with an interval around the value inside the
    range.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("interval", "value", "withheld", "none")))
    if shown == "withheld":
        return Uncertainty(None, None, None, None, respondents, withheld=True)
    if shown == "none":
        return Uncertainty(None, None, None, None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    if shown == "value":
        return Uncertainty(value, None, None, None, respondents)
    return Uncertainty(
        value=value,
        standard_error=draw(st.floats(min_value=0.0, max_value=high - low)),
        low=draw(st.floats(min_value=low, max_value=value)),
        high=draw(st.floats(min_value=value, max_value=high)),
        respondents=respondents,
    )


@st.composite
def reliabilities(
    draw: st.DrawFn, *, max_items: int = 6, max_features: int = 4
) -> Reliability:
    """
    How far the scores of a built-in strategy can be trusted, on its range:
    items more or less fully answered, features with or without an alpha,
    and scores with every kind of uncertainty.

    Args:
        max_items: The most items.
        max_features: The most features.
    """
    strategy = draw(_STRATEGY_NAME)
    shown = uncertainties(high=10.0 if strategy == "staff-survey" else 100.0)
    counts = st.integers(min_value=0, max_value=5000)
    shares = st.floats(min_value=0.0, max_value=1.0)
    items = draw(st.lists(_ID, max_size=max_items, unique=True))
    features = draw(st.lists(_ID, max_size=max_features, unique=True))
    return Reliability(
        strategy=strategy,
        trust=draw(_CODE),
        checklist=draw(_ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        date=draw(_DAY),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        items={
            item: ItemReliability(item, draw(counts), draw(shares)) for item in items
        },
        features={
            feature: FeatureReliability(
                feature,
                answers=draw(counts),
                missing=draw(shares),
                alpha=draw(st.none() | st.floats(min_value=-1e6, max_value=1.0)),
                complete_cases=draw(counts),
                uncertainty=draw(shown),
            )
            for feature in features
        },
        overall=draw(shown),
    )


@st.composite
def scored_with_peers(
    draw: st.DrawFn, *, max_peers: int = 6, max_features: int = 4
) -> tuple[ScoredAssessment, tuple[ScoredAssessment, ...]]:
    """
    A trust's scores, and its peers' scores made the same way: the same
    strategy, options, banding, disclosure threshold, range and checklist
    version, each peer another trust or date. Scores often tie, some are
    withheld or have no value, and a peer now and then lacks a feature.

    Args:
        max_peers: The most peers.
        max_features: The most features scored.
    """
    scored = draw(scored_assessments(max_features=max_features))
    shown = _tying_scores(scored.low, scored.high)
    scored = attrs.evolve(
        scored,
        overall=draw(shown),
        features={feature: draw(shown) for feature in scored.features},
    )
    count = draw(st.integers(min_value=0, max_value=max_peers))
    keys = draw(
        st.lists(
            st.tuples(_CODE, _DAY).filter(
                lambda key: key != (scored.trust, scored.date)
            ),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    peers = []
    for trust, date in keys:
        features = {}
        for feature in scored.features:
            # Now and then a feature is missing, as in a hand-made result.
            if draw(_MOSTLY):
                features[feature] = draw(shown)
        peers.append(
            attrs.evolve(
                scored,
                trust=trust,
                date=date,
                overall=draw(shown),
                features=features,
            )
        )
    return scored, tuple(peers)


def comparisons(*, max_peers: int = 6) -> SearchStrategy[Comparison]:
    """
    Comparisons of a trust with its peers, from `scored_with_peers`.

    Args:
        max_peers: The most peers.
    """
    return scored_with_peers(max_peers=max_peers).map(lambda pair: compare(*pair))


@st.composite
def case_study_matches(draw: st.DrawFn, *, max_features: int = 6) -> CaseStudyMatch:
    """
    Case-study matches: a small catalogue of features and case studies, a
    trust scored on some of those features (and perhaps others), and the
    match between them.

    Args:
        max_features: The most features in the catalogue.
    """
    catalogue = draw(_case_study_catalogues(max_features=max_features))
    scored = draw(_SCORED)
    # Most of the catalogue's features, some others, in any order.
    ids = [feature for feature in catalogue.features if draw(_MOSTLY)]
    others = st.lists(_ID.filter(lambda id: id not in catalogue.features), max_size=2)
    ids = draw(st.permutations(ids + draw(others, label="others")))
    shown = _tying_scores(scored.low, scored.high)
    scored = attrs.evolve(scored, features={feature: draw(shown) for feature in ids})
    count = draw(st.integers(min_value=1, max_value=3))
    return case_study_match(scored, catalogue, count=count)


@st.composite
def _case_study_catalogues(draw: st.DrawFn, *, max_features: int) -> Catalogue:
    """
    Catalogues of features, and case studies that each give evidence for
    some of them, a few features for all.
    """
    features = draw(
        st.lists(
            _FEATURE,
            min_size=1,
            max_size=max_features,
            unique_by=lambda feature: feature.id,
        )
    )
    ids = [feature.id for feature in features]
    shared = {feature for feature in ids if draw(_MOSTLY)}
    codes = draw(st.lists(_CODE, min_size=1, max_size=4, unique=True))
    studies = []
    for code in codes:
        more = set(draw(st.lists(st.sampled_from(ids), unique=True)))
        # A shared feature is found at every trust, with or without evidence
        # specific to it.
        without = {feature for feature in shared if not draw(_MOSTLY)}
        studies.append(
            CaseStudy(
                trust=code,
                source=draw(_CITATION),
                evidence={
                    feature: (draw(_PROSE),)
                    for feature in ids
                    if feature in (shared | more) - without
                },
                found_without_evidence=[f for f in ids if f in without],
                later_events=draw(st.just(()) | later_events(max_size=1)),
            )
        )
    return Catalogue(
        source=draw(_CITATION),
        trusts={code: Trust(code, [TrustName(draw(_TEXT))]) for code in codes},
        features={feature.id: feature for feature in features},
        case_studies={study.trust: study for study in studies},
        checklists=(),
        assessments=(),
    )


def _tying_scores(low: float, high: float) -> SearchStrategy[Score]:
    """
    Scores from *low* to *high*, often the same few values, so that they
    tie.
    """
    values = st.sampled_from((low, low / 2 + high / 2, high)) | st.floats(
        min_value=low, max_value=high
    )
    shown = st.builds(Score, value=values, respondents=st.integers(0, 500))
    hidden = st.builds(
        Score, value=st.none(), respondents=st.integers(0, 10), withheld=st.booleans()
    )
    # Shown twice as often as not.
    return st.one_of(shown, shown, hidden)


@st.composite
def checklist_mappings(draw: st.DrawFn) -> ChecklistMapping:
    """
    Mappings of one checklist version's features onto another's, each
    target feature the counterpart of one source feature at most.
    """
    source, target = draw(_ID), draw(_ID)
    versions = st.integers(min_value=1, max_value=20)
    source_version = draw(versions)
    target_version = draw(
        versions.filter(lambda version: (target, version) != (source, source_version))
    )
    pairs = draw(st.lists(st.tuples(_ID, _ID), max_size=4, unique_by=(_first, _second)))
    return ChecklistMapping(
        source=source,
        source_version=source_version,
        target=target,
        target_version=target_version,
        features=dict(pairs),
    )


@st.composite
def column_mappings(draw: st.DrawFn, *, max_columns: int = 5) -> ColumnMapping:
    """
    Mappings of survey export headers onto item ids, no two headers alike
    once case, spaces, quotes, dashes and trailing punctuation are set
    aside.
    """
    headers = draw(
        st.lists(
            st.one_of(_TEXT, _PROSE).filter(lambda header: bool(header.strip())),
            max_size=max_columns,
            unique_by=normalised,
        )
    )
    return ColumnMapping(
        checklist=draw(_ID), columns={header: draw(_ID) for header in headers}
    )


@st.composite
def step_scores(draw: st.DrawFn, *, low: float = 0.0, high: float = 100.0) -> StepScore:
    """
    Scores at a step of a journey, between *low* and *high*: some with a
    standard error and interval, some without, some withheld, some with no
    value.
    """
    respondents = draw(st.integers(min_value=0, max_value=500))
    shown = draw(st.sampled_from(("interval", "value", "withheld", "none")))
    if shown == "withheld":
        return StepScore(None, respondents, withheld=True)
    if shown == "none":
        return StepScore(None, respondents)
    value = draw(st.floats(min_value=low, max_value=high))
    band = draw(st.none() | _TEXT)
    if shown == "value":
        return StepScore(value, respondents, band)
    return StepScore(
        value,
        respondents,
        band,
        standard_error=draw(st.floats(min_value=0.0, max_value=high - low)),
        low=draw(st.floats(min_value=low, max_value=value)),
        high=draw(st.floats(min_value=value, max_value=high)),
    )


@st.composite
def journey_steps(
    draw: st.DrawFn,
    *,
    features: Sequence[str] | None = None,
    low: float = 0.0,
    high: float = 100.0,
    date: dt.date | None = None,
) -> JourneyStep:
    """
    Steps of a journey, scoring some of *features* between *low* and
    *high*, and leaving out others of their own.

    Args:
        features: The feature ids the step may score; any ids if None.
        low: The lowest score.
        high: The highest score.
        date: The step's date; any if None.
    """
    if features is None:
        scored = draw(st.lists(_ID, max_size=4, unique=True))
    else:
        scored = [feature for feature in features if draw(_MOSTLY)]
    left_out = draw(
        st.lists(_ID.filter(lambda id: id not in scored), max_size=2, unique=True)
    )
    shown = step_scores(low=low, high=high)
    return JourneyStep(
        date=draw(_DAY) if date is None else date,
        trust=draw(_CODE),
        trust_name=draw(st.none() | _TEXT),
        checklist=draw(_ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        overall=draw(shown),
        features={feature: draw(shown) for feature in scored},
        left_out=left_out,
    )


@st.composite
def journeys(draw: st.DrawFn, *, max_steps: int = 4, max_features: int = 4) -> Journey:
    """
    Journeys of one to *max_steps* steps, each on its own date, scoring
    features from a shared set on the range of a built-in strategy or
    another.

    Args:
        max_steps: The most steps.
        max_features: The most features compared.
    """
    low, high = draw(
        st.sampled_from(((0.0, 100.0), (0.0, 10.0)))
        | st.lists(_VALUE, min_size=2, max_size=2, unique=True).map(sorted)
    )
    features = draw(st.lists(_ID, max_size=max_features, unique=True))
    dates = sorted(draw(st.lists(_DAY, min_size=1, max_size=max_steps, unique=True)))
    steps = [
        draw(journey_steps(features=features, low=low, high=high, date=day))
        for day in dates
    ]
    return Journey(
        trust=draw(_CODE),
        trust_name=draw(st.none() | _TEXT),
        strategy=draw(_STRATEGY_NAME),
        checklist=draw(_ID),
        checklist_version=draw(st.integers(min_value=1, max_value=20)),
        banding=draw(_BANDING),
        min_respondents=draw(st.integers(min_value=1, max_value=30)),
        low=low,
        high=high,
        options=draw(st.dictionaries(_OPTION_NAME, _OPTION, max_size=2)),
        mappings=draw(st.lists(checklist_mappings(), max_size=2)),
        steps=steps,
    )


@st.composite
def levels(
    draw: st.DrawFn, checklist: Checklist, *, max_levels: int = 4
) -> tuple[Level, ...]:
    """
    Levels over *checklist*'s features, to any depth, each with a method or
    none: a valid hierarchy for it (none at all, sometimes).

    Args:
        checklist: The checklist whose features the levels group.
        max_levels: The most levels.
    """
    tops = [feature.id for feature in checklist.features]
    taken = set(tops)
    made: list[Level] = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_levels))):
        id = draw(_ID.filter(lambda id: id not in taken))
        taken.add(id)
        chosen = draw(st.lists(st.sampled_from(tops), min_size=1, unique=True))
        tops = [top for top in tops if top not in chosen] + [id]
        made.append(
            Level(
                id=id,
                title=draw(_TEXT),
                parts=chosen,
                method=draw(st.none() | st.sampled_from(LevelMethod)),
            )
        )
    return tuple(draw(st.permutations(made)))


def leveled(
    pair: tuple[Checklist, Assessment], *, max_levels: int = 4
) -> SearchStrategy[tuple[Checklist, Assessment]]:
    """
    *pair*, a checklist and an assessment of it, with levels drawn by
    `levels` added to the checklist (and so to the assessment's).
    """
    checklist, assessment = pair
    return levels(checklist, max_levels=max_levels).map(
        lambda drawn: _with_levels(checklist, assessment, drawn)
    )


def _with_levels(
    checklist: Checklist, assessment: Assessment, drawn: tuple[Level, ...]
) -> tuple[Checklist, Assessment]:
    checklist = attrs.evolve(checklist, levels=drawn)
    return checklist, attrs.evolve(assessment, checklist=checklist)


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


def _second(pair: tuple[str, str]) -> str:
    return pair[1]


def _index(members: Sequence[object]) -> SearchStrategy[int]:
    return st.integers(min_value=0, max_value=len(members) - 1)


def _line_pieces() -> SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_AWKWARD_LINES),
        st.text(_line_characters(), min_size=1, max_size=12),
    )


def _line_characters() -> SearchStrategy[str]:
    # What YAML calls printable, less line breaks.
    return st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        include_characters="\t",
        exclude_characters="\ufffe\uffff",
    )


def _multiline_characters() -> SearchStrategy[str]:
    return st.characters(
        exclude_categories=("Cc", "Cs"),
        include_characters="\t\n\x85",
        exclude_characters="\ufffe\uffff",
    )


def _options() -> SearchStrategy[OptionValue]:
    numbers = st.integers(min_value=-1000, max_value=1000) | _VALUE
    return st.one_of(
        st.booleans(),
        numbers,
        _TEXT,
        st.dictionaries(_ID, numbers, max_size=4).map(
            lambda weights: FrozenMap(
                {feature: float(weight) for feature, weight in weights.items()}
            )
        ),
    )


# Built once and shared, as building strategies while drawing is slow.
_ID = identifiers()
_TEXT = texts()
_PROSE = multiline_texts()
_SUMMARY = multiline_texts(blank=True)
_CODE = ods_codes()
_DAY = st.dates(min_value=dt.date(1948, 7, 5), max_value=dt.date(2099, 12, 31))
_VALUE: SearchStrategy[Value] = st.one_of(
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from((0.1, 2.5, -0.5, 1e-07, 1e16, 0.0, -0.0)),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
_WEIGHT = st.one_of(
    st.just(1.0),
    st.sampled_from((0.5, 2, 3, 1e-07, 1e16)),
    st.floats(min_value=1e-3, max_value=1e3),
).map(float)
_CITATION = citations()
_FEATURE = engagement_features()
_SCALE = response_scales()
_ITEM = checklist_items()
_CHECKLIST = checklists()
_BANDING = bandings()
_SCORED = scored_assessments()
#: True four times in five.
_MOSTLY = st.integers(min_value=0, max_value=4).map(bool)
_STRATEGY_NAME = st.sampled_from(
    ("mean", "staff-survey", "percent-positive", "weighted")
)
_OPTION_NAME = _ID.map(lambda name: name.replace("-", "_"))
_OPTION = _options()
