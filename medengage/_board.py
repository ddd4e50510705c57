"""
Board tables: scores laid out for a board paper, one row a score, with
titles, intervals, bands, changes and peer standing, rounded for print.
"""

from __future__ import annotations

from collections.abc import Mapping

from medengage._assessments import Assessment
from medengage._board_checks import (
    Key,
    checked_comparison,
    group_reliabilities,
    reliability_of,
    scores_of,
    standing_of,
    uncertainty_of,
)
from medengage._board_table import BoardTable, Cell
from medengage._board_titles import OVERALL, feature_titles
from medengage._breakdowns import Breakdown, CrossedBreakdown
from medengage._checklists import Checklist
from medengage._comparisons import Comparison, PeerStanding
from medengage._journeys import Change, Journey, JourneyStep, StepScore, Trend
from medengage._reliability import (
    FeatureReliability,
    LevelReliability,
    Reliability,
    Uncertainty,
)
from medengage._scores import Score, ScoredAssessment
from medengage.errors import MedEngageError


#: Every column a board table may have, in the order it has them; each
#: kind of table has some of them, in this order (see `board_table`).
BOARD_COLUMNS = (
    "date",
    "group",
    "kind",
    "feature",
    "title",
    "score",
    "standard_error",
    "low",
    "high",
    "band",
    "respondents",
    "answers",
    "missing",
    "alpha",
    "complete_cases",
    "change",
    "significant",
    "peers",
    "peer_median",
    "gap",
    "percentile",
)
#: What the score cell of a withheld score holds: never a number.
WITHHELD = "withheld"
#: The group of a breakdown's total.
ALL_RESPONDENTS = "all respondents"
#: The ``kind`` of the overall score's row.
OVERALL_KIND = "overall"
#: The ``kind`` of a level score's row.
LEVEL_KIND = "level"
#: The ``kind`` of a feature score's row.
FEATURE_KIND = "feature"
#: The places Cronbach's alpha is rounded to, unless *decimals* is None.
ALPHA_DECIMALS = 2
#: The places the share of answers missing is rounded to, unless
#: *decimals* is None.
SHARE_DECIMALS = 3

#: A board table's result: what `board_table` lays out.
Result = ScoredAssessment | Breakdown | CrossedBreakdown | Journey | Reliability


def board_table(
    result: Result,
    *,
    checklist: Checklist | None = None,
    reliability: Reliability | None = None,
    assessment: Assessment | None = None,
    comparison: Comparison | None = None,
    decimals: int | None = 1,
) -> BoardTable:
    """
    *result* laid out for a board paper: a row for the overall score, then
    one for each level's (for a checklist with levels), then one for each
    feature's, in the checklist's order, with the level's or feature's id
    and title.

    The columns depend on the result, in the order of `BOARD_COLUMNS`:

    - a `ScoredAssessment`: ``kind``, ``feature``, ``title``, ``score``,
      ``band``, ``respondents``; with ``low`` and ``high`` (the 95%
      interval) after ``score`` when a reliability is given or an
      assessment to make it from; with ``peers``, ``peer_median``, ``gap``
      and ``percentile`` at the end when a comparison is given.
    - a `Breakdown` or `CrossedBreakdown`: the same, after a ``group``
      column (``all respondents`` for the total, then each group). Given
      the assessment, each group's scores that are shown get their
      interval too, from the reliability of the group's respondents;
      given only a reliability, the total alone. Peer standing is the
      total's.
    - a `Journey`: ``date`` first, then ``kind``, ``feature``, ``title``,
      ``score``, ``low``, ``high``, ``band``, ``respondents``, and the
      ``change`` since the step before with whether it is ``significant``
      (empty at the first step, and where it cannot be judged).
    - a `Reliability`: ``kind``, ``feature``, ``title``, ``score``,
      ``standard_error``, ``low``, ``high``, ``respondents``, ``answers``,
      ``missing`` (a share, 0 to 1), ``alpha`` and ``complete_cases``.

    ``kind`` is ``overall``, ``level`` or ``feature``; ``feature`` holds
    the level's or feature's id; ``title`` is ``Overall`` for the overall
    score. A level's row has an interval, change, significance and peer
    standing as a feature's does. A withheld score shows the text ``withheld`` as its
    score, and has no interval, band, change or standing: never a number.
    A score nobody answered has an empty score.

    Args:
        result: What to lay out.
        checklist: The checklist the scores were made on, for the
            levels' and features' titles; by default the bundled catalogue's checklist
            of the same id and version.
        reliability: The reliability of the same assessment, strategy and
            options, for a scored assessment's (or a breakdown total's)
            intervals.
        assessment: The assessment scored, to make that reliability from,
            where none is given.
        comparison: The scores beside their peers', from
            `medengage.compare`, for peer standing.
        decimals: The places scores, intervals, changes, medians, gaps and
            percentiles are rounded to (as ``round`` does); standard errors
            are rounded to one place more, alpha to 2 places and the share
            missing to 3. None keeps every number as it is.

    Raises:
        MedEngageError: If *result* is not one of those above; if no
            checklist gives the levels' and features' titles; if the checklist,
            reliability, assessment or comparison is of other scores; or
            if *decimals* is not a whole number of 0 or more, or None.
    """
    places = _checked_decimals(decimals)
    if isinstance(result, (Journey, Reliability)):
        for name, given in (
            ("reliability", reliability),
            ("assessment", assessment),
            ("comparison", comparison),
        ):
            if given is not None:
                raise MedEngageError(
                    f"{name}= goes with a scored assessment or breakdown, not a "
                    f"{type(result).__name__}"
                )
        if isinstance(result, Journey):
            return _journey_table(result, checklist, places)
        return _reliability_table(result, checklist, places)
    groups: tuple[tuple[str, ScoredAssessment, Reliability | None], ...] = ()
    if isinstance(result, ScoredAssessment):
        total = result
    elif isinstance(result, (Breakdown, CrossedBreakdown)):
        total = result.total
        of_groups = group_reliabilities(result, assessment)
        groups = tuple(
            (
                value if isinstance(value, str) else " / ".join(value),
                scored,
                of_groups.get(value),
            )
            for value, scored in result.groups.items()
        )
    else:
        raise MedEngageError(
            f"cannot lay out a {type(result).__name__} as a board table: give a "
            "ScoredAssessment, Breakdown, CrossedBreakdown, Journey or Reliability"
        )
    return _scored_table(
        result,
        total,
        groups,
        _titles(total.checklist, total.checklist_version, checklist),
        reliability_of(total, reliability, assessment),
        checked_comparison(total, comparison),
        places,
    )


