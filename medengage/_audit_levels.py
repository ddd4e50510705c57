"""
Levels as the disclosure audit reads them: what a published level score
is a known multiple of, over the same sums as the features.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction

from medengage._checklists import Audience, Checklist
from medengage._exact import Vector
from medengage._levels import LevelMethod, feature_coefficients
from medengage._scores import ScoredAssessment
from medengage.errors import MedEngageError


#: How a level is made, as the audit reads it: respondent first, from its
#: features' scores, or not known (a plugin that does not say).
RESPONDENTS, FEATURES, UNKNOWN = "respondents", "features", None


class LevelSums:
    """
    The levels of a checklist, as sums over the audit's atoms.

    A level made respondent first is a new sum: of each respondent's own
    level score, in each atom, keyed ``(-2 - n, atom)`` for the *n*-th
    level. Where everyone in an atom answered the same features under the
    level, that sum is a fixed mix of the atom's feature sums. A level made
    from its parts' scores is a fixed mix of its features' scores, shown
    whenever they are: it is withheld with them, and is determined where
    they all are.

    Attributes:
        ids: The levels' ids, in the checklist's order.
        own: Whether doctors answer some item under each level themselves.
    """

    def __init__(
        self,
        checklist: Checklist,
        answered: list[frozenset[str]],
        atom_of: list[int],
    ) -> None:
        self.checklist = checklist
        self.ids = [level.id for level in checklist.levels]
        self.features = [f.id for f in checklist.features]
        self.own = {
            level: any(
                i.audience is Audience.INDIVIDUAL for i in checklist.items_under(level)
            )
            for level in self.ids
        }
        atoms = max(atom_of, default=-1) + 1
        # For each level and atom: the sets of features under the level
        # that its respondents answered.
        self.sets: dict[str, list[set[frozenset[str]]]] = {}
        self.doctors: dict[str, list[int]] = {}
        for level in self.ids:
            under = frozenset(f.id for f in checklist.features_under(level))
            own = frozenset(
                i.feature
                for i in checklist.items_under(level)
                if i.audience is Audience.INDIVIDUAL
            )
            sets: list[set[frozenset[str]]] = [set() for _ in range(atoms)]
            doctors = [0] * atoms
            for respondent, features in enumerate(answered):
                inside = features & under
                if inside:
                    sets[atom_of[respondent]].add(inside)
                doctors[atom_of[respondent]] += bool(features & own)
            self.sets[level] = sets
            self.doctors[level] = doctors

    def method(self, level: str | None, scored: ScoredAssessment) -> str | None:
        """
        How *level* (None for the overall) is made in *scored*.
        """
        declared: LevelMethod | str | None = None
        if level is not None:
            declared = self.checklist.level(level).method
        if declared is None:
            declared = _own_method(scored.strategy)
        if declared is LevelMethod.RESPONDENT_FIRST:
            return RESPONDENTS
        if declared == "unknown":
            return UNKNOWN
        return FEATURES

    def respondent_sum(self, level: str, atoms: set[int]) -> Vector:
        """
        The sum of respondents' own scores on *level* over *atoms*.
        """
        key = -2 - self.ids.index(level)
        return {(key, a): Fraction(1) for a in atoms if self.sets[level][a]}

    def identities(self, weight: Callable[[str], Fraction]) -> Iterator[Vector]:
        """
        For each level and each atom whose respondents answered the same
        features under it: their level sum as the mix of their feature sums.
        """
        for n, level in enumerate(self.ids):
            for atom, sets in enumerate(self.sets[level]):
                if len(sets) != 1:
                    continue
                (present,) = sets
                identity: Vector = {(-2 - n, atom): Fraction(1)}
                coefficients = feature_coefficients(
                    self.checklist._hierarchy, level, present, weight
                )
                for feature, x in coefficients.items():
                    identity[(self.features.index(feature), atom)] = -x
                yield identity

    def overall_identity(
        self, atom: int, present: frozenset[int], weight: Callable[[str], Fraction]
    ) -> Vector:
        """
        An atom's sum of respondents' own overall scores, where they all
        answered the features *present* (by position), as the mix of its
        feature sums.
        """
        identity: Vector = {(-1, atom): Fraction(1)}
        coefficients = feature_coefficients(
            self.checklist._hierarchy,
            None,
            frozenset(self.features[f] for f in present),
            weight,
        )
        for feature, x in coefficients.items():
            identity[(self.features.index(feature), atom)] = -x
        return identity

    def feature_mix(
        self,
        level: str | None,
        scored: ScoredAssessment,
        feature_sum: Callable[[int], Vector],
    ) -> Vector:
        """
        What *level* (None for the overall), made from its parts' scores,
        is a known multiple of: its features' sums, each weighted by what
        its score counts for in the level over how many it rests on.
        """
        weight = weights(scored)
        present = frozenset(
            f
            for f, s in scored.features.items()
            if s.respondents and f in self.features
        )
        coefficients = feature_coefficients(
            self.checklist._hierarchy, level, present, weight
        )
        pooled = _own_method(scored.strategy) is None and (
            level is None or self.checklist.level(level).method is None
        )
        combined: Vector = {}
        for feature, x in coefficients.items():
            factor = Fraction(1) if pooled else x / scored.features[feature].respondents
            for key, y in feature_sum(self.features.index(feature)).items():
                combined[key] = combined.get(key, 0) + factor * y
        return combined


def weights(scored: ScoredAssessment) -> Callable[[str], Fraction]:
    """
    The weight of each part in *scored*: from its ``feature_weights``
    option, 1 where that names none.
    """
    given = scored.options.get("feature_weights", {})
    if not isinstance(given, Mapping):
        given = {}
    return lambda part: Fraction(given.get(part, 1))


def _own_method(strategy: str) -> LevelMethod | str | None:
    """
    The level method of the strategy named *strategy*: None where it pools
    answers, `UNKNOWN` where it is not known.
    """
    from medengage.scoring import get_strategy

    try:
        found = get_strategy(strategy)
    except MedEngageError:
        return "unknown"
    method = getattr(found, "level_method", "unknown")
    return method if method is None or isinstance(method, LevelMethod) else "unknown"
