"""
The features that build medical engagement.
"""

from __future__ import annotations

import enum

import attrs

from medengage import _validation as v
from medengage._citations import Citation


class FeatureStatus(enum.Enum):
    """
    What the King's Fund report says of a feature: the categories are this
    project's names for the places the report gives it.
    """

    #: Shared by all four exemplar trusts: part of how they built
    #: engagement.
    ESTABLISHED = "established"
    #: Work the trusts themselves said they still had to do: by their own
    #: account they were "not there yet".
    STILL_TO_DO = "still-to-do"
    #: What the report advises others to look at when gauging the culture of
    #: their own organisation; not a finding about the four trusts.
    GAUGING_CULTURE = "gauging-culture"
    #: Engagement carried beyond doctors to all staff, which the report
    #: argues matters as much.
    BEYOND_DOCTORS = "beyond-doctors"
    #: A challenge the report sees ahead, not one it found met or unmet.
    FUTURE_CHALLENGE = "future-challenge"


@attrs.frozen
class EngagementFeature:
    """
    One thing that builds medical engagement, or that a checklist measures.

    Attributes:
        id: Stable identifier, unique within its checklist or catalogue.
        title: A short name for the feature.
        summary: What the feature is, in a sentence or two.
        status: What the report says of it; None for features of other
            instruments, which the report does not speak of.
        source: Where the status comes from, if recorded.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.label)
    summary: str = attrs.field(default="", validator=v.text)
    status: FeatureStatus | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(FeatureStatus)),
    )
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )

    def __str__(self) -> str:
        return self.title
