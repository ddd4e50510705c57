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

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._bands import Banding
from medengage._breakdowns import NOT_STATED, Breakdown
from medengage._case_studies import CaseStudy
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._features import EngagementFeature, FeatureStatus
from medengage._frozen import FrozenMap
from medengage._scales import ResponseScale, ScalePoint, Value
from medengage._scores import OptionValue, Score, ScoredAssessment
from medengage._trusts import Trust, TrustName


__all__ = [
    "ATTRIBUTES",
    "assessments",
    "bandings",
    "breakdowns",
    "case_studies",
    "checklist_items",
    "checklists",
    "checklists_with_assessments",
    "citations",
    "engagement_features",
    "identifiers",
    "multiline_texts",
    "ods_codes",
    "respondents",
    "response_scales",
    "scale_points",
    "scored_assessments",
    "scores",
    "texts",
    "trust_names",
    "trusts",
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


def citations() -> SearchStrategy[Citation]:
    """
    Published sources, with or without a URL.
    """
    return st.builds(
        Citation,
        title=_TEXT,
        publisher=_TEXT,
        year=st.integers(min_value=1800, max_value=2100),
        url=st.none() | st.just("https://www.kingsfund.org.uk/") | _TEXT,
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
        names.append(TrustName(draw(_TEXT), since=since, until=until))
    return tuple(names)


@st.composite
def trusts(draw: st.DrawFn, *, max_names: int = 4) -> Trust:
    """
    NHS trusts, some renamed over time, some closed with a successor.

    Args:
        max_names: The most names a trust has held.
    """
    code = draw(_CODE)
    closed = draw(st.booleans())
    names = draw(trust_names(max_size=max_names, closed=closed))
    if not closed:
        return Trust(code, names)
    successor = draw(st.none() | _CODE.filter(lambda other: other != code))
    return Trust(code, names, successor=successor, closed=names[-1].until)


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
    )


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
    evidence = st.dictionaries(
        _ID if features is None else st.sampled_from(features),
        st.lists(_PROSE, min_size=1, max_size=3).map(tuple),
        max_size=max_features,
    )
    return st.builds(
        CaseStudy,
        trust=_CODE,
        source=_CITATION,
        summary=_SUMMARY,
        evidence=evidence,
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
    return st.builds(
        ResponseScale,
        id=_ID,
        title=_TEXT,
        points=scale_points(min_size=min_points, max_size=max_points),
    )


def checklist_items(
    *, features: Sequence[str] | None = None, scales: Sequence[str] | None = None
) -> SearchStrategy[ChecklistItem]:
    """
    Checklist items for either audience, some reverse-scored, some
    weighted.

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
    return Checklist(
        id=draw(_ID),
        version=draw(st.integers(min_value=1, max_value=20)),
        title=draw(_TEXT),
        features=features,
        scales=scales,
        items=[
            attrs.evolve(item, feature=feature, scale=scales[draw(_index(scales))].id)
            for item, feature in zip(items, informed, strict=True)
        ],
        source=draw(st.none() | _CITATION),
    )


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
    return Score(value, respondents, band=draw(st.none() | _TEXT))


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
    )


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
_STRATEGY_NAME = st.sampled_from(
    ("mean", "staff-survey", "percent-positive", "weighted")
)
_OPTION_NAME = _ID.map(lambda name: name.replace("-", "_"))
_OPTION = _options()
