"""
The audit's model of an attacker: published scores as linear equations over
the sums of the respondents no published group tells apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from functools import partial

import attrs

from medengage._assessments import Assessment
from medengage._audit_findings import Disclosure
from medengage._audit_levels import (
    FEATURES,
    RESPONDENTS,
    UNKNOWN,
    LevelSums,
)
from medengage._audit_levels import weights as level_weights
from medengage._checklists import Audience
from medengage._exact import (
    Span,
    TooMany,
    Vector,
    dependencies_modulo,
    modulo,
    zero_one_combinations,
)
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError


#: How the built-in strategies make a group's overall score: from its
#: feature scores, or as a mean over respondents of each one's own.
OVERALL_FROM = {
    "mean": "features",
    "weighted": "features",
    "percent-positive": "features",
    "staff-survey": "respondents",
}

#: The most steps the audit takes in its search for unions of small
#: withheld groups whose sum is determined, for one score.
MAX_UNIONS = 1 << 16


@attrs.frozen
class Cell:
    """
    One published group's scores, with who it covers.
    """

    label: str
    members: int  # respondents, as bits of their positions
    scored: ScoredAssessment
    result: object


class AuditModel:
    """
    The published scores as linear equations over the sums of each column
    (a feature, or the overall score where it is a mean over respondents)
    in each atom: the respondents no published group tells apart.
    """

    def __init__(
        self, assessment: Assessment, cells: list[Cell], threshold: int | None
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
        if scored.strategy in OVERALL_FROM:
            return OVERALL_FROM[scored.strategy]
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
