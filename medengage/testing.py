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

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._answers import Answers
from medengage._assessments import Assessment, Respondent
from medengage._case_studies import CaseStudy
from medengage._checklists import Audience, Checklist, ChecklistItem
from medengage._citations import Citation
from medengage._features import EngagementFeature, FeatureStatus
from medengage._scales import ResponseScale, ScalePoint, Value
from medengage._trusts import Trust, TrustName


__all__ = [
    "ATTRIBUTES",
    "assessments",
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
    "texts",
    "trust_names",
    "trusts",
]

#: Grouping attributes respondents get by default, with the values each
#: takes: few enough that breakdowns form groups.
ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "grade": ("consultant", "SAS doctor", "resident doctor", "NO"),
    "role": ("clinical director", "medical director", "none", "yes"),
    "site": ("Salford", "Ōkubo", "12:30", "Site #2"),
}

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
            str.__add__,
            st.sampled_from(_ID_FIRST),
            st.text(_ID_REST, max_size=12),
        ),
        st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", fullmatch=True),
    )


def texts(*, max_pieces: int = 4) -> SearchStrategy[str]:
    """
    Non-blank text on a single line, as for titles and labels: joined from
    up to *max_pieces* pieces, each awkward text or arbitrary characters.
    """
    return _joined(_line_pieces(), max_pieces)


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
        title=texts(),
        publisher=texts(),
        year=st.integers(min_value=1800, max_value=2100),
        url=st.none() | st.just("https://www.kingsfund.org.uk/") | texts(),
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
        draw(st.lists(_days(), min_size=2 * count, max_size=2 * count, unique=True))
    )
    names = []
    for index in range(count):
        last = index == count - 1
        since = draw(st.none() | st.just(days[2 * index]))
        until = days[2 * index + 1] if not last or closed else None
        names.append(TrustName(draw(texts()), since=since, until=until))
    return tuple(names)


@st.composite
def trusts(draw: st.DrawFn, *, max_names: int = 4) -> Trust:
    """
    NHS trusts, some renamed over time, some closed with a successor.

    Args:
        max_names: The most names a trust has held.
    """
    code = draw(ods_codes())
    closed = draw(st.booleans())
    names = draw(trust_names(max_size=max_names, closed=closed))
    if not closed:
        return Trust(code, names)
    successor = draw(st.none() | ods_codes().filter(lambda other: other != code))
    return Trust(code, names, successor=successor, closed=names[-1].until)


