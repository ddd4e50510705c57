"""
Sphinx configuration for medengage's documentation site: the Markdown pages
of docs/, read by MyST, and an API reference generated from the docstrings.

CI builds it with every warning an error, and so should you::

    pip install -e '.[docs]'
    sphinx-build -W --keep-going -b html docs docs/_build/html

The notebooks under docs/notebooks/ that the index links to are pages too,
shown with the outputs they are stored with: the build never runs them (the
test suite does).

The build is nitpicky: every reference in a docstring must lead somewhere,
and every public name must be on a page of docs/api/. Names from the
standard library and other packages are shown as code, not linked, so that
the build needs no network.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.metadata
import importlib.util
import pkgutil
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

import medengage


if TYPE_CHECKING:
    from docutils.nodes import Element, TextElement
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


project = "medengage"
author = "The medengage developers"
copyright = "2026, The medengage developers"
release = importlib.metadata.version("medengage")
version = release

extensions = [
    # MyST for the Markdown pages, and notebooks as pages (it loads
    # myst_parser itself).
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
# Show the outputs each notebook is stored with; never run one to build.
nb_execution_mode = "off"

# Single backticks, in docstrings as on the pages, refer to Python objects,
# and each reference must resolve (see _resolve_reference).
default_role = "py:obj"
nitpicky = True

python_use_unqualified_type_names = True
myst_heading_anchors = 4

autodoc_default_options = {"members": True, "member-order": "bysource"}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Not the standard library's docstrings for a mapping's keys() and items().
autodoc_inherit_docstrings = False

html_theme = "furo"
html_title = f"medengage {release}"

#: A Markdown link to a file outside docs/, which MyST would take for a page.
_OUTSIDE_LINK = re.compile(r"\]\((\.\./[^)#\s]+)\)")
#: A Markdown link from the index to another page: Markdown, or a notebook.
_PAGE_LINK = re.compile(r"\]\(([\w/-]+\.(?:md|ipynb))\)")


def setup(app: Sphinx) -> None:
    app.connect("source-read", _read_markdown)
    # Before napoleon's handler, which has the default priority of 500.
    app.connect("autodoc-process-docstring", _keep_attribute_prose, priority=400)
    app.connect("autodoc-process-docstring", _document_constant)
    app.connect("autodoc-process-signature", _tidy_signature)
    app.connect("missing-reference", _resolve_reference)
    app.connect("env-check-consistency", _check_every_public_name_is_documented)


def public_modules() -> list[types.ModuleType]:
    """
    The modules users import from: `medengage` first, then its public
    submodules in alphabetical order.
    """
    names = sorted(
        module.name
        for module in pkgutil.iter_modules(medengage.__path__)
        if not module.name.startswith("_")
    )
    return [medengage, *(importlib.import_module(f"medengage.{n}") for n in names)]


def public_name(path: str) -> str | None:
    """
    The name under which the object at the dotted *path* is documented
    (``medengage._checklists.Checklist.items`` is documented as
    ``medengage.Checklist.items``): the first public module that exports it
    by that name. None if no public module does.
    """
    found = _find(path)
    if found is None:
        return None
    module, name, rest = found
    obj = getattr(module, name)
    for public in public_modules():
        if name in getattr(public, "__all__", ()) and getattr(public, name) is obj:
            return ".".join([public.__name__, name, *rest])
    return None


def _find(path: str) -> tuple[types.ModuleType, str, list[str]] | None:
    """
    The module, the name in it and the attributes after it that *path*
    names, if it names something that exists.
    """
    parts = path.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        obj: object = module
        for part in parts[split:]:
            if not hasattr(obj, part):
                return None
            obj = getattr(obj, part)
        return module, parts[split], parts[split + 1 :]
    return None


def _read_markdown(app: Sphinx, docname: str, source: list[str]) -> None:
    """
    Adapt a page, as Sphinx reads it, to the site.

    A link to a file outside docs/ (the README) becomes a download of that
    file. The pages the index links to, in order, become the site's
    navigation: the index stays plain Markdown that reads well on GitHub and
    runs as a test, and a page it does not link to is in no table of
    contents, which the build reports.
    """
    srcdir = Path(app.srcdir).resolve()
    folder = (srcdir / docname).parent

    def download_if_outside(link: re.Match[str]) -> str:
        linked = (folder / link[1]).resolve()
        if linked.is_relative_to(srcdir):
            return link[0]
        return f"](path:{link[1]})"

    source[0] = _OUTSIDE_LINK.sub(download_if_outside, source[0])
    if docname != root_doc:
        return
    pages = [
        target.rpartition(".")[0]
        for target in _PAGE_LINK.findall(source[0])
        if (srcdir / target).is_file()
    ]
    toctree = ["```{toctree}", ":hidden:", "", *dict.fromkeys(pages), "```"]
    source[0] += "\n" + "\n".join(toctree) + "\n"


def _keep_attribute_prose(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """
    Keep the docstring of a property or attribute as prose.

    Napoleon would read a first line with a colon in it ("The layout of the
    answers: one slot an item") as a type and a description; the types come
    from the annotations instead.
    """
    if what in {"attribute", "property"} and lines:
        # An empty comment for napoleon to take as the line with the type.
        lines[:0] = ["..", ""]


def _document_constant(
    app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """
    Give a constant the ``#:`` comment it has where it is defined, since
    autodoc looks for one only in the module that exports it, and would show
    the docstring of the constant's type instead.
    """
    if what != "data":
        return
    from sphinx.pycode import ModuleAnalyzer

    attribute = name.rpartition(".")[2]
    for module_name in sorted(_medengage_modules()):
        module = importlib.import_module(module_name)
        if getattr(module, attribute, None) is obj:
            comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
            if ("", attribute) in comments:
                lines[:] = comments["", attribute]
                return
    lines.clear()


def _tidy_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None] | None:
    """
    Show a protocol without the signature no one calls, and the default of
    an attrs field made by a factory as a call to it (``FrozenMap()``), not
    as attrs's ``NOTHING``.
    """
    if signature is None or not isinstance(obj, type):
        return None
    if getattr(obj, "_is_protocol", False):
        return "", return_annotation
    if not attrs.has(obj):
        return None
    for field in attrs.fields(obj):
        if field.init and isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            factory = getattr(field.default.factory, "__name__", "<lambda>")
            shown = "..." if factory == "<lambda>" else f"{factory}()"
            signature = re.sub(
                rf"(\b{re.escape(field.alias)}(?:: .*?)? ?= ?)NOTHING",
                rf"\g<1>{shown}",
                signature,
                count=1,
            )
    return signature, return_annotation


def _medengage_modules() -> Iterator[str]:
    yield from (
        module.name
        for module in pkgutil.walk_packages(medengage.__path__, "medengage.")
    )


def _resolve_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: TextElement
) -> Element | None:
    """
    Resolve a reference to a medengage object that Sphinx could not.

    A reference by a path other than the one documented (an annotation
    naming ``medengage._checklists.Checklist``, a docstring in
    `medengage.scoring` naming `register_strategy`) leads to the entry for
    the object. A name private to medengage (a type variable in a
    signature), or from another package, is shown as code, not linked, so
    that the build needs no network. A bare name that
    one public module alone exports leads to its entry. Anything else is
    left for the build to report.
    """
    if node.get("refdomain") != "py":
        return None
    if _is_from_elsewhere(node):
        return contnode
    domain = env.domains["py"]
    for path in _candidate_paths(node):
        if not path.startswith("medengage."):
            return contnode
        name = public_name(path)
        if name is not None:
            resolved = domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], name, node, contnode
            )
            if resolved is not None:
                return resolved
        elif _find(path) is not None:
            return contnode
    # A bare name that one public module alone exports: `read_csv`.
    exported = [f"{module.__name__}.{node['reftarget']}" for module in public_modules()]
    found = [name for name in exported if name in domain.objects]
    if len(found) != 1:
        return None
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], found[0], node, contnode
    )


def _is_from_elsewhere(node: pending_xref) -> bool:
    """
    Whether the reference names something from outside medengage, like
    ``datetime.date`` or ``pd.DataFrame``: a dotted name whose first part
    is not a medengage name where the reference appears.
    """
    head, dot, _ = node["reftarget"].removeprefix("~").partition(".")
    if not dot or head == "medengage":
        return False
    module: str = node.get("py:module") or "medengage"
    return _find(f"{module}.{head}") is None


def _candidate_paths(node: pending_xref) -> Iterator[str]:
    """
    The dotted paths a reference may mean: as written; for a bare name, in
    the class, then the module, it appears in; then as the module that
    defines the object being documented knows the name.
    """
    target: str = node["reftarget"].removeprefix("~").removeprefix(".")
    if target.startswith("medengage."):
        yield target
        return
    module: str | None = node.get("py:module")
    cls: str | None = node.get("py:class")
    if module and cls:
        yield f"{module}.{cls}.{target}"
    if module:
        yield f"{module}.{target}"
    owner = _documented_object(node)
    defined_in = getattr(owner, "__module__", None)
    if defined_in and defined_in.startswith("medengage"):
        meaning = _meaning(defined_in, target)
        if meaning is not None:
            yield meaning


def _documented_object(node: pending_xref) -> object:
    """
    The object whose entry *node* is in, if any.
    """
    from sphinx import addnodes

    entry = node.parent
    while entry is not None and not isinstance(entry, addnodes.desc):
        entry = entry.parent
    if entry is None:
        return None
    signature = next(iter(entry.findall(addnodes.desc_signature)), None)
    if signature is None or not signature.get("module"):
        return None
    found = _find(f"{signature['module']}.{signature['fullname']}")
    if found is None:
        return None
    module, name, rest = found
    obj: object = getattr(module, name)
    for part in rest:
        obj = getattr(obj, part)
    return obj


def _meaning(module_name: str, target: str) -> str | None:
    """
    The dotted path of what the module *module_name* means by *target*,
    including names it imports only for type checking.
    """
    head, _, rest = target.partition(".")
    if hasattr(importlib.import_module(module_name), head):
        base = f"{module_name}.{head}"
    else:
        imported = _imports(module_name)
        if head not in imported:
            return None
        base = imported[head]
    return f"{base}.{rest}" if rest else base


@functools.cache
def _imports(module_name: str) -> dict[str, str]:
    """
    Each name the module imports, anywhere in it, with its dotted path.
    """
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        return {}
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names = {}
    for statement in ast.walk(tree):
        if isinstance(statement, ast.ImportFrom) and statement.level == 0:
            for alias in statement.names:
                names[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    names[top] = top
    return names


def _check_every_public_name_is_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """
    Warn about each public module and name that no page documents.
    """
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    domain = env.domains["py"]
    for module in public_modules():
        if module.__name__ not in domain.modules:
            logger.warning(
                "module %s is public but not in the API reference: "
                "add a page for it to docs/api/",
                module.__name__,
            )
        for name in getattr(module, "__all__", ()):
            documented = public_name(f"{module.__name__}.{name}")
            if documented not in domain.objects:
                logger.warning(
                    "%s is public but not in the API reference: "
                    "document it on a page of docs/api/",
                    documented,
                )
