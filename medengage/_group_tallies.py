"""
Group tallies: an assessment's tallies, one for each combination of the
values its respondents give for some attributes, so that parts scored apart
make, once merged, the total, any breakdown and its disclosure plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from medengage import _validation as v
from medengage._assessments import NOT_STATED, Assessment
from medengage._atom_counts import (
    AtomCounts,
    cell_key,
    cells_of,
    checked_attributes,
)
from medengage._breakdowns import DEPTH, Breakdown, CrossedBreakdown
from medengage._breakdowns import _protected as protected
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns
from medengage._disclosure_plan import plan
from medengage._frozen import FrozenMap, freeze_map
from medengage._numbers import numpy_if_worth, selected
from medengage._respondent_table import Respondents
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError, Problem
from medengage.scoring._front import score_tally
from medengage.scoring._tally import Tally, merge, tally, tally_columns


#: The values one group of respondents gives for each attribute, in order;
#: None where they give none.
Values = tuple[str | None, ...]


@attrs.frozen
class GroupTallies:
    """
    The tallies of an assessment's respondents, one for each combination of
    values they give for `attributes`: the sufficient statistics of the
    total, of every breakdown by those attributes, and of the plan that
    protects them.

    Tallies of disjoint parts of one assessment, made with the same
    attributes, `merge` into exactly the tallies of the whole: a survey can
    be counted partition by partition, on many machines, and scored once.

    Attributes:
        attributes: The attribute names, in order.
        tallies: The tally of each combination of their values that some
            respondent gives.
    """

    attributes: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    tallies: FrozenMap[Values, Tally] = attrs.field(
        converter=freeze_map, validator=v.values_of(Tally)
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        if len(set(self.attributes)) != len(self.attributes):
            problems.append(Problem("attributes", "an attribute is named twice"))
        for values in self.tallies:
            if len(values) != len(self.attributes):
                problems.append(
                    Problem(
                        f"tallies.{values}", "expected one value for each attribute"
                    )
                )
        v.raise_problems(problems)

    @classmethod
    def of(cls, assessment: Assessment, attributes: Iterable[str]) -> GroupTallies:
        """
        The tallies of *assessment*'s respondents by the values they give
        for *attributes*; parts of one survey must each name the same
        attributes, whether or not their respondents give them.
        """
        names = tuple(attributes)
        keys, order, sizes = _grouped(assessment.respondents, names)
        parts = _parts(assessment, order, sizes)
        return cls(
            attributes=names,
            tallies=dict(zip(keys, parts, strict=True)),
        )

    def merged(self, others: Iterable[GroupTallies]) -> GroupTallies:
        """
        These tallies with those of *others*, parts of the same assessment
        counted with the same attributes.
        """
        return merge_group_tallies([self, *others])

    def total(self) -> Tally:
        """
        The tally of every respondent.
        """
        if not self.tallies:
            raise MedEngageError("there are no respondents to tally")
        return merge(self.tallies.values())

    def score(
        self, checklist: Checklist, strategy: Any = "mean", **options: Any
    ) -> ScoredAssessment:
        """
        The whole assessment scored, as `medengage.score` scores it, with a
        strategy that scores from a tally (every built-in does).
        """
        return score_tally(self.total(), checklist, strategy, **options)

    def breakdown(
        self,
        checklist: Checklist,
        by: str | Sequence[str],
        strategy: Any = "mean",
        *,
        depth: int = DEPTH,
        **options: Any,
    ) -> Breakdown | CrossedBreakdown:
        """
        The breakdown by *by* that `medengage.breakdown` makes of the whole
        assessment, with the same protection, planned from the counts these
        tallies hold: *attributes* must name every attribute the
        respondents give, as the plan covers them all.
        """
        from medengage.scoring import MIN_RESPONDENTS

        names = (by,) if isinstance(by, str) else tuple(by)
        given = {
            name: sum(
                counted.respondents
                for values, counted in self.tallies.items()
                if values[self.attributes.index(name)] is not None
            )
            for name in self.attributes
        }
        checked_attributes({n: c for n, c in given.items() if c}, names)
        if len(names) > depth:
            raise MedEngageError(
                f"a breakdown by {len(names)} attributes needs depth={len(names)} "
                f"or more, not {depth}: pass the same depth to every breakdown "
                "published with it"
            )
        threshold = options.get("min_respondents", MIN_RESPONDENTS)
        present = tuple(name for name in self.attributes if given[name])
        counts = AtomCounts.from_tallies(
            checklist,
            present,
            _projected(self, present),
        )
        planned = plan(counts, threshold, depth, levels=len(names))
        sizes = cells_of(counts, names)
        members = _projected(self, names)
        ordered = sorted(
            members.items(),
            key=lambda group: (
                -group[1].respondents,
                [(v is None, v or "") for v in group[0]],
            ),
        )
        total = protected(
            score_tally(self.total(), checklist, strategy, **options),
            planned,
            (),
            counts,
            counts.group(()),
        )
        groups = {
            tuple(NOT_STATED if value is None else value for value in values): (
                protected(
                    score_tally(counted, checklist, strategy, **options),
                    planned,
                    cell_key(names, values),
                    counts,
                    sizes[values],
                )
            )
            for values, counted in ordered
        }
        if isinstance(by, str):
            return Breakdown(
                by=by,
                total=total,
                groups={labels[0]: group for labels, group in groups.items()},
            )
        return CrossedBreakdown(by=names, total=total, groups=groups)


def merge_group_tallies(parts: Iterable[GroupTallies]) -> GroupTallies:
    """
    The group tallies of the parts *parts* count, taken together.

    Raises:
        MedEngageError: If there are none, or they name different
            attributes, or their tallies are of different assessments.
    """
    parts = list(parts)
    if not parts:
        raise MedEngageError("merge needs at least one part's tallies")
    attributes = parts[0].attributes
    for part in parts[1:]:
        if part.attributes != attributes:
            raise MedEngageError(
                f"cannot merge tallies made by {part.attributes} with tallies made "
                f"by {attributes}: tally every part by the same attributes"
            )
    gathered: dict[Values, list[Tally]] = {}
    for part in parts:
        for values, counted in part.tallies.items():
            gathered.setdefault(values, []).append(counted)
    merged = {values: merge(tallies) for values, tallies in gathered.items()}
    if merged:
        # Parts of different assessments may not be merged.
        merge(next(iter(t)) for t in gathered.values())
    return GroupTallies(attributes=attributes, tallies=merged)


def _projected(tallies: GroupTallies, names: Sequence[str]) -> dict[Values, Tally]:
    """
    The tallies of the groups that share values of *names*, merged.
    """
    where = [tallies.attributes.index(name) for name in names]
    gathered: dict[Values, list[Tally]] = {}
    for values, counted in tallies.tallies.items():
        gathered.setdefault(tuple(values[i] for i in where), []).append(counted)
    return {values: merge(parts) for values, parts in gathered.items()}


def _grouped(
    respondents: Respondents, names: tuple[str, ...]
) -> tuple[list[Values], Sequence[int], list[int]]:
    """
    The values of *names* each group of *respondents* gives, in the order
    they first appear; the respondents' places, a group after another; and
    how many respondents each group has.
    """
    given = [name for name in names if name in respondents.attribute_names]
    numpy = numpy_if_worth(len(respondents), _GROUPED_WITH_NUMPY_FROM)
    if numpy is None or not given:
        groups: dict[Values, list[int]] = {}
        columns = [respondents.attribute(name) for name in names]
        keys = zip(*columns, strict=True) if names else iter([()] * len(respondents))
        for index, values in enumerate(keys):
            groups.setdefault(values, []).append(index)
        order = [index for members in groups.values() for index in members]
        return list(groups), order, list(map(len, groups.values()))
    # Each respondent's group numbered by the codes of its values.
    number = numpy.zeros(len(respondents), dtype="int64")
    meanings = []
    for name in given:
        codes, meaning = respondents.attribute_codes(name)
        number *= len(meaning)
        number += numpy.frombuffer(codes, dtype=codes.format)
        meanings.append(meaning)
    numbers, first, sizes = numpy.unique(number, return_index=True, return_counts=True)
    appearing = numpy.argsort(first, kind="stable")
    # Stable, so that each group keeps its respondents in order.
    by_group = numpy.argsort(number, kind="stable")
    starts = numpy.cumsum(sizes) - sizes
    placed = numpy.concatenate(
        [by_group[starts[g] : starts[g] + sizes[g]] for g in appearing.tolist()]
    )
    found = []
    for group in numbers[appearing].tolist():
        named = {}
        for name, meaning in zip(given[::-1], meanings[::-1], strict=True):
            group, code = divmod(group, len(meaning))
            named[name] = meaning[code]
        found.append(tuple(named.get(name) for name in names))
    return found, placed, sizes[appearing].tolist()


#: How many respondents are put in groups with numpy where it is importable.
_GROUPED_WITH_NUMPY_FROM = 4096


def _parts(
    assessment: Assessment, order: Sequence[int], sizes: list[int]
) -> list[Tally]:
    """
    The tally of the respondents of *assessment* in each group: *order*
    lists their places, a group after another, each *sizes* long.
    """
    whole = assessment.respondents.columns
    if len(sizes) == 1:
        return [tally(assessment)]
    # Every column is put in the groups' order once; each group's answers
    # are then one slice of it.
    ordered = [selected(codes, order) for codes in whole.codes]
    tallies = []
    start = 0
    for size in sizes:
        end = start + size
        columns = AnswerColumns(
            tuple(codes[start:end] for codes in ordered), whole.values, size
        )
        tallies.append(
            tally_columns(
                assessment.checklist,
                columns,
                trust=assessment.trust,
                date=assessment.date,
            )
        )
        start = end
    return tallies
