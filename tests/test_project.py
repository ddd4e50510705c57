"""
The package as a whole: its metadata, public names and CI.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import medengage


ROOT = Path(__file__).parents[1]

#: The names design.md promises other code can rely on.
PROMISED = {
    "Trust",
    "EngagementFeature",
    "CaseStudy",
    "ResponseScale",
    "ChecklistItem",
    "Checklist",
    "Respondent",
    "Assessment",
    "load",
    "loads",
    "dump",
    "dumps",
    "catalogue",
    "MedEngageError",
}


def test_version_is_the_installed_distributions() -> None:
    """
    __version__ is read from the installed metadata.
    """
    assert medengage.__version__ == importlib.metadata.version("medengage")


def test_public_names_exist_and_include_the_promised_ones() -> None:
    """
    Every name in __all__ exists, and design.md's public names are there.
    """
    for name in medengage.__all__:
        assert hasattr(medengage, name), name
    assert set(medengage.__all__) >= PROMISED


def test_runtime_dependencies_are_attrs_cattrs_and_pyyaml() -> None:
    """
    The core needs nothing but attrs, cattrs and PyYAML.
    """
    requirements = importlib.metadata.requires("medengage") or []
    core = {
        re.split(r"[ ;<>=!~\[]", requirement, maxsplit=1)[0].lower()
        for requirement in requirements
        if "extra ==" not in requirement
    }
    assert core == {"attrs", "cattrs", "pyyaml"}


def test_package_is_typed() -> None:
    """
    The package ships py.typed.
    """
    assert (Path(medengage.__file__).parent / "py.typed").is_file()


def test_ci_runs_the_readme_test_command() -> None:
    """
    .ci/run runs exactly the test command the README gives.
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line
        for line in ci.splitlines()
        if line.startswith("python3 -m venv") and "pytest" in line
    ]
    assert len(commands) == 1
    assert f"\n{commands[0]}\n" in readme


def test_getting_started_lists_every_extra() -> None:
    """
    Each extra the package declares is named in docs/getting-started.md.
    """
    declared = importlib.metadata.metadata("medengage").get_all("Provides-Extra")
    page = (Path(__file__).parents[1] / "docs" / "getting-started.md").read_text(
        "utf-8"
    )
    assert declared
    missing = [extra for extra in declared if f"- `{extra}` adds" not in page]
    assert not missing


def test_the_errors_guide_lists_every_error() -> None:
    """
    docs/errors.md has a row for each error medengage.errors exports.
    """
    page = (Path(__file__).parents[1] / "docs" / "errors.md").read_text("utf-8")
    errors = [
        name
        for name in medengage.errors.__all__
        if isinstance(getattr(medengage.errors, name), type)
        and issubclass(getattr(medengage.errors, name), medengage.MedEngageError)
    ]
    missing = [name for name in errors if f"| `{name}` |" not in page]
    assert not missing
