"""
Strategies for the plain values objects are built from: text, ids, days, numbers.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._scales import Value


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


def first_of(pair: tuple[str, str]) -> str:
    return pair[0]


def second_of(pair: tuple[str, str]) -> str:
    return pair[1]


def index_into(members: Sequence[object]) -> SearchStrategy[int]:
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


# Built once and shared, as building strategies while drawing is slow.
ID = identifiers()
TEXT = texts()
PROSE = multiline_texts()
SUMMARY = multiline_texts(blank=True)
CODE = ods_codes()
DAY = st.dates(min_value=dt.date(1948, 7, 5), max_value=dt.date(2099, 12, 31))
VALUE: SearchStrategy[Value] = st.one_of(
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from((0.1, 2.5, -0.5, 1e-07, 1e16, 0.0, -0.0)),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
WEIGHT = st.one_of(
    st.just(1.0),
    st.sampled_from((0.5, 2, 3, 1e-07, 1e16)),
    st.floats(min_value=1e-3, max_value=1e3),
).map(float)
#: True four times in five.
MOSTLY = st.integers(min_value=0, max_value=4).map(bool)
