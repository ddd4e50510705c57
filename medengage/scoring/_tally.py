"""
Tallies: the sufficient statistics the built-in strategies score from.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, cast

import attrs

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns, Key, positions_by_feature
from medengage._frozen import FrozenMap
from medengage._numbers import numpy_if_worth
from medengage._weights import RespondentWeights, Weighting, check_covers
from medengage.errors import MedEngageError
from medengage.scoring._given_states import (
    given_of_numbers,
    given_states,
    usual_states,
)
from medengage.scoring._pattern_counts import (
    Adopted,
    PatternCounts,
    counts_by_remainder,
)
from medengage.scoring._pattern_numbers import Pattern, PatternNumbering
from medengage.scoring._tally_layout import FeatureLayout, layout_of


#: The respondents' weights behind one pattern: their sum, and the sum of
#: their squares (for Kish's effective sample size).
WeightSums = tuple[Fraction, Fraction]

#: The fewest respondents counted with numpy, where it is importable.
NUMPY_FROM = 2048


@attrs.frozen
class Tally:
    """
    How many respondents gave each combination of answers, feature by
    feature: the sufficient statistics the built-in strategies score from.

    A tally keeps counts only, so the tallies of disjoint parts of an
    assessment add up, with `merge`, to exactly the tally of the whole:
    a strategy can run partition by partition and give the same result.
    Patterns are counted by number, as `numbering` says, so that counting
    and merging deal in whole numbers; `patterns` decodes them.

    Attributes:
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        trust: The ODS code of the trust assessed.
        date: When the assessment closed.
        respondents: How many respondents the tally counts.
        numbering: How patterns are numbered.
        counts: For each feature id, how many respondents gave each
            pattern, by the pattern's number: their answers to the
            feature's items, and what they gave for each feature of the
            checklist (0 nothing, 1 only answers on behalf of the
            organisation, 2 answers of their own).
        weights: For a weighted tally, for each feature id and each pattern
            number in `counts`, the sum of the weights of the respondents
            who gave it and the sum of their squares; empty for an
            unweighted tally.
        weighting: How the respondents were weighted, or None.
    """

    checklist: str
    checklist_version: int
    trust: str
    date: dt.date
    respondents: int
    numbering: PatternNumbering
    counts: FrozenMap[str, PatternCounts]
    weights: FrozenMap[str, FrozenMap[int, WeightSums]] = attrs.field(factory=FrozenMap)
    weighting: Weighting | None = None

    def patterns(self, feature: str) -> FrozenMap[Pattern, int]:
        """
        How many respondents gave each pattern of *feature*: its answers,
        in the order of the feature's items (None where not answered), and
        what they gave for each feature.
        """
        return self.numbering.decoded(feature, self.counts[feature])

    def weight_sums(self, feature: str) -> FrozenMap[Pattern, WeightSums]:
        """
        For each pattern of *feature*, the sum of the weights of the
        respondents who gave it, and of their squares; empty if unweighted.
        """
        return self.numbering.decoded(feature, self.weights.get(feature, {}))

    def given_counts(self) -> FrozenMap[tuple[int, ...], int]:
        """
        How many respondents gave each combination of states, one for each
        feature: 0 nothing, 1 only answers on behalf of the organisation, 2
        answers of their own.
        """
        first: Mapping[int, int] = next(iter(self.counts.values()), {})
        counts = counts_by_remainder(first, self.numbering.given_base)
        return FrozenMap({self.numbering.given(g): c for g, c in counts.items()})


def tally(assessment: Assessment, weights: RespondentWeights | None = None) -> Tally:
    """
    The tally of *assessment*'s answers, with the sums of its respondents'
    *weights* if given.

    Raises:
        MedEngageError: If *weights* are not `medengage.RespondentWeights`
            for exactly the assessment's respondents.
    """
    if weights is not None:
        check_covers(weights, assessment)
    return tally_columns(
        assessment.checklist,
        assessment._columns,
        trust=assessment.trust,
        date=assessment.date,
        weights=None
        if weights is None
        else list(map(weights.weights.get, assessment.respondents.ids)),
        weighting=None if weights is None else weights.weighting,
    )


def tally_columns(
    checklist: Checklist,
    columns: AnswerColumns,
    *,
    trust: str,
    date: dt.date,
    weights: Sequence[Fraction] | None = None,
    weighting: Weighting | None = None,
    numpy: bool | None = None,
) -> Tally:
    """
    The tally of the answers *columns* hold, to *checklist*, at *trust* on
    *date*, with each respondent's weight in *weights*, in order, if given.

    Unweighted answers of many respondents are counted with numpy if
    *numpy* is None and it is importable, or if *numpy* is true; the
    counts are the same either way.
    """
    layout = layout_of(checklist)
    numbering = layout.numbering
    base = numbering.given_base
    module = (
        numpy_if_worth(columns.respondents if numpy is None else None, NUMPY_FROM)
        if numpy is not False and weights is None
        else None
    )
    # With numpy, each feature's answers are numbered, what respondents
    # gave read from the numbers, and all of them counted at once; those
    # who gave otherwise than most are taken out of the counts after.
    binned = {}
    given = []
    for feature in layout.features:
        keys = None
        if module is not None and feature.combinations * base < 1 << 63:
            keys = _numbered_with_numpy(module, columns, feature)
            binned[feature.id] = _binned(module, keys, feature, columns.respondents)
        given.append(_given(checklist, columns, feature, keys))
    usual, others = usual_states(given, columns.respondents)
    usual_number = numbering.given_number(usual)
    differing = {r: numbering.given_number(states) for r, states in others.items()}
    counts = {}
    sums: dict[str, FrozenMap[int, WeightSums]] = {}
    if weights is not None:
        # Weights are counted by value: most surveys' take few values.
        # (A fraction's parts hash far faster than the fraction.)
        parts = list(map(Fraction.as_integer_ratio, weights))
        code_of = {part: code for code, part in enumerate(dict.fromkeys(parts))}
        codes = list(map(code_of.__getitem__, parts))
        values = [Fraction(*part) for part in code_of]
    rows = None if module is None else _rows_of(module, differing)
    for feature in layout.features:
        where = feature.positions
        if feature.id in binned:
            numbered = _counted_with_numpy(
                module,
                binned.pop(feature.id),
                columns,
                feature,
                base,
                usual_number,
                rows,
            )
        else:
            numbered = _counted(columns, where, base, usual_number, differing)
        counts[feature.id] = numbered
        if weights is not None:
            sums[feature.id] = _weight_sums(
                columns, where, base, usual_number, differing, codes, values
            )
    return Tally(
        checklist=checklist.id,
        checklist_version=checklist.version,
        trust=trust,
        date=date,
        respondents=columns.respondents,
        numbering=numbering,
        counts=FrozenMap(counts),
        weights=FrozenMap(sums),
        weighting=weighting,
    )


def _given(
    checklist: Checklist,
    columns: AnswerColumns,
    feature: FeatureLayout,
    numbers: Any,
) -> bytes:
    """
    What each respondent gave for *feature*: from the *numbers* of their
    answers (a numpy array, or None) where its items are all answered for
    one audience.
    """
    if numbers is None or feature.audience is None:
        return given_states(checklist, columns, feature.positions)
    return given_of_numbers(numbers, feature.audience)


def _counted(
    columns: AnswerColumns,
    where: tuple[int, ...],
    base: int,
    usual: int,
    differing: dict[int, int],
) -> PatternCounts:
    """
    How many respondents gave each pattern of the feature whose items are
    at *where*, by number: those in *differing* gave the states numbered
    there, the others those numbered *usual*.
    """
    keys, numbered = columns.numbered(where)
    number = numbered or _as_number
    alike = Counter(keys)
    unusual: dict[int, int] = {}
    for respondent, given in differing.items():
        key = keys[respondent]
        alike[key] -= 1
        pattern = number(key) * base + given
        unusual[pattern] = unusual.get(pattern, 0) + 1
    if differing:
        alike = +alike
    combinations = math.prod(len(columns.values[p]) for p in where)
    if numbered is None and _dense(columns.respondents, combinations):
        dense = [0] * combinations
        for key, count in alike.items():
            dense[key] = count  # type: ignore[index]
        return PatternCounts(unusual, base=base, given=usual, dense=dense)
    answers = cast("Iterable[int]", alike if numbered is None else map(number, alike))
    unusual.update(
        zip([n * base + usual for n in answers], alike.values(), strict=True)
    )
    return PatternCounts(unusual)


def _dense(respondents: int, combinations: int) -> bool:
    """
    Whether the counts of *respondents* are held for each of the
    *combinations* of answers, whether given or not.
    """
    return combinations <= _BINNED and 4 * respondents >= combinations


def _numbered_with_numpy(
    numpy: Any, columns: AnswerColumns, feature: FeatureLayout, rows: Any = None
) -> Any:
    """
    Each respondent's number of their answers to *feature*'s items (or only
    those of the respondents at *rows*), as `AnswerColumns.numbered`
    numbers them, in a numpy array of 64-bit integers.
    """
    keys = None
    # The first item's code is the most significant digit.
    for position, size in zip(feature.positions, feature.sizes, strict=True):
        codes = numpy.frombuffer(columns.codes[position], dtype="uint8")
        if rows is not None:
            codes = codes[rows]
        if keys is None:
            keys = codes.astype("int64")
        else:
            keys *= size
            keys += codes
    return keys


def _binned(numpy: Any, keys: Any, feature: FeatureLayout, respondents: int) -> Any:
    """
    How many of the *respondents* gave each number of answers in *keys*: a
    count for every number (`_dense`), or the numbers given and their
    counts.
    """
    if _dense(respondents, feature.combinations):
        return numpy.bincount(keys, minlength=feature.combinations)
    return numpy.unique(keys, return_counts=True)


def _counted_with_numpy(
    numpy: Any,
    binned: Any,
    columns: AnswerColumns,
    feature: FeatureLayout,
    base: int,
    usual: int,
    differing: tuple[Any, Any] | None,
) -> PatternCounts:
    """
    As `_counted`, with numpy, from the counts of every respondent's number
    of answers as `_binned` gives them, *differing* as `_rows_of` gives it.
    """
    unusual: dict[int, int] = {}
    taken = None
    if differing is not None:
        # Few differ, as a rule: numbered again, and counted one by one.
        others, states = differing
        taken = _numbered_with_numpy(numpy, columns, feature, rows=others)
        unusual = dict(Counter((taken * base + states).tolist()))
    if not isinstance(binned, tuple):
        if taken is not None:
            binned -= numpy.bincount(taken, minlength=len(binned))
        return PatternCounts(
            unusual,
            base=base,
            given=usual,
            dense=Adopted(binned.astype("int64", copy=False)),
        )
    answered, counts = binned
    alike = Counter(dict(zip(answered.tolist(), counts.tolist(), strict=True)))
    if taken is not None:
        alike.subtract(taken.tolist())
    unusual.update(
        (number * base + usual, count) for number, count in alike.items() if count
    )
    return PatternCounts(unusual)


def _rows_of(numpy: Any, differing: dict[int, int]) -> tuple[Any, Any] | None:
    """
    The respondents of *differing* and the number of what each gave, as
    numpy arrays; None if none differ.
    """
    if not differing:
        return None
    others = numpy.fromiter(differing, dtype="int64", count=len(differing))
    states = numpy.fromiter(differing.values(), dtype="int64", count=len(others))
    return others, states


#: The most combinations of answers counted in one array of counts.
_BINNED = 1 << 20


def _weight_sums(
    columns: AnswerColumns,
    where: tuple[int, ...],
    base: int,
    usual: int,
    differing: dict[int, int],
    codes: list[int],
    values: list[Fraction],
) -> FrozenMap[int, WeightSums]:
    """
    For each pattern of one feature, by number, the sum of the weights of
    the respondents who gave it, and the sum of their squares; each
    respondent's weight is ``values[codes[respondent]]``.
    """
    keys, numbered = columns.numbered(where)
    number = numbered or _as_number
    alike = Counter(zip(keys, codes, strict=True))
    unusual: Counter[tuple[Key, int, int]] = Counter()
    for respondent, given in differing.items():
        alike[keys[respondent], codes[respondent]] -= 1
        unusual[keys[respondent], codes[respondent], given] += 1
    counted = [(key, code, usual, n) for (key, code), n in alike.items() if n]
    counted += [(key, code, given, n) for (key, code, given), n in unusual.items()]
    # Sums in whole numbers over one denominator, made fractions once.
    denominator = math.lcm(*(value.denominator for value in values))
    scaled = [value.numerator * (denominator // value.denominator) for value in values]
    totals: dict[int, list[int]] = {}
    for key, code, given, n in counted:
        into = totals.setdefault(number(key) * base + given, [0, 0])
        into[0] += n * scaled[code]
        into[1] += n * scaled[code] * scaled[code]
    sums = {
        pattern: (Fraction(total, denominator), Fraction(squares, denominator**2))
        for pattern, (total, squares) in totals.items()
    }
    return FrozenMap(sums)


def merge(tallies: Iterable[Tally]) -> Tally:
    """
    The tally of the parts that *tallies* count, taken together.

    Raises:
        MedEngageError: If there are no tallies, or they come from different
            checklists, trusts or dates.
    """
    tallies = list(tallies)
    if not tallies:
        raise MedEngageError("merge needs at least one tally")
    first = tallies[0]
    for other in tallies[1:]:
        if other.weighting != first.weighting:
            raise MedEngageError(
                "cannot merge tallies weighted differently: one is "
                f"{_weighted(first)} and another {_weighted(other)}; tally "
                "every part with the same kind of weights, or none"
            )
        for field in ("checklist", "checklist_version", "trust", "date"):
            if getattr(other, field) != getattr(first, field):
                raise MedEngageError(
                    f"cannot merge tallies of different assessments: {field} is "
                    f"{getattr(first, field)!r} in one and {getattr(other, field)!r} "
                    "in another"
                )
        if other.numbering != first.numbering:
            raise MedEngageError(
                "cannot merge tallies of different checklists with the same id "
                f"and version ({first.checklist!r} version "
                f"{first.checklist_version}): give each changed checklist a new "
                "version"
            )
    counts = {
        feature: PatternCounts.sum_of(part.counts[feature] for part in tallies)
        for feature in first.counts
    }
    merged = attrs.evolve(
        first,
        respondents=sum(part.respondents for part in tallies),
        counts=FrozenMap(counts),
    )
    if first.weighting is None:
        return merged
    return attrs.evolve(merged, weights=_merged_weights(tallies))


def _merged_weights(
    tallies: list[Tally],
) -> FrozenMap[str, FrozenMap[int, WeightSums]]:
    sums: dict[str, dict[int, WeightSums]] = {}
    for part in tallies:
        for feature, patterns in part.weights.items():
            into = sums.setdefault(feature, {})
            for pattern, (total, squares) in patterns.items():
                before = into.get(pattern, (Fraction(0), Fraction(0)))
                into[pattern] = (before[0] + total, before[1] + squares)
    return FrozenMap({f: FrozenMap(p) for f, p in sums.items()})


def _weighted(tally: Tally) -> str:
    return "unweighted" if tally.weighting is None else tally.weighting.describe()


def feature_positions(checklist: Checklist, feature: str) -> tuple[int, ...]:
    """
    Where the items of *feature* stand among the checklist's items.
    """
    return positions_by_feature(checklist)[feature]


def _as_number(key: Key) -> int:
    return key  # type: ignore[return-value]
