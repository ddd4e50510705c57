"""
The disclosure audit: whether results meant to be published together let
anyone work out what they withhold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from functools import partial
from typing import TypeAlias

import attrs

from medengage._assessments import Assessment
from medengage._audit_levels import (
    FEATURES,
    RESPONDENTS,
    UNKNOWN,
    LevelSums,
)
from medengage._audit_levels import weights as level_weights
from medengage._breakdowns import NOT_STATED, Breakdown, CrossedBreakdown
from medengage._checklists import Audience
from medengage._display import Displayed, Table
from medengage._exact import (
    Span,
    TooMany,
    Vector,
    dependencies_modulo,
    modulo,
    zero_one_combinations,
)
from medengage._scores import Score, ScoredAssessment
from medengage.errors import DisclosureError, MedEngageError


#: A result to audit: of the whole assessment, or, paired with the part of
#: it that was scored, of a sub-assessment.
Published: TypeAlias = (
    "ScoredAssessment | Breakdown | CrossedBreakdown "
    "| tuple[ScoredAssessment | Breakdown | CrossedBreakdown, Assessment]"
)

#: How the built-in strategies make a group's overall score: from its
#: feature scores, or as a mean over respondents of each one's own.
_OVERALL_FROM = {
    "mean": "features",
    "weighted": "features",
    "percent-positive": "features",
    "staff-survey": "respondents",
}

#: The most steps the audit takes in its search for unions of small
#: withheld groups whose sum is determined, for one score.
MAX_UNIONS = 1 << 16


@attrs.frozen
class Disclosure:
    """
    A withheld score, or the sum of a union of withheld groups too small to
    show, that published results determine.

    Attributes:
        score: ``overall``, or the id of the feature.
        groups: The withheld groups, each as its result names it.
        doctors: How many doctors gave answers of their own to that score
            in those groups.
        min_respondents: The threshold it falls under.
    """

    score: str
    groups: tuple[str, ...]
    doctors: int
    min_respondents: int

    def __str__(self) -> str:
        which = " + ".join(self.groups)
        if len(self.groups) == 1:
            return (
                f"{self.score} of {which}: withheld, but it can be worked out "
                f"from what is published ({self.doctors} doctors)"
            )
        return (
            f"{self.score} of {which} together: {self.doctors} doctors, fewer "
            f"than {self.min_respondents}, and their sum can be worked out from "
            "what is published"
        )


@attrs.frozen
class DisclosureAudit(Displayed):
    """
    What an audit of results meant to be published together found.

    Attributes:
        disclosures: Each withheld score, and each union of withheld groups
            resting on too few doctors, that the published scores determine.
        results: How many results were audited.
        groups: How many distinct groups of respondents they cover.
    """

    disclosures: tuple[Disclosure, ...]
    results: int
    groups: int

    @property
    def safe(self) -> bool:
        """
        Whether nothing withheld can be worked out.
        """
        return not self.disclosures

    def check(self) -> None:
        """
        Raise if anything withheld can be worked out.

        Raises:
            DisclosureError: Listing each disclosure, and what to do.
        """
        if self.disclosures:
            raise DisclosureError(str(self))

    def __str__(self) -> str:
        if self.safe:
            return (
                f"nothing withheld can be worked out from these {self.results} "
                f"results ({self.groups} groups)"
            )
        lines = [
            f"{len(self.disclosures)} withheld values can be worked out from "
            f"these {self.results} results:",
            *(f"  {d}" for d in self.disclosures),
            "Publish breakdowns made by medengage.breakdown, which withholds "
            "over all of them together, or leave out some of these results.",
        ]
        return "\n".join(lines)

    def table(self) -> Table:
        """
        The disclosures as a table, as they show in a notebook.
        """
        return Table(
            caption=str(self).splitlines()[0],
            columns=("score", "withheld groups", "doctors"),
            rows=tuple(
                (d.score, " + ".join(d.groups), str(d.doctors))
                for d in self.disclosures
            ),
            numeric=frozenset({2}),
        )


def audit(
    assessment: Assessment,
    published: Iterable[Published],
    *,
    min_respondents: int | None = None,
) -> DisclosureAudit:
    """
    Check that results of *assessment* meant to be published together do
    not let anyone work out what they withhold.

    Every published score is a sum over respondents divided by a count
    everyone can see, so a reader can subtract one group from another, or
    a group's features from its overall. The audit finds, by exact
    arithmetic over rational numbers, every withheld score that the
    published ones determine, and every union of disjoint withheld groups
    resting on fewer than *min_respondents* doctors whose sum they
    determine.

    Args:
        assessment: The assessment every result comes from.
        published: The results: scored assessments and breakdowns of the
            whole assessment, or pairs of a result and the sub-assessment
            (some of *assessment*'s respondents) it was made from.
        min_respondents: The threshold; by default, each result's own.

    Raises:
        MedEngageError: If a result does not come from *assessment*.
    """
    published = list(published)
    cells = list(_cells(assessment, published))
    if not cells:
        raise MedEngageError("nothing to audit: give the results to be published")
    model = _Model(assessment, cells, min_respondents)
    return DisclosureAudit(
        disclosures=tuple(model.disclosures()),
        results=len(published),
        groups=len({c.members for c in cells}),
    )


@attrs.frozen
class _Cell:
    """
    One published group's scores, with who it covers.
    """

    label: str
    members: int  # respondents, as bits of their positions
    scored: ScoredAssessment
    result: object


def _cells(assessment: Assessment, published: Iterable[Published]) -> Iterator[_Cell]:
    position = {r.id: n for n, r in enumerate(assessment.respondents)}
    everyone = (1 << len(position)) - 1
    for number, item in enumerate(published, 1):
        result, part = item if isinstance(item, tuple) else (item, None)
        covered = everyone
        prefix = ""
        if part is not None:
            if not isinstance(part, Assessment):
                raise MedEngageError(
                    f"result {number}: pair a result with the Assessment it "
                    f"scored, not {type(part).__name__}"
                )
            covered = 0
            for respondent in part.respondents:
                if respondent.id not in position:
                    raise MedEngageError(
                        f"result {number}: respondent {respondent.id!r} is not "
                        "in the assessment audited"
                    )
                covered |= 1 << position[respondent.id]
            prefix = f"part {number}: "
        if isinstance(result, ScoredAssessment):
            yield _checked(assessment, _Cell(f"{prefix}all", covered, result, result))
        elif isinstance(result, (Breakdown, CrossedBreakdown)):
            by = (result.by,) if isinstance(result, Breakdown) else result.by
            yield _checked(
                assessment, _Cell(f"{prefix}all", covered, result.total, result)
            )
            for key, scored in result.groups.items():
                values = (key,) if isinstance(result, Breakdown) else key
                members = covered & _having(assessment, by, values)  # type: ignore[arg-type]
                label = ", ".join(f"{n}={v}" for n, v in zip(by, values, strict=True))
                yield _checked(
                    assessment, _Cell(f"{prefix}{label}", members, scored, result)
                )
        else:
            raise MedEngageError(
                f"result {number} is a {type(result).__name__}: give "
                "ScoredAssessments and Breakdowns, alone or paired with the "
                "sub-assessment they scored"
            )


def _having(
    assessment: Assessment, by: tuple[str, ...], values: tuple[str, ...]
) -> int:
    members = 0
    for n, respondent in enumerate(assessment.respondents):
        if all(
            respondent.attributes.get(name, NOT_STATED) == value
            for name, value in zip(by, values, strict=True)
        ):
            members |= 1 << n
    return members


def _checked(assessment: Assessment, cell: _Cell) -> _Cell:
    scored = cell.scored
    if (scored.trust, scored.date, scored.checklist) != (
        assessment.trust,
        assessment.date,
        assessment.checklist.id,
    ):
        raise MedEngageError(
            f"{cell.label}: the result is of {scored.trust} {scored.date} on "
            f"{scored.checklist!r}, not of the assessment audited"
        )
    answering = sum(
        1
        for n, respondent in enumerate(assessment.respondents)
        if cell.members >> n & 1 and len(respondent.answers)
    )
    if scored.strategy in _OVERALL_FROM and scored.overall.respondents != answering:
        raise MedEngageError(
            f"{cell.label}: the result rests on {scored.overall.respondents} "
            f"respondents, but {answering} of the assessment's are in that group: "
            "pair a result of part of the assessment with the sub-assessment it "
            "scored"
        )
    return cell


class _Model:
    """
    The published scores as linear equations over the sums of each column
    (a feature, or the overall score where it is a mean over respondents)
    in each atom: the respondents no published group tells apart.
    """

    def __init__(
        self, assessment: Assessment, cells: list[_Cell], threshold: int | None
    ) -> None:
        self.cells = cells
        self.threshold = threshold
        checklist = assessment.checklist
        self.features = [f.id for f in checklist.features]
        self.own = {
            f.id: any(
                i.audience is Audience.INDIVIDUAL for i in checklist.items_for(f.id)
            )
            for f in checklist.features
        }
        signatures: dict[int, int] = {}
        atom_of = []
        for n in range(len(assessment.respondents)):
            signature = sum(
                1 << c for c, cell in enumerate(cells) if cell.members >> n & 1
            )
            atom_of.append(signatures.setdefault(signature, len(signatures)))
        self.atoms = len(signatures)
        self.cell_atoms = [
            {atom_of[n] for n in range(len(atom_of)) if cell.members >> n & 1}
            for cell in cells
        ]
        # For each atom: who answered each feature (any answer), who answered
        # it for themselves, and the sets of features answered.
        self.answering = [[0] * len(self.features) for _ in range(self.atoms)]
        self.doctors = [[0] * (len(self.features) + 1) for _ in range(self.atoms)]
        answered_sets: list[set[frozenset[int]]] = [set() for _ in range(self.atoms)]
        answered_by: list[frozenset[str]] = []
        for n, respondent in enumerate(assessment.respondents):
            atom = atom_of[n]
            answered = set()
            own = False
            for f, feature in enumerate(self.features):
                items = checklist.items_for(feature)
                given = [i for i in items if i.id in respondent.answers]
                if given:
                    answered.add(f)
                    self.answering[atom][f] += 1
                if any(i.audience is Audience.INDIVIDUAL for i in given):
                    self.doctors[atom][f] += 1
                    own = True
            self.doctors[atom][-1] += own
            answered_by.append(frozenset(self.features[f] for f in answered))
            if answered:
                answered_sets[atom].add(frozenset(answered))
        self.uniform = {
            atom: next(iter(sets))
            for atom, sets in enumerate(answered_sets)
            if len(sets) == 1
        }
        self.anyone = {atom for atom, sets in enumerate(answered_sets) if sets}
        self.levels = (
            LevelSums(checklist, answered_by, atom_of) if checklist.levels else None
        )
        self.span = Span(self._equations())

    def _overall_from(self, scored: ScoredAssessment) -> str | None:
        if scored.strategy in _OVERALL_FROM:
            return _OVERALL_FROM[scored.strategy]
        from medengage.scoring import get_strategy

        try:
            strategy = get_strategy(scored.strategy)
        except MedEngageError:
            return None
        declared = getattr(strategy, "overall_from", None)
        if declared is None and isinstance(
            getattr(strategy, "respondent_first", None), bool
        ):
            # A strategy built on TallyStrategy says so by this flag.
            declared = "respondents" if strategy.respondent_first else "features"  # type: ignore[attr-defined]
        return declared if declared in ("features", "respondents") else None

    def _feature_sum(self, c: int, f: int) -> Vector:
        return {(f, a): Fraction(1) for a in self.cell_atoms[c] if self.answering[a][f]}

    def _respondent_sum(self, c: int) -> Vector:
        return {(-1, a): Fraction(1) for a in self.cell_atoms[c] if a in self.anyone}

    def _overall_sums(self, c: int) -> list[Vector]:
        """
        What a cell's overall score is a known multiple of: under a
        strategy whose overall is made from feature scores, their sums
        weighted as it weighs them; under one whose overall is a mean over
        respondents, the sum of each one's own; under a strategy that says
        neither, both, to be safe.
        """
        scored = self.cells[c].scored
        how = self._overall_from(scored)
        sums = []
        if how in ("features", None) and self.levels is not None:
            sums.append(
                self.levels.feature_mix(None, scored, lambda f: self._feature_sum(c, f))
            )
        elif how in ("features", None):
            weights = scored.options.get("feature_weights", {})
            combined: Vector = {}
            for f, feature in enumerate(self.features):
                score = scored.features.get(feature)
                if score is None or not score.respondents:
                    continue
                if scored.strategy == "percent-positive":
                    factor = Fraction(1)
                else:
                    weight = (
                        weights.get(feature, 1) if isinstance(weights, Mapping) else 1
                    )
                    factor = Fraction(weight) / score.respondents
                for key, x in self._feature_sum(c, f).items():
                    combined[key] = combined.get(key, 0) + factor * x
            sums.append(combined)
        if how in ("respondents", None):
            sums.append(self._respondent_sum(c))
        return sums

    def _equations(self) -> Iterator[Vector]:
        for c, cell in enumerate(self.cells):
            for f, feature in enumerate(self.features):
                score = cell.scored.features.get(feature)
                if score is not None and _shown(score):
                    yield self._feature_sum(c, f)
            if _shown(cell.scored.overall):
                yield from self._overall_sums(c)
            if self.levels is not None:
                for level in self.levels.ids:
                    score = cell.scored.levels.get(level)
                    if score is not None and _shown(score):
                        yield from self._level_sums(c, level)
        if self.levels is not None:
            yield from self.levels.identities(level_weights(self.cells[0].scored))
        if all(self._overall_from(c.scored) == "features" for c in self.cells):
            return
        # Where everyone in an atom answered the same features, each one's
        # own overall is the mean of their feature scores, and so is the
        # atom's sum.
        for atom, answered in self.uniform.items():
            if self.levels is not None:
                weight = level_weights(self.cells[0].scored)
                yield self.levels.overall_identity(atom, answered, weight)
                continue
            identity: Vector = {(-1, atom): Fraction(1)}
            for f in answered:
                identity[(f, atom)] = Fraction(-1, len(answered))
            yield identity

    def _level_sums(self, c: int, level: str) -> list[Vector]:
        """
        What a cell's score on *level* is a known multiple of: the sum of
        respondents' own level scores where it is made respondent first,
        its features' sums where it is made from its parts; both where the
        strategy does not say.
        """
        assert self.levels is not None
        scored = self.cells[c].scored
        how = self.levels.method(level, scored)
        sums = []
        if how in (FEATURES, UNKNOWN):
            sums.append(
                self.levels.feature_mix(
                    level, scored, lambda f: self._feature_sum(c, f)
                )
            )
        if how in (RESPONDENTS, UNKNOWN):
            sums.append(self.levels.respondent_sum(level, self.cell_atoms[c]))
        return sums

    def _level_disclosures(self) -> Iterator[Disclosure]:
        assert self.levels is not None
        for level in self.levels.ids:
            if not self.levels.own[level]:
                continue
            withheld = [
                c
                for c, cell in enumerate(self.cells)
                if (score := cell.scored.levels.get(level)) is not None
                and score.withheld
            ]
            residuals: dict[int, Vector] = {}
            yield from self._determined(
                level,
                level,
                withheld,
                partial(self._level_sums, level=level),
                residuals,
            )
            yield from self._unions(level, level, withheld, residuals)

    def disclosures(self) -> Iterator[Disclosure]:
        if self.levels is not None:
            yield from self._level_disclosures()
        columns: list[tuple[str, int | None]] = [
            (feature, f) for f, feature in enumerate(self.features) if self.own[feature]
        ]
        columns.append(("overall", None))
        for name, f in columns:
            withheld = [
                c
                for c, cell in enumerate(self.cells)
                if _pick(cell.scored, name).withheld
            ]
            residuals: dict[int, Vector] = {}
            yield from self._determined(
                name, f, withheld, partial(self._column_sums, f=f), residuals
            )
            if f is None and not any(
                self._overall_from(self.cells[c].scored) == "respondents"
                for c in withheld
            ):
                # A union of groups has no overall made from features.
                continue
            yield from self._unions(name, f, withheld, residuals)

    def _column_sums(self, c: int, f: int | None) -> list[Vector]:
        return [self._feature_sum(c, f)] if f is not None else self._overall_sums(c)

    def _determined(
        self,
        name: str,
        f: int | str | None,
        withheld: list[int],
        sums_of: Callable[[int], list[Vector]],
        residuals: dict[int, Vector],
    ) -> Iterator[Disclosure]:
        """
        Each of the *withheld* cells whose score *name* the published sums
        determine; what they leave of each (of its last reading) is put in
        *residuals*.
        """
        for c in withheld:
            targets = [s for s in sums_of(c) if s]
            if not targets:
                continue
            # Under a strategy that says neither, a score is safe if either
            # reading of it leaves it undetermined.
            leftovers = [self.span.residual(t) for t in targets]
            residuals[c] = leftovers[-1]
            if all(not left for left in leftovers):
                yield Disclosure(
                    name,
                    (self.cells[c].label,),
                    self._doctors(c, f),
                    self._threshold(c),
                )

    def _unions(
        self,
        name: str,
        f: int | str | None,
        withheld: list[int],
        residuals: dict[int, Vector],
    ) -> Iterator[Disclosure]:
        """
        Each union of disjoint withheld groups resting on too few doctors
        whose sum is determined: whose residuals, what the published sums
        leave of each, add up to nothing.
        """
        cells = [c for c in withheld if c in residuals]
        keys = sorted({key for c in cells for key in residuals[c]})
        number = {key: n for n, key in enumerate(keys)}
        relations = dependencies_modulo(
            [{number[key]: modulo(x) for key, x in residuals[c].items()} for c in cells]
        )
        threshold = min((self._threshold(c) for c in cells), default=0)

        def join(
            state: tuple[frozenset[int], int], j: int
        ) -> tuple[frozenset[int], int] | None:
            atoms, doctors = state
            c = cells[j]
            doctors += self._doctors(c, f)
            if atoms & self.cell_atoms[c] or doctors >= threshold:
                return None
            return atoms | self.cell_atoms[c], doctors

        nobody: frozenset[int] = frozenset()
        try:
            for positions in zero_one_combinations(
                relations,
                len(cells),
                (nobody, 0),
                join,
                lambda state: state[1] > 0,
                MAX_UNIONS,
            ):
                family = [cells[j] for j in positions]
                total: Vector = {}
                for c in family:
                    for key, x in residuals[c].items():
                        total[key] = total.get(key, 0) + x
                if len(family) > 1 and not any(total.values()):
                    yield Disclosure(
                        name,
                        tuple(self.cells[c].label for c in family),
                        sum(self._doctors(c, f) for c in family),
                        threshold,
                    )
        except TooMany:
            raise MedEngageError(
                "too many small withheld groups to audit every union of them: "
                "audit fewer results at once"
            ) from None

    def _doctors(self, c: int, f: int | str | None) -> int:
        if isinstance(f, str):
            assert self.levels is not None
            return sum(self.levels.doctors[f][a] for a in self.cell_atoms[c])
        column = len(self.features) if f is None else f
        return sum(self.doctors[a][column] for a in self.cell_atoms[c])

    def _threshold(self, c: int) -> int:
        return self.threshold or self.cells[c].scored.min_respondents


def _shown(score: Score) -> bool:
    return not score.withheld and score.value is not None


def _pick(scored: ScoredAssessment, name: str) -> Score:
    if name == "overall":
        return scored.overall
    found: Score = scored.features.get(name, Score(value=None, respondents=0))
    return found
