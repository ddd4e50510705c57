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
    audience_state,
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
    numbering = PatternNumbering.of(checklist)
    base = numbering.given_base
    positions = positions_by_feature(checklist)
    module = (
        numpy_if_worth(columns.respondents if numpy is None else None, NUMPY_FROM)
        if numpy is not False and weights is None
        else None
    )
    keys = {
        feature: _numbered_with_numpy(module, columns, where, base)
        for feature, where in positions.items()
        if module is not None
    }
    given = [
        _given(checklist, columns, where, keys.get(feature))
        for feature, where in positions.items()
    ]
    # Most respondents give alike for every feature: each feature's patterns
    # are counted from the answers alone, and only the others one by one.
    usual, others = usual_states(given, columns.respondents)
    usual_number = numbering.given_number(usual)
    differing = {r: numbering.given_number(states) for r, states in others.items()}
    if module is not None:
        arrays = _differing_arrays(module, differing, columns.respondents)
    counts = {}
    sums: dict[str, FrozenMap[int, WeightSums]] = {}
    if weights is not None:
        # Weights are counted by value: most surveys' take few values.
        # (A fraction's parts hash far faster than the fraction.)
        parts = list(map(Fraction.as_integer_ratio, weights))
        code_of = {part: code for code, part in enumerate(dict.fromkeys(parts))}
        codes = list(map(code_of.__getitem__, parts))
        values = [Fraction(*part) for part in code_of]
    for feature, where in positions.items():
        numbers = keys.pop(feature, None)
        if numbers is None:
            numbered = _counted(columns, where, base, usual_number, differing)
        else:
            numbered = _counted_with_numpy(
                module, numbers, columns, where, base, usual_number, arrays
            )
        counts[feature] = numbered
        if weights is not None:
            sums[feature] = _weight_sums(
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
    where: tuple[int, ...],
    numbers: Any,
) -> bytes:
    """
    What each respondent gave for the feature whose items are at *where*:
    from the *numbers* of their answers (a numpy array, or None) where the
    items are all answered for one audience.
    """
    state = None if numbers is None else audience_state(checklist, where)
    if state is None:
        return given_states(checklist, columns, where)
    return given_of_numbers(numbers, state)


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
    numpy: Any, columns: AnswerColumns, where: tuple[int, ...], base: int
) -> Any:
    """
    Each respondent's number of their answers to the items at *where*, as
    `AnswerColumns.numbered` numbers them, in a numpy array of the fewest
    bytes that hold them, as every feature's are held at once; None where
    the numbers of patterns would not fit in 64 bits.
    """
    sizes = [len(columns.values[p]) for p in where]
    combinations = math.prod(sizes)
    if combinations * base >= 1 << 63:
        return None
    # The first item's code is the most significant digit.
    keys = numpy.frombuffer(columns.codes[where[0]], dtype="uint8").astype("int64")
    for position, size in zip(where[1:], sizes[1:], strict=True):
        keys *= size
        keys += numpy.frombuffer(columns.codes[position], dtype="uint8")
    return keys.astype(numpy.min_scalar_type(combinations - 1), copy=False)


def _counted_with_numpy(
    numpy: Any,
    keys: Any,
    columns: AnswerColumns,
    where: tuple[int, ...],
    base: int,
    usual: int,
    differing: tuple[Any, Any, Any] | None,
) -> PatternCounts:
    """
    As `_counted`, with numpy, from each respondent's number of their
    answers (*keys*), *differing* as `_differing_arrays` gives it.
    """
    combinations = math.prod(len(columns.values[p]) for p in where)
    unusual = {}
    if differing is not None:
        others, states, alike = differing
        # Few differ, as a rule: counted without numpy's sorting.
        numbered = keys[others].astype("int64") * base + states
        unusual = dict(Counter(numbered.tolist()))
        keys = keys[alike]
    if _dense(columns.respondents, combinations):
        dense = numpy.bincount(keys, minlength=combinations)
        return PatternCounts(
            unusual,
            base=base,
            given=usual,
            dense=Adopted(dense.astype("int64", copy=False)),
        )
    answered, counts = numpy.unique(keys, return_counts=True)
    unusual.update(
        zip(
            (answered.astype("int64") * base + usual).tolist(),
            counts.tolist(),
            strict=True,
        )
    )
    return PatternCounts(unusual)


def _differing_arrays(
    numpy: Any, differing: dict[int, int], respondents: int
) -> tuple[Any, Any, Any] | None:
    """
    The respondents of *differing*, the number of what each gave, and
    which of all *respondents* are not among them, as numpy arrays; None
    if none differ.
    """
    if not differing:
        return None
    others = numpy.fromiter(differing, dtype="int64", count=len(differing))
    states = numpy.fromiter(differing.values(), dtype="int64", count=len(others))
    alike = numpy.ones(respondents, dtype=bool)
    alike[others] = False
    return others, states, alike


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
