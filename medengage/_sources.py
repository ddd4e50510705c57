"""
Reading what a user hands over: a path, or an open file.
"""

from __future__ import annotations

import os
from typing import IO

from medengage.errors import DocumentError, NotADocumentError, Problem


#: Where to read from: a path, or an open file, in text or binary mode.
Source = str | os.PathLike[str] | IO[str] | IO[bytes]


def read_source(
    source: object, max_bytes: int, *, reader: str, otherwise: str = ""
) -> tuple[str, str | bytes]:
    """
    The name of *source* and at most ``max_bytes + 1`` of what it holds, so
    that a caller can tell it is too large without reading it all.

    Raises:
        DocumentError: If it cannot be read, or is not UTF-8 text.
        NotADocumentError: If it is neither a path nor an open file; the
            message names *reader*, and adds *otherwise*.
    """
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            with open(name, "rb") as file:
                return name, file.read(max_bytes + 1)
        except OSError as error:
            raise DocumentError(
                name, [Problem("", f"cannot read the file: {error.strerror}", 1, 1)]
            ) from None
    read = getattr(source, "read", None)
    if not callable(read):
        raise NotADocumentError(
            f"{reader} reads a path or an open file, not "
            f"{type(source).__name__}{otherwise}"
        )
    name = str(getattr(source, "name", "<stream>"))
    try:
        return name, read(max_bytes + 1)
    except UnicodeDecodeError as error:
        raise DocumentError(
            name,
            [
                Problem(
                    "",
                    f"cannot read the file as {error.encoding} text "
                    f"({error.reason}): save it as UTF-8, and open it "
                    "with encoding='utf-8' or in binary mode",
                    1,
                    1,
                )
            ],
        ) from None
    except (OSError, ValueError) as error:
        raise DocumentError(
            name, [Problem("", f"cannot read the file: {error}", 1, 1)]
        ) from None


def decoded(data: bytes, name: str, *, advice: str) -> str:
    """
    *data* as UTF-8 text, a byte-order mark dropped.

    Raises:
        DocumentError: At the line and column of the first byte that is not
            UTF-8, ending with *advice*.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise DocumentError(
            name,
            [
                Problem(
                    "",
                    f"byte 0x{data[start]:02x} is not UTF-8: {advice}",
                    line,
                    column,
                )
            ],
        ) from None
