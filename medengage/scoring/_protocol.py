"""
The scoring protocol.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._scores import ScoredAssessment


@runtime_checkable
class ScoringStrategy(Protocol):
    """
    A protocol for a way of scoring an assessment.

    An implementer provides a ``name`` (the name it is found by, like
    ``"mean"``) and a ``score`` method. The keyword arguments ``score``
    takes are the strategy's options; `medengage.score` refuses any other,
    and records those given in the result.

    A strategy may also provide a method
    ``standard_errors(assessment, checklist, **options)``, taking the same
    options as ``score`` and returning a `medengage.StandardErrors`: then
    `medengage.reliability` and `medengage.journey` use its errors. A
    strategy without one has its errors estimated by a seeded bootstrap
    over respondents (`medengage.Bootstrap`).
    """

    name: str

    def score(
        self, assessment: Assessment, checklist: Checklist, **options: Any
    ) -> ScoredAssessment:
        """
        Score *assessment*, answered on *checklist*.
        """
