"""
Tables for people: how results, checklists and trusts show in a terminal
and in Jupyter.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs


if TYPE_CHECKING:
    from medengage._case_studies import CaseStudy
    from medengage._checklists import Checklist
    from medengage._groups import HeldType
    from medengage._journeys import Change, Journey, StepScore
    from medengage._scores import Score, ScoredAssessment
    from medengage._trusts import Trust


#: How a withheld score shows.
WITHHELD = "withheld"


@attrs.frozen
class Table:
    """
    A table: a caption, column headings, rows of cells, and notes below.

    Attributes:
        caption: What the table shows.
        columns: The column headings.
        rows: The cells, row by row, as text.
        notes: Lines shown under the table.
        numeric: Which columns hold numbers, to be aligned right.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    numeric: frozenset[int] = frozenset()

    def text(self) -> str:
        """
        The table as plain text, columns aligned.
        """
        widths = [
            max(len(cell) for cell in column)
            for column in zip(self.columns, *self.rows, strict=True)
        ]
        lines = [self.caption, ""]
        for row in (self.columns, *self.rows):
            cells = [
                cell.rjust(width) if index in self.numeric else cell.ljust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
        lines += self.notes
        return "\n".join(lines)

    def html(self) -> str:
        """
        The table as HTML, every piece of text escaped.
        """

        def cell(tag: str, index: int, text: str) -> str:
            style = ' style="text-align: right"' if index in self.numeric else ""
            shown = (
                f"<em>{html.escape(text)}</em>"
                if text == WITHHELD
                else html.escape(text)
            )
            return f"<{tag}{style}>{shown}</{tag}>"

        head = "".join(cell("th", i, c) for i, c in enumerate(self.columns))
        body = "".join(
            "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
            for row in self.rows
        )
        notes = "".join(f"<p>{html.escape(note)}</p>" for note in self.notes)
        return (
            f"<table><caption>{html.escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"
        )


class Displayed:
    """
    A mix-in that shows an object as its `table` in IPython and Jupyter.
    """

    __slots__ = ()

    def table(self) -> Table:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return self.table().html()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self) if cycle else self.table().text())


def score_text(score: Score) -> str:
    """
    A score to one decimal place, ``withheld``, or ``-`` where nobody
    answered.
    """
    if score.withheld:
        return WITHHELD
    return "-" if score.value is None else f"{score.value:.1f}"


def scored_table(scored: ScoredAssessment) -> Table:
    """
    A scored assessment: its overall score, its level scores (each named
    ``id (level)``) and its feature scores, with the respondents and band
    of each.
    """
    rows = [("overall", *_score_cells(scored.overall))]
    rows += [
        (level_label(level), *_score_cells(score))
        for level, score in scored.levels.items()
    ]
    rows += [
        (feature, *_score_cells(score)) for feature, score in scored.features.items()
    ]
    return Table(
        caption=(
            f"{scored.trust} {scored.date.isoformat()}: strategy {scored.strategy!r} "
            f"({scored.low:g} to {scored.high:g}), checklist {scored.checklist} "
            f"version {scored.checklist_version}"
        ),
        columns=("feature", "score", "respondents", "band"),
        rows=tuple(rows),
        notes=_withheld_note(scored),
        numeric=frozenset({1, 2}),
    )


def breakdown_table(
    by: str, total: ScoredAssessment, groups: Iterable[tuple[str, ScoredAssessment]]
) -> Table:
    """
    A breakdown by *by*: a column for the total and one for each group.
    """
    groups = list(groups)
    rows = [
        (
            "respondents",
            str(total.overall.respondents),
            *(str(group.overall.respondents) for _, group in groups),
        ),
        (
            "overall",
            score_text(total.overall),
            *(score_text(g.overall) for _, g in groups),
        ),
    ]
    rows += [
        (
            level_label(level),
            score_text(score),
            *(score_text(group.levels[level]) for _, group in groups),
        )
        for level, score in total.levels.items()
    ]
    rows += [
        (
            feature,
            score_text(score),
            *(score_text(group.features[feature]) for _, group in groups),
        )
        for feature, score in total.features.items()
    ]
    return Table(
        caption=(
            f"{total.trust} {total.date.isoformat()} by {by}: strategy "
            f"{total.strategy!r} ({total.low:g} to {total.high:g})"
        ),
        columns=("", "all", *(name for name, _ in groups)),
        rows=tuple(rows),
        notes=_withheld_note(total),
        numeric=frozenset(range(1, len(groups) + 2)),
    )


def checklist_table(checklist: Checklist) -> Table:
    """
    A checklist's items, in order, with what each informs and how it is
    answered.
    """
    rows = tuple(
        (
            item.id,
            item.feature,
            item.audience.value,
            item.scale,
            "yes" if item.reverse else "",
            f"{item.weight:g}",
            _one_line(item.prompt),
        )
        for item in checklist.items
    )
    return Table(
        caption=str(checklist),
        columns=("item", "feature", "audience", "scale", "reverse", "weight", "prompt"),
        rows=rows,
        notes=(
            f"{len(checklist.items)} items on {len(checklist.features)} features "
            f"and {len(checklist.scales)} scales",
            *([_one_line(checklist.notes, 200)] if checklist.notes else []),
        ),
        numeric=frozenset({5}),
    )


