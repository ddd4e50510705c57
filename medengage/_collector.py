"""
The cyclic garbage collector, paused while many objects are made.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """
    Pause the cyclic garbage collector: reading or writing a large document
    or file makes many objects and no cycles, and the collector would
    otherwise walk them, and all others, again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
