"""
Saving files atomically: a crash leaves the old file or the new one, never
a part.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from medengage.errors import DocumentWriteError


def save_atomically(path: Path, data: bytes) -> None:
    """
    Write *data* to *path* so that a crash at any moment leaves the old file
    whole: to a temporary file in the same folder, flushed to the disk, then
    put in the old file's place with the old file's permissions.

    Raises:
        DocumentWriteError: If the file cannot be written; the old file, if
            any, is as it was, and no temporary file is left.
    """
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise DocumentWriteError(f"cannot save {path}: {error.strerror}") from error
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise DocumentWriteError(f"cannot save {path}: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise DocumentWriteError(f"cannot save {path}: {error.strerror}") from error
        raise
    _sync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
