"""
What a disclosure audit finds: each disclosure, and the audit's verdict.
"""

from __future__ import annotations

import attrs

from medengage._display import Displayed, Table
from medengage.errors import DisclosureError


@attrs.frozen
class Disclosure:
    """
    A withheld score, or the sum of a union of withheld groups too small to
    show, that published results determine.

    Attributes:
        score: ``overall``, or the id of the feature.
        groups: The withheld groups, each as its result names it.
        doctors: How many doctors gave answers of their own to that score
            in those groups.
        min_respondents: The threshold it falls under.
    """

    score: str
    groups: tuple[str, ...]
    doctors: int
    min_respondents: int

    def __str__(self) -> str:
        which = " + ".join(self.groups)
        if len(self.groups) == 1:
            return (
                f"{self.score} of {which}: withheld, but it can be worked out "
                f"from what is published ({self.doctors} doctors)"
            )
        return (
            f"{self.score} of {which} together: {self.doctors} doctors, fewer "
            f"than {self.min_respondents}, and their sum can be worked out from "
            "what is published"
        )


@attrs.frozen
class DisclosureAudit(Displayed):
    """
    What an audit of results meant to be published together found.

    Attributes:
        disclosures: Each withheld score, and each union of withheld groups
            resting on too few doctors, that the published scores determine.
        results: How many results were audited.
        groups: How many distinct groups of respondents they cover.
    """

    disclosures: tuple[Disclosure, ...]
    results: int
    groups: int

    @property
    def safe(self) -> bool:
        """
        Whether nothing withheld can be worked out.
        """
        return not self.disclosures

    def check(self) -> None:
        """
        Raise if anything withheld can be worked out.

        Raises:
            DisclosureError: Listing each disclosure, and what to do.
        """
        if self.disclosures:
            raise DisclosureError(str(self))

    def __str__(self) -> str:
        if self.safe:
            return (
                f"nothing withheld can be worked out from these {self.results} "
                f"results ({self.groups} groups)"
            )
        lines = [
            f"{len(self.disclosures)} withheld values can be worked out from "
            f"these {self.results} results:",
            *(f"  {d}" for d in self.disclosures),
            "Publish breakdowns made by medengage.breakdown, which withholds "
            "over all of them together, or leave out some of these results.",
        ]
        return "\n".join(lines)

    def table(self) -> Table:
        """
        The disclosures as a table, as they show in a notebook.
        """
        return Table(
            caption=str(self).splitlines()[0],
            columns=("score", "withheld groups", "doctors"),
            rows=tuple(
                (d.score, " + ".join(d.groups), str(d.doctors))
                for d in self.disclosures
            ),
            numeric=frozenset({2}),
        )
