"""
Strict YAML: text to a tree of mappings, sequences and scalars, and back.

Reading works on PyYAML's event stream, never its constructors, so that no
document can build a Python object, expand an alias or recurse deeply. It
refuses anchors, aliases, tags, merge keys, duplicate keys, complex keys and
more than one document, and keeps each scalar as written (with its style
and position) for the schema layer to interpret.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeAlias

import yaml

from medengage.errors import Problem


#: Containers nest no deeper than this in a medengage document.
MAX_DEPTH = 32
#: Reading stops after this many problems.
MAX_PROBLEMS = 50

HAS_LIBYAML: bool = getattr(yaml, "__with_libyaml__", False)


class RawMap(dict[str, "Raw"]):
    """
    A YAML mapping, with the position of itself and of each key.
    """

    __slots__ = ("key_marks", "mark")

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Any] = {}


class RawSeq(list["Raw"]):
    """
    A YAML sequence, with its position.
    """

    __slots__ = ("mark",)

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


Scalar: TypeAlias = yaml.ScalarEvent
Raw: TypeAlias = "RawMap | RawSeq | Scalar"
Path: TypeAlias = tuple["str | int", ...]


class ReadError(Exception):
    """
    The problems that stopped a document from being read.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def is_plain(scalar: Scalar) -> bool:
    """
    Whether *scalar* was written without quotes or block indicators.
    """
    return not scalar.style


def is_null(scalar: Scalar) -> bool:
    """
    Whether *scalar* is YAML's null: nothing, ``~`` or ``null``.
    """
    return not scalar.style and scalar.value in ("", "~", "null", "Null", "NULL")


def mark_of(node: Raw) -> Any:
    """
    Where *node* starts in its document.
    """
    if isinstance(node, (RawMap, RawSeq)):
        return node.mark
    return node.start_mark


def read(text: str, *, pure: bool = False) -> Raw:
    """
    The single document in *text*, as a tree of `RawMap`, `RawSeq` and
    scalar events.

    Args:
        text: The document.
        pure: Use PyYAML's pure-Python parser even where libyaml is present.

    Raises:
        ReadError: If the text is not a single, plain YAML document.
    """
    loader = yaml.SafeLoader if pure or not HAS_LIBYAML else yaml.CSafeLoader
    try:
        return _Builder().build(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as error:
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


class _Builder:
    """
    Builds the raw tree of one document from its events, collecting every
    use of a feature medengage documents do not allow.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Each open container, with the key whose value is being read.
        self.stack: list[tuple[RawMap | RawSeq, Scalar | None]] = []
        # Where each open container but the root stands in its parent.
        self.places: list[str | int] = []

    def build(self, events: Iterator[Any]) -> Raw:
        root: Raw | None = None
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._check_node(event)
                node: Raw = event
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_node(event)
                if len(self.stack) >= MAX_DEPTH:
                    self._fail(event, f"nested deeper than {MAX_DEPTH} levels")
                    raise ReadError(self.problems)
                container = (
                    RawMap(event.start_mark)
                    if kind is yaml.MappingStartEvent
                    else RawSeq(event.start_mark)
                )
                if self.stack:
                    place = self._next_place()
                    self.places.append("?" if place is None else place)
                self._place(container)
                self.stack.append((container, None))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = self.stack.pop()[0]
                if self.stack:
                    self.places.pop()
                    continue
            elif kind is yaml.AliasEvent:
                self._fail(
                    event,
                    f"alias *{event.anchor} is not allowed: "
                    "write the value out in full",
                )
                raise ReadError(self.problems)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._fail(
                        event,
                        "a second document: put one medengage object in a file",
                    )
                if event.tags:
                    self._fail(event, "%TAG directives are not allowed")
                continue
            else:
                continue
            if self.stack:
                self._place(node)
            else:
                root = node
        if self.problems:
            raise ReadError(self.problems)
        if root is None:
            raise ReadError(
                [Problem("", "the document is empty: it holds no object", 1, 1)]
            )
        return root

    def _place(self, node: Raw) -> None:
        if not self.stack:
            return
        container, key = self.stack[-1]
        if isinstance(container, RawSeq):
            container.append(node)
        elif key is None:
            self._take_key(container, node)
        else:
            if key.value in container:
                first = container.key_marks[key.value]
                self._fail(
                    key,
                    f"duplicate key {key.value!r}: it is already given on "
                    f"line {first.line + 1}; keep one",
                )
            else:
                container[key.value] = node
                container.key_marks[key.value] = key.start_mark
            self.stack[-1] = (container, None)

    def _take_key(self, container: RawMap, node: Raw) -> None:
        if not isinstance(node, yaml.ScalarEvent):
            self._fail(node, "keys must be plain text, not a mapping or a list")
            # A placeholder key, so that reading goes on to find more problems.
            node = yaml.ScalarEvent(None, None, (True, False), "?", mark_of(node))
        self.stack[-1] = (container, node)
        if node.value == "<<" and is_plain(node):
            self._fail(
                node, "merge keys (<<) are not allowed: write each key out in full"
            )

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._fail(
                event,
                f"anchor &{event.anchor} is not allowed: "
                "medengage documents use no anchors or aliases",
            )
        if event.tag is not None:
            self._fail(
                event,
                f"tag {event.tag} is not allowed: remove it, medengage reads "
                "each value by its place in the document",
            )

    def _fail(self, node: Any, message: str) -> None:
        mark = node.start_mark if hasattr(node, "start_mark") else mark_of(node)
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
        container, key = self.stack[-1]
        if isinstance(container, RawSeq):
            return len(container)
        return None if key is None else key.value

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
