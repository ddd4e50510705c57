"""
The writing of documents: the YAML dumpers, how each value is represented,
and an assessment's compact form, its respondents one line each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from medengage import _hooks as hooks
from medengage import _yaml
from medengage._assessments import Assessment


def emit(document: dict[str, Any], *, pure: bool) -> str:
    """
    *document*, a tree of plain values, as YAML text; with PyYAML's
    pure-Python emitter if *pure*, else with libyaml's where present.
    """
    return yaml.dump(
        document,
        Dumper=_DUMPERS["pure" if pure else "libyaml"],
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 16,
    )


class Flow(dict[str, Any]):
    """
    A mapping written on one line.
    """


def unstructure_assessment(assessment: Assessment) -> dict[str, Any]:
    """
    *assessment* in its compact form: its items listed once, and each
    respondent on one line, the answers as one line of tokens.
    """
    checklist = assessment.checklist
    document: dict[str, Any] = {
        "checklist": Flow(id=checklist.id, version=checklist.version),
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
        Flow,
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
