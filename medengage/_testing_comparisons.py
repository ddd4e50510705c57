"""
Strategies for comparisons: a trust with its peers, and with case studies.
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from medengage._case_studies import CaseStudy
from medengage._case_study_matches import CaseStudyMatch, case_study_match
from medengage._catalogue import Catalogue
from medengage._comparisons import Comparison, compare
from medengage._scores import ScoredAssessment
from medengage._testing_case_studies import FEATURE, later_events
from medengage._testing_scores import SCORED, scored_assessments, tying_scores
from medengage._testing_trusts import CITATION
from medengage._testing_values import CODE, DAY, ID, MOSTLY, PROSE, TEXT
from medengage._trusts import Trust, TrustName


@st.composite
def scored_with_peers(
    draw: st.DrawFn, *, max_peers: int = 6, max_features: int = 4
) -> tuple[ScoredAssessment, tuple[ScoredAssessment, ...]]:
    """
    A trust's scores, and its peers' scores made the same way: the same
    strategy, options, banding, disclosure threshold, range and checklist
    version, each peer another trust or date. Scores often tie, some are
    withheld or have no value, and a peer now and then lacks a feature.

    Args:
        max_peers: The most peers.
        max_features: The most features scored.
    """
    scored = draw(scored_assessments(max_features=max_features))
    shown = tying_scores(scored.low, scored.high)
    scored = attrs.evolve(
        scored,
        overall=draw(shown),
        features={feature: draw(shown) for feature in scored.features},
    )
    count = draw(st.integers(min_value=0, max_value=max_peers))
    keys = draw(
        st.lists(
            st.tuples(CODE, DAY).filter(lambda key: key != (scored.trust, scored.date)),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    peers = []
    for trust, date in keys:
        features = {}
        for feature in scored.features:
            # Now and then a feature is missing, as in a hand-made result.
            if draw(MOSTLY):
                features[feature] = draw(shown)
        peers.append(
            attrs.evolve(
                scored,
                trust=trust,
                date=date,
                overall=draw(shown),
                features=features,
            )
        )
    return scored, tuple(peers)


def comparisons(*, max_peers: int = 6) -> SearchStrategy[Comparison]:
    """
    Comparisons of a trust with its peers, from `scored_with_peers`.

    Args:
        max_peers: The most peers.
    """
    return scored_with_peers(max_peers=max_peers).map(lambda pair: compare(*pair))


@st.composite
def case_study_matches(draw: st.DrawFn, *, max_features: int = 6) -> CaseStudyMatch:
    """
    Case-study matches: a small catalogue of features and case studies, a
    trust scored on some of those features (and perhaps others), and the
    match between them.

    Args:
        max_features: The most features in the catalogue.
    """
    catalogue = draw(_case_study_catalogues(max_features=max_features))
    scored = draw(SCORED)
    # Most of the catalogue's features, some others, in any order.
    ids = [feature for feature in catalogue.features if draw(MOSTLY)]
    others = st.lists(ID.filter(lambda id: id not in catalogue.features), max_size=2)
    ids = draw(st.permutations(ids + draw(others, label="others")))
    shown = tying_scores(scored.low, scored.high)
    scored = attrs.evolve(scored, features={feature: draw(shown) for feature in ids})
    count = draw(st.integers(min_value=1, max_value=3))
    return case_study_match(scored, catalogue, count=count)


@st.composite
def _case_study_catalogues(draw: st.DrawFn, *, max_features: int) -> Catalogue:
    """
    Catalogues of features, and case studies that each give evidence for
    some of them, a few features for all.
    """
    features = draw(
        st.lists(
            FEATURE,
            min_size=1,
            max_size=max_features,
            unique_by=lambda feature: feature.id,
        )
    )
    ids = [feature.id for feature in features]
    shared = {feature for feature in ids if draw(MOSTLY)}
    codes = draw(st.lists(CODE, min_size=1, max_size=4, unique=True))
    studies = []
    for code in codes:
        more = set(draw(st.lists(st.sampled_from(ids), unique=True)))
        # A shared feature is found at every trust, with or without evidence
        # specific to it.
        without = {feature for feature in shared if not draw(MOSTLY)}
        studies.append(
            CaseStudy(
                trust=code,
                source=draw(CITATION),
                evidence={
                    feature: (draw(PROSE),)
                    for feature in ids
                    if feature in (shared | more) - without
                },
                found_without_evidence=[f for f in ids if f in without],
                later_events=draw(st.just(()) | later_events(max_size=1)),
            )
        )
    return Catalogue(
        source=draw(CITATION),
        trusts={code: Trust(code, [TrustName(draw(TEXT))]) for code in codes},
        features={feature.id: feature for feature in features},
        case_studies={study.trust: study for study in studies},
        checklists=(),
        assessments=(),
    )
