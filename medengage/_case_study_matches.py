"""
Case-study matches: a trust's scores beside the features the exemplar case
studies share, and what those trusts did next.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from medengage import _catalogue
from medengage import _validation as v
from medengage._case_studies import LaterEvent
from medengage._catalogue import Catalogue
from medengage._citations import Citation
from medengage._comparisons import _check_scored
from medengage._frozen import FrozenMap, freeze_map
from medengage._scores import Score, ScoredAssessment
from medengage._trusts import ODS_TRUST_CODE as _ODS
from medengage._trusts import ods_code
from medengage.errors import MedEngageError, Problem


def _freeze_events(events: Mapping[str, Any]) -> FrozenMap[str, Any]:
    if isinstance(events, FrozenMap):
        return events
    return FrozenMap(
        {
            code: listed if isinstance(listed, str) else tuple(listed)
            for code, listed in events.items()
        }
    )


def _scores_as_floats(ranked: Mapping[str, Any]) -> FrozenMap[str, Any]:
    return FrozenMap({feature: v.to_float(value) for feature, value in ranked.items()})


@attrs.frozen
class CaseStudyMatch:
    """
    How a trust scores on the features found at every exemplar trust:
    which of them are its strongest and which its weakest, how many of the
    case studies give evidence specific to their trust for each, and what
    happened at the exemplar trusts after they were studied.

    The shared features the trust has a score for are ranked highest
    first, ties in the order of its checklist. The strongest are the first
    of that ranking, the weakest the last, read from the bottom up; there
    are as many of each, and never more than half the ranking, so that no
    feature is both.

    Attributes:
        strategy: The name of the strategy the scores were made with.
        trust: The ODS code of the trust.
        checklist: The id of the checklist answered.
        checklist_version: Its version.
        date: When the trust's assessment closed.
        source: The report the case studies come from.
        ranked: The shared features the trust has a score for, by id, with
            the score, highest first.
        strongest: The ids of the strongest shared features, highest first.
        weakest: The ids of the weakest shared features, lowest first.
        not_shown: The ids of the shared features with no score to show
            (withheld, nobody answered, or not scored), in the catalogue's
            order.
        summary: A short text that names them, for a notebook or a report.
        evidence: For each shared feature, how many case studies give
            evidence specific to their trust for it.
        later_events: For each exemplar trust with events recorded since
            its case study, by ODS code, those events, oldest first.
    """

    strategy: str = attrs.field(validator=v.label)
    trust: str = attrs.field(validator=ods_code)
    checklist: str = attrs.field(validator=v.identifier)
    checklist_version: int = attrs.field(validator=v.positive_int)
    date: dt.date = attrs.field(validator=v.date)
    source: Citation = attrs.field(validator=v.instance_of(Citation))
    ranked: FrozenMap[str, float] = attrs.field(converter=_scores_as_floats)
    strongest: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    weakest: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    not_shown: tuple[str, ...] = attrs.field(converter=v.to_tuple)
    summary: str = attrs.field(validator=v.nonempty_text)
    evidence: FrozenMap[str, int] = attrs.field(factory=FrozenMap, converter=freeze_map)
    later_events: FrozenMap[str, tuple[LaterEvent, ...]] = attrs.field(
        factory=FrozenMap, converter=_freeze_events
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_match_problems(self))


def shared_features(catalogue: Catalogue) -> tuple[str, ...]:
    """
    The ids of the features found at every case-study trust in *catalogue*,
    in the catalogue's order: those each case study gives evidence for, or
    records as found without evidence specific to its trust.

    Raises:
        MedEngageError: If the catalogue holds no case studies.
    """
    studies = list(catalogue.case_studies.values())
    if not studies:
        raise MedEngageError(
            "the catalogue holds no case studies, so no features are shared: "
            "add case studies, or use the bundled catalogue"
        )
    common = set(studies[0].found).intersection(*(study.found for study in studies[1:]))
    return tuple(feature for feature in catalogue.features if feature in common)


def case_study_match(
    scored: ScoredAssessment, catalogue: Catalogue | None = None, *, count: int = 2
) -> CaseStudyMatch:
    """
    Which of the features found at every exemplar trust are *scored*'s
    strongest and weakest, with how many case studies give evidence specific
    to their trust for each, and what happened at those trusts since.

    Args:
        scored: The trust's scores.
        catalogue: Where the case studies and features come from; the
            bundled catalogue if None.
        count: The most features to name as strongest, and as weakest;
            each is at most half the shared features the trust has a
            score for.

    Raises:
        MedEngageError: If the catalogue holds no case studies, or *count*
            is not a whole number of 1 or more.
    """
    _check_scored(scored, "scored")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise MedEngageError(
            f"count must be a whole number of 1 or more, not {count!r}"
        )
    if catalogue is None:
        catalogue = _catalogue.catalogue()
    shared = shared_features(catalogue)
    order = {feature: index for index, feature in enumerate(scored.features)}
    shown = [f for f in shared if f in order and scored.features[f].value is not None]
    ranked = sorted(shown, key=lambda f: (-_value(scored.features[f]), order[f]))
    many = min(count, len(ranked) // 2)
    strongest = tuple(ranked[:many])
    weakest = tuple(reversed(ranked[len(ranked) - many :]))
    not_shown = tuple(f for f in shared if f not in shown)
    return CaseStudyMatch(
        strategy=scored.strategy,
        trust=scored.trust,
        checklist=scored.checklist,
        checklist_version=scored.checklist_version,
        date=scored.date,
        source=catalogue.source,
        ranked={feature: _value(scored.features[feature]) for feature in ranked},
        strongest=strongest,
        weakest=weakest,
        not_shown=not_shown,
        summary=_summary(scored, catalogue, shared, ranked, strongest, weakest),
        evidence={feature: _evidence_count(catalogue, feature) for feature in shared},
        later_events={
            code: study.later_events
            for code, study in catalogue.case_studies.items()
            if study.later_events
        },
    )


def _evidence_count(catalogue: Catalogue, feature: str) -> int:
    return sum(feature in study.evidence for study in catalogue.case_studies.values())


def _value(score: Score) -> float:
    assert score.value is not None
    return score.value


def _summary(
    scored: ScoredAssessment,
    catalogue: Catalogue,
    shared: Sequence[str],
    ranked: Sequence[str],
    strongest: Sequence[str],
    weakest: Sequence[str],
) -> str:
    source = catalogue.source
    report = f'"{source.title}" ({source.publisher}, {source.year})'
    since = _since(catalogue)
    if not shared:
        return (
            f"No feature is found at every case-study trust in {report}, so "
            f"there is nothing to match.{since}"
        )
    studies = len(catalogue.case_studies)

    def named(features: Sequence[str]) -> str:
        return _listed(
            [
                f"{catalogue.features[f].title} ({_value(scored.features[f]):.1f}; "
                f"trust-specific evidence in "
                f"{_evidence_count(catalogue, f)} of {studies} case studies)"
                for f in features
            ]
        )

    opening = (
        f"Of the {len(shared)} features found at every case-study trust in "
        f"{report}, {scored.trust}'s assessment of {scored.date.isoformat()} "
        f"(scored with {scored.strategy})"
    )
    if strongest:
        found = f"is strongest on {named(strongest)}, and weakest on {named(weakest)}."
    elif ranked:
        found = (
            f"has a score for {named(ranked)} only: too few to name the "
            "strongest and the weakest."
        )
    else:
        found = "has a score for none of them."
    missing = [
        f"{catalogue.features[f].title} ({_why_not_shown(scored, f)})"
        for f in shared
        if f not in ranked
    ]
    closing = f" Not shown: {_listed(missing)}." if missing else ""
    return f"{opening} {found}{closing}{since}"


def _since(catalogue: Catalogue) -> str:
    """
    What happened at the case-study trusts after they were studied, as
    sentences to end a summary with; empty where nothing is recorded.
    """
    events = [
        f"{_name_on(catalogue, code, event.date)} ({code}), {event}"
        for code, study in catalogue.case_studies.items()
        for event in study.later_events
    ]
    if not events:
        return ""
    return f" Since the case studies were published: {' '.join(events)}"


def _name_on(catalogue: Catalogue, code: str, day: dt.date) -> str:
    trust = catalogue.trusts.get(code)
    if trust is None:
        return code
    held: str = trust.name_on(day) or trust.name
    return held


def _why_not_shown(scored: ScoredAssessment, feature: str) -> str:
    score = scored.features.get(feature)
    if score is None:
        return "not scored"
    return "withheld" if score.withheld else "nobody answered"


def _listed(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _match_problems(match: CaseStudyMatch) -> list[Problem]:
    problems = []
    ranked = list(match.ranked)
    for feature, value in match.ranked.items():
        if not isinstance(feature, str) or not v.is_identifier(feature):
            problems.append(Problem("ranked", f"{feature!r} is not a valid feature id"))
        elif not v.is_number(value):
            problems.append(
                Problem(f"ranked.{feature}", f"{value!r} is not a finite number")
            )
    for name in ("strongest", "weakest", "not_shown"):
        for index, feature in enumerate(getattr(match, name)):
            if not isinstance(feature, str) or not v.is_identifier(feature):
                problems.append(
                    Problem(
                        f"{name}[{index}]", f"{feature!r} is not a valid feature id"
                    )
                )
    if problems:
        return problems
    values = list(match.ranked.values())
    if any(a < b for a, b in itertools.pairwise(values)):
        problems.append(Problem("ranked", "the features are not ranked highest first"))
    many = len(match.strongest)
    if len(match.weakest) != many or 2 * many > len(ranked):
        problems.append(
            Problem(
                "weakest",
                f"{many} strongest and {len(match.weakest)} weakest of "
                f"{len(ranked)} ranked: name as many of each, at most half "
                "the ranked features",
            )
        )
    elif match.strongest != tuple(ranked[:many]):
        problems.append(
            Problem("strongest", "the strongest are not the first ranked features")
        )
    elif match.weakest != tuple(reversed(ranked[len(ranked) - many :])):
        problems.append(
            Problem("weakest", "the weakest are not the last ranked features")
        )
    for index, feature in enumerate(match.not_shown):
        if feature in match.ranked or feature in match.not_shown[:index]:
            problems.append(
                Problem(
                    f"not_shown[{index}]",
                    f"{feature!r} is ranked or listed already",
                )
            )
    return [*problems, *_evidence_problems(match), *_later_problems(match)]


def _evidence_problems(match: CaseStudyMatch) -> list[Problem]:
    problems = []
    for feature, count in match.evidence.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(
                Problem(
                    f"evidence.{feature}",
                    f"{count!r} is not a whole number of 0 or more",
                )
            )
    shared = {*match.ranked, *match.not_shown}
    if match.evidence and set(match.evidence) != shared:
        problems.append(
            Problem(
                "evidence",
                "give a count for each shared feature, ranked or not shown, "
                "and for no other",
            )
        )
    return problems


def _later_problems(match: CaseStudyMatch) -> list[Problem]:
    problems = []
    for code, events in match.later_events.items():
        where = f"later_events.{code}"
        if not isinstance(code, str) or not _ODS.fullmatch(code):
            problems.append(Problem("later_events", f"{code!r} is not an ODS code"))
        elif not isinstance(events, tuple) or not events:
            problems.append(Problem(where, "give at least one event, or leave it out"))
        elif not all(isinstance(event, LaterEvent) for event in events):
            problems.append(Problem(where, "expected LaterEvent objects"))
        elif any(b.date < a.date for a, b in itertools.pairwise(events)):
            problems.append(Problem(where, "list the events oldest first"))
    return problems
