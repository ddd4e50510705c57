"""
Placeholder: the catalogue is written in the next step.
"""

from __future__ import annotations

import functools

import attrs

from medengage._checklists import Checklist
from medengage._frozen import FrozenMap


@attrs.frozen
class Catalogue:
    """
    Placeholder.

    Attributes:
        checklists: The bundled checklists.
    """

    checklists: FrozenMap[str, Checklist]


@functools.cache
def catalogue() -> Catalogue:
    """
    Placeholder.
    """
    return Catalogue(FrozenMap())
