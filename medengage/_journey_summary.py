"""
The summary of a journey: how far each score moved, in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from medengage._journey_steps import Change, Trend


if TYPE_CHECKING:
    from medengage._journeys import Journey


_NOT_JUDGED = "Not judged (withheld, missing or without a standard error)"
#: The summary's headings for features' moves: risen, fallen, unchanged,
#: not judged.
_FEATURE_HEADINGS = (
    "Rose significantly",
    "Fell significantly",
    "No significant change",
    _NOT_JUDGED,
)
#: The same for levels' moves.
_LEVEL_HEADINGS = (
    "Levels that rose significantly",
    "Levels that fell significantly",
    "Levels with no significant change",
    "Levels not judged (withheld, missing or without a standard error)",
)


def journey_summary(journey: Journey, titles: Mapping[str, str]) -> str:
    """
    The text of `Journey.summary`, naming levels and features by *titles*
    (by their ids where it has none).
    """
    first, last = journey.steps[0], journey.steps[-1]
    who = (
        f"{journey.trust_name} ({journey.trust})"
        if journey.trust_name
        else journey.trust
    )
    count = len(journey.steps)
    lines = [
        f"{who}: {count} assessment{'s' if count != 1 else ''} from "
        f"{first.date.isoformat()} to {last.date.isoformat()}, scored with "
        f"{journey.strategy!r}.",
        f"Overall: {_describe(journey.overall.across)}.",
        f"Bands: {', '.join(band or '-' for band in journey.bands().values())}.",
    ]
    if journey.levels:
        lines += _moves(journey.levels, titles, _LEVEL_HEADINGS)
    lines += _moves(journey.features, titles, _FEATURE_HEADINGS)
    left_out = sorted({f for step in journey.steps for f in step.left_out})
    if left_out:
        lines.append(
            f"Left out, with no counterpart in checklist {journey.checklist!r} "
            f"version {journey.checklist_version}: {', '.join(left_out)}."
        )
    return "\n".join(lines)


def _moves(
    trends: Mapping[str, Trend],
    titles: Mapping[str, str],
    headings: tuple[str, str, str, str],
) -> list[str]:
    """
    The summary's lines for *trends* (the features' or the levels'): those
    that rose, fell, did not change significantly, each with the largest
    moves first, and, where any, those that could not be judged.
    """
    rose, fell, unchanged, not_judged = headings
    groups: dict[str, list[tuple[str, float]]] = {heading: [] for heading in headings}
    for id, trend in trends.items():
        change = trend.across
        if change is None or change.significant is None:
            heading = not_judged
        elif not change.significant:
            heading = unchanged
        elif (change.difference or 0.0) > 0:
            heading = rose
        else:
            heading = fell
        difference = None if change is None else change.difference
        groups[heading].append((titles.get(id, id), difference or 0.0))
    lines = []
    for heading, members in groups.items():
        # Largest moves first; sorting is stable, so ties keep their order.
        members.sort(key=lambda member: -abs(member[1]))
        if heading == not_judged:
            if members:
                lines.append(f"{heading}: {', '.join(f for f, _ in members)}.")
            continue
        listed = ", ".join(f"{f} ({_signed(d)})" for f, d in members)
        lines.append(f"{heading}: {listed or 'none'}.")
    return lines


def _describe(change: Change | None) -> str:
    if change is None:
        return "a single assessment, so no change yet"
    if change.difference is None:
        return "no change can be given, as a score is withheld or missing"
    moved = f"{_number(change.before)} to {_number(change.after)}"
    if change.low is None or change.high is None or change.significant is None:
        return f"{moved} ({_signed(change.difference)}), not judged"
    judged = (
        "no significant change"
        if not change.significant
        else f"a significant {'rise' if change.difference > 0 else 'fall'}"
    )
    return (
        f"{moved} ({_signed(change.difference)}; 95% interval "
        f"{_signed(change.low)} to {_signed(change.high)}): {judged}"
    )


def _number(value: float | None) -> str:
    return "-" if value is None else f"{round(value, 1) + 0.0:.1f}"


def _signed(value: float) -> str:
    return f"{round(value, 1) + 0.0:+.1f}"