def trust_table(trust: Trust) -> Table:
    """
    A trust's names over time, and what became of it.
    """
    rows = tuple(
        (
            held.name,
            held.since.isoformat() if held.since else "",
            held.until.isoformat() if held.until else "",
        )
        for held in trust.names
    )
    closed = trust.closed.isoformat() if trust.closed else "(date unknown)"
    notes: list[str] = []
    if trust.successors:
        notes.append(f"closed {closed}" if trust.closed else "")
        notes += [f"succeeded by {succession}" for succession in trust.successors]
        if trust.successor:
            notes.append(f"a journey follows {trust.successor} unless told otherwise")
    elif trust.closed or trust.successor:
        notes.append(
            f"closed {closed}"
            + (f", succeeded by {trust.successor}" if trust.successor else "")
        )
    notes += [f"type {_held(held)}" for held in trust.types]
    notes = [note for note in notes if note]
    return Table(
        caption=f"{trust.code}: {trust.name}",
        columns=("name", "since", "until"),
        rows=rows,
        notes=tuple(notes),
    )


def _held(held: HeldType) -> str:
    since = f" from {held.since.isoformat()}" if held.since else ""
    until = f" to {held.until.isoformat()}" if held.until else ""
    return f"{held.type.value}{since}{until}"


def case_study_table(study: CaseStudy) -> Table:
    """
    A case study's evidence, feature by feature, each piece with its
    source; then the features found without specific evidence, and what
    happened at the trust since.
    """
    rows = tuple(
        (feature, _one_line(point.text), str(point.source or study.source))
        for feature, points in study.evidence.items()
        for point in points
    )
    notes = [f"Source: {study.source}"]
    if study.found_without_evidence:
        notes.append(
            "Found here as at every trust studied, with no evidence specific to "
            f"this trust given: {', '.join(study.found_without_evidence)}"
        )
    if study.later_events:
        notes.append("Since then:")
        notes += [f"  {event} ({event.source})" for event in study.later_events]
    return Table(
        caption=f"Case study: {study.trust}",
        columns=("feature", "evidence", "source"),
        rows=rows,
        notes=tuple(notes),
    )


def journey_table(journey: Journey) -> Table:
    """
    A journey: each score at each date, with its 95% interval, and the
    change across the whole series, marked where it is significant.
    """
    dates = [step.date.isoformat() for step in journey.steps]
    features = list(journey.features)
    rows = [
        (
            "overall",
            *(_step_text(step.overall) for step in journey.steps),
            _change_text(journey.overall.across),
        )
    ]
    rows += [
        (
            feature,
            *(
                _step_text(step.features[feature]) if feature in step.features else "-"
                for step in journey.steps
            ),
            _change_text(journey.features[feature].across),
        )
        for feature in features
    ]
    rows += [
        (
            f"{level} (level)",
            *(
                _step_text(step.levels[level]) if level in step.levels else "-"
                for step in journey.steps
            ),
            _change_text(trend.across),
        )
        for level, trend in journey.levels.items()
    ]
    name = (
        f"{journey.trust_name} ({journey.trust})"
        if journey.trust_name
        else journey.trust
    )
    return Table(
        caption=(
            f"{name}: strategy {journey.strategy!r} ({journey.low:g} to "
            f"{journey.high:g}), scores with their 95% intervals"
        ),
        columns=("", *dates, "change"),
        rows=tuple(rows),
        notes=(
            "* the change is larger than its uncertainty: its 95% interval "
            "leaves out zero.",
            f"Scores from fewer than {journey.min_respondents} respondents are "
            "withheld.",
        ),
        numeric=frozenset(range(1, len(dates) + 2)),
    )


def _step_text(score: StepScore) -> str:
    if score.withheld:
        return WITHHELD
    if score.value is None:
        return "-"
    if score.low is None or score.high is None:
        return f"{score.value:.1f}"
    return f"{score.value:.1f} ({score.low:.1f}-{score.high:.1f})"


def _change_text(change: Change | None) -> str:
    if change is None or change.difference is None:
        return "-"
    return f"{change.difference:+.1f}{'*' if change.significant else ''}"


def level_label(level: str) -> str:
    """
    How a table names the level *level*, apart from the features.
    """
    return f"{level} (level)"


def _score_cells(score: Score) -> tuple[str, str, str]:
    return (score_text(score), str(score.respondents), score.band or "")


def _withheld_note(scored: ScoredAssessment) -> tuple[str, ...]:
    return (
        f"Scores from fewer than {scored.min_respondents} respondents are withheld.",
    )


def _one_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