def engagement_features(
    *, ids: SearchStrategy[str] | None = None
) -> SearchStrategy[EngagementFeature]:
    """
    Engagement features, with or without a summary and a status.

    Args:
        ids: Where to draw each feature's id from; `identifiers` if None.
    """
    return st.builds(
        EngagementFeature,
        id=identifiers() if ids is None else ids,
        title=texts(),
        summary=multiline_texts(blank=True),
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
    feature_ids = identifiers() if features is None else st.sampled_from(features)
    evidence = st.dictionaries(
        feature_ids,
        st.lists(multiline_texts(), min_size=1, max_size=3).map(tuple),
        max_size=max_features,
    )
    return st.builds(
        CaseStudy,
        trust=ods_codes(),
        source=citations(),
        summary=multiline_texts(blank=True),
        evidence=evidence,
    )


@st.composite
def scale_points(
    draw: st.DrawFn, *, min_size: int = 2, max_size: int = 7
) -> tuple[ScalePoint, ...]:
    """
    The points of a response scale: increasing values (whole numbers, or
    not), unique labels, and at least one point favourable.

    Args:
        min_size: The fewest points; at least 2.
        max_size: The most points.
    """
    count = draw(st.integers(min_value=max(min_size, 2), max_value=max_size))
    start = draw(st.integers(min_value=-3, max_value=3))
    values: list[Value] = draw(
        st.one_of(
            st.just(list(range(start, start + count))),
            st.lists(_values(), min_size=count, max_size=count, unique=True),
        )
    )
    values.sort()
    labels = draw(st.lists(texts(), min_size=count, max_size=count, unique=True))
    favourable = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    if not any(favourable):
        favourable[-1] = True
    return tuple(
        ScalePoint(value, label, favourable=good)
        for value, label, good in zip(values, labels, favourable, strict=True)
    )


def response_scales(
    *,
    ids: SearchStrategy[str] | None = None,
    min_points: int = 2,
    max_points: int = 7,
) -> SearchStrategy[ResponseScale]:
    """
    Response scales.

    Args:
        ids: Where to draw each scale's id from; `identifiers` if None.
        min_points: The fewest points on a scale; at least 2.
        max_points: The most points on a scale.
    """
    return st.builds(
        ResponseScale,
        id=identifiers() if ids is None else ids,
        title=texts(),
        points=scale_points(min_size=min_points, max_size=max_points),
    )


def checklist_items(
    *,
    features: Sequence[str] | None = None,
    scales: Sequence[str] | None = None,
    ids: SearchStrategy[str] | None = None,
) -> SearchStrategy[ChecklistItem]:
    """
    Checklist items for either audience, some reverse-scored, some
    weighted.

    Args:
        features: The feature ids an item may inform; any ids if None.
        scales: The scale ids an item may be answered on; any ids if None.
        ids: Where to draw each item's id from; `identifiers` if None.
    """
    return st.builds(
        ChecklistItem,
        id=identifiers() if ids is None else ids,
        prompt=multiline_texts(),
        feature=identifiers() if features is None else st.sampled_from(features),
        scale=identifiers() if scales is None else st.sampled_from(scales),
        audience=st.sampled_from(Audience),
        reverse=st.booleans(),
        weight=_weights(),
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
    item_ids = draw(
        st.lists(
            identifiers(), min_size=max(min_items, 1), max_size=max_items, unique=True
        )
    )
    feature_ids = draw(
        st.lists(
            identifiers(),
            min_size=1,
            max_size=min(max_features, len(item_ids)),
            unique=True,
        )
    )
    scale_ids = draw(
        st.lists(identifiers(), min_size=1, max_size=max_scales, unique=True)
    )
    informed = draw(
        st.permutations(
            feature_ids
            + draw(
                st.lists(
                    st.sampled_from(feature_ids),
                    min_size=len(item_ids) - len(feature_ids),
                    max_size=len(item_ids) - len(feature_ids),
                )
            )
        )
    )
    return Checklist(
        id=draw(identifiers()),
        version=draw(st.integers(min_value=1, max_value=20)),
        title=draw(texts()),
        features=[draw(engagement_features(ids=st.just(id))) for id in feature_ids],
        scales=[draw(response_scales(ids=st.just(id))) for id in scale_ids],
        items=[
            draw(checklist_items(ids=st.just(id), features=[feature], scales=scale_ids))
            for id, feature in zip(item_ids, informed, strict=True)
        ],
        source=draw(st.none() | citations()),
    )


@st.composite
def respondents(
    draw: st.DrawFn,
    checklist: Checklist,
    *,
    attributes: Mapping[str, Sequence[str]] = ATTRIBUTES,
    missing: bool = True,
) -> Respondent:
    """
    Respondents to *checklist*: each answer a value on its item's scale,
    some left out, and attributes drawn from small sets so that groups form.

    Args:
        checklist: The checklist answered.
        attributes: The attribute names a respondent may have, each with
            the values it takes.
        missing: Whether answers may be missing.
    """
    answers: dict[str, Value | None] = {}
    for item in checklist.items:
        value = st.sampled_from(checklist.scale(item.scale).values)
        answers[item.id] = draw(st.none() | value if missing else value)
    names = draw(st.lists(st.sampled_from(list(attributes)), unique=True))
    return Respondent(
        id=draw(texts()),
        attributes={name: draw(st.sampled_from(attributes[name])) for name in names},
        answers=Answers(answers),
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
        checklist = draw(checklists())
    return Assessment(
        checklist=checklist,
        trust=draw(ods_codes()),
        date=draw(_days()),
        respondents=draw(
            st.lists(
                respondents(checklist, missing=missing),
                min_size=min_respondents,
                max_size=max_respondents,
                unique_by=lambda respondent: respondent.id,
            )
        ),
        title=draw(multiline_texts(blank=True)),
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


def _line_pieces() -> SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_AWKWARD_LINES),
        st.text(_line_characters(), min_size=1, max_size=12),
    )


def _joined(pieces: SearchStrategy[str], max_pieces: int) -> SearchStrategy[str]:
    return (
        st.lists(pieces, min_size=1, max_size=max_pieces).map("".join).filter(str.strip)
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


def _days() -> SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(1948, 7, 5), max_value=dt.date(2099, 12, 31))


def _values() -> SearchStrategy[Value]:
    return st.one_of(
        st.integers(min_value=-1000, max_value=1000),
        st.sampled_from((0.1, 2.5, -0.5, 1e-07, 1e16, 0.0, -0.0)),
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    )


def _weights() -> SearchStrategy[float]:
    return st.one_of(
        st.just(1.0),
        st.sampled_from((0.5, 2, 3, 1e-07, 1e16)),
        st.floats(min_value=1e-3, max_value=1e3),
    ).map(float)
