"""
How the headers of survey exports, the prompts of items and the labels of
answers are compared: as a reader takes them, not character by character.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence

from medengage.errors import Problem


#: Quotes, dashes and spaces as survey tools and word processors write them,
#: each as the one plain character it stands for.
_STYLES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f\ufeff", " "),
    }
)
#: What a header may end with that is not part of the question: a question
#: mark, a full stop, a survey tool's mark of a required question.
_TRAILING = " \t.?!:;,*\u2026"


def normalised(text: str) -> str:
    """
    *text* as headers and prompts are compared: in one case, with single
    plain spaces, straight quotes, plain hyphens, and no punctuation at the
    end.
    """
    return folded(text).rstrip(_TRAILING)


def folded(text: str) -> str:
    """
    *text* as answer labels are compared: `normalised`, but keeping
    punctuation at the end.
    """
    text = unicodedata.normalize("NFKC", text).translate(_STYLES)
    return " ".join(text.casefold().split())


def texts_read_alike(
    field: str,
    texts: Sequence[str],
    read: Callable[[str], str],
    taken: Mapping[str, str],
    advice: str,
) -> list[Problem]:
    """
    A problem at ``field[i]`` for each of *texts* that reads, as *read*
    gives it, as a text *taken* already does (named by what *taken* maps
    it to) or as an earlier one of *texts*.
    """
    seen = dict(taken)
    problems = []
    for index, text in enumerate(texts):
        key = read(text)
        if key in seen:
            problems.append(
                Problem(
                    f"{field}[{index}]", f"{text!r} reads as {seen[key]} does: {advice}"
                )
            )
        seen.setdefault(key, f"{field}[{index}]")
    return problems
