"""
The features that build medical engagement.
"""

from __future__ import annotations

import enum

import attrs

from medengage import _validation as v


class FeatureStatus(enum.Enum):
    """
    What the King's Fund report found of a feature in its exemplar trusts.
    """

    #: Found in all four exemplar trusts.
    ESTABLISHED = "established"
    #: Named by the trusts as work still to do.
    STILL_TO_DO = "still-to-do"


@attrs.frozen
class EngagementFeature:
    """
    One thing that builds medical engagement, or that a checklist measures.

    Attributes:
        id: Stable identifier, unique within its checklist or catalogue.
        title: A short name for the feature.
        summary: What the feature is, in a sentence or two.
        status: What the report found of it; None for features of other
            instruments, which the report does not speak of.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.label)
    summary: str = attrs.field(default="", validator=v.text)
    status: FeatureStatus | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(FeatureStatus)),
    )

    def __str__(self) -> str:
        return self.title
