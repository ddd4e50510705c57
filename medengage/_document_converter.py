"""
The converter of documents: the one cattrs converter that owns every hook
between raw YAML trees and medengage objects, and `Fields`, which reads one
mapping's fields with it one by one.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from medengage import _hooks as hooks
from medengage import _reading_problems as findings
from medengage import _yaml
from medengage._assessments import Assessment
from medengage._bands import Banding, count_problem
from medengage._case_studies import Evidence
from medengage._document_writing import unstructure_assessment
from medengage._frozen import FrozenMap
from medengage.errors import ValidationError


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
    converter.register_unstructure_hook(Assessment, unstructure_assessment)
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


#: The converter every document is read and written with.
converter = _make_converter()


class Fields:
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
            return converter.structure(raw, cls)
        except hooks.PROBLEMS as error:
            self.found.extend(findings.flatten(error, (*self.here, name)))
            return None
