"""
Reading a document takes memory bounded by its size: at most 64 MiB and 40
times the input above where the process stood, for valid documents and
hostile ones alike (docs/documents.md, "What bounds memory").

Each shape is read in a fresh process (`_peak_memory`), whose peak
resident size is what counts: a busy service reading untrusted documents
must be able to size its workers from the input limit alone.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

import attrs
import pytest
from _peak_memory import budget, peak_growth

import medengage


def banding_with_a_long_flow_list(count: int) -> str:
    """
    A banding whose thresholds are a flow list of *count* ones: two
    bytes of input a member.
    """
    return (
        "medengage: 1\nkind: Banding\nid: stages\nlabels: [low, high]\n"
        f"thresholds: [{','.join(['1'] * count)}]\n"
    )


def trust_with_a_long_list_of_names(count: int) -> str:
    """
    A trust whose names are a flow list of *count* letters, each a problem
    (a name is a mapping).
    """
    return f"medengage: 1\nkind: Trust\ncode: RM3\nnames: [{','.join(['x'] * count)}]\n"


def valid_banding(bands: int) -> str:
    """
    A banding of *bands* bands: long, and valid.
    """
    labels = ",".join(f"b{band}" for band in range(bands))
    thresholds = ",".join(str(band) for band in range(1, bands))
    return (
        "medengage: 1\nkind: Banding\nid: fine\n"
        f"labels: [{labels}]\nthresholds: [{thresholds}]\n"
    )


def trust_with_unknown_keys(count: int) -> str:
    keys = "".join(f"k{index:07}: x\n" for index in range(count))
    return f"medengage: 1\nkind: Trust\ncode: RM3\n{keys}"


@functools.cache
def valid_survey(respondents: int) -> str:
    """
    A bundled survey's respondents repeated to *respondents*, as a
    document.
    """
    survey = medengage.catalogue().assessments[0]
    people = [
        attrs.evolve(person, id=f"r{number:06d}")
        for number, person in zip(
            range(respondents), itertools.cycle(survey.respondents)
        )
    ]
    return medengage.dumps(attrs.evolve(survey, respondents=people))


def survey_with_a_bad_answer_each(respondents: int) -> str:
    return valid_survey(respondents).replace("answers: ", "answers: 9 ")


SHAPES: dict[str, Callable[[], str]] = {
    "flow-list-1M": lambda: banding_with_a_long_flow_list(1_000_000),
    "names-500k-letters": lambda: trust_with_a_long_list_of_names(500_000),
    "unknown-keys-200k": lambda: trust_with_unknown_keys(200_000),
    "flow-nesting-100k": lambda: "[" * 100_000,
    "block-nesting-100k": lambda: "- " * 100_000 + "x\n",
    "bad-answers-10k": lambda: survey_with_a_bad_answer_each(10_000),
    "valid-survey-10k": lambda: valid_survey(10_000),
    "valid-banding-200k": lambda: valid_banding(200_000),
}

READ = """
try:
    medengage.loads(data, pure={pure})
except medengage.DocumentError as error:
    print(len(error.problems))
    print(error.problems[-1].message)
else:
    print("read")
"""


@pytest.mark.parametrize("shape", list(SHAPES))
def test_reading_takes_memory_bounded_by_the_input(shape: str) -> None:
    document = SHAPES[shape]()

    peak = peak_growth(document, READ.format(pure=False))

    assert peak.growth <= budget(peak.size), (
        f"{shape}: {peak.growth / 2**20:.0f} MiB for {peak.size / 2**20:.1f} MiB "
        f"of input, {peak.ratio:.2f} of the budget"
    )
    if shape.startswith("valid"):
        assert peak.output == "read"
    else:
        count, last = peak.output.split("\n", 1)
        assert 1 <= int(count) <= 51
        assert last.strip()


def test_the_pure_python_path_is_bounded_too() -> None:
    """
    The same on PyYAML's pure-Python parser, on smaller shapes: it reads
    some tens of thousands of values a second.
    """
    for document in [
        trust_with_a_long_list_of_names(50_000),
        trust_with_unknown_keys(10_000),
    ]:
        peak = peak_growth(document, READ.format(pure=True))

        assert peak.growth <= budget(peak.size), peak


def main() -> None:
    """
    Print each shape's input size, peak growth and share of the budget, as
    docs/performance.md gives them.
    """
    runs = [(name, make(), False) for name, make in SHAPES.items()]
    runs += [
        ("names-50k-letters (pure)", trust_with_a_long_list_of_names(50_000), True),
        ("unknown-keys-10k (pure)", trust_with_unknown_keys(10_000), True),
    ]
    print("| shape | input | peak growth | budget | share of budget |")
    print("|---|---|---|---|---|")
    for name, document, pure in runs:
        peak = peak_growth(document, READ.format(pure=pure))
        print(
            f"| {name} | {peak.size / 2**20:.2f} MiB | {peak.growth / 2**20:.1f} MiB "
            f"| {budget(peak.size) / 2**20:.0f} MiB | {peak.ratio:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
