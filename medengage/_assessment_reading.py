"""
The reading of an assessment document's compact form: the checklist it
names, the items it lists once, and each respondent's answers as one line
of tokens, checked against the scales of those items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from medengage import _hooks as hooks
from medengage import _reading_problems as findings
from medengage import _yaml
from medengage._answers import Answers, layout
from medengage._assessments import Assessment, Respondent
from medengage._checklists import Checklist
from medengage._document_converter import Fields
from medengage._frozen import FrozenMap
from medengage._scales import ResponseScale, Value
from medengage.errors import ValidationError


def read_assessment(
    body: _yaml.RawMap, checklists: Iterable[Checklist] | None
) -> Assessment:
    """
    The assessment in the document *body*, its checklist one of
    *checklists* (by default those of the bundled catalogue).

    Raises:
        FoundProblems: Listing every problem found, each with its path.
    """
    found = findings.Findings()
    fields = Fields(body, (), found)
    fields.check_keys(
        frozenset({"checklist", "trust", "date", "title", "items", "respondents"})
    )
    field = fields.get
    reference = field("checklist", _ChecklistReference)
    trust = field("trust", str)
    date = field("date", dt.date)
    title = field("title", str, "")
    items = field("items", tuple[str, ...])
    checklist = reference and _checklist(reference, checklists, found)
    respondents: list[Respondent] = []
    raw_respondents = body.get("respondents")
    if raw_respondents is None:
        found.append(
            (
                ("respondents",),
                "required key 'respondents' is missing: add it",
                False,
            )
        )
    elif type(raw_respondents) is not list:
        found.append((("respondents",), "expected a list of respondents", False))
    elif checklist is not None and items is not None:
        columns = _columns(checklist, items, found)
        if columns is not None:
            respondents = _read_respondents(raw_respondents, columns, found)
    if found or checklist is None:
        raise findings.FoundProblems(found)
    return Assessment(
        checklist=checklist,
        trust=trust,
        date=date,
        respondents=respondents,
        title=title,
    )


@attrs.frozen
class _ChecklistReference:
    id: str
    version: int


def _checklist(
    reference: _ChecklistReference,
    checklists: Iterable[Checklist] | None,
    found: findings.Findings,
) -> Checklist | None:
    if checklists is None:
        from medengage._catalogue import catalogue

        known = catalogue().checklists
    else:
        known = tuple(checklists)
    for checklist in known:
        if (checklist.id, checklist.version) == (reference.id, reference.version):
            return checklist
    listed = ", ".join(f"{c.id} version {c.version}" for c in known) or "none"
    found.append(
        (
            ("checklist",),
            f"checklist {reference.id!r} version {reference.version} is not "
            "known: pass it to load(..., checklists=[...]); "
            f"known checklists: {listed}",
            False,
        )
    )
    return None


@attrs.frozen
class _Columns:
    """
    How to read the answers of an assessment document: the layout they
    fill, and for each column, the value each token stands for.
    """

    layout: Any
    values: list[dict[str, Value]]
    scales: list[ResponseScale]


def _columns(
    checklist: Checklist, items: tuple[str, ...], found: findings.Findings
) -> _Columns | None:
    problems = len(found)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            found.append(
                (
                    ("items", index),
                    f"item {item!r} is listed twice: list it once",
                    False,
                )
            )
        elif item not in checklist.item_ids:
            found.append(
                (
                    ("items", index),
                    f"no item {item!r} in checklist {checklist.id!r} version "
                    f"{checklist.version}",
                    False,
                )
            )
        seen.add(item)
    if len(found) > problems:
        return None
    target = checklist.answer_layout
    shared = target if items == target.items else layout(items)
    scales = [checklist.scale_of(item) for item in items]
    return _Columns(shared, [scale._by_token for scale in scales], scales)


_RESPONDENT_KEYS = frozenset({"id", "attributes", "answers"})


def _read_respondents(
    raw: _yaml.RawSeq, columns: _Columns, found: findings.Findings
) -> list[Respondent]:
    respondents = []
    for index, entry in enumerate(raw):
        here: _yaml.Path = ("respondents", index)
        if type(entry) is not dict:
            found.append(
                (here, "expected a mapping with id, attributes and answers", False)
            )
            continue
        problems = len(found)
        fields = Fields(entry, here, found)
        fields.check_keys(_RESPONDENT_KEYS)
        id = fields.get("id", str)
        attributes = fields.get("attributes", FrozenMap[str, str], FrozenMap())
        answers = fields.get("answers", hooks.Answers)
        values = None
        if answers is not None:
            values = _parse_answers(answers, columns, here, found)
        if len(found) == problems and values is not None:
            try:
                respondent = Respondent(
                    id=id,
                    attributes=attributes,
                    answers=Answers.aligned(columns.layout, values),
                )
            except ValidationError as error:
                found.extend(findings.flatten(error, here))
            else:
                # Once a problem is found the document is refused: the
                # rest are only checked.
                if not found:
                    respondents.append(respondent)
    return respondents


def _parse_answers(
    answers: str,
    columns: _Columns,
    here: _yaml.Path,
    found: findings.Findings,
) -> tuple[Value | None, ...] | None:
    tokens = answers.split()
    try:
        if len(tokens) == len(columns.values):
            return tuple(
                None if token == "-" else values[token]
                for token, values in zip(tokens, columns.values, strict=True)
            )
    except KeyError:
        pass
    path = (*here, "answers")
    if len(tokens) != len(columns.values):
        found.append(
            (
                path,
                f"{len(tokens)} answers for {len(columns.values)} items: give one "
                "answer for each item listed under 'items', '-' where there is none",
                False,
            )
        )
        return None
    for position, (token, values) in enumerate(
        zip(tokens, columns.values, strict=True)
    ):
        if token != "-" and token not in values:
            scale = columns.scales[position]
            found.append(
                (
                    path,
                    f"answer {position + 1} ({token!r}, item "
                    f"{columns.layout.items[position]}) is not on scale "
                    f"{scale.id!r}: write one of {scale.describe_values()}, "
                    "or '-' for no answer",
                    False,
                )
            )
    return None
