"""
What a report found, held so that it can be cited.
"""

from __future__ import annotations

import attrs

from medengage import _validation as v
from medengage._citations import Citation
from medengage.errors import Problem


@attrs.frozen
class Finding:
    """
    One finding of a report, in this project's words, with the source it
    comes from.

    Attributes:
        id: Stable identifier, unique within its catalogue.
        statement: What was found, in a sentence or two.
        source: Where it was found.
        features: The ids of the engagement features it bears on, if any.
    """

    id: str = attrs.field(validator=v.identifier)
    statement: str = attrs.field(validator=v.nonempty_text)
    source: Citation = attrs.field(validator=v.instance_of(Citation))
    features: tuple[str, ...] = attrs.field(default=(), converter=v.to_tuple)

    def __attrs_post_init__(self) -> None:
        v.raise_problems(
            [
                Problem(f"features[{index}]", f"{feature!r} is not a valid feature id")
                for index, feature in enumerate(self.features)
                if not isinstance(feature, str) or not v.is_identifier(feature)
            ]
        )

    def __str__(self) -> str:
        return f"{self.statement} ({self.source})"