def _scored_table(
    result: ScoredAssessment | Breakdown | CrossedBreakdown,
    total: ScoredAssessment,
    groups: tuple[tuple[str, ScoredAssessment, Reliability | None], ...],
    titles: Mapping[str, str],
    its_reliability: Reliability | None,
    comparison: Comparison | None,
    places: int | None,
) -> BoardTable:
    columns = ["kind", "feature", "title", "score"]
    if its_reliability is not None:
        columns += ["low", "high"]
    columns += ["band", "respondents"]
    if comparison is not None:
        columns += ["peers", "peer_median", "gap", "percentile"]
    rows = []
    for group, scored, of_group in ((ALL_RESPONDENTS, total, its_reliability), *groups):
        for key, score in scores_of(scored):
            cells: dict[str, Cell] = {
                "group": group,
                **_identity(key, titles),
                **_score_cells(score, places),
                "band": score.band,
                "respondents": score.respondents,
            }
            if its_reliability is not None:
                uncertainty = (
                    None if of_group is None else uncertainty_of(of_group, key)
                )
                if uncertainty is not None and uncertainty.value != score.value:
                    uncertainty = None
                cells |= _interval(uncertainty, places)
            if comparison is not None:
                standing = standing_of(comparison, key) if scored is total else None
                cells |= _standing_cells(standing, places)
            rows.append(cells)
    if groups:
        columns.insert(0, "group")
    name = "Scores"
    if isinstance(result, (Breakdown, CrossedBreakdown)):
        by = result.by if isinstance(result.by, str) else " and ".join(result.by)
        name = f"By {by}"
    return _table(name, _caption(total, by=name), columns, rows)


def _journey_table(
    journey: Journey, checklist: Checklist | None, places: int | None
) -> BoardTable:
    titles = _titles(journey.checklist, journey.checklist_version, checklist)
    columns = ["date", "kind", "feature", "title", "score", "low", "high", "band"]
    columns += ["respondents", "change", "significant"]
    rows = []
    keys: list[Key] = [(OVERALL_KIND, None)]
    keys += [(LEVEL_KIND, level) for level in journey.levels]
    keys += [(FEATURE_KIND, feature) for feature in journey.features]
    for index, step in enumerate(journey.steps):
        for key in keys:
            score = _step_score(step, key)
            if score is None:
                continue
            change = _journey_trend(journey, key).changes[index - 1] if index else None
            rows.append(
                {
                    "date": step.date,
                    **_identity(key, titles),
                    **_score_cells(score, places),
                    **_interval(score, places),
                    "band": score.band,
                    "respondents": score.respondents,
                    **_change_cells(change, places),
                }
            )
    who = journey.trust_name or journey.trust
    caption = (
        f"{who}: {len(journey.steps)} assessments from "
        f"{journey.steps[0].date.isoformat()} to {journey.steps[-1].date.isoformat()}, "
        f"scored with {journey.strategy!r}"
    )
    return _table("Journey", caption, columns, rows)


