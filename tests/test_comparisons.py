"""
Comparing a trust with its peers, and with the features the exemplar case
studies share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import medengage
from medengage import (
    JOURNEY_STAGES,
    Banding,
    CaseStudy,
    CaseStudyMatch,
    Catalogue,
    Citation,
    Comparison,
    EngagementFeature,
    FeatureStatus,
    MedEngageError,
    NotComparableError,
    Peer,
    PeerStanding,
    Score,
    ScoredAssessment,
    ValidationError,
    case_study_match,
    compare,
    dumps,
    loads,
    shared_features,
    testing,
)
from medengage._frozen import FrozenMap


DAY = dt.date(2025, 3, 31)
#: A score given as a number, None where nobody answered, or withheld.
Given = float | str | None
WITHHELD = "withheld"


def result(
    trust: str,
    overall: Given,
    features: Mapping[str, Given] | None = None,
    *,
    date: dt.date = DAY,
    low: float = 0.0,
    **basis: Any,
) -> ScoredAssessment:
    """
    A result of scoring, made by hand: each score a number, None, or
    ``"withheld"``.
    """
    return ScoredAssessment(
        **{
            "strategy": "mean",
            "trust": trust,
            "checklist": "ward-pulse",
            "checklist_version": 1,
            "date": date,
            "overall": _score(overall),
            "features": {f: _score(x) for f, x in (features or {}).items()},
            "banding": JOURNEY_STAGES,
            "min_respondents": 11,
            "low": low,
            **basis,
        }
    )


def _score(given: Given) -> Score:
    if given == WITHHELD:
        return Score(None, 8, withheld=True)
    assert not isinstance(given, str)
    return Score(given, 0 if given is None else 40)


def standings(comparison: Comparison) -> list[tuple[str, PeerStanding]]:
    """
    Every standing of *comparison*, overall first.
    """
    return [("overall", comparison.overall), *comparison.features.items()]


def pick(scored: ScoredAssessment, feature: str) -> Score | None:
    """
    The score of *feature* (or overall), or None where there is none.
    """
    return scored.overall if feature == "overall" else scored.features.get(feature)


# The worked example of docs/peers.md

TRUST = result("ZNW", 60, {"voice": 72, "learning": WITHHELD})
PEERS = [
    result("AAA", 50, {"voice": 60, "learning": 40}),
    result("BBB", 60, {"voice": 72, "learning": 55}),
    result("CCC", 60, {"voice": 80, "learning": WITHHELD}),
    result("DDD", 70, {"voice": 68, "learning": 60}),
    result("ZNW", 60, {"voice": 72, "learning": WITHHELD}),
]


def test_worked_example() -> None:
    """
    Overall, the peers score 50, 60, 60 and 70: the median is 60, and the
    trust's 60 is above one peer and equal to two, a rank of
    100 * (1 + 2/2) / 4 = 50. On voice, they score 60, 68, 72 and 80: the
    median is 70, the gap 2, and the rank 100 * (2 + 1/2) / 4 = 62.5. On
    learning the trust's score is withheld, and so is one peer's.
    """
    comparison = compare(TRUST, PEERS)

    assert [peer.trust for peer in comparison.peers] == ["AAA", "BBB", "CCC", "DDD"]
    assert comparison.overall == PeerStanding(60, 4, 60, 0, 50)
    assert comparison.features["voice"] == PeerStanding(72, 4, 70, 2, 62.5)
    assert comparison.features["learning"] == PeerStanding(
        None, 3, 55, None, None, withheld=True
    )


def test_an_odd_number_of_peers_has_its_middle_score_as_median() -> None:
    """
    With three peers the median is the middle score, not a mean.
    """
    peers = [result(code, value) for code, value in (("AAA", 10), ("BBB", 20))]
    peers.append(result("CCC", 90))

    standing = compare(result("ZNW", 20), peers).overall

    assert (standing.median, standing.gap) == (20, 0)
    assert standing.percentile == pytest.approx(100 * (1 + 0.5) / 3)


def test_medians_of_extreme_scores() -> None:
    """
    The median of two scores is between them, even for the largest and
    the smallest numbers there are.
    """
    big, tiny = 1.7e308, 5e-324

    def wide(values: list[float]) -> list[ScoredAssessment]:
        return _peers(values, low=-big, high=big)

    top = compare(result("ZNW", big, low=-big, high=big), wide([big, big]))
    ends = compare(result("ZNW", 0.0, low=-big, high=big), wide([-big, big]))
    least = compare(result("ZNW", tiny), _peers([tiny, tiny]))

    assert (top.overall.median, top.overall.percentile) == (big, 50)
    assert (ends.overall.median, ends.overall.gap) == (0, 0)
    assert (least.overall.median, least.overall.gap) == (tiny, 0)


def test_no_peers() -> None:
    """
    With no peers there is no median, gap or rank.
    """
    comparison = compare(TRUST, [])

    assert comparison.peers == ()
    for _, standing in standings(comparison):
        assert (standing.peers, standing.median, standing.percentile) == (0, None, None)
    assert comparison.overall.value == 60


# Properties


@given(testing.comparisons())
def test_percentile_ranks_stay_in_0_to_100(comparison: Comparison) -> None:
    """
    Every rank lies from 0 to 100, and is a multiple of 50 / n.
    """
    for _, standing in standings(comparison):
        if standing.percentile is not None:
            assert 0 <= standing.percentile <= 100
            steps = standing.percentile * standing.peers / 50
            assert steps == pytest.approx(round(steps))


@given(testing.scored_with_peers())
def test_standings_follow_their_definition(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]],
) -> None:
    """
    Each standing rests on the peers that have a score shown: at least half
    of them are at or below the median and at least half at or above it;
    the gap is the trust's score less the median; the rank counts the
    peers below and half those equal.
    """
    scored, peers = pair
    comparison = compare(scored, peers)

    for feature, standing in standings(comparison):
        shown = [
            score.value
            for peer in peers
            if (score := pick(peer, feature)) is not None and score.value is not None
        ]
        own = pick(scored, feature)
        assert own is not None
        assert (standing.value, standing.withheld) == (own.value, own.withheld)
        assert standing.peers == len(shown)
        if shown:
            assert standing.median is not None
            assert 2 * sum(x <= standing.median for x in shown) >= len(shown)
            assert 2 * sum(x >= standing.median for x in shown) >= len(shown)
        if standing.value is None or not shown:
            assert (standing.gap, standing.percentile) == (None, None)
        else:
            assert standing.median is not None
            assert standing.gap == standing.value - standing.median
            below = sum(x < standing.value for x in shown)
            equal = sum(x == standing.value for x in shown)
            assert standing.percentile == 100 * (below + equal / 2) / len(shown)


values = st.floats(min_value=0, max_value=100)


@given(value=values, peers=st.integers(min_value=1, max_value=8))
def test_equal_to_every_peer_ranks_50(value: float, peers: int) -> None:
    """
    A trust that scores the same as every peer stands in the middle.
    """
    others = [result(f"P{i:02d}", value) for i in range(peers)]

    standing = compare(result("ZNW", value), others).overall

    assert (standing.percentile, standing.median, standing.gap) == (50, value, 0)


@given(st.data(), st.integers(min_value=1, max_value=8))
def test_above_all_peers_ranks_100_and_below_all_0(
    data: st.DataObject, peers: int
) -> None:
    """
    A trust above every peer ranks 100, and below every peer 0.
    """
    value = data.draw(st.floats(min_value=1, max_value=99), label="value")
    lower = data.draw(st.lists(st.floats(0, value).filter(lambda x: x < value)))
    higher = data.draw(st.lists(st.floats(value, 100).filter(lambda x: x > value)))
    assume(lower and higher)

    top = compare(result("ZNW", value), _peers(lower)).overall
    bottom = compare(result("ZNW", value), _peers(higher)).overall

    assert top.percentile == 100
    assert top.gap is not None
    assert top.gap > 0
    assert bottom.percentile == 0
    assert bottom.gap is not None
    assert bottom.gap < 0


def _peers(values: Sequence[Given], **basis: Any) -> list[ScoredAssessment]:
    return [result(f"P{i:02d}", value, **basis) for i, value in enumerate(values)]


@given(
    st.lists(values, min_size=1, max_size=8),
    st.lists(values, min_size=2, max_size=2).map(sorted),
)
def test_a_higher_score_never_ranks_lower(
    others: list[float], pair: list[float]
) -> None:
    """
    Raising the trust's score never lowers its rank.
    """
    low, high = (
        compare(result("ZNW", value), _peers(others)).overall.percentile
        for value in pair
    )

    assert low is not None
    assert high is not None
    assert low <= high


@given(st.lists(values, min_size=1, max_size=8), values)
def test_ranks_of_mirrored_scores_add_to_100(others: list[float], value: float) -> None:
    """
    Turning every score around (x to -x) turns the rank around: ties count
    half either way, so the two ranks add to exactly 100.
    """
    forward = compare(result("ZNW", value, low=-100), _peers(others, low=-100))
    mirrored = compare(
        result("ZNW", -value, low=-100), _peers([-x for x in others], low=-100)
    )

    assert forward.overall.percentile is not None
    assert mirrored.overall.percentile is not None
    assert forward.overall.percentile + mirrored.overall.percentile == 100


@given(testing.scored_with_peers())
def test_withheld_scores_of_the_trust_give_no_gap_and_no_rank(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]],
) -> None:
    """
    Withholding the trust's scores keeps them withheld, with no value, gap
    or rank; the peers' median is as before.
    """
    scored, peers = pair
    withheld = attrs.evolve(
        scored,
        overall=scored.overall.withhold(),
        features={f: s.withhold() for f, s in scored.features.items()},
    )

    shown = standings(compare(scored, peers))
    hidden = standings(compare(withheld, peers))

    for (_, before), (_, after) in zip(shown, hidden, strict=True):
        assert after.withheld
        assert (after.value, after.gap, after.percentile) == (None, None, None)
        assert (after.peers, after.median) == (before.peers, before.median)


@given(testing.scored_with_peers(), st.integers(min_value=1, max_value=3))
def test_withheld_peer_scores_are_left_out(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]], more: int
) -> None:
    """
    Peers whose scores are all withheld change nothing but the list of
    peers.
    """
    scored, peers = pair
    assume(scored.trust not in ("W01", "W02", "W03"))
    hidden = [
        attrs.evolve(
            scored,
            trust=code,
            overall=scored.overall.withhold(),
            features={f: Score(None, 3, withheld=True) for f in scored.features},
        )
        for code in ("W01", "W02", "W03")[:more]
    ]
    peers = tuple(p for p in peers if p.trust not in ("W01", "W02", "W03"))

    without = compare(scored, peers)
    with_them = compare(scored, [*peers, *hidden])

    assert len(with_them.peers) == len(without.peers) + more
    assert standings(with_them) == standings(without)


@given(testing.scored_with_peers(), st.randoms(use_true_random=False))
def test_the_order_of_peers_does_not_matter(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]], random: Any
) -> None:
    """
    Peers given in any order make the same comparison.
    """
    scored, peers = pair
    shuffled = list(peers)
    random.shuffle(shuffled)

    assert compare(scored, shuffled) == compare(scored, peers)


@given(testing.scored_with_peers())
def test_the_trust_is_not_its_own_peer(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]],
) -> None:
    """
    A peer of the same trust and date is the trust itself, and is left
    out, whatever its scores; the same trust on another date is a peer.
    """
    scored, peers = pair
    itself = attrs.evolve(scored, overall=scored.overall.withhold(), features={})
    earlier = attrs.evolve(scored, date=scored.date - dt.timedelta(days=365))
    assume(all((p.trust, p.date) != (earlier.trust, earlier.date) for p in peers))

    assert compare(scored, [*peers, scored, itself]) == compare(scored, peers)
    assert Peer(scored.trust, earlier.date) in compare(scored, [earlier]).peers


# What cannot be compared

#: For each part of the basis a comparison rests on: a change to it, and
#: what the message says of it.
CHANGES: dict[str, tuple[dict[str, Any], str]] = {
    "strategy": (
        {"strategy": "staff-survey"},
        "strategy 'staff-survey' where ZNW has 'mean'",
    ),
    "options": ({"options": {"cut": 3}}, "options {'cut': 3} where ZNW has none"),
    "banding": (
        {"banding": Banding("halves", ["low", "high"], [50])},
        "banding 'halves' (50) where ZNW has 'journey-stages' (40, 55, 70)",
    ),
    "min_respondents": (
        {"min_respondents": 5},
        "disclosure threshold (min_respondents) 5 where ZNW has 11",
    ),
    "range": ({"high": 1000.0}, "range of scores 0 to 1000 where ZNW has 0 to 100"),
    "checklist": (
        {"checklist": "other"},
        "checklist 'other' where ZNW has 'ward-pulse'",
    ),
    "checklist_version": (
        {"checklist_version": 2},
        "checklist version 2 where ZNW has 1",
    ),
}


@pytest.mark.parametrize("part", list(CHANGES))
def test_scores_made_another_way_cannot_be_compared(part: str) -> None:
    """
    A peer scored another way raises NotComparableError, naming the peer
    and the difference.
    """
    change, said = CHANGES[part]
    other = attrs.evolve(PEERS[2], **change)

    with pytest.raises(NotComparableError) as raised:
        compare(TRUST, [PEERS[0], PEERS[1], other])

    message = str(raised.value)
    assert message.startswith("peers[2] (CCC, 2025-03-31) cannot be compared")
    assert f"cannot be compared with ZNW (2025-03-31): it has {said}. " in message
    assert isinstance(raised.value, MedEngageError)


@given(testing.scored_with_peers(), st.integers(min_value=1, max_value=5))
def test_other_checklist_versions_cannot_be_compared(
    pair: tuple[ScoredAssessment, tuple[ScoredAssessment, ...]], step: int
) -> None:
    """
    Any peer scored on another version of the checklist, or with another
    strategy, stops the comparison.
    """
    scored, peers = pair
    assume(peers)
    version = attrs.evolve(peers[-1], checklist_version=scored.checklist_version + step)
    strategy = attrs.evolve(peers[0], strategy=f"{scored.strategy}-{step}")

    with pytest.raises(NotComparableError, match="it has checklist version"):
        compare(scored, [*peers[:-1], version])
    with pytest.raises(NotComparableError, match="it has strategy"):
        compare(scored, [strategy, *peers[1:]])


def test_a_peer_given_twice_is_refused() -> None:
    """
    Two results of one trust on one date would count it twice.
    """
    with pytest.raises(MedEngageError, match=r"peers\[3\] and peers\[1\] are both BBB"):
        compare(TRUST, [*PEERS[:3], PEERS[1]])


def test_only_scored_assessments_are_compared() -> None:
    """
    An assessment that was not scored is refused, saying what to do.
    """
    survey = medengage.catalogue().assessments[0]

    with pytest.raises(
        MedEngageError, match=r"peers\[1\] is not a ScoredAssessment but an? Assessment"
    ):
        compare(TRUST, [PEERS[0], survey])  # type: ignore[list-item]


# Valid by construction


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"value": 1.0, "withheld": True, "gap": 1.0, "percentile": 50.0}, "withheld"),
        ({"peers": 0}, "median"),
        ({"median": None}, "median"),
        ({"gap": 3.0}, "gap"),
        ({"gap": None}, "gap"),
        ({"percentile": 100.5}, "percentile"),
        ({"percentile": None}, "percentile"),
        ({"value": None}, "gap"),
        ({"median": float("nan")}, "median"),
    ],
)
def test_standings_are_consistent(fields: dict[str, Any], path: str) -> None:
    """
    A standing whose parts disagree cannot be made.
    """
    fine = {"value": 1.0, "peers": 2, "median": 0.0, "gap": 1.0, "percentile": 50.0}

    with pytest.raises(ValidationError) as raised:
        PeerStanding(**{**fine, **fields})

    assert path in [problem.path for problem in raised.value.problems]


def test_comparisons_are_consistent() -> None:
    """
    The trust is not among its peers, no peer is listed twice, and no
    standing rests on more peers than there are.
    """
    comparison = compare(TRUST, PEERS)
    peers = [*comparison.peers, comparison.peers[0], Peer("ZNW", DAY)]

    with pytest.raises(ValidationError) as raised:
        attrs.evolve(comparison, peers=peers[:1] + peers[-2:])

    assert {problem.path for problem in raised.value.problems} == {
        "peers[1]",
        "peers[2]",
        "overall.peers",
        "features.voice.peers",
    }


# Matching the case studies


def test_shared_features_of_the_bundled_catalogue() -> None:
    """
    The bundled case studies share the five features the report found in
    all four trusts: those whose status is established.
    """
    cat = medengage.catalogue()

    shared = shared_features(cat)

    assert len(cat.case_studies) == 4
    assert shared == tuple(
        feature.id
        for feature in cat.features.values()
        if feature.status is FeatureStatus.ESTABLISHED
    )
    assert len(shared) == 5


def bundled_result() -> ScoredAssessment:
    """
    The bundled trust's latest survey, scored with ``mean``.
    """
    cat = medengage.catalogue()
    survey = cat.assessments[-1]
    return medengage.score(survey, survey.checklist)


def test_match_on_the_bundled_trust() -> None:
    """
    The strongest are the two shared features with the highest scores, the
    weakest the two with the lowest; the summary names them by title, with
    their scores, and cites the report.
    """
    cat = medengage.catalogue()
    scored = bundled_result()
    shared = shared_features(cat)
    by_value = sorted(shared, key=lambda f: _value(scored.features[f]))

    match = case_study_match(scored)

    assert match.strongest == (by_value[-1], by_value[-2])
    assert match.weakest == (by_value[0], by_value[1])
    assert list(match.ranked) == by_value[::-1]
    assert match.not_shown == ()
    for feature in (*match.strongest, *match.weakest):
        title = cat.features[feature].title
        count = match.evidence[feature]
        assert (
            f"{title} ({_value(scored.features[feature]):.1f}; "
            f"trust-specific evidence in {count} of 4 case studies)"
        ) in match.summary
    assert all(cat.features[f].title not in match.summary for f in by_value[2:3])
    assert '"Medical engagement: a journey not an event"' in match.summary
    assert "(The King's Fund, 2014)" in match.summary
    assert match.source == cat.source


def _value(score: Score) -> float:
    assert score.value is not None
    return score.value


def _opening(summary: str) -> str:
    """
    A match's summary without the events since the case studies.
    """
    return summary.split(" Since the case studies were published: ")[0]


def test_the_match_counts_only_real_evidence() -> None:
    """
    Each shared feature counts the case studies that give evidence specific
    to their trust: the bundled catalogue has such evidence for stable
    leadership in all four, and for values-based recruitment in none.
    """
    match = case_study_match(bundled_result())

    assert dict(match.evidence) == {
        "quality-strategy": 1,
        "stable-leadership": 4,
        "supportive-governance": 1,
        "leadership-development": 1,
        "values-based-recruitment": 0,
    }


def test_the_match_shows_what_happened_since() -> None:
    """
    A match holds each exemplar trust's later events and its summary tells
    them, dated: a reader holding up Southern Health learns of the review of
    its investigations into deaths and of its chief executive's leaving.
    """
    match = case_study_match(bundled_result())

    southern = match.later_events["RW1"]
    assert southern == medengage.catalogue().case_studies["RW1"].later_events
    assert set(match.later_events) == {"RTF", "RM3", "RW1", "RRV"}
    since = match.summary.split(" Since the case studies were published: ")[1]
    assert "Southern Health NHS Foundation Trust (RW1), 2015-12-17: " in since
    assert "Mazars" in since
    assert "Katrina Percy left the trust altogether" in since
    assert "Jim Mackey" in since
    assert "Robert Naylor" in since


def test_withheld_and_absent_features_are_not_shown() -> None:
    """
    A withheld shared feature, one nobody answered and one not scored are
    listed as not shown, in the catalogue's order, and said to be so.
    """
    scored = bundled_result()
    features = dict(scored.features)
    features["stable-leadership"] = features["stable-leadership"].withhold()
    features["supportive-governance"] = Score(None, 0)
    del features["quality-strategy"]

    match = case_study_match(attrs.evolve(scored, features=features))

    assert match.not_shown == (
        "quality-strategy",
        "stable-leadership",
        "supportive-governance",
    )
    assert len(match.ranked) == 2
    assert (len(match.strongest), len(match.weakest)) == (1, 1)
    assert _opening(match.summary).endswith(
        " Not shown: A long-term strategy built on quality (not scored), "
        "Stable leadership (withheld) and "
        "Governance that supports medical leaders (nobody answered)."
    )


@pytest.mark.parametrize(("count", "named"), [(1, 1), (2, 2), (3, 2), (10, 2)])
def test_count_is_at_most_half_the_ranked_features(count: int, named: int) -> None:
    """
    Five shared features give at most two strongest and two weakest, so
    that no feature is both.
    """
    match = case_study_match(bundled_result(), count=count)

    assert len(match.strongest) == len(match.weakest) == named


@pytest.mark.parametrize("count", [0, -1, True, 1.5])
def test_count_is_a_whole_number_of_1_or_more(count: Any) -> None:
    """
    Asking for no features, or a fraction of one, is refused.
    """
    with pytest.raises(MedEngageError, match="count must be a whole number"):
        case_study_match(bundled_result(), count=count)


def test_ties_follow_the_checklists_order() -> None:
    """
    Where every shared feature scores the same, the ranking is the
    checklist's order: the strongest come first in it, the weakest last.
    """
    scored = bundled_result()
    features = {f: Score(50.0, 40) for f in reversed(list(scored.features))}

    match = case_study_match(attrs.evolve(scored, features=features))

    order = [f for f in features if f in shared_features(medengage.catalogue())]
    assert list(match.ranked) == order
    assert match.strongest == (order[0], order[1])
    assert match.weakest == (order[-1], order[-2])


@given(st.data())
def test_order_of_features_matters_only_for_ties(data: st.DataObject) -> None:
    """
    With distinct scores, the checklist's order does not change the match.
    """
    scored = bundled_result()
    ids = list(scored.features)
    scores = data.draw(
        st.lists(values, min_size=len(ids), max_size=len(ids), unique=True)
    )
    features = {f: Score(x, 40) for f, x in zip(ids, scores, strict=True)}
    shuffled = data.draw(st.permutations(ids))

    one = case_study_match(attrs.evolve(scored, features=features))
    other = case_study_match(
        attrs.evolve(scored, features={f: features[f] for f in shuffled})
    )

    assert one == other
    assert list(one.ranked) == list(other.ranked)


@given(testing.case_study_matches())
def test_the_strongest_outscore_the_weakest(match: CaseStudyMatch) -> None:
    """
    Every strongest feature scores at least as high as every other ranked
    feature, and every weakest at most as high; none is both, and none is
    also not shown.
    """
    strongest = [match.ranked[f] for f in match.strongest]
    weakest = [match.ranked[f] for f in match.weakest]
    rest = [x for f, x in match.ranked.items() if f not in match.strongest]

    assert len(strongest) == len(weakest) <= len(match.ranked) // 2
    assert not set(match.strongest) & set(match.weakest)
    assert not set(match.ranked) & set(match.not_shown)
    assert all(x >= y for x in strongest for y in rest)
    rest = [x for f, x in match.ranked.items() if f not in match.weakest]
    assert all(x <= y for x in weakest for y in rest)
    assert strongest == sorted(strongest, reverse=True)
    assert weakest == sorted(weakest)
    assert match.source.title in match.summary


def small_catalogue(evidence: Sequence[Sequence[str]]) -> Catalogue:
    """
    A catalogue of features a, b and c, and a case study for each list of
    feature ids in *evidence*.
    """
    source = Citation("A study", "A publisher", 2020)
    codes = [f"T{index:02d}" for index in range(len(evidence))]
    return Catalogue(
        source=source,
        trusts={
            code: medengage.Trust(code, [medengage.TrustName(f"Trust {code}")])
            for code in codes
        },
        features={f: EngagementFeature(f, f"Feature {f}") for f in "abc"},
        case_studies={
            code: CaseStudy(code, source, evidence={f: ["seen"] for f in shared})
            for code, shared in zip(codes, evidence, strict=True)
        },
        checklists=(),
        assessments=(),
    )


def test_shared_means_in_every_case_study() -> None:
    """
    A feature only some case studies give evidence for is not shared.
    """
    cat = small_catalogue([["a", "b", "c"], ["c", "a"], ["a", "c"]])
    scored = result("ZNW", 50, {"c": 80, "b": 90, "a": 70})

    match = case_study_match(scored, cat)

    assert shared_features(cat) == ("a", "c")
    assert match.ranked == {"c": 80, "a": 70}
    assert (match.strongest, match.weakest) == (("c",), ("a",))
    assert match.summary == (
        'Of the 2 features found at every case-study trust in "A study" '
        "(A publisher, 2020), ZNW's assessment of 2025-03-31 (scored with mean) "
        "is strongest on Feature c (80.0; trust-specific evidence in 3 of 3 "
        "case studies), and weakest on Feature a (70.0; trust-specific "
        "evidence in 3 of 3 case studies)."
    )


def test_found_without_evidence_is_shared_but_not_counted() -> None:
    """
    A feature a case study finds without evidence specific to its trust is
    shared, but counts no evidence, and the summary says how little there
    is.
    """
    cat = small_catalogue([["a", "b"], ["b"]])
    without = attrs.evolve(cat.case_studies["T01"], found_without_evidence=["a"])
    cat = attrs.evolve(cat, case_studies={**cat.case_studies, "T01": without})

    match = case_study_match(result("ZNW", 50, {"a": 60, "b": 70}), cat)

    assert shared_features(cat) == ("a", "b")
    assert dict(match.evidence) == {"a": 1, "b": 2}
    assert "Feature a (60.0; trust-specific evidence in 1 of 2 case studies)" in (
        match.summary
    )


def test_too_few_scores_to_name_strongest_and_weakest() -> None:
    """
    One shared feature with a score is neither strongest nor weakest.
    """
    cat = small_catalogue([["a", "b"], ["a", "b"]])

    match = case_study_match(result("ZNW", 50, {"a": 60, "b": WITHHELD}), cat)

    assert (match.strongest, match.weakest) == ((), ())
    assert (
        "has a score for Feature a (60.0; trust-specific evidence in 2 of 2 "
        "case studies) only"
    ) in match.summary
    assert match.summary.endswith("Not shown: Feature b (withheld).")


def test_no_shared_features() -> None:
    """
    Case studies that share no feature leave nothing to match.
    """
    match = case_study_match(
        result("ZNW", 50, {"a": 60}), small_catalogue([["a"], ["b"]])
    )

    assert (match.ranked, match.not_shown) == (FrozenMap(), ())
    assert match.summary.startswith("No feature is found at every case-study trust")


def test_a_catalogue_without_case_studies_is_refused() -> None:
    """
    With no case studies there is nothing to share.
    """
    with pytest.raises(MedEngageError, match="holds no case studies"):
        case_study_match(TRUST, small_catalogue([]))


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"ranked": {"b": 70.0, "c": 80.0, "a": 60.0}}, "ranked"),
        ({"strongest": ("b",)}, "strongest"),
        ({"weakest": ("c",)}, "weakest"),
        ({"weakest": ("a", "b")}, "weakest"),
        ({"not_shown": ("a",)}, "not_shown[0]"),
        ({"not_shown": ("d", "d")}, "not_shown[1]"),
        ({"summary": " "}, "summary"),
    ],
)
def test_matches_are_consistent(fields: dict[str, Any], path: str) -> None:
    """
    A match whose ranking, strongest, weakest and not shown disagree
    cannot be made.
    """
    fine = case_study_match(
        result("ZNW", 50, {"c": 80, "b": 70, "a": 60}),
        small_catalogue([["a", "b", "c"]]),
    )

    with pytest.raises(ValidationError) as raised:
        attrs.evolve(fine, **fields)

    assert path in [problem.path for problem in raised.value.problems]


# Documents


def test_bundled_results_round_trip(pure: bool) -> None:
    """
    A comparison and a match of the bundled trust read back as they were
    written, on each YAML path.
    """
    cat = medengage.catalogue()
    years = [medengage.score(a, a.checklist) for a in cat.assessments]
    comparison = compare(years[-1], years)
    match = case_study_match(years[-1])

    for document in (comparison, match):
        text = dumps(document, pure=pure)
        assert loads(text, type(document), pure=pure) == document
    assert "percentile: 100.0\n" in dumps(comparison, pure=pure)
