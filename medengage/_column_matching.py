"""
The headers of survey exports matched to checklist items: by the item's id,
by a mapping given, or by the item's prompt or another wording of it, as
survey tools head their columns with the question asked.
"""

from __future__ import annotations

import collections
import difflib
from collections.abc import Mapping

import attrs

from medengage import _validation as v
from medengage._checklists import Checklist, ChecklistItem
from medengage._column_wording import normalised
from medengage._frozen import FrozenMap, freeze_map
from medengage.errors import Problem


@attrs.frozen
class ColumnMapping:
    """
    Which item each column of a survey export holds, by the column's
    header: made by `medengage.csv.match_columns`, saved as a document, and
    given as ``columns=`` to read next year's export the same way.

    Headers are matched as prompts are: after normalising case, spaces,
    quote and dash styles and trailing punctuation, so two headers that
    read the same after that cannot both be given.

    Attributes:
        checklist: The id of the checklist whose items the columns hold.
        columns: For each header, the id of the item its column holds.
    """

    checklist: str = attrs.field(validator=v.identifier)
    columns: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=freeze_map)

    def __attrs_post_init__(self) -> None:
        problems = []
        seen: dict[str, str] = {}
        for header, item in self.columns.items():
            if not isinstance(header, str) or not header.strip():
                problems.append(
                    Problem("columns", f"{header!r} is not a header: give its text")
                )
                continue
            bad = v.bad_character(header, multiline=True)
            if bad is not None:
                problems.append(Problem("columns", f"{header!r} contains {bad}"))
                continue
            if not isinstance(item, str) or not v.is_identifier(item):
                problems.append(
                    Problem(f"columns.{header}", f"{item!r} is not a valid item id")
                )
            key = normalised(header)
            if key in seen:
                problems.append(
                    Problem(
                        f"columns.{header}",
                        f"{header!r} reads as {seen[key]!r} does, once case, "
                        "spaces, quotes, dashes and trailing punctuation are "
                        "set aside: give it once",
                    )
                )
            seen.setdefault(key, header)
        v.raise_problems(problems)


#: The most characters of a header compared for suggestions, so that a
#: hostile header cannot make the comparison slow.
_COMPARED = 300
#: How alike a header and a prompt must be (difflib's ratio) for the one to
#: be suggested for the other.
_CLOSE = 0.75
#: The least share of runs of three characters a header and a prompt share
#: for the two to be compared in full.
_SHARED = 0.4
#: How many headers a matcher looks for the nearest item of: far more
#: columns than a survey tool's export has, few enough that a hostile
#: header of many thousands of columns is read in about a second.
MAX_CHECKED = 1000


class Matcher:
    """
    The items a survey export's headers stand for.

    Attributes:
        checklist: The checklist whose items the columns hold.
        columns: The item each header given holds, by the header, and by
            the header normalised.
        checks_left: How many more headers `nearest` may be asked of.
    """

    def __init__(self, checklist: Checklist, columns: Mapping[str, str]) -> None:
        self.checklist = checklist
        self.columns = dict(columns)
        self.normalised_columns = {normalised(k): i for k, i in columns.items()}
        self.by_wording: dict[str, list[str]] = {}
        for item in checklist.items:
            for wording in (item.prompt, *item.wordings):
                key = normalised(wording)
                if not key:
                    continue
                ids = self.by_wording.setdefault(key, [])
                if item.id not in ids:
                    ids.append(item.id)
        self._candidates = [
            (key[:_COMPARED], ids[0]) for key, ids in self.by_wording.items()
        ]
        self._candidates += [(id, id) for id in checklist.item_ids]
        self._grams = [_trigrams(text) for text, _ in self._candidates]
        self._index: dict[str, list[int]] = {}
        for number, grams in enumerate(self._grams):
            for gram in grams:
                self._index.setdefault(gram, []).append(number)
        self._nearest: dict[str, ChecklistItem | None] = {}
        self.checks_left = MAX_CHECKED

    def items(self, header: str) -> list[str]:
        """
        The ids of the items the column headed *header* may hold: one, or
        none if it matches no item, or more if its text is the prompt of
        more than one.
        """
        if header in self.columns:
            return [self.columns[header]]
        if header in self.checklist.item_ids:
            return [header]
        key = normalised(header)
        if key in self.normalised_columns:
            return [self.normalised_columns[key]]
        return list(self.by_wording.get(key, ()))

    def nearest(self, header: str) -> ChecklistItem | None:
        """
        The item whose id, prompt or other wording *header* is closest to,
        if one is close enough to be what it meant.
        """
        key = normalised(header[: 2 * _COMPARED])[:_COMPARED]
        if key not in self._nearest:
            self.checks_left -= 1
            self._nearest[key] = self._closest(key)
        return self._nearest[key]

    def _closest(self, key: str) -> ChecklistItem | None:
        # Only texts that share many runs of three characters with the
        # header are compared in full, so that a header of thousands of
        # columns unlike any item is read quickly.
        grams = _trigrams(key)
        shared = collections.Counter(
            number for gram in grams for number in self._index.get(gram, ())
        )
        best, nearest = _CLOSE, None
        for number, count in shared.items():
            if 2 * count < _SHARED * (len(grams) + len(self._grams[number])):
                continue
            text, item = self._candidates[number]
            ratio = difflib.SequenceMatcher(None, key, text, autojunk=False).ratio()
            if ratio >= best:
                best, nearest = ratio, item
        return None if nearest is None else self.checklist.item(nearest)


def _trigrams(text: str) -> set[str]:
    return {text[start : start + 3] for start in range(max(len(text) - 2, 1))}
