"""
The reading of one document: its text checked and decoded, its header
(format version and kind) checked, and its body read into the kind it names.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

from medengage import _hooks as hooks
from medengage import _reading_problems as findings
from medengage import _yaml
from medengage._assessment_reading import read_assessment
from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._document_converter import converter
from medengage._document_kinds import FORMAT_VERSION, KINDS
from medengage._sources import decoded
from medengage.errors import (
    DocumentError,
    DocumentTooLargeError,
    Problem,
    UnsupportedFormatError,
)


class Reading:
    """
    One document being read: its text and raw tree, and where to find what
    it names.
    """

    def __init__(
        self,
        source: str,
        text: str,
        pure: bool,
        root: _yaml.Raw,
        checklists: Iterable[Checklist] | None,
    ) -> None:
        self.source = source
        self.text = text
        self.pure = pure
        self.root = root
        self.checklists = checklists

    def read(self, expected: type[Any] | None) -> Any:
        root = self.root
        if _yaml.is_null(root):
            self._fail(DocumentError, (), "the document is empty: it holds no object")
        if type(root) is not dict:
            self._fail(
                DocumentError,
                (),
                "a medengage document is a mapping that starts with "
                "'medengage: 1' and 'kind: ...'",
            )
        cls = self._kind(root, expected)
        # The tree is this reading's own: the body is the root without the
        # two keys that say what it is.
        del root["medengage"], root["kind"]
        found = findings.Findings()
        try:
            if cls is Assessment:
                return read_assessment(root, self.checklists)
            return converter.structure(root, cls)
        except findings.FAILURES as error:
            found.extend(findings.flatten(error, ()))
        self._refuse(DocumentError, found)

    def _kind(self, root: _yaml.RawMap, expected: type[Any] | None) -> type[Any]:
        version = root.get("medengage")
        if not _yaml.is_scalar(version):
            self._fail(
                DocumentError,
                ("medengage",),
                f"add 'medengage: {FORMAT_VERSION}' to say which format the "
                "document is written in",
            )
        try:
            number = hooks.structure_int(version, int)
        except hooks.Invalid as error:
            self._fail(DocumentError, ("medengage",), str(error))
        if number > FORMAT_VERSION:
            self._fail(
                UnsupportedFormatError,
                ("medengage",),
                f"the document is written in medengage format {number}, and "
                f"this medengage reads format {FORMAT_VERSION} at most: "
                "upgrade medengage to read it",
            )
        if number < 1:
            self._fail(
                DocumentError,
                ("medengage",),
                f"there is no format {number}: write 'medengage: {FORMAT_VERSION}'",
            )
        kinds = ", ".join(KINDS)
        kind = root.get("kind")
        name = _yaml.text_of(kind) if _yaml.is_scalar(kind) else None  # type: ignore[arg-type]
        if name not in KINDS:
            found = "none" if name is None else repr(name)
            self._fail(
                DocumentError,
                ("kind",),
                f"say what the document holds with 'kind:', one of {kinds} "
                f"(found {found})",
            )
        cls = KINDS[name]
        if expected is not None and cls is not expected:
            self._fail(
                DocumentError,
                ("kind",),
                f"expected a {expected.__name__} document, found a {cls.__name__}",
            )
        return cls

    def _fail(
        self, error: type[DocumentError], path: _yaml.Path, message: str
    ) -> typing.NoReturn:
        found = findings.Findings()
        found.append((path, message, False))
        self._refuse(error, found)

    def _refuse(
        self, error: type[DocumentError], found: findings.Findings
    ) -> typing.NoReturn:
        """
        Raise *error* listing the problems *found*, each placed in the text.
        """
        problems = found.placed(self.text, pure=self.pure)
        raise error(self.source, problems)


def decode(data: bytes, source: str) -> str:
    """
    The document *data* from *source* as text, refusing any but UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            source,
            [Problem("", "the document is UTF-16 text: save it as UTF-8", 1, 1)],
        )
    return decoded(data, source, advice="save the document as UTF-8 text")


def too_large(source: str, size: int, limit: int) -> DocumentTooLargeError:
    """
    The error for a document from *source* of *size* bytes, over *limit*.
    """
    return DocumentTooLargeError(
        source,
        [
            Problem(
                "",
                f"the document is over {limit} bytes: pass a larger max_bytes "
                "if it is trusted",
                1,
                1,
            )
        ],
    )
