"""
A broken medengage plugin: each entry point fails in its own way.
"""

from __future__ import annotations

from typing import Any


NOT_A_STRATEGY = 42


class Misnamed:
    """
    A strategy whose name differs from its entry point's.
    """

    name = "something-else"

    def score(self, assessment: Any, checklist: Any, **options: Any) -> Any:
        raise AssertionError("never called")