def _reliability_table(
    its_reliability: Reliability, checklist: Checklist | None, places: int | None
) -> BoardTable:
    titles = _titles(
        its_reliability.checklist, its_reliability.checklist_version, checklist
    )
    columns = ["kind", "feature", "title", "score", "standard_error", "low", "high"]
    columns += ["respondents", "answers", "missing", "alpha", "complete_cases"]
    rows: list[dict[str, Cell]] = [
        {
            **_identity((OVERALL_KIND, None), titles),
            **_uncertainty_cells(its_reliability.overall, places),
        }
    ]
    parts: list[tuple[Key, FeatureReliability | LevelReliability]] = [
        ((LEVEL_KIND, level), found) for level, found in its_reliability.levels.items()
    ]
    parts += [
        ((FEATURE_KIND, feature), found)
        for feature, found in its_reliability.features.items()
    ]
    for key, found in parts:
        rows.append(
            {
                **_identity(key, titles),
                **_uncertainty_cells(found.uncertainty, places),
                "answers": found.answers,
                "missing": _rounded(found.missing, _fixed(places, SHARE_DECIMALS)),
                "alpha": _rounded(found.alpha, _fixed(places, ALPHA_DECIMALS)),
                "complete_cases": found.complete_cases,
            }
        )
    caption = (
        f"Reliability: {its_reliability.trust} {its_reliability.date.isoformat()}, "
        f"strategy {its_reliability.strategy!r}"
    )
    return _table("Reliability", caption, columns, rows)


def _table(
    name: str, caption: str, columns: list[str], rows: list[dict[str, Cell]]
) -> BoardTable:
    return BoardTable(
        name=name,
        caption=caption,
        columns=tuple(columns),
        rows=tuple(tuple(row.get(column) for column in columns) for row in rows),
    )


def _caption(scored: ScoredAssessment, *, by: str) -> str:
    what = "Scores" if by == "Scores" else f"Scores {by[0].lower()}{by[1:]}"
    return (
        f"{what}: {scored.trust} {scored.date.isoformat()}, strategy "
        f"{scored.strategy!r} ({scored.low:g} to {scored.high:g})"
    )


def _identity(key: Key, titles: Mapping[str, str]) -> dict[str, Cell]:
    kind, id = key
    if id is None:
        return {"kind": kind, "feature": None, "title": OVERALL}
    return {"kind": kind, "feature": id, "title": titles.get(id, id)}


def _step_score(step: JourneyStep, key: Key) -> StepScore | None:
    kind, id = key
    if id is None:
        return step.overall
    scores: Mapping[str, StepScore] = (
        step.levels if kind == LEVEL_KIND else step.features
    )
    return scores.get(id)


def _journey_trend(journey: Journey, key: Key) -> Trend:
    kind, id = key
    if id is None:
        return journey.overall
    return (journey.levels if kind == LEVEL_KIND else journey.features)[id]


def _score_cells(score: Score | StepScore, places: int | None) -> dict[str, Cell]:
    return {"score": WITHHELD if score.withheld else _rounded(score.value, places)}


def _interval(
    found: Uncertainty | StepScore | None, places: int | None
) -> dict[str, Cell]:
    if found is None:
        return {"low": None, "high": None}
    return {"low": _rounded(found.low, places), "high": _rounded(found.high, places)}


def _uncertainty_cells(found: Uncertainty, places: int | None) -> dict[str, Cell]:
    return {
        "score": WITHHELD if found.withheld else _rounded(found.value, places),
        "standard_error": _rounded(
            found.standard_error, None if places is None else places + 1
        ),
        **_interval(found, places),
        "respondents": found.respondents,
    }


def _change_cells(change: Change | None, places: int | None) -> dict[str, Cell]:
    if change is None:
        return {"change": None, "significant": None}
    return {
        "change": _rounded(change.difference, places),
        "significant": change.significant,
    }


def _standing_cells(
    standing: PeerStanding | None, places: int | None
) -> dict[str, Cell]:
    if standing is None:
        return {"peers": None, "peer_median": None, "gap": None, "percentile": None}
    return {
        "peers": standing.peers,
        "peer_median": _rounded(standing.median, places),
        "gap": _rounded(standing.gap, places),
        "percentile": _rounded(standing.percentile, places),
    }


# Checks


def _checked_decimals(decimals: object) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise MedEngageError(
            f"decimals must be a whole number of 0 or more, or None to keep "
            f"every number as it is, not {decimals!r}"
        )
    return decimals


def _titles(
    checklist_id: str, version: int, checklist: Checklist | None
) -> Mapping[str, str]:
    titles = feature_titles(checklist_id, version, checklist)
    if titles is None:
        raise MedEngageError(
            f"the scores are of checklist {checklist_id!r} version {version}, which "
            "the bundled catalogue lacks: give it as checklist= to title the "
            "levels and features"
        )
    return titles


# Cells


def _rounded(value: float | None, places: int | None) -> float | None:
    if value is None or places is None:
        return value
    # Adding 0.0 turns a negative zero into zero.
    return round(value, places) + 0.0


def _fixed(places: int | None, fixed: int) -> int | None:
    return None if places is None else fixed
