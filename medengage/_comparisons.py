"""
Comparisons: a trust's scores beside its peers', each score's standing
among theirs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from medengage import _validation as v
from medengage._frozen import FrozenMap, freeze_map
from medengage._groups import (
    BenchmarkingGroup,
    TrustType,
    trust_group,
    trusts_by_code,
)
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import Trust, ods_code
from medengage.errors import MedEngageError, NotComparableError, Problem


@attrs.frozen
class Peer:
    """
    A peer a trust was compared with: one trust's assessment.

    Attributes:
        trust: The peer's ODS code.
        date: When its assessment closed.
    """

    trust: str = attrs.field(validator=ods_code)
    date: dt.date = attrs.field(validator=v.date)


@attrs.frozen
class PeerStanding:
    """
    Where one of a trust's scores, of a feature or overall, stands among
    its peers' scores of the same.

    Attributes:
        value: The trust's score, or None where it is withheld or nobody
            answered.
        peers: How many peers have a score shown here: the peers the median
            and the rank rest on. Peers whose score is withheld, has no
            value or is missing are left out.
        median: The median of those peers' scores; None where no peer has
            one.
        gap: ``value - median``; None where either is None.
        percentile: The trust's percentile rank among those peers, from 0
            to 100: ``100 * (below + equal / 2) / peers``, where *below*
            peers score lower than the trust and *equal* peers the same;
            None where the trust has no value or no peer has one.
        withheld: Whether the trust's score is withheld.
    """

    value: float | None = attrs.field(converter=v.to_float)
    peers: int = attrs.field(validator=v.count)
    median: float | None = attrs.field(converter=v.to_float)
    gap: float | None = attrs.field(converter=v.to_float)
    percentile: float | None = attrs.field(converter=v.to_float)
    withheld: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_standing_problems(self))


@attrs.frozen
class Comparison:
    """
    A trust's scores beside its peers': for each feature and overall, the
    median of the peers' scores, the trust's gap to it, and the trust's
    percentile rank among them.

    Attributes:
        strategy: The name of the strategy every score was made with.
        trust: The ODS code of the trust compared.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        date: When the trust's assessment closed.
        peers: The peers compared with, ordered by ODS code, then date.
        overall: Where the trust's overall score stands.
        features: Where the trust's score of each feature stands, by
            feature id, in the checklist's order.
        group: The benchmarking group the trust was compared within, on
            the day its assessment closed; None where it was compared with
            every peer given.
        outside_group: Peers left out as their type, on the day their
            assessment closed, is not in *group*; ordered as *peers*.
        type_unknown: Peers left out as no type is recorded for them on
            the day their assessment closed, so they cannot be shown to
            be of the trust's kind; ordered as *peers*.
        levels: Where the trust's score of each level stands, by level id,
            in the checklist's order; empty for a checklist without levels.
    """

    strategy: str = attrs.field(validator=v.label)
    trust: str = attrs.field(validator=ods_code)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    date: dt.date = attrs.field(validator=v.date)
    peers: tuple[Peer, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(Peer)
    )
    overall: PeerStanding = attrs.field(validator=v.instance_of(PeerStanding))
    features: FrozenMap[str, PeerStanding] = attrs.field(
        converter=freeze_map, validator=v.values_of(PeerStanding)
    )
    group: BenchmarkingGroup | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(BenchmarkingGroup)),
    )
    outside_group: tuple[Peer, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(Peer)
    )
    type_unknown: tuple[Peer, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(Peer)
    )
    levels: FrozenMap[str, PeerStanding] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.values_of(PeerStanding)
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_comparison_problems(self))


def compare(
    scored: ScoredAssessment,
    peers: Iterable[ScoredAssessment],
    *,
    trusts: Mapping[str, Trust] | Iterable[Trust] | None = None,
    groups: Iterable[BenchmarkingGroup] | None = None,
) -> Comparison:
    """
    *scored* beside *peers*: for each feature, each level and overall, the
    peers' median, the trust's gap to it, and the trust's percentile rank.

    A peer of the same trust and date as *scored* is the trust itself, and
    is left out. So are, feature by feature, peers whose score is withheld,
    has no value, or is missing. A withheld score of the trust stays
    withheld: it has no gap and no rank.

    Given *trusts*, the trust is compared within its benchmarking group:
    the group of the type it held on the day its assessment closed. A peer
    counts where the type it held on the day its own assessment closed is
    in that group; the others are listed in ``outside_group``, and peers
    with no type recorded for that day (or not among *trusts*) in
    ``type_unknown``.

    Args:
        scored: The trust's scores.
        peers: The peers' scores, in any order.
        trusts: The trusts, with their types over time, to compare within
            the trust's benchmarking group: a mapping by ODS code (such as
            a catalogue's ``trusts``) or any iterable of `Trust`. None
            compares with every peer.
        groups: The benchmarking groups; the NHS Staff Survey's if None.

    Raises:
        NotComparableError: If a peer was scored with another strategy,
            options, banding, disclosure threshold, range, checklist or
            checklist version than *scored*.
        MedEngageError: If two peers are the same trust on the same date,
            or a peer is not a `ScoredAssessment`; given *trusts*, if the
            trust is not among them, has no type recorded for the day its
            assessment closed, or its type is in no group (or in several);
            given *groups* without *trusts*.
    """
    _check_scored(scored, "scored")
    others: dict[Peer, tuple[int, ScoredAssessment]] = {}
    for index, peer in enumerate(peers):
        _check_scored(peer, f"peers[{index}]")
        _check_comparable(scored, peer, index)
        if (peer.trust, peer.date) == (scored.trust, scored.date):
            continue
        key = Peer(peer.trust, peer.date)
        if key in others:
            raise MedEngageError(
                f"peers[{index}] and peers[{others[key][0]}] are both {peer.trust} "
                f"on {peer.date.isoformat()}: give each peer once"
            )
        others[key] = (index, peer)
    keys = sorted(others, key=_peer_order)
    group, outside, unknown = None, [], []
    if trusts is not None:
        known = trusts_by_code(trusts)
        group = trust_group(scored.trust, scored.date, known, groups)
        unknown = [k for k in keys if _type_on(known, k) is None]
        typed = [k for k in keys if _type_on(known, k) is not None]
        outside = [k for k in typed if not _in(group, known, k)]
        keys = [k for k in typed if _in(group, known, k)]
    elif groups is not None:
        raise MedEngageError(
            "groups were given without trusts: give the trusts, with their "
            "types over time, to compare within a benchmarking group"
        )
    ordered = [others[key][1] for key in keys]
    return Comparison(
        strategy=scored.strategy,
        trust=scored.trust,
        checklist=scored.checklist,
        checklist_version=scored.checklist_version,
        date=scored.date,
        peers=keys,
        overall=_standing(scored.overall, [peer.overall for peer in ordered]),
        features={
            feature: _standing(
                score,
                [
                    peer.features[feature]
                    for peer in ordered
                    if feature in peer.features
                ],
            )
            for feature, score in scored.features.items()
        },
        group=group,
        outside_group=outside,
        type_unknown=unknown,
        levels={
            level: _standing(
                score,
                [peer.levels[level] for peer in ordered if level in peer.levels],
            )
            for level, score in scored.levels.items()
        },
    )


def _type_on(trusts: Mapping[str, Trust], peer: Peer) -> TrustType | None:
    trust = trusts.get(peer.trust)
    return None if trust is None else trust.type_on(peer.date)


def _in(group: BenchmarkingGroup, trusts: Mapping[str, Trust], peer: Peer) -> bool:
    return group.includes(trusts[peer.trust], peer.date)


# Comparing with peers

#: What peers must share with the trust, and how to name each in a message.
_BASIS = (
    ("strategy", "strategy"),
    ("options", "options"),
    ("banding", "banding"),
    ("min_respondents", "disclosure threshold (min_respondents)"),
    ("range", "range of scores"),
    ("checklist", "checklist"),
    ("checklist_version", "checklist version"),
    ("weighting", "weighting"),
)


def _check_scored(scored: object, where: str) -> None:
    if not isinstance(scored, ScoredAssessment):
        raise MedEngageError(
            f"{where} is not a ScoredAssessment but a {type(scored).__name__}: "
            "score it first, with medengage.score"
        )


def _check_comparable(
    scored: ScoredAssessment, peer: ScoredAssessment, index: int
) -> None:
    differences = [
        f"{name} {_shown(peer, field)} where {scored.trust} has {_shown(scored, field)}"
        for field, name in _BASIS
        if _basis(peer, field) != _basis(scored, field)
    ]
    if differences:
        raise NotComparableError(
            f"peers[{index}] ({peer.trust}, {peer.date.isoformat()}) cannot be "
            f"compared with {scored.trust} ({scored.date.isoformat()}): it has "
            f"{'; '.join(differences)}. Score every assessment with the same "
            "strategy and options, on the same checklist version, and compare "
            "again"
        )


def _basis(scored: ScoredAssessment, field: str) -> object:
    if field == "range":
        return (scored.low, scored.high)
    return getattr(scored, field)


def _shown(scored: ScoredAssessment, field: str) -> str:
    if field == "range":
        return f"{scored.low:g} to {scored.high:g}"
    if field == "options":
        return repr(dict(scored.options)) if scored.options else "none"
    if field == "banding":
        banding = scored.banding
        return f"{banding.id!r} ({', '.join(f'{t:g}' for t in banding.thresholds)})"
    if field == "weighting":
        weighting = scored.weighting
        return "none" if weighting is None else weighting.describe()
    return repr(getattr(scored, field))


def _peer_order(peer: Peer) -> tuple[str, dt.date]:
    return (peer.trust, peer.date)


def _standing(score: Score, peer_scores: Sequence[Score]) -> PeerStanding:
    shown = sorted(s.value for s in peer_scores if s.value is not None)
    median = _median(shown)
    value = score.value
    if value is None or median is None:
        return PeerStanding(value, len(shown), median, None, None, score.withheld)
    below = bisect.bisect_left(shown, value)
    equal = bisect.bisect_right(shown, value) - below
    # 100 * (below + equal / 2) / n, with one rounding only.
    percentile = 50 * (2 * below + equal) / len(shown)
    return PeerStanding(value, len(shown), median, value - median, percentile)


def _median(values: Sequence[float]) -> float | None:
    """
    The median of *values*, sorted: the middle one, or the mean of the
    middle two.
    """
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    low, high = values[middle - 1], values[middle]
    total = low + high
    # Halving each instead would lose the smallest numbers, so only where
    # the sum overflows.
    return total / 2 if math.isfinite(total) else low / 2 + high / 2


def _standing_problems(standing: PeerStanding) -> list[Problem]:
    problems = []
    value, median = standing.value, standing.median
    for name in ("value", "median", "gap", "percentile"):
        number = getattr(standing, name)
        if number is not None and not v.is_number(number):
            problems.append(Problem(name, f"{number!r} is not a finite number"))
    if problems:
        return problems
    if standing.withheld and value is not None:
        problems.append(Problem("withheld", "a withheld score has no value"))
    if (median is None) != (standing.peers == 0):
        problems.append(
            Problem("median", "there is a median exactly when some peer has a score")
        )
    if value is None or median is None:
        for name in ("gap", "percentile"):
            if getattr(standing, name) is not None:
                problems.append(
                    Problem(
                        name,
                        f"no {name} without both the trust's score and a peer's score",
                    )
                )
        return problems
    if standing.gap is None or standing.gap != value - median:
        problems.append(
            Problem("gap", f"{standing.gap!r} is not value - median ({value - median})")
        )
    if standing.percentile is None or not 0 <= standing.percentile <= 100:
        problems.append(
            Problem("percentile", f"{standing.percentile!r} is not from 0 to 100")
        )
    return problems


def _comparison_problems(comparison: Comparison) -> list[Problem]:
    problems = []
    seen: set[Peer] = set()
    for index, peer in enumerate(comparison.peers):
        if (peer.trust, peer.date) == (comparison.trust, comparison.date):
            problems.append(Problem(f"peers[{index}]", "the trust is not its own peer"))
        if peer in seen:
            problems.append(Problem(f"peers[{index}]", "the peer is listed twice"))
        seen.add(peer)
    listed = {*comparison.peers}
    for name in ("outside_group", "type_unknown"):
        for index, peer in enumerate(getattr(comparison, name)):
            where = f"{name}[{index}]"
            if comparison.group is None:
                problems.append(
                    Problem(where, "peers are left out only within a group")
                )
            elif peer in listed:
                problems.append(Problem(where, "the peer is listed already"))
            elif (peer.trust, peer.date) == (comparison.trust, comparison.date):
                problems.append(Problem(where, "the trust is not its own peer"))
            listed.add(peer)
    standings = [("overall", comparison.overall)]
    standings += [(f"features.{f}", s) for f, s in comparison.features.items()]
    standings += [(f"levels.{lv}", s) for lv, s in comparison.levels.items()]
    for path, standing in standings:
        if standing.peers > len(comparison.peers):
            problems.append(
                Problem(
                    f"{path}.peers",
                    f"{standing.peers} peers with a score, of "
                    f"{len(comparison.peers)} peers compared with",
                )
            )
    return problems
