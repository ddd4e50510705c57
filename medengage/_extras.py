"""
Optional packages: imported only by the features that need them.
"""

from __future__ import annotations

import importlib

from medengage.errors import MissingExtraError


def require(package: str, extra: str, needed_by: str) -> None:
    """
    Import *package*, or say which extra of medengage installs it.

    Raises:
        MissingExtraError: If *package* cannot be imported.
    """
    try:
        importlib.import_module(package)
    except ImportError as error:
        raise MissingExtraError(
            f"{needed_by} needs {package}, which is not installed: "
            f"pip install 'medengage[{extra}]'",
            name=package,
        ) from error
