"""
medengage's YAML documents: `load` and `loads` read them strictly into typed
objects, `dump` and `dumps` write objects out stably.

Reading goes text, then a raw tree (`medengage._yaml`), then the typed
object (`medengage._document_reading`); every problem on the way is reported
with its path in the document and its line and column. One cattrs converter
owns every hook (`medengage._document_converter`); writing is in
`medengage._document_writing`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, TypeVar, overload

from medengage import _collector, _yaml
from medengage._checklists import Checklist
from medengage._document_converter import converter
from medengage._document_kinds import FORMAT_VERSION, KINDS, kind_class
from medengage._document_reading import Reading, decode, too_large
from medengage._document_writing import emit
from medengage._saving import save_atomically
from medengage._sources import Source, read_source
from medengage.errors import DocumentError, NotADocumentError


__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_VERSION",
    "KINDS",
    "dump",
    "dumps",
    "load",
    "loads",
]

#: The largest document `load` and `loads` read unless told otherwise.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

T = TypeVar("T")


@overload
def loads(
    text: str | bytes,
    kind: type[T],
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str = "<string>",
    pure: bool = False,
) -> T: ...


@overload
def loads(
    text: str | bytes,
    kind: str | None = None,
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str = "<string>",
    pure: bool = False,
) -> Any: ...


def loads(
    text: str | bytes,
    kind: type[Any] | str | None = None,
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: str = "<string>",
    pure: bool = False,
) -> Any:
    """
    The medengage object in the YAML document *text*.

    Args:
        text: The document, as text or UTF-8 bytes.
        kind: The kind of object expected (a class, like `Checklist`, or
            its name); any kind if None.
        checklists: The checklists an `Assessment` may name; by default
            those of the bundled catalogue.
        max_bytes: Refuse documents larger than this many bytes.
        source: The name of the document, for messages.
        pure: Parse with PyYAML's pure-Python classes even where libyaml is
            present; the results are the same.

    Raises:
        DocumentError: Listing every problem found, each with its path in
            the document and its line and column.
        UnsupportedFormatError: If the document is written in a newer
            format version.
        DocumentTooLargeError: If the document is larger than *max_bytes*.
    """
    expected = kind_class(kind)
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise too_large(source, len(text), max_bytes)
        text = decode(text, source)
    elif len(text) > max_bytes or (
        len(text) * 4 > max_bytes
        and len(text.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise too_large(source, len(text.encode("utf-8", "surrogatepass")), max_bytes)
    with _collector.paused():
        try:
            root = _yaml.read(text, pure=pure)
        except _yaml.ReadError as error:
            raise DocumentError(source, error.problems) from None
        return Reading(source, text, pure, root, checklists).read(expected)


@overload
def load(
    source: Source,
    kind: type[T],
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pure: bool = False,
) -> T: ...


@overload
def load(
    source: Source,
    kind: str | None = None,
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pure: bool = False,
) -> Any: ...


def load(
    source: Source,
    kind: type[Any] | str | None = None,
    *,
    checklists: Iterable[Checklist] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pure: bool = False,
) -> Any:
    """
    The medengage object in the YAML document at the path, or in the open
    file, *source*.

    Takes the same options as `loads`, and raises the same errors; a file
    that cannot be read raises `DocumentError` too.
    """
    name, data = read_source(
        source,
        max_bytes,
        reader="load",
        otherwise=": to read a document from text, use loads",
    )
    return loads(
        data,
        kind,
        checklists=checklists,
        max_bytes=max_bytes,
        source=name,
        pure=pure,
    )


def dumps(obj: object, *, pure: bool = False) -> str:
    """
    *obj* as a YAML document.

    Fields appear in the order their class declares them, fields at their
    default are left out, and ``loads(dumps(obj)) == obj``.

    Args:
        obj: A medengage object of one of the document kinds.
        pure: Emit with PyYAML's pure-Python classes even where libyaml is
            present; the text is the same.

    Raises:
        NotADocumentError: If *obj* is not of a document kind.
    """
    kind = type(obj).__name__
    if KINDS.get(kind) is not type(obj):
        raise NotADocumentError(
            f"cannot write a {kind} as a medengage document; "
            f"the kinds are: {', '.join(KINDS)}"
        )
    document = {
        "medengage": FORMAT_VERSION,
        "kind": kind,
        **converter.unstructure(obj),
    }
    with _collector.paused():
        text = emit(document, pure=pure or not _yaml.HAS_LIBYAML)
        if "\\U" in text:
            # libyaml escapes characters beyond U+FFFF, like emoji, which the
            # pure-Python emitter keeps as they are; the two agree on all else.
            text = emit(document, pure=True)
    return text


def dump(
    obj: object, target: str | os.PathLike[str] | IO[str], *, pure: bool = False
) -> None:
    """
    Write *obj* as a YAML document to the path, or the open text file,
    *target*.

    Saving to a path is atomic: the document goes to a temporary file in the
    same folder, reaches the disk, and then takes the place of any file
    already there, keeping that file's permissions (but not setuid or
    setgid). A symbolic link is followed, and its target replaced. If
    anything fails, the old file is left as it was.

    Raises:
        NotADocumentError: If *obj* is not of a document kind.
        DocumentWriteError: If the file cannot be written.
        TypeError: If *target* is neither a path as text nor an open text
            file: a path as bytes, say.
    """
    if isinstance(target, (str, os.PathLike)):
        path = os.fspath(target)
        if not isinstance(path, str):
            raise _not_a_target(path)
        save_atomically(Path(path), dumps(obj, pure=pure).encode("utf-8"))
    elif callable(getattr(target, "write", None)):
        target.write(dumps(obj, pure=pure))
    else:
        raise _not_a_target(target)


def _not_a_target(target: object) -> TypeError:
    decode = (
        ": decode a path given as bytes with os.fsdecode()"
        if isinstance(target, (bytes, bytearray))
        else ""
    )
    return TypeError(
        "dump writes to a path (str or os.PathLike) or an open text file, "
        f"not {type(target).__name__}{decode}"
    )
