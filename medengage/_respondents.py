"""
Respondents: who answered a checklist, and what.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from medengage import _validation as v
from medengage._answers import Answers, to_answers
from medengage._frozen import FrozenMap, freeze_map

# The annotations attrs copies from the converters name Value: it must be
# found here for them to resolve.
from medengage._scales import Value  # noqa: F401
from medengage.errors import Problem


#: The label of the group of respondents who did not give an attribute,
#: in breakdowns; no attribute may take it as a value.
NOT_STATED = "(not stated)"


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
        v.raise_problems(attribute_problems(self.attributes))


def attribute_problems(attributes: Mapping[str, str]) -> list[Problem]:
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
