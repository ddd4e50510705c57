"""
An attacker, written apart from medengage's own audit, that tries to work
out withheld scores from published ones by exact linear algebra.

It knows everything but the answers: who is in every group, how many of
each group answered each feature (for themselves, or at all), and which
features each respondent answered. Every published score then gives a
linear equation over the sums, per atom (respondents no published group
and no attribute tells apart), of each feature's scores; under
``staff-survey`` also of each respondent's own overall, which for an atom
whose members answered the same features is the mean of their feature
scores. A withheld score, or the sum of a union of withheld groups resting
on too few doctors, is worked out when its vector lies in the span of the
equations. Arithmetic is modulo a large prime: exact for any system whose
rank the prime does not divide down, which for these small integer systems
is all of them but with a chance of about one in 2**61.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import medengage
from medengage import Assessment, Audience, ScoredAssessment


PRIME = (1 << 61) - 1


@dataclass(frozen=True)
class Group:
    """
    A published group: its respondents' ids, its scores, and a name.
    """

    name: str
    ids: frozenset[str]
    scored: ScoredAssessment


def groups_of(
    result: ScoredAssessment | medengage.Breakdown | medengage.CrossedBreakdown,
    assessment: Assessment,
) -> list[Group]:
    """
    The groups a result publishes, for respondents of *assessment*.
    """
    everyone = frozenset(r.id for r in assessment.respondents)
    if isinstance(result, ScoredAssessment):
        return [Group("all", everyone, result)]
    by = (result.by,) if isinstance(result, medengage.Breakdown) else result.by
    found = [Group("all", everyone, result.total)]
    for key, scored in result.groups.items():
        values = (key,) if isinstance(key, str) else key
        ids = frozenset(
            r.id
            for r in assessment.respondents
            if all(
                r.attributes.get(n, medengage.NOT_STATED) == v
                for n, v in zip(by, values, strict=True)
            )
        )
        found.append(Group(f"{'/'.join(by)}={'/'.join(values)}", ids, scored))
    return found


class Attacker:
    """
    What published groups of one assessment let a reader work out.
    """

    def __init__(self, assessment: Assessment, groups: Sequence[Group]) -> None:
        checklist = assessment.checklist
        self.groups = list(groups)
        self.features = [f.id for f in checklist.features]
        self.own_features = [
            f
            for f in self.features
            if any(i.audience is Audience.INDIVIDUAL for i in checklist.items_for(f))
        ]
        names = sorted({n for r in assessment.respondents for n in r.attributes})
        atoms: dict[tuple[object, ...], list[medengage.Respondent]] = {}
        for r in assessment.respondents:
            key = (
                tuple(r.attributes.get(n) for n in names),
                tuple(r.id in g.ids for g in groups),
            )
            atoms.setdefault(key, []).append(r)
        self.atoms = list(atoms.values())
        self.members = [
            {a for a, people in enumerate(self.atoms) if people[0].id in g.ids}
            for g in groups
        ]

        def answered(r: medengage.Respondent, feature: str) -> bool:
            return any(i.id in r.answers for i in checklist.items_for(feature))

        def own(r: medengage.Respondent, feature: str) -> bool:
            return any(
                i.id in r.answers and i.audience is Audience.INDIVIDUAL
                for i in checklist.items_for(feature)
            )

        self.answering = [
            {f: sum(answered(r, f) for r in people) for f in self.features}
            for people in self.atoms
        ]
        self.own = [
            {f: sum(own(r, f) for r in people) for f in self.features}
            | {"overall": sum(any(own(r, f) for f in self.features) for r in people)}
            for people in self.atoms
        ]
        sets = [
            {frozenset(f for f in self.features if answered(r, f)) for r in people}
            for people in self.atoms
        ]
        self.uniform = {
            a: next(iter(s))
            for a, s in enumerate(sets)
            if len(s) == 1 and next(iter(s))
        }
        self.variables: dict[tuple[str, int], int] = {}
        self.basis: dict[int, dict[int, int]] = {}
        for equation in self._equations():
            self._add(equation)

    # Vectors are dictionaries of variable -> value mod PRIME.

    def _var(self, column: str, atom: int) -> int:
        return self.variables.setdefault((column, atom), len(self.variables))

    def _sum(self, g: int, feature: str) -> dict[int, int]:
        return {
            self._var(feature, a): 1
            for a in self.members[g]
            if self.answering[a][feature]
        }

    def _respondent_sum(self, g: int) -> dict[int, int]:
        return {
            self._var("E", a): 1
            for a in self.members[g]
            if any(self.answering[a].values())
        }

    def _overall(self, g: int) -> list[dict[int, int]]:
        scored = self.groups[g].scored
        if scored.strategy == "staff-survey":
            return [self._respondent_sum(g)]
        combined: dict[int, int] = {}
        weights = scored.options.get("feature_weights", {})
        for feature in self.features:
            n = sum(self.answering[a][feature] for a in self.members[g])
            if not n:
                continue
            if scored.strategy == "percent-positive":
                factor = 1
            else:
                weight = weights.get(feature, 1)
                numerator, denominator = float(weight).as_integer_ratio()
                factor = numerator * pow(denominator * n, -1, PRIME) % PRIME
            for v, x in self._sum(g, feature).items():
                combined[v] = (combined.get(v, 0) + factor * x) % PRIME
        return [combined]

    def _equations(self) -> Iterable[dict[int, int]]:
        for g, group in enumerate(self.groups):
            for feature in self.features:
                score = group.scored.features[feature]
                if not score.withheld and score.value is not None:
                    yield self._sum(g, feature)
            if (
                not group.scored.overall.withheld
                and group.scored.overall.value is not None
            ):
                yield from self._overall(g)
        if any(g.scored.strategy == "staff-survey" for g in self.groups):
            for a, answered in self.uniform.items():
                identity = {self._var("E", a): 1}
                share = pow(len(answered), -1, PRIME)
                for feature in answered:
                    identity[self._var(feature, a)] = -share % PRIME
                yield identity

    def _reduce(self, vector: dict[int, int]) -> dict[int, int]:
        left = {v: x % PRIME for v, x in vector.items() if x % PRIME}
        while left:
            pivot = min(left)
            row = self.basis.get(pivot)
            if row is None:
                return left
            factor = left[pivot]
            for v, x in row.items():
                y = (left.get(v, 0) - factor * x) % PRIME
                if y:
                    left[v] = y
                else:
                    left.pop(v, None)
        return left

    def _add(self, vector: dict[int, int]) -> None:
        left = self._reduce(vector)
        if not left:
            return
        pivot = min(left)
        inverse = pow(left[pivot], -1, PRIME)
        self.basis[pivot] = {v: x * inverse % PRIME for v, x in left.items()}

    def determined(self, vector: dict[int, int]) -> bool:
        """
        Whether the published scores fix *vector*'s value.
        """
        return not self._reduce(vector)

    def findings(self) -> list[str]:
        """
        Every withheld score, and every union of disjoint withheld groups
        resting on too few doctors, that the published scores determine.
        """
        found = []
        threshold = self.groups[0].scored.min_respondents
        for column in [*self.own_features, "overall"]:
            withheld = []
            for g, group in enumerate(self.groups):
                score = (
                    group.scored.overall
                    if column == "overall"
                    else group.scored.features[column]
                )
                if not score.withheld:
                    continue
                targets = (
                    self._overall(g) if column == "overall" else [self._sum(g, column)]
                )
                if all(not t or self.determined(t) for t in targets) and any(targets):
                    found.append(f"{column} of {group.name}")
                withheld.append(g)
            if column == "overall" and not any(
                self.groups[g].scored.strategy == "staff-survey" for g in withheld
            ):
                continue
            found += self._unions(column, withheld, threshold)
        return found

    def _unions(self, column: str, withheld: list[int], threshold: int) -> list[str]:
        found = []
        seen: set[frozenset[int]] = set()
        small = [
            g
            for g in withheld
            if sum(self.own[a][column] for a in self.members[g]) < threshold
        ]
        for size in range(2, min(len(small), 5) + 1):
            for family in itertools.combinations(small, size):
                atoms: set[int] = set()
                disjoint = True
                for g in family:
                    if atoms & self.members[g]:
                        disjoint = False
                        break
                    atoms |= self.members[g]
                if not disjoint or frozenset(atoms) in seen:
                    continue
                doctors = sum(self.own[a][column] for a in atoms)
                if not 0 < doctors < threshold:
                    continue
                seen.add(frozenset(atoms))
                vector: dict[int, int] = {}
                for g in family:
                    part = (
                        self._respondent_sum(g)
                        if column == "overall"
                        else self._sum(g, column)
                    )
                    for v, x in part.items():
                        vector[v] = vector.get(v, 0) + x
                if vector and self.determined(vector):
                    names = " + ".join(self.groups[g].name for g in family)
                    found.append(f"{column} of {names} ({doctors} doctors)")
        return found
