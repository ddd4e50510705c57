"""
The bundled reference content.
"""

from __future__ import annotations

from medengage._catalogue._catalogue import Catalogue, catalogue


__all__ = ["Catalogue", "catalogue"]
