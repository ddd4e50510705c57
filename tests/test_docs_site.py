"""
The documentation site: it builds with every warning an error, as CI builds
it, and its API reference documents every public name.

Building needs the docs extra (``pip install -e '.[docs]'``); without it
these tests are skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path

import attrs
import pytest

import medengage


ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
_MISSING = [
    package
    for package in ("sphinx", "myst_parser", "myst_nb", "furo")
    if importlib.util.find_spec(package) is None
]

pytestmark = pytest.mark.skipif(
    bool(_MISSING),
    reason=f"the docs extra is not installed ({', '.join(_MISSING)} missing): "
    "pip install -e '.[docs]'",
)


@attrs.frozen
class Build:
    """
    A build of the site: where it went, and what Sphinx said.
    """

    html: Path
    returncode: int
    stderr: str

    def page(self, name: str) -> str:
        return (self.html / name).read_text(encoding="utf-8")


def sphinx_build(pages: Path, html: Path) -> Build:
    """
    Build the site from *pages* into *html*, as CI does, with the
    configuration in docs/.
    """
    command = ["-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    result = subprocess.run(
        [sys.executable, *command, "-c", str(DOCS), str(pages), str(html)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    return Build(html, result.returncode, result.stderr)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """
    The site, built once into a fresh folder.
    """
    return sphinx_build(DOCS, tmp_path_factory.mktemp("site"))


def test_the_site_builds_without_warnings(build: Build) -> None:
    """
    Sphinx builds the site with warnings as errors: every reference and
    link leads somewhere, and every page is in the navigation.
    """
    assert build.returncode == 0, build.stderr


def test_every_page_is_on_the_site(build: Build) -> None:
    """
    Each Markdown page of docs/ becomes a page of the site.
    """
    for page in DOCS.glob("*.md"):
        assert (build.html / page.with_suffix(".html").name).is_file(), page.name


def test_the_board_paper_notebook_shows_its_outputs(build: Build) -> None:
    """
    The board-paper notebook is a page with the outputs it is stored with:
    its tables, withheld scores marked, and its charts as images.
    """
    page = build.page("notebooks/board-paper.html")

    assert page.count("<img") == 2
    assert page.count("<table") >= 5
    assert "withheld" in page
    assert "Fell significantly: Stable leadership" in page


def test_the_api_reference_documents_every_public_name(build: Build) -> None:
    """
    Each name a public module exports has an entry in the API reference,
    under that module or another public module that exports the same object.
    """
    reference = "".join(
        page.read_text(encoding="utf-8") for page in (build.html / "api").glob("*.html")
    )
    modules = _public_modules()
    missing = [
        f"{module.__name__}.{name}"
        for module in modules
        for name in module.__all__
        if not any(
            f'id="{other.__name__}.{name}"' in reference
            for other in modules
            if getattr(other, name, None) is getattr(module, name)
        )
    ]
    assert not missing
    assert 'id="medengage.Checklist"' in build.page("api/model.html")
    assert 'id="medengage.score"' in build.page("api/scoring.html")


def test_attrs_classes_are_shown_with_their_fields(build: Build) -> None:
    """
    An attrs class's entry lists its fields, each with its type.
    """
    model = build.page("api/model.html")
    for field in attrs.fields(medengage.ChecklistItem):
        assert f'id="medengage.ChecklistItem.{field.name}"' in model


def test_a_link_between_pages_leads_to_the_heading(build: Build) -> None:
    """
    A link to a heading of another page becomes a link to its anchor on the
    site, as on GitHub.
    """
    assert 'href="documents.html#saving-to-a-file"' in build.page("errors.html")


def test_a_reference_that_leads_nowhere_fails_the_build(tmp_path: Path) -> None:
    """
    A reference to no documented object, and a public name missing from the
    API reference, fail the build, each named; references that lead
    somewhere, or outside medengage, do not.
    """
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "index.md").write_text(
        "# Faults\n\n"
        "```{eval-rst}\n"
        ".. module:: medengage\n\n"
        ".. class:: Checklist\n\n"
        "   .. attribute:: items\n\n"
        ".. class:: Problem\n\n"
        "See `Checklist.itemz`, `medengage.Nope` and `nope`; not\n"
        "`Checklist.items`, `medengage._checklists.Checklist`,\n"
        "`medengage.errors.Problem` or `datetime.date`.\n"
        "```\n",
        encoding="utf-8",
    )
    site = sphinx_build(pages, tmp_path / "html")
    assert site.returncode != 0
    unresolved = re.findall(r"reference target not found: (\S+)", site.stderr)
    assert sorted(unresolved) == ["Checklist.itemz", "medengage.Nope", "nope"]
    assert "medengage.score is public but not in the API reference" in site.stderr
    assert "medengage.Checklist is public" not in site.stderr


def _public_modules() -> list[types.ModuleType]:
    submodules = sorted(
        info.name
        for info in pkgutil.iter_modules(medengage.__path__)
        if not info.name.startswith("_")
    )
    return [medengage, *(importlib.import_module(f"medengage.{n}") for n in submodules)]
