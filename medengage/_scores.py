"""
Scored assessments: what a scoring strategy makes of an assessment.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import attrs

from medengage import _validation as v
from medengage._bands import Banding
from medengage._checklists import Checklist
from medengage._display import Displayed, Table, scored_table
from medengage._frozen import FrozenMap, freeze_map
from medengage._trusts import ods_code
from medengage._weights import Weighting
from medengage.errors import Problem, ValidationError


#: What a strategy's option may be: a number, text, true or false, or a
#: mapping of ids to numbers (such as feature weights).
OptionValue = str | int | float | bool | FrozenMap[str, float]


def freeze_options(options: Mapping[str, Any]) -> FrozenMap[str, OptionValue]:
    """
    *options* as kept with a result, checked.
    """
    frozen: dict[str, OptionValue] = {}
    for name, value in options.items():
        if not isinstance(name, str) or not v.is_identifier(name.replace("_", "-")):
            raise ValidationError.single("options", f"{name!r} is not an option name")
        if isinstance(value, Mapping):
            value = FrozenMap(
                {
                    _option_key(name, k): _option_number(name, k, x)
                    for k, x in value.items()
                }
            )
        elif isinstance(value, (list, tuple, set, frozenset)):
            raise ValidationError.single(
                f"options.{name}",
                f"{value!r} is a sequence, which a result cannot keep: give a "
                "mapping of ids to numbers, or the values as text",
            )
        elif not isinstance(value, (str, bool, int, float)) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            raise ValidationError.single(
                f"options.{name}",
                f"{value!r} cannot be kept with a result: use a number, text, "
                "true or false, or a mapping of ids to numbers",
            )
        elif isinstance(value, str) and (bad := v.bad_character(value, multiline=True)):
            raise ValidationError.single(f"options.{name}", f"{value!r} contains {bad}")
        frozen[name] = value
    return FrozenMap(frozen)


@attrs.frozen
class Score:
    """
    One score: of a feature, or overall.

    Attributes:
        value: The score, or None where it is withheld or nobody answered.
        respondents: How many respondents it rests on.
        band: The band the score falls in, or None where there is no value.
        withheld: Whether the score is withheld to protect respondents, as
            it rests on too few of them (or could be worked out from other
            scores that are published).
        effective_respondents: Kish's effective sample size of the
            respondents' weights, ``(Σw)² / Σw²``, for a weighted score
            with a value; None otherwise.
    """

    value: float | None
    respondents: int = attrs.field(validator=v.count)
    band: str | None = attrs.field(default=None, validator=v.optional_label)
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))
    effective_respondents: float | None = attrs.field(
        default=None, converter=v.to_float
    )

    def __attrs_post_init__(self) -> None:
        if self.value is not None and not v.is_number(self.value):
            raise ValidationError.single("value", f"{self.value!r} is not a number")
        if self.withheld and (self.value is not None or self.band is not None):
            raise ValidationError.single(
                "withheld", "a withheld score has no value and no band"
            )
        if self.value is None and self.band is not None:
            raise ValidationError.single("band", "a score with no value has no band")
        if self.effective_respondents is not None:
            _check_effective(self)

    def __repr__(self) -> str:
        return repr_without_none(self, "effective_respondents")

    def withhold(self) -> Score:
        """
        This score, withheld.
        """
        return Score(value=None, respondents=self.respondents, withheld=True)


@attrs.frozen
class ScoredAssessment(Displayed):
    """
    The result of scoring an assessment: an overall score and a score per
    feature, with what they rest on and how they were made.

    Attributes:
        strategy: The name of the scoring strategy used.
        trust: The ODS code of the trust assessed.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        date: When the assessment closed.
        overall: The overall score.
        features: The score of each feature, by feature id, in the
            checklist's order.
        banding: The banding the scores were put in bands with.
        min_respondents: The fewest respondents a score from individual
            doctors' answers may rest on and be shown.
        options: The strategy's other options, as given.
        low: The lowest score the strategy gives.
        high: The highest score the strategy gives.
        levels: The score of each of the checklist's levels, by level id,
            in the checklist's order; empty for a checklist without levels.
        weighting: How the respondents were weighted, or None where each
            counts once.
    """

    strategy: str = attrs.field(validator=v.label)
    trust: str = attrs.field(validator=ods_code)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    date: dt.date = attrs.field(validator=v.date)
    overall: Score = attrs.field(validator=v.instance_of(Score))
    features: FrozenMap[str, Score] = attrs.field(
        converter=freeze_map, validator=v.values_of(Score)
    )
    banding: Banding = attrs.field(validator=v.instance_of(Banding))
    min_respondents: int = attrs.field(validator=v.positive_int)
    low: float = attrs.field(default=0.0, converter=v.to_float, validator=v.number)
    high: float = attrs.field(default=100.0, converter=v.to_float, validator=v.number)
    options: FrozenMap[str, OptionValue] = attrs.field(
        factory=FrozenMap, converter=freeze_options
    )
    levels: FrozenMap[str, Score] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(Score)
    )
    weighting: Weighting | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.instance_of(Weighting))
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        if not self.low < self.high:
            problems.append(
                Problem("high", f"{self.high} is not above low ({self.low})")
            )
        scores = [("overall", self.overall)]
        scores += [(f"features.{f}", s) for f, s in self.features.items()]
        scores += [(f"levels.{lv}", s) for lv, s in self.levels.items()]
        for path, score in scores:
            if score.value is not None and not (self.low <= score.value <= self.high):
                problems.append(
                    Problem(
                        f"{path}.value",
                        f"{score.value} is outside the strategy's range "
                        f"{self.low:g} to {self.high:g}",
                    )
                )
        v.raise_problems(problems)

    @property
    def withheld(self) -> tuple[str, ...]:
        """
        The ids of the features whose scores are withheld.
        """
        return tuple(f for f, s in self.features.items() if s.withheld)

    def check_keys(self, checklist: Checklist) -> None:
        """
        Check that this result scores exactly *checklist*'s features and
        levels, in its order: no score for something the checklist lacks,
        none missing.

        Raises:
            ValidationError: If it does not, naming the stray and missing
                ids.
        """
        v.raise_problems(key_problems(self, checklist))

    def table(self) -> Table:
        """
        This scoredAssessment as a table, as it shows in a terminal or a notebook.
        """
        return scored_table(self)


def key_problems(scored: ScoredAssessment, checklist: Checklist) -> list[Problem]:
    """
    What is wrong with *scored*'s keys as a result for *checklist*: the
    checklist it names, and its features and levels, which must be exactly
    the checklist's, in its order.
    """
    if (scored.checklist, scored.checklist_version) != (
        checklist.id,
        checklist.version,
    ):
        return [
            Problem(
                "checklist",
                f"the result is of checklist {scored.checklist!r} version "
                f"{scored.checklist_version}, not {checklist.id!r} version "
                f"{checklist.version}",
            )
        ]
    problems = []
    for field, expected in (
        ("features", [feature.id for feature in checklist.features]),
        ("levels", [level.id for level in checklist.levels]),
    ):
        found = list(getattr(scored, field))
        stray = [key for key in found if key not in expected]
        missing = [key for key in expected if key not in found]
        if stray:
            problems.append(
                Problem(
                    field,
                    f"scores {', '.join(map(repr, stray))}, which checklist "
                    f"{checklist.id!r} lacks; its {field}: "
                    f"{', '.join(expected) or 'none'}",
                )
            )
        if missing:
            problems.append(
                Problem(field, f"no score for {', '.join(map(repr, missing))}")
            )
        if not stray and not missing and found != expected:
            problems.append(
                Problem(
                    field,
                    f"the scores are not in the checklist's order: "
                    f"{', '.join(expected)}",
                )
            )
    return problems


def repr_without_none(instance: Any, *optional: str) -> str:
    """
    *instance*'s repr as attrs writes it, leaving out the fields named in
    *optional* where they are None (fields added later, so that earlier
    reprs stay as they were).
    """
    shown = ", ".join(
        f"{field.name}={getattr(instance, field.name)!r}"
        for field in attrs.fields(type(instance))
        if field.repr
        and not (field.name in optional and getattr(instance, field.name) is None)
    )
    return f"{type(instance).__name__}({shown})"


def _check_effective(score: Score) -> None:
    effective = score.effective_respondents
    if score.value is None:
        raise ValidationError.single(
            "effective_respondents", "a score with no value has no effective size"
        )
    if not v.is_number(effective) or not 0 < effective <= score.respondents:  # type: ignore[operator]
        raise ValidationError.single(
            "effective_respondents",
            f"{effective!r} is not above 0 and at most the {score.respondents} "
            "respondents",
        )


def _option_key(name: str, key: object) -> str:
    if not isinstance(key, str) or not v.is_identifier(key):
        raise ValidationError.single(f"options.{name}", f"{key!r} is not a valid id")
    return key


def _option_number(name: str, key: object, value: object) -> float:
    if not v.is_number(value):
        raise ValidationError.single(
            f"options.{name}.{key}",
            f"{value!r} is not a finite number: a mapping kept as an option "
            "maps ids to numbers",
        )
    return float(value)  # type: ignore[arg-type]
