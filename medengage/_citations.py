"""
Where content comes from.
"""

from __future__ import annotations

import datetime as dt

import attrs

from medengage import _validation as v
from medengage.errors import ValidationError


@attrs.frozen
class Citation:
    """
    A published source.

    Attributes:
        title: The title of the work.
        publisher: Who published it.
        year: The year it was published.
        url: Where to read it, if it is online.
        authors: Who wrote it, as the work names them; empty where it
            names nobody, or where its authors could not be checked.
        date: The day it was published, where it is known; in *year*.
        pages: The pages cited, like ``"12"`` or ``"12-14"``, for a work
            with page numbers.
    """

    title: str = attrs.field(validator=v.label)
    publisher: str = attrs.field(validator=v.label)
    year: int = attrs.field(validator=v.positive_int)
    url: str | None = attrs.field(default=None, validator=v.optional_label)
    authors: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.labels
    )
    date: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    pages: str | None = attrs.field(default=None, validator=v.optional_label)

    def __attrs_post_init__(self) -> None:
        if self.date is not None and self.date.year != self.year:
            raise ValidationError.single(
                "date",
                f"{self.date.isoformat()} is not in {self.year}, the year "
                "given: correct one of them",
            )

    @property
    def published(self) -> str:
        """
        When it was published: the day where it is known, else the year.
        """
        return self.date.isoformat() if self.date else str(self.year)

    def __str__(self) -> str:
        by = f"{', '.join(self.authors)}: " if self.authors else ""
        pages = f", p. {self.pages}" if self.pages else ""
        return f"{by}{self.title}, {self.publisher}, {self.published}{pages}"
