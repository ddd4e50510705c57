"""
Strict YAML: text to a tree of mappings, sequences and scalars, and back.

Reading works on PyYAML's event stream, never its constructors, so that no
document can build a Python object, expand an alias or recurse deeply. It
refuses anchors, aliases, tags, merge keys, duplicate keys, complex keys and
more than one document, and keeps each scalar as written, plain or quoted,
for the schema layer to interpret.

The tree is kept small, since a document may be large and hostile: plain
dicts and lists, each plain scalar as its text and any other wrapped in a
`Quoted`, and no positions. Where a node stands is found again, by a second
pass over the text (`positions`), only for the few nodes a problem is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

import yaml

from medengage._validation import MAX_PROBLEMS
from medengage.errors import Problem


#: Containers nest no deeper than this in a medengage document.
MAX_DEPTH = 32

HAS_LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)


class Quoted:
    """
    A scalar written in quotes or as a block (``|``, ``>``): text as it
    stands, never read as a number, a date or nothing.

    Attributes:
        text: The scalar's text.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


#: A scalar: its text if it was written plain, or `Quoted`.
Scalar: TypeAlias = "str | Quoted"
RawMap: TypeAlias = "dict[str, Raw]"
RawSeq: TypeAlias = "list[Raw]"
Raw: TypeAlias = "RawMap | RawSeq | Scalar"
Path: TypeAlias = tuple["str | int", ...]
#: A line and a column, each counted from 1.
Place: TypeAlias = tuple[int, int]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class ReadError(Exception):
    """
    The problems that stopped a document from being read.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def is_scalar(node: object) -> bool:
    """
    Whether *node* is a scalar rather than a mapping or a list.
    """
    return type(node) is str or type(node) is Quoted


def is_plain(scalar: Scalar) -> bool:
    """
    Whether *scalar* was written without quotes or block indicators.
    """
    return type(scalar) is str


def text_of(scalar: Scalar) -> str:
    """
    The text of *scalar*, as written.
    """
    return scalar if type(scalar) is str else scalar.text  # type: ignore[union-attr]


def is_null(node: object) -> bool:
    """
    Whether *node* is YAML's null: nothing, ``~`` or ``null``, unquoted.
    """
    return type(node) is str and node in _NULLS


def read(text: str, *, pure: bool = False) -> Raw:
    """
    The single document in *text*, as a tree of dicts, lists and scalars.

    Args:
        text: The document.
        pure: Use PyYAML's pure-Python parser even where libyaml is present.

    Raises:
        ReadError: If the text is not a single, plain YAML document.
    """
    try:
        return _Builder().build(_events(text, pure=pure))
    except yaml.MarkedYAMLError as error:
        if not pure and (error.problem or "").startswith(_LIBYAML_TOO_DEEP):
            # libyaml gives up on brackets nested a thousand deep, which it
            # can meet while reading ahead, before the events that would
            # have taken the reader to its own limit. The pure-Python parser
            # has no such limit: it reaches that point and stops there. It
            # reads no further than libyaml did, and a document this deep
            # is refused either way.
            return read(text, pure=True)
        raise ReadError([_syntax_problem(error, text)]) from None
    except yaml.reader.ReaderError as error:
        raise ReadError(
            [_character_problem(text, error.position, error.character)]
        ) from None
    except UnicodeEncodeError as error:
        # libyaml takes UTF-8, which cannot hold a lone surrogate.
        raise ReadError(
            [_character_problem(text, error.start, ord(text[error.start]))]
        ) from None
    except yaml.YAMLError as error:
        raise ReadError(
            [Problem("", f"not valid YAML ({error}): check its syntax", 1, 1)]
        ) from None


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def positions(
    text: str, paths: Iterable[Path], *, pure: bool = False
) -> dict[Path, tuple[Place, Place | None]]:
    """
    Where each node on the way to each of *paths* stands in *text*, a
    document `read` has taken: for each path that is in the document and
    leads to one of *paths*, the place of its value and of its key (None in
    a list, or for the root).
    """
    exact = set(paths)
    wanted = {path[:length] for path in exact for length in range(len(path) + 1)}
    found: dict[Path, tuple[Place, Place | None]] = {}
    # For each open container: its path if it leads somewhere wanted, else
    # None; the index of its next member, or the key being read and where.
    stack: list[list[Any]] = []
    try:
        for event in _events(text, pure=pure):
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind not in _NODES:
                continue
            here: Path | None = ()
            key_place = None
            if stack:
                frame = stack[-1]
                parent, is_map, place, key_place = frame
                if is_map and place is None:
                    frame[2] = event.value if kind is yaml.ScalarEvent else "?"
                    frame[3] = _place(event)
                    if kind is not yaml.ScalarEvent:
                        stack.append([None, kind is yaml.MappingStartEvent, None, None])
                    continue
                frame[2] = None if is_map else place + 1
                here = None if parent is None else (*parent, place)
            if here is not None and here in wanted and here not in found:
                found[here] = (_place(event), key_place)
                if exact <= found.keys():
                    break
            if kind is not yaml.ScalarEvent:
                is_map = kind is yaml.MappingStartEvent
                inside = here if here is not None and here in wanted else None
                stack.append([inside, is_map, None if is_map else 0, None])
    except yaml.YAMLError:  # pragma: no cover - the text was read once already
        pass
    return found


_NODES = frozenset((yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent))


def _events(text: str, *, pure: bool) -> Iterator[Any]:
    loader = yaml.SafeLoader if pure or not HAS_LIBYAML else yaml.CSafeLoader
    return yaml.parse(text, Loader=loader)


def _place(event: Any) -> Place:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Open:
    """
    A container being read: in a mapping, the key whose value is being
    read, and the line of each key read so far.
    """

    __slots__ = ("container", "key", "key_lines", "key_mark")

    def __init__(self, container: RawMap | RawSeq) -> None:
        self.container = container
        self.key: str | None = None
        self.key_mark: Any = None
        # Only while the mapping is open, for messages about duplicates.
        self.key_lines: dict[str, int] = {}


class _Builder:
    """
    Builds the raw tree of one document from its events, collecting every
    use of a feature medengage documents do not allow.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        # Where each open container but the root stands in its parent.
        self.places: list[str | int] = []

    def build(self, events: Iterator[Any]) -> Raw:
        root: Raw | None = None
        documents = 0
        for event in events:
            kind = type(event)
            mark = None
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    self._check_node(event)
                node: Raw = event.value if not event.style else Quoted(event.value)
                mark = event.start_mark
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_node(event)
                if len(self.stack) >= MAX_DEPTH:
                    self._fail(
                        event.start_mark, f"nested deeper than {MAX_DEPTH} levels"
                    )
                    raise ReadError(self.problems)
                container: RawMap | RawSeq = (
                    {} if kind is yaml.MappingStartEvent else []
                )
                if self.stack:
                    place = self._next_place()
                    self.places.append("?" if place is None else place)
                    self._place(container, event.start_mark)
                self.stack.append(_Open(container))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = self.stack.pop().container
                if self.stack:
                    self.places.pop()
                    continue
            elif kind is yaml.AliasEvent:
                self._fail(
                    event.start_mark,
                    f"alias *{event.anchor} is not allowed: "
                    "write the value out in full",
                )
                raise ReadError(self.problems)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._fail(
                        event.start_mark,
                        "a second document: put one medengage object in a file",
                    )
                if event.tags:
                    self._fail(event.start_mark, "%TAG directives are not allowed")
                continue
            else:
                continue
            if self.stack:
                self._place(node, mark)
            else:
                root = node
        if self.problems:
            raise ReadError(self.problems)
        if root is None:
            raise ReadError(
                [Problem("", "the document is empty: it holds no object", 1, 1)]
            )
        return root

    def _place(self, node: Raw, mark: Any) -> None:
        top = self.stack[-1]
        container = top.container
        if type(container) is list:
            container.append(node)
        elif top.key is None:
            self._take_key(top, node, mark)
        else:
            key = top.key
            if key in container:
                first = top.key_lines[key]
                self._fail(
                    top.key_mark,
                    f"duplicate key {key!r}: it is already given on "
                    f"line {first}; keep one",
                )
            else:
                container[key] = node  # type: ignore[call-overload]
                top.key_lines[key] = top.key_mark.line + 1
            top.key = None

    def _take_key(self, top: _Open, node: Raw, mark: Any) -> None:
        if not is_scalar(node):
            self._fail(mark, "keys must be plain text, not a mapping or a list")
            # A placeholder key, so that reading goes on to find more problems.
            node = "?"
        top.key = text_of(node)  # type: ignore[arg-type]
        top.key_mark = mark
        if node == "<<":
            self._fail(
                mark, "merge keys (<<) are not allowed: write each key out in full"
            )

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._fail(
                event.start_mark,
                f"anchor &{event.anchor} is not allowed: "
                "medengage documents use no anchors or aliases",
            )
        if event.tag is not None:
            self._fail(
                event.start_mark,
                f"tag {event.tag} is not allowed: remove it, medengage reads "
                "each value by its place in the document",
            )

    def _fail(self, mark: Any, message: str) -> None:
        self.problems.append(
            Problem(self._path(), message, mark.line + 1, mark.column + 1)
        )
        if len(self.problems) >= MAX_PROBLEMS:
            raise ReadError(self.problems)

    def _next_place(self) -> str | int | None:
        """
        Where the node being read goes in the innermost open container: its
        index, or its key; None while a mapping's key is being read.
        """
        top = self.stack[-1]
        if type(top.container) is list:
            return len(top.container)
        return top.key

    def _path(self) -> str:
        if not self.stack:
            return ""
        place = self._next_place()
        if place is None:
            return format_path(tuple(self.places))
        return format_path((*self.places, place))


def format_path(path: Path) -> str:
    """
    *path* as written in messages: ``items[3].scale``.
    """
    written = ""
    for segment in path:
        if isinstance(segment, int):
            written += f"[{segment}]"
        else:
            written += f".{segment}" if written else segment
    return written


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "invalid YAML"
    if error.context and error.problem:
        what = f"{error.problem} ({error.context})"
    message = f"YAML syntax: {what}; check the indentation and quoting here"
    if mark is None:
        return Problem("", message, 1, 1)
    last_line = text.count("\n")
    if mark.line > last_line:
        # libyaml places the end of a text without a final line break on
        # the line after it: point at the end of the last line instead.
        end = len(text) - (text.rfind("\n") + 1)
        return Problem("", message, last_line + 1, end + 1)
    return Problem("", message, mark.line + 1, mark.column + 1)


def _character_problem(text: str, position: int, character: object) -> Problem:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return Problem(
        "",
        f"the character {shown} is not allowed in YAML: remove it or write "
        "it as an escape in a double-quoted string",
        line,
        column,
    )
