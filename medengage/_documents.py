"""
medengage's YAML documents: reading them strictly into typed objects, and
writing objects out stably.

One cattrs converter owns every hook. Reading goes text, then a raw tree
(`medengage._yaml`), then the typed object; every problem on the way is
reported with its path in the document and its line and column.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any, TypeVar, overload

import attrs
import cattrs
import yaml
from cattrs.gen import make_dict_unstructure_fn

from medengage import _collector, _yaml
from medengage import _hooks as hooks
from medengage import _reading_problems as findings
from medengage._answers import Answers, layout
from medengage._assessments import Assessment, Respondent
from medengage._bands import Banding, count_problem
from medengage._breakdowns import Breakdown
from medengage._case_studies import CaseStudy, Evidence
from medengage._checklists import Checklist, ChecklistItem
from medengage._column_matching import ColumnMapping
from medengage._comparisons import CaseStudyMatch, Comparison
from medengage._features import EngagementFeature
from medengage._findings import Finding
from medengage._frozen import FrozenMap
from medengage._journeys import ChecklistMapping, Journey
from medengage._reliability import Reliability
from medengage._saving import save_atomically
from medengage._scales import ResponseScale, Value
from medengage._scores import ScoredAssessment
from medengage._sources import Source, decoded, read_source
from medengage._trusts import Trust
from medengage.errors import (
    DocumentError,
    DocumentTooLargeError,
    NotADocumentError,
    Problem,
    UnsupportedFormatError,
    ValidationError,
)


#: The version of the document format this medengage reads and writes.
FORMAT_VERSION = 1
#: The largest document `load` and `loads` read unless told otherwise.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: Each kind of document, by the name its ``kind:`` key gives.
KINDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        Trust,
        EngagementFeature,
        Finding,
        CaseStudy,
        ResponseScale,
        ChecklistItem,
        Checklist,
        Assessment,
        Banding,
        ScoredAssessment,
        Breakdown,
        Reliability,
        Comparison,
        CaseStudyMatch,
        ChecklistMapping,
        Journey,
        ColumnMapping,
    )
}

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
    expected = _kind_class(kind)
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise _too_large(source, len(text), max_bytes)
        text = _decode(text, source)
    elif len(text) > max_bytes or (
        len(text) * 4 > max_bytes
        and len(text.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise _too_large(source, len(text.encode("utf-8", "surrogatepass")), max_bytes)
    with _collector.paused():
        try:
            root = _yaml.read(text, pure=pure)
        except _yaml.ReadError as error:
            raise DocumentError(source, error.problems) from None
        return _Reading(source, text, pure, root, checklists).read(expected)


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
        **_converter.unstructure(obj),
    }
    with _collector.paused():
        text = _emit(document, pure=pure or not _yaml.HAS_LIBYAML)
        if "\\U" in text:
            # libyaml escapes characters beyond U+FFFF, like emoji, which the
            # pure-Python emitter keeps as they are; the two agree on all else.
            text = _emit(document, pure=True)
    return text


def _emit(document: dict[str, Any], *, pure: bool) -> str:
    return yaml.dump(
        document,
        Dumper=_DUMPERS["pure" if pure else "libyaml"],
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 16,
    )


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


# Reading


def _kind_class(kind: type[Any] | str | None) -> type[Any] | None:
    if kind is None:
        return None
    cls = KINDS.get(kind) if isinstance(kind, str) else kind
    if cls is None or KINDS.get(cls.__name__) is not cls:
        raise NotADocumentError(
            f"{kind!r} is not a kind of medengage document; "
            f"the kinds are: {', '.join(KINDS)}"
        )
    return cls


@attrs.frozen
class _ChecklistReference:
    id: str
    version: int


class _Reading:
    """
    One document being read: its text and raw tree, and where to find what
    it names.
    """

    def __init__(
        self,
        source: str,
        text: str,
        pure: bool,
        root: _yaml.Raw,
        checklists: Iterable[Checklist] | None,
    ) -> None:
        self.source = source
        self.text = text
        self.pure = pure
        self.root = root
        self.checklists = checklists

    def read(self, expected: type[Any] | None) -> Any:
        root = self.root
        if _yaml.is_null(root):
            self._fail(DocumentError, (), "the document is empty: it holds no object")
        if type(root) is not dict:
            self._fail(
                DocumentError,
                (),
                "a medengage document is a mapping that starts with "
                "'medengage: 1' and 'kind: ...'",
            )
        cls = self._kind(root, expected)
        # The tree is this reading's own: the body is the root without the
        # two keys that say what it is.
        del root["medengage"], root["kind"]
        found = findings.Findings()
        try:
            if cls is Assessment:
                return self._read_assessment(root)
            return _converter.structure(root, cls)
        except findings.FAILURES as error:
            found.extend(findings.flatten(error, ()))
        self._refuse(DocumentError, found)

    def _kind(self, root: _yaml.RawMap, expected: type[Any] | None) -> type[Any]:
        version = root.get("medengage")
        if not _yaml.is_scalar(version):
            self._fail(
                DocumentError,
                ("medengage",),
                f"add 'medengage: {FORMAT_VERSION}' to say which format the "
                "document is written in",
            )
        try:
            number = hooks.structure_int(version, int)
        except hooks.Invalid as error:
            self._fail(DocumentError, ("medengage",), str(error))
        if number > FORMAT_VERSION:
            self._fail(
                UnsupportedFormatError,
                ("medengage",),
                f"the document is written in medengage format {number}, and "
                f"this medengage reads format {FORMAT_VERSION} at most: "
                "upgrade medengage to read it",
            )
        if number < 1:
            self._fail(
                DocumentError,
                ("medengage",),
                f"there is no format {number}: write 'medengage: {FORMAT_VERSION}'",
            )
        kinds = ", ".join(KINDS)
        kind = root.get("kind")
        name = _yaml.text_of(kind) if _yaml.is_scalar(kind) else None  # type: ignore[arg-type]
        if name not in KINDS:
            found = "none" if name is None else repr(name)
            self._fail(
                DocumentError,
                ("kind",),
                f"say what the document holds with 'kind:', one of {kinds} "
                f"(found {found})",
            )
        cls = KINDS[name]
        if expected is not None and cls is not expected:
            self._fail(
                DocumentError,
                ("kind",),
                f"expected a {expected.__name__} document, found a {cls.__name__}",
            )
        return cls

    def _read_assessment(self, body: _yaml.RawMap) -> Assessment:
        found = findings.Findings()
        fields = _Fields(body, (), found)
        fields.check_keys(
            frozenset({"checklist", "trust", "date", "title", "items", "respondents"})
        )
        field = fields.get
        reference = field("checklist", _ChecklistReference)
        trust = field("trust", str)
        date = field("date", dt.date)
        title = field("title", str, "")
        items = field("items", tuple[str, ...])
        checklist = reference and self._checklist(reference, found)
        respondents: list[Respondent] = []
        raw_respondents = body.get("respondents")
        if raw_respondents is None:
            found.append(
                (
                    ("respondents",),
                    "required key 'respondents' is missing: add it",
                    False,
                )
            )
        elif type(raw_respondents) is not list:
            found.append((("respondents",), "expected a list of respondents", False))
        elif checklist is not None and items is not None:
            columns = _columns(checklist, items, found)
            if columns is not None:
                respondents = _read_respondents(raw_respondents, columns, found)
        if found or checklist is None:
            raise findings.FoundProblems(found)
        return Assessment(
            checklist=checklist,
            trust=trust,
            date=date,
            respondents=respondents,
            title=title,
        )

    def _checklist(
        self, reference: _ChecklistReference, found: findings.Findings
    ) -> Checklist | None:
        if self.checklists is None:
            from medengage._catalogue import catalogue

            known = catalogue().checklists
        else:
            known = tuple(self.checklists)
        for checklist in known:
            if (checklist.id, checklist.version) == (reference.id, reference.version):
                return checklist
        listed = ", ".join(f"{c.id} version {c.version}" for c in known) or "none"
        found.append(
            (
                ("checklist",),
                f"checklist {reference.id!r} version {reference.version} is not "
                "known: pass it to load(..., checklists=[...]); "
                f"known checklists: {listed}",
                False,
            )
        )
        return None

    def _fail(
        self, error: type[DocumentError], path: _yaml.Path, message: str
    ) -> typing.NoReturn:
        found = findings.Findings()
        found.append((path, message, False))
        self._refuse(error, found)

    def _refuse(
        self, error: type[DocumentError], found: findings.Findings
    ) -> typing.NoReturn:
        """
        Raise *error* listing the problems *found*, each placed in the text.
        """
        problems = found.placed(self.text, pure=self.pure)
        raise error(self.source, problems)


@attrs.frozen
class _Columns:
    """
    How to read the answers of an assessment document: the layout they
    fill, and for each column, the value each token stands for.
    """

    layout: Any
    values: list[dict[str, Value]]
    scales: list[ResponseScale]


def _columns(
    checklist: Checklist, items: tuple[str, ...], found: findings.Findings
) -> _Columns | None:
    problems = len(found)
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            found.append(
                (
                    ("items", index),
                    f"item {item!r} is listed twice: list it once",
                    False,
                )
            )
        elif item not in checklist.item_ids:
            found.append(
                (
                    ("items", index),
                    f"no item {item!r} in checklist {checklist.id!r} version "
                    f"{checklist.version}",
                    False,
                )
            )
        seen.add(item)
    if len(found) > problems:
        return None
    target = checklist.answer_layout
    shared = target if items == target.items else layout(items)
    scales = [checklist.scale_of(item) for item in items]
    return _Columns(shared, [scale._by_token for scale in scales], scales)


_RESPONDENT_KEYS = frozenset({"id", "attributes", "answers"})


def _read_respondents(
    raw: _yaml.RawSeq, columns: _Columns, found: findings.Findings
) -> list[Respondent]:
    respondents = []
    for index, entry in enumerate(raw):
        here: _yaml.Path = ("respondents", index)
        if type(entry) is not dict:
            found.append(
                (here, "expected a mapping with id, attributes and answers", False)
            )
            continue
        problems = len(found)
        fields = _Fields(entry, here, found)
        fields.check_keys(_RESPONDENT_KEYS)
        id = fields.get("id", str)
        attributes = fields.get("attributes", FrozenMap[str, str], FrozenMap())
        answers = fields.get("answers", hooks.Answers)
        values = None
        if answers is not None:
            values = _parse_answers(answers, columns, here, found)
        if len(found) == problems and values is not None:
            try:
                respondent = Respondent(
                    id=id,
                    attributes=attributes,
                    answers=Answers.aligned(columns.layout, values),
                )
            except ValidationError as error:
                found.extend(findings.flatten(error, here))
            else:
                # Once a problem is found the document is refused: the
                # rest are only checked.
                if not found:
                    respondents.append(respondent)
    return respondents


def _parse_answers(
    answers: str,
    columns: _Columns,
    here: _yaml.Path,
    found: findings.Findings,
) -> tuple[Value | None, ...] | None:
    tokens = answers.split()
    try:
        if len(tokens) == len(columns.values):
            return tuple(
                None if token == "-" else values[token]
                for token, values in zip(tokens, columns.values, strict=True)
            )
    except KeyError:
        pass
    path = (*here, "answers")
    if len(tokens) != len(columns.values):
        found.append(
            (
                path,
                f"{len(tokens)} answers for {len(columns.values)} items: give one "
                "answer for each item listed under 'items', '-' where there is none",
                False,
            )
        )
        return None
    for position, (token, values) in enumerate(
        zip(tokens, columns.values, strict=True)
    ):
        if token != "-" and token not in values:
            scale = columns.scales[position]
            found.append(
                (
                    path,
                    f"answer {position + 1} ({token!r}, item "
                    f"{columns.layout.items[position]}) is not on scale "
                    f"{scale.id!r}: write one of {scale.describe_values()}, "
                    "or '-' for no answer",
                    False,
                )
            )
    return None


class _Fields:
    """
    The fields of one mapping in a document, read one by one, each problem
    noted with its path.
    """

    def __init__(
        self, raw: _yaml.RawMap, here: _yaml.Path, found: findings.Findings
    ) -> None:
        self.raw = raw
        self.here = here
        self.found = found

    def check_keys(self, allowed: frozenset[str]) -> None:
        if not allowed.issuperset(self.raw):
            self.found.extend(
                findings.flatten(hooks.unknown_keys(self.raw, allowed), self.here)
            )

    def get(self, name: str, cls: Any, default: Any = attrs.NOTHING) -> Any:
        raw = self.raw.get(name)
        if raw is None:
            if default is attrs.NOTHING:
                self.found.append(
                    (
                        (*self.here, name),
                        f"required key {name!r} is missing: add it",
                        False,
                    )
                )
                return None
            return default
        try:
            return _converter.structure(raw, cls)
        except hooks.PROBLEMS as error:
            self.found.extend(findings.flatten(error, (*self.here, name)))
            return None


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            source,
            [Problem("", "the document is UTF-16 text: save it as UTF-8", 1, 1)],
        )
    return decoded(data, source, advice="save the document as UTF-8 text")


def _too_large(source: str, size: int, limit: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        source,
        [
            Problem(
                "",
                f"the document is over {limit} bytes: pass a larger max_bytes "
                "if it is trusted",
                1,
                1,
            )
        ],
    )


# Writing


class _Flow(dict[str, Any]):
    """
    A mapping written on one line.
    """


def _unstructure_assessment(assessment: Assessment) -> dict[str, Any]:
    checklist = assessment.checklist
    document: dict[str, Any] = {
        "checklist": _Flow(id=checklist.id, version=checklist.version),
        "trust": assessment.trust,
        "date": assessment.date,
    }
    if assessment.title:
        document["title"] = assessment.title
    document["items"] = _FlowList(checklist.item_ids)
    # Each answer is written as its point is, so that an answer of 2 on a
    # point of 2.0 reads back; '-' is no answer.
    tokens = [
        {None: "-", **{point.value: point.token for point in scale.points}}
        for scale in (checklist.scale_of(item) for item in checklist.items)
    ]
    document["respondents"] = _Respondents(
        (
            respondent.id,
            respondent.attributes,
            " ".join(map(dict.__getitem__, tokens, respondent.answers.row)),
        )
        for respondent in assessment.respondents
    )
    return document


class _Respondents(list[tuple[str, Mapping[str, str], str]]):
    """
    An assessment's respondents as written: each one's id, attributes and
    answers, the answers as one line of tokens.
    """


def _represent_respondents(dumper: Any, respondents: _Respondents) -> Any:
    # Thousands of respondents: their nodes are made here directly, as
    # the representer would make them, one flow mapping each.
    def text(value: str) -> yaml.ScalarNode:
        return yaml.ScalarNode(hooks.STR_TAG, value, style=_text_style(value))

    entries = []
    for id, attributes, answers in respondents:
        fields: list[tuple[yaml.Node, yaml.Node]] = [(text("id"), text(id))]
        if attributes:
            pairs = [(text(name), text(value)) for name, value in attributes.items()]
            fields.append(
                (text("attributes"), yaml.MappingNode(_MAP_TAG, pairs, flow_style=True))
            )
        fields.append((text("answers"), text(answers)))
        entries.append(yaml.MappingNode(_MAP_TAG, fields, flow_style=True))
    return yaml.SequenceNode(_SEQ_TAG, entries, flow_style=False)


class _FlowList(list[Any]):
    """
    A list written on one line.
    """


def _represent_text(dumper: Any, text: str) -> Any:
    return dumper.represent_scalar(hooks.STR_TAG, text, style=_text_style(text))


def _text_style(text: str) -> str | None:
    """
    How to write *text*: plain, or in the style the emitter is asked for.
    """
    # Text over several lines reads best as a literal block; the emitter
    # quotes it instead where a block cannot hold it exactly. Double quotes,
    # where every character can be escaped, hold what a block does not:
    # YAML reads a U+0085 line break in a block as '\n', and a block that
    # keeps trailing blank lines ('|+') makes libyaml end the document with
    # '...', which the pure-Python emitter does not.
    if _PLAIN.fullmatch(text):
        return None
    if _OTHER_BREAKS.search(text) or text == "\n" or text.endswith("\n\n"):
        return '"'
    if "\n" in text:
        return "|"
    if hooks.FLOAT.fullmatch(text):
        # Text like 1e3 is a number to YAML 1.2 tools, and to medengage where
        # a value may be a number or text, as a strategy's options may.
        return "'"
    return None


_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
# Text that needs none of the care below: no line breaks, and not a number.
_PLAIN = re.compile(r"[^\n\x85\u2028\u2029\d.+-][^\n\x85\u2028\u2029]*")


def _make_dumper(base: type[Any]) -> type[Any]:
    # Documents may hold no anchors or aliases, so a value written twice
    # (a trust's last name ending the day it closed) is written in full twice.
    dumper: type[Any] = type(
        f"Medengage{base.__name__}",
        (base,),
        {"ignore_aliases": lambda self, data: True},
    )
    dumper.add_representer(
        _Flow,
        lambda d, data: d.represent_mapping(_MAP_TAG, data.items(), flow_style=True),
    )
    dumper.add_representer(
        _FlowList, lambda d, data: d.represent_sequence(_SEQ_TAG, data, flow_style=True)
    )
    dumper.add_representer(tuple, lambda d, data: d.represent_sequence(_SEQ_TAG, data))
    dumper.add_representer(str, _represent_text)
    dumper.add_representer(_Respondents, _represent_respondents)
    return dumper


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_DUMPERS = {
    "pure": _make_dumper(yaml.SafeDumper),
    "libyaml": _make_dumper(yaml.CSafeDumper if _yaml.HAS_LIBYAML else yaml.SafeDumper),
}


def _evidence_hook(converter: cattrs.Converter) -> Any:
    """
    Evidence is written as text alone, or as a mapping of its text and
    source.
    """
    as_mapping = hooks.structure_class(Evidence, converter)

    def structure(raw: object, _: object) -> Evidence:
        if _yaml.is_scalar(raw):
            return Evidence(hooks.structure_str(raw, str))
        if type(raw) is not dict:
            raise hooks.Invalid(
                "expected a piece of evidence: text, or a mapping with the keys "
                "text, source"
            )
        return as_mapping(raw, Evidence)  # type: ignore[no-any-return]

    return structure


def _counted_first(
    structure: Callable[[Any, Any], Banding],
) -> Callable[[Any, Any], Banding]:
    """
    *structure*, refusing a banding whose labels and thresholds do not
    pair up before reading any of them: a hostile one may list millions.
    """

    def structure_banding(raw: Any, cls: Any) -> Banding:
        if type(raw) is dict:
            labels, thresholds = raw.get("labels"), raw.get("thresholds")
            if type(labels) is list and type(thresholds) is list:
                problem = count_problem(len(labels), len(thresholds))
                if problem is not None:
                    raise ValidationError([problem])
        return structure(raw, cls)

    return structure_banding


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    hooks.register(converter)

    converter.register_structure_hook(
        Banding, _counted_first(converter.get_structure_hook(Banding))
    )
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True
        ),
    )
    converter.register_unstructure_hook(Assessment, _unstructure_assessment)
    converter.register_structure_hook(Evidence, _evidence_hook(converter))
    converter.register_unstructure_hook(
        Evidence,
        lambda point: (
            point.text
            if point.source is None
            else {"text": point.text, "source": converter.unstructure(point.source)}
        ),
    )
    converter.register_unstructure_hook(
        FrozenMap, lambda m: {k: converter.unstructure(v) for k, v in m.items()}
    )
    converter.register_unstructure_hook(
        tuple, lambda t: [converter.unstructure(v) for v in t]
    )
    converter.register_unstructure_hook_factory(
        lambda tp: isinstance(tp, type) and issubclass(tp, enum.Enum),
        lambda cls: lambda member: member.value,
    )
    converter.register_unstructure_hook(dt.date, lambda day: day)
    return converter


_converter = _make_converter()
