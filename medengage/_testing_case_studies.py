"""
Strategies for engagement features, findings and case studies.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._case_studies import CaseStudy, Evidence, LaterEvent
from medengage._citations import Citation
from medengage._features import EngagementFeature, FeatureStatus
from medengage._findings import Finding
from medengage._testing_trusts import CITATION
from medengage._testing_values import CODE, DAY, ID, PROSE, SUMMARY, TEXT


def engagement_features() -> SearchStrategy[EngagementFeature]:
    """
    Engagement features, with or without a summary and a status.
    """
    return st.builds(
        EngagementFeature,
        id=ID,
        title=TEXT,
        summary=SUMMARY,
        status=st.none() | st.sampled_from(FeatureStatus),
        source=st.none() | CITATION,
    )


def findings() -> SearchStrategy[Finding]:
    """
    A report's findings, with the features they bear on.
    """
    return st.builds(
        Finding,
        id=ID,
        statement=PROSE,
        source=CITATION,
        features=st.lists(ID, max_size=3).map(tuple),
    )


@st.composite
def later_events(draw: st.DrawFn, *, max_size: int = 3) -> tuple[LaterEvent, ...]:
    """
    What happened at a trust after a case study, oldest first.

    Args:
        max_size: The most events.
    """
    days = sorted(draw(st.lists(DAY, max_size=max_size)))
    return tuple(LaterEvent(day, draw(PROSE), draw(CITATION)) for day in days)


def case_studies(
    *, features: Sequence[str] | None = None, max_features: int = 4
) -> SearchStrategy[CaseStudy]:
    """
    Case studies with evidence for some engagement features.

    Args:
        features: The feature ids evidence may be given for; any ids if
            None.
        max_features: The most features a case study gives evidence for.
    """
    point = PROSE.map(Evidence) | st.builds(Evidence, PROSE, CITATION)
    evidence = st.dictionaries(
        ID if features is None else st.sampled_from(features),
        st.lists(point, min_size=1, max_size=3).map(tuple),
        max_size=max_features,
    )
    return st.builds(
        _case_study,
        trust=CODE,
        source=CITATION,
        summary=SUMMARY,
        evidence=evidence,
        found=st.lists(
            ID if features is None else st.sampled_from(features),
            max_size=2,
            unique=True,
        ),
        events=later_events(max_size=2),
    )


def _case_study(
    trust: str,
    source: Citation,
    summary: str,
    evidence: dict[str, tuple[Evidence, ...]],
    found: list[str],
    events: tuple[LaterEvent, ...],
) -> CaseStudy:
    return CaseStudy(
        trust,
        source,
        summary,
        evidence,
        found_without_evidence=[f for f in found if f not in evidence],
        later_events=events,
    )


# Built once and shared, as building strategies while drawing is slow.
FEATURE = engagement_features()
