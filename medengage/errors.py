"""
The errors medengage raises.

Every failure the library reports is a `MedEngageError`. Errors about
invalid values or documents list each problem found, with where it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


__all__ = [
    "DisclosureError",
    "DocumentError",
    "DocumentTooLargeError",
    "DocumentWriteError",
    "MedEngageError",
    "MissingExtraError",
    "NotADocumentError",
    "NotComparableError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "UnknownStrategyError",
    "UnsupportedFormatError",
    "ValidationError",
]


class MedEngageError(Exception):
    """
    The base of every error medengage raises.

    Catch this to handle any failure of the library.
    """


@attrs.frozen
class Problem:
    """
    One thing wrong with a value or a document.

    Attributes:
        path: Where the problem is, as a path of fields and indices, like
            ``items[3].scale``; empty for the value or document as a whole.
        message: What is wrong and what to do about it.
        line: The 1-based line in the source document, if there is one.
        column: The 1-based column in the source document, if there is one.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        if self.line is None:
            return f"{where}{self.message}"
        return f"{where}{self.message} (line {self.line}, column {self.column})"


class ValidationError(MedEngageError, ValueError):
    """
    A value that does not make a valid medengage object.

    Raised when an object is constructed with invalid fields.

    Attributes:
        problems: Each problem found, with its path inside the object.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            super().__init__(str(self.problems[0]))
        else:
            heading = f"{len(self.problems)} problems"
            super().__init__(f"{heading}\n{_describe(self.problems)}")

    @classmethod
    def single(cls, path: str, message: str) -> ValidationError:
        """
        An error with a single problem at *path*.
        """
        return cls([Problem(path, message)])


class DocumentError(MedEngageError, ValueError):
    """
    A YAML document that cannot be read as a medengage object.

    Attributes:
        source: The name of the document: its file path, or ``<string>``.
        problems: Each problem found, with its path in the document and its
            line and column.
    """

    source: str
    problems: tuple[Problem, ...]

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        heading = f"{source}: {count} problem{'s' if count != 1 else ''}"
        super().__init__(f"{heading}\n{_describe(self.problems)}")


class UnsupportedFormatError(DocumentError):
    """
    A document written in a newer format version than this medengage reads.

    Upgrade medengage to read it.
    """


class DocumentTooLargeError(DocumentError):
    """
    A document larger than the size limit it was loaded with.

    Pass a larger ``max_bytes`` to load it if it is trusted.
    """


class NotADocumentError(MedEngageError, TypeError):
    """
    Something asked to be read or written as a document that is not one of
    the kinds of medengage document, or not a file to read one from.
    """


class DocumentWriteError(MedEngageError, OSError):
    """
    A document that could not be saved; the file it was to replace, if any,
    is as it was.
    """


class MissingExtraError(MedEngageError, ImportError):
    """
    A feature that needs a package medengage does not install by default,
    such as pandas or matplotlib; the message names the extra to install.
    """


class UnknownStrategyError(MedEngageError, LookupError):
    """
    No scoring strategy goes by the name asked for; the message lists those
    there are.
    """


class NotComparableError(MedEngageError, ValueError):
    """
    Scores that cannot be compared: they were made with different
    strategies, options, bandings, disclosure thresholds, checklists or
    checklist versions. The message names the difference.
    """


class DisclosureError(MedEngageError):
    """
    Results meant to be published together that would let someone work out
    a withheld score, or the sum of a group too small to show: raised by
    `DisclosureAudit.check`, and its message lists each.
    """


class PluginError(MedEngageError):
    """
    An installed plugin that could not give a scoring strategy: it failed to
    import, or what it named is not a strategy. The message names its
    distribution and entry point.
    """


class PluginWarning(UserWarning):
    """
    Something about the installed plugins that needs a look but does not
    stop scoring: two plugins with one name, or a plugin named like a
    built-in strategy.
    """


def _describe(problems: tuple[Problem, ...]) -> str:
    return "\n".join(f"  {problem}" for problem in problems)
