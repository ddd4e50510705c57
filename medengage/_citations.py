"""
Where content comes from.
"""

from __future__ import annotations

import attrs

from medengage import _validation as v


@attrs.frozen
class Citation:
    """
    A published source.

    Attributes:
        title: The title of the work.
        publisher: Who published it.
        year: The year it was published.
        url: Where to read it, if it is online.
    """

    title: str = attrs.field(validator=v.label)
    publisher: str = attrs.field(validator=v.label)
    year: int = attrs.field(validator=v.positive_int)
    url: str | None = attrs.field(default=None, validator=v.optional_label)

    def __str__(self) -> str:
        return f"{self.title}, {self.publisher}, {self.year}"
