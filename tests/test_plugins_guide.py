"""
The plugins guide's property test, run for every built-in strategy: the
guide's rule for what a strategy may show is the one the built-ins follow.
"""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import medengage


GUIDE = Path(__file__).parents[1] / "docs" / "plugins.md"


def guide_test() -> Callable[[Any], None]:
    """
    The guide's ``test_disclosure``, as the guide defines it.
    """
    text = GUIDE.read_text("utf-8")
    start = text.index(">>> from hypothesis import given, settings")
    block = text[start : text.index("```", start)]
    namespace: dict[str, Any] = {"medengage": medengage}
    for example in doctest.DocTestParser().get_examples(block):
        if "test_disclosure(Median())" not in example.source:
            exec(example.source, namespace)
    found: Callable[[Any], None] = namespace["test_disclosure"]
    return found


@pytest.mark.parametrize("name", medengage.builtin_strategies())
def test_every_built_in_passes_the_guides_property_test(name: str) -> None:
    guide_test()(name)
