"""
Uses of a checklist: who answered, and what.
"""

from __future__ import annotations

import datetime as dt

import attrs

from medengage import _validation as v
from medengage._answers import Answers, to_answers
from medengage._checklists import Checklist
from medengage._columns import AnswerColumns
from medengage._frozen import FrozenMap, freeze_map
from medengage._scales import Value, format_value
from medengage._trusts import ods_code
from medengage.errors import Problem


#: The label of the group of respondents who did not give an attribute,
#: in breakdowns; no attribute may take it as a value.
NOT_STATED = "(not stated)"

#: How many problems an assessment lists before it only counts the rest.
MAX_LISTED_PROBLEMS = 100


@attrs.frozen
class Respondent:
    """
    Someone who answered a checklist.

    Attributes:
        id: An opaque identifier, unique within its assessment; never a
            name or anything else that identifies the person.
        attributes: Grouping attributes such as ``grade`` or ``role``,
            by which scores can be broken down.
        answers: The values answered, by item id; items not answered are
            absent.
    """

    id: str = attrs.field(validator=v.label)
    attributes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=freeze_map
    )
    answers: Answers = attrs.field(factory=Answers, converter=to_answers)

    def __attrs_post_init__(self) -> None:
        v.raise_problems(_attribute_problems(self.attributes))


@attrs.frozen
class Assessment:
    """
    One use of a checklist at one trust: who answered, and what.

    Every answer is a value on its item's scale, every item is one of the
    checklist's, and no two respondents share an id.

    Attributes:
        checklist: The checklist answered.
        trust: The ODS code of the trust assessed.
        date: When the assessment closed.
        respondents: Who answered, and what.
        title: A short name for the assessment, like ``Doctors' survey 2024``.
    """

    checklist: Checklist = attrs.field(validator=v.instance_of(Checklist))
    trust: str = attrs.field(validator=ods_code)
    date: dt.date = attrs.field(validator=v.date)
    respondents: tuple[Respondent, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(Respondent)
    )
    title: str = attrs.field(default="", validator=v.text)

    _columns: AnswerColumns = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        respondents, columns, problems = _checked_answers(
            self.checklist, self.respondents
        )
        v.raise_problems(problems)
        object.__setattr__(self, "respondents", respondents)
        object.__setattr__(self, "_columns", columns)

    @property
    def checklist_id(self) -> str:
        """
        The id of the checklist answered.
        """
        return self.checklist.id

    @property
    def checklist_version(self) -> int:
        """
        The version of the checklist answered.
        """
        return self.checklist.version

    def respondent(self, id: str) -> Respondent:
        """
        The respondent with *id*.

        Raises:
            KeyError: If no respondent has that id.
        """
        for respondent in self.respondents:
            if respondent.id == id:
                return respondent
        raise KeyError(id)

    def answers_to(self, item: str) -> tuple[Value | None, ...]:
        """
        Each respondent's answer to the item with id *item*, as the value
        of its scale's point (``4`` for an answer given as ``4.0``), None
        where they gave none, in the order of `respondents`.

        Raises:
            KeyError: If the checklist has no such item.
        """
        return self._columns.column(self.checklist.position(item))


def _checked_answers(
    checklist: Checklist, respondents: tuple[Respondent, ...]
) -> tuple[tuple[Respondent, ...], AnswerColumns | None, list[Problem]]:
    """
    *respondents* with their answers laid out as *checklist*'s items, their
    answers column by column, and every problem with them.
    """
    target = checklist.answer_layout
    realigned = [respondent.answers.realigned(target) for respondent in respondents]
    ids_unique = len({respondent.id for respondent in respondents}) == len(respondents)
    items_known = not any(unknown for _, unknown in realigned)
    columns = None
    if ids_unique and items_known:
        columns = AnswerColumns.from_rows(
            checklist, [answers.row for answers, _ in realigned]
        )
    if columns is None:
        return respondents, None, _problems(checklist, respondents)
    aligned = tuple(
        respondent
        if answers is respondent.answers
        else attrs.evolve(respondent, answers=answers)
        for respondent, (answers, _) in zip(respondents, realigned, strict=True)
    )
    return aligned, columns, []


def _problems(
    checklist: Checklist, respondents: tuple[Respondent, ...]
) -> list[Problem]:
    """
    Every problem with *respondents*' ids and answers, as answers to
    *checklist*.
    """
    target = checklist.answer_layout
    allowed = [checklist.scale_of(item)._by_value for item in checklist.items]
    problems: list[Problem] = []
    unlisted = 0
    seen: dict[str, int] = {}
    for index, respondent in enumerate(respondents):
        found = []
        if respondent.id in seen:
            found.append(
                Problem(
                    f"respondents[{index}].id",
                    f"duplicate respondent id {respondent.id!r}: "
                    f"respondents[{seen[respondent.id]}] has it already",
                )
            )
        seen.setdefault(respondent.id, index)
        answers, unknown = respondent.answers.realigned(target)
        for unknown_item in unknown:
            found.append(
                Problem(
                    f"respondents[{index}].answers.{unknown_item}",
                    f"no item {unknown_item!r} in checklist {checklist.id!r} "
                    f"version {checklist.version}",
                )
            )
        for position, value in enumerate(answers.row):
            if value is not None and value not in allowed[position]:
                answered = checklist.items[position]
                scale = checklist.scale(answered.scale)
                found.append(
                    Problem(
                        f"respondents[{index}].answers.{answered.id}",
                        f"{format_value(value)} is not on scale {scale.id!r}: "
                        f"answer one of {scale.describe_values()}",
                    )
                )
        room = MAX_LISTED_PROBLEMS - len(problems)
        problems.extend(found[:room])
        unlisted += len(found[room:])
    if unlisted:
        problems.append(
            Problem("respondents", f"{unlisted} more problems like those above")
        )
    return problems


def _attribute_problems(attributes: FrozenMap[str, str]) -> list[Problem]:
    problems = []
    for name, value in attributes.items():
        if not isinstance(name, str) or not v.is_identifier(name):
            problems.append(
                Problem("attributes", f"{name!r} is not a valid attribute name")
            )
        elif not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    f"attributes.{name}", f"expected non-blank text, found {value!r}"
                )
            )
        elif (bad := v.bad_character(value, multiline=False)) is not None:
            problems.append(Problem(f"attributes.{name}", f"{value!r} contains {bad}"))
        elif value == NOT_STATED:
            problems.append(
                Problem(
                    f"attributes.{name}",
                    f"{value!r} is how breakdowns name the respondents who did "
                    "not give the attribute: leave the attribute out instead",
                )
            )
    return problems
