"""
The cyclic garbage collector, paused while many objects are made.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """
    Pause the cyclic garbage collector: reading or writing a large document
    or file makes many objects and no cycles, and the collector would
    otherwise walk them, and all others, again and again.

    The collector belongs to the whole process, so pauses in all threads
    are counted together: the first to begin switches it off, the last to
    end switches it back on, and only if it was on when the first began.
    """
    thread = threading.get_ident()
    with _pauses.lock:
        if not _pauses.by_thread:
            _pauses.was_enabled = gc.isenabled()
            gc.disable()
        _pauses.by_thread[thread] = _pauses.by_thread.get(thread, 0) + 1
    try:
        yield
    finally:
        with _pauses.lock:
            _pauses.end(thread)


class _Pauses:
    """
    The pauses under way, in all threads.

    Attributes:
        lock: Held while a pause begins or ends.
        by_thread: How many pauses each thread has under way; only threads
            with some.
        was_enabled: Whether the collector was on when the first began.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_thread: dict[int, int] = {}
        self.was_enabled = False

    def end(self, thread: int) -> None:
        """
        End a pause of *thread*, and the collector's if it was the last.
        """
        if self.by_thread.get(thread, 0) > 1:
            self.by_thread[thread] -= 1
        else:
            self.by_thread.pop(thread, None)
        if not self.by_thread and self.was_enabled:
            gc.enable()

    def after_fork(self) -> None:
        """
        In a child process, forget the pauses of the threads that did not
        come along, and a lock one of them may have held.
        """
        self.lock = threading.Lock()
        thread = threading.get_ident()
        kept = self.by_thread.get(thread, 0)
        self.by_thread.clear()
        if kept:
            self.by_thread[thread] = kept
        elif self.was_enabled:
            gc.enable()


_pauses = _Pauses()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_pauses.after_fork)
