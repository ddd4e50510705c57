"""
Saving files atomically: a crash leaves the old file or the new one, never
a part.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from medengage.errors import DocumentWriteError


#: Permission bits a saved file keeps from the file it replaces: not setuid,
#: setgid or sticky, which would make a document run as its owner.
KEPT_MODE = 0o777

#: Flags to create the temporary file with: never an existing file or link,
#: and in binary on Windows.
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: Names tried for the temporary file before giving up, as tempfile does.
_ATTEMPTS = 100


def save_atomically(path: Path, data: bytes) -> None:
    """
    Write *data* to *path* so that a crash at any moment leaves the old file
    whole: to a temporary file in the same folder, flushed to the disk, then
    put in the old file's place.

    A symbolic link is followed: its target is replaced, and the link kept.
    The new file keeps the old one's permissions (but not setuid, setgid or
    sticky), and its owner and group where the process may set them; a new
    file gets the permissions the umask gives. No state of the process (the
    umask) is touched, so other threads are not disturbed.

    Raises:
        DocumentWriteError: If the file cannot be written, or *path* cannot
            name a file; the old file, if any, is as it was, and no
            temporary file is left.
    """
    if "\0" in str(path):
        raise DocumentWriteError(
            f"cannot save {str(path)!r}: a path cannot hold a NUL character"
        )
    target = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise DocumentWriteError(_cannot(path, error)) from error
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise DocumentWriteError(
            f"cannot save {path}: {target} is not a regular file, and is left as it is"
        )
    try:
        descriptor, temporary = _create_beside(target, old)
    except OSError as error:
        raise DocumentWriteError(_cannot(path, error)) from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            if old is not None:
                _keep_owner_and_mode(file.fileno(), temporary, old)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise DocumentWriteError(_cannot(path, error)) from error
        raise
    _sync_folder(target.parent)


def _temporary_name() -> str:
    """
    A name for a temporary file: short, so that it fits in a folder beside
    a file whose name is as long as the file system allows.
    """
    return f".medengage-{secrets.token_hex(4)}.tmp"


def _create_beside(target: Path, old: os.stat_result | None) -> tuple[int, Path]:
    """
    A new temporary file in *target*'s folder, open for writing, and its
    path.

    It is made with the permissions it will keep, or fewer (the umask may
    take some away), so that no one can open it who could not open the old
    file; the kernel applies the umask, so the process's is never read.
    """
    mode = 0o666 if old is None else stat.S_IMODE(old.st_mode) & KEPT_MODE
    for _ in range(_ATTEMPTS):
        temporary = target.parent / _temporary_name()
        try:
            return os.open(temporary, _CREATE, mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file")


def _keep_owner_and_mode(descriptor: int, temporary: Path, old: os.stat_result) -> None:
    """
    Give the temporary file the owner and group of the file it replaces,
    where the process may, and its permissions, which the umask may have
    narrowed.
    """
    if hasattr(os, "fchown"):
        new = os.fstat(descriptor)
        if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
            # Only a privileged process may give a file away; others may
            # still keep the group, if they belong to it.
            try:
                os.fchown(descriptor, old.st_uid, old.st_gid)
            except OSError:
                with contextlib.suppress(OSError):
                    os.fchown(descriptor, -1, old.st_gid)
    mode = stat.S_IMODE(old.st_mode) & KEPT_MODE
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    else:  # Windows, before Python 3.13
        os.chmod(temporary, mode)


def _cannot(path: Path, error: OSError) -> str:
    return f"cannot save {path}: {error.strerror or error}"


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
