"""
The bundled catalogue: its content, its files and their loader.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import medengage
from medengage import (
    Assessment,
    Audience,
    Catalogue,
    Citation,
    FeatureStatus,
    ValidationError,
)


ROOT = Path(__file__).parents[1]
DATA = Path(medengage.__file__).parent / "_catalogue" / "data"
FOLDERS = ("trusts", "features", "case-studies", "checklists", "assessments")
FILES = sorted(path for folder in FOLDERS for path in (DATA / folder).iterdir())

REPORT = Citation(
    title="Medical engagement: a journey not an event",
    publisher="The King's Fund",
    year=2014,
)
CHECKLIST = "medical-engagement-self-assessment"
EXEMPLARS = {"RTF", "RM3", "RW1", "RRV"}
KEBAB_CASE = re.compile(r"[a-z]+(-[a-z]+)*")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return medengage.catalogue()


def test_loads_once() -> None:
    """
    catalogue() loads the content on first use and returns the same object
    after that.
    """
    assert isinstance(medengage.catalogue(), Catalogue)
    assert medengage.catalogue() is medengage.catalogue()


def test_holds_every_file(catalogue: Catalogue) -> None:
    """
    Every bundled file is in the catalogue, and the catalogue holds nothing
    else.
    """
    loaded = {folder: [medengage.load(p) for p in _files(folder)] for folder in FOLDERS}

    assert loaded["trusts"] == list(catalogue.trusts.values())
    assert loaded["features"] == list(catalogue.features.values())
    assert loaded["case-studies"] == list(catalogue.case_studies.values())
    assert loaded["checklists"] == list(catalogue.checklists)
    assert sorted(loaded["assessments"], key=lambda a: a.date) == list(
        catalogue.assessments
    )


def test_every_bundled_file_is_a_document() -> None:
    """
    Every file in the data folders is a .yaml document, so that none is
    left out of the catalogue unnoticed.
    """
    assert FILES
    assert [path.name for path in FILES if path.suffix != ".yaml"] == []


@pytest.mark.parametrize(
    ("code", "day", "name"),
    [
        ("RTF", dt.date(2014, 1, 1), "Northumbria Healthcare NHS Foundation Trust"),
        ("RTF", dt.date(2025, 1, 1), "Northumbria Healthcare NHS Foundation Trust"),
        ("RM3", dt.date(2014, 1, 1), "Salford Royal NHS Foundation Trust"),
        ("RM3", dt.date(2021, 9, 30), "Salford Royal NHS Foundation Trust"),
        ("RM3", dt.date(2021, 10, 1), "Northern Care Alliance NHS Foundation Trust"),
        ("RW1", dt.date(2014, 1, 1), "Southern Health NHS Foundation Trust"),
        ("RW1", dt.date(2024, 9, 30), "Southern Health NHS Foundation Trust"),
        (
            "RW1",
            dt.date(2024, 10, 1),
            "Hampshire and Isle of Wight Healthcare NHS Foundation Trust",
        ),
        (
            "RRV",
            dt.date(2014, 1, 1),
            "University College London Hospitals NHS Foundation Trust",
        ),
    ],
)
def test_exemplar_trust_names_over_time(
    catalogue: Catalogue, code: str, day: dt.date, name: str
) -> None:
    """
    The exemplar trusts carry the names they held on either side of their
    renames.
    """
    assert catalogue.trusts[code].name_on(day) == name


def test_exemplar_trusts_are_the_case_studies(catalogue: Catalogue) -> None:
    """
    The four exemplar trusts each have a case study, under their current
    names.
    """
    assert set(catalogue.case_studies) == EXEMPLARS
    assert {code: catalogue.trusts[code].name for code in EXEMPLARS} == {
        "RTF": "Northumbria Healthcare NHS Foundation Trust",
        "RM3": "Northern Care Alliance NHS Foundation Trust",
        "RW1": "Hampshire and Isle of Wight Healthcare NHS Foundation Trust",
        "RRV": "University College London Hospitals NHS Foundation Trust",
    }


@pytest.mark.parametrize(
    ("code", "name", "successor", "closed"),
    [
        ("RW6", "Pennine Acute Hospitals NHS Trust", "RM3", dt.date(2021, 9, 30)),
        ("R1C", "Solent NHS Trust", "RW1", dt.date(2024, 9, 30)),
    ],
)
def test_taken_over_trusts_name_their_successors(
    catalogue: Catalogue, code: str, name: str, successor: str, closed: dt.date
) -> None:
    """
    The trusts the exemplars took over closed the day before, and name them
    as successors.
    """
    trust = catalogue.trusts[code]

    assert (trust.successor, trust.closed) == (successor, closed)
    assert trust.name_on(closed) == name
    assert trust.name_on(closed + dt.timedelta(days=1)) is None
    assert catalogue.trusts[successor].name_on(closed + dt.timedelta(days=1))


def test_example_trust_is_plainly_fictional(catalogue: Catalogue) -> None:
    """
    The trust the example surveys are of says it is fictional, and its code
    is not shaped like a real trust's.
    """
    (code,) = {assessment.trust for assessment in catalogue.assessments}
    trust = catalogue.trusts[code]

    assert "fictional" in trust.name
    assert code[0] not in "RT"
    assert code not in catalogue.case_studies


def test_features_established_and_still_to_do(catalogue: Catalogue) -> None:
    """
    The report's five shared features are established, its six areas still
    to do are still to do, and every id is short kebab-case.
    """
    statuses = Counter(feature.status for feature in catalogue.features.values())

    assert statuses == {FeatureStatus.ESTABLISHED: 5, FeatureStatus.STILL_TO_DO: 6}
    for id, feature in catalogue.features.items():
        assert KEBAB_CASE.fullmatch(id)
        assert len(id) <= 32
        assert feature.summary.strip()


def test_case_studies_cite_the_report(catalogue: Catalogue) -> None:
    """
    Every case study cites the report, gives evidence for each of the five
    features the report found in all four trusts, and names only features
    in the catalogue.
    """
    established = {
        id
        for id, feature in catalogue.features.items()
        if feature.status is FeatureStatus.ESTABLISHED
    }
    for study in catalogue.case_studies.values():
        assert study.source == REPORT
        assert study.summary.strip()
        assert set(study.features) <= set(catalogue.features)
        assert established <= set(study.features)
    assert catalogue.source == REPORT


def test_checklist_versions(catalogue: Catalogue) -> None:
    """
    The checklist is found by id, with or without its version.
    """
    checklist = catalogue.checklist(CHECKLIST)

    assert (checklist.id, checklist.version) == (CHECKLIST, 1)
    assert catalogue.checklist(CHECKLIST, 1) is checklist
    with pytest.raises(KeyError):
        catalogue.checklist(CHECKLIST, 2)
    with pytest.raises(KeyError):
        catalogue.checklist("no-such-checklist")


def test_checklist_covers_every_feature(catalogue: Catalogue) -> None:
    """
    Every feature has at least two items for individual doctors and one for
    the organisation, and the checklist cites the report.
    """
    checklist = catalogue.checklist(CHECKLIST)

    assert checklist.source == REPORT
    assert 30 <= len(checklist.items) <= 40
    for feature in catalogue.features:
        audiences = Counter(item.audience for item in checklist.items_for(feature))
        assert audiences[Audience.INDIVIDUAL] >= 2, feature
        assert audiences[Audience.ORGANISATION] >= 1, feature
    assert any(item.reverse for item in checklist.items)
    assert any(item.weight != 1 for item in checklist.items)


def test_checklist_features_are_the_catalogues(catalogue: Catalogue) -> None:
    """
    The checklist's features are the catalogue's feature documents, equal
    and in the same order.
    """
    checklist = catalogue.checklist(CHECKLIST)

    assert checklist.features == tuple(catalogue.features.values())


@pytest.mark.parametrize(
    ("audience", "scale", "values", "favourable"),
    [
        (Audience.INDIVIDUAL, "agreement-5", (1, 2, 3, 4, 5), (4, 5)),
        (Audience.ORGANISATION, "in-place-3", (0, 1, 2), (2,)),
    ],
)
def test_checklist_scales(
    catalogue: Catalogue,
    audience: Audience,
    scale: str,
    values: tuple[int, ...],
    favourable: tuple[int, ...],
) -> None:
    """
    Each audience answers on its own declared scale.
    """
    checklist = catalogue.checklist(CHECKLIST)
    declared = checklist.scale(scale)

    assert declared.values == values
    assert tuple(p.value for p in declared.points if p.favourable) == favourable
    assert {item.scale for item in checklist.items if item.audience is audience} == {
        scale
    }


def test_example_surveys(catalogue: Catalogue) -> None:
    """
    The example surveys span three years or more, each with a few hundred
    doctors of several grades, one grade too small to show in some year,
    and about 3% of answers missing.
    """
    assessments = catalogue.assessments
    checklist = catalogue.checklist(CHECKLIST)
    individual = [i.id for i in checklist.items if i.audience is Audience.INDIVIDUAL]

    assert len({assessment.date.year for assessment in assessments}) >= 3
    assert [a.date for a in assessments] == sorted(a.date for a in assessments)
    smallest = []
    for assessment in assessments:
        assert assessment.checklist is checklist
        doctors = [r for r in assessment.respondents if "grade" in r.attributes]
        grades = Counter(r.attributes["grade"] for r in doctors)
        missing = sum(item not in r.answers for r in doctors for item in individual)
        assert len(doctors) >= 200
        assert len(grades) >= 3
        assert 0.02 <= missing / (len(doctors) * len(individual)) <= 0.04
        smallest.append(min(grades.values()))
    assert min(smallest) < 11


def test_example_surveys_have_one_board_respondent(catalogue: Catalogue) -> None:
    """
    Each year one board member answers every organisation item and nothing
    else; doctors answer no organisation item.
    """
    checklist = catalogue.checklist(CHECKLIST)
    organisation = {
        item.id for item in checklist.items if item.audience is Audience.ORGANISATION
    }
    for assessment in catalogue.assessments:
        (board,) = [
            r for r in assessment.respondents if r.attributes.get("role") == "board"
        ]
        others = [r for r in assessment.respondents if r is not board]

        assert set(board.answers) == organisation
        assert all(organisation.isdisjoint(r.answers) for r in others)


def test_assessments_of(catalogue: Catalogue) -> None:
    """
    A trust's assessments are found by its code, oldest first.
    """
    (code,) = {assessment.trust for assessment in catalogue.assessments}

    assert catalogue.assessments_of(code) == catalogue.assessments
    assert catalogue.assessments_of("RTF") == ()


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_bundled_files_are_canonical(
    catalogue: Catalogue, path: Path, pure: bool
) -> None:
    """
    Each bundled file is exactly what dumps writes for what it holds, so
    that rewriting it changes nothing.
    """
    text = path.read_text(encoding="utf-8")
    loaded = medengage.load(path, pure=pure, checklists=catalogue.checklists)

    assert medengage.dumps(loaded, pure=pure) == text


def test_objects_round_trip(catalogue: Catalogue, pure: bool) -> None:
    """
    Every object in the catalogue is read back equal from what dumps writes.
    """
    objects: list[Any] = [
        *catalogue.trusts.values(),
        *catalogue.features.values(),
        *catalogue.case_studies.values(),
        *catalogue.checklists,
        *catalogue.assessments,
    ]
    for obj in objects:
        text = medengage.dumps(obj, pure=pure)

        assert (
            medengage.loads(text, type(obj), pure=pure, checklists=catalogue.checklists)
            == obj
        )


def test_generator_reproduces_the_example_surveys(catalogue: Catalogue) -> None:
    """
    tools/make_example_surveys.py makes exactly the committed example
    surveys, and no others.
    """
    generator = _load_generator()
    surveys: list[Assessment] = generator.example_surveys(
        catalogue.checklist(CHECKLIST)
    )
    made = {generator.file_name(a): medengage.dumps(a) for a in surveys}

    assert made == {
        path.name: path.read_text(encoding="utf-8") for path in _files("assessments")
    }


def test_unknown_feature_in_a_case_study(catalogue: Catalogue) -> None:
    """
    A case study that gives evidence for a feature the catalogue lacks is
    refused, naming where.
    """
    study = catalogue.case_studies["RM3"]
    broken = attrs.evolve(
        study, evidence={**study.evidence, "no-such-feature": ("Something.",)}
    )

    with pytest.raises(ValidationError) as error:
        attrs.evolve(catalogue, case_studies={**catalogue.case_studies, "RM3": broken})

    assert _paths(error.value) == ["case_studies.RM3.evidence.no-such-feature"]


def _without(members: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in members.items() if k != key}


@pytest.mark.parametrize(
    ("change", "paths"),
    [
        pytest.param(
            lambda c: {"trusts": _without(dict(c.trusts), "RM3")},
            ["trusts.RW6.successor", "case_studies.RM3.trust"],
            id="missing-trust",
        ),
        pytest.param(
            lambda c: {"trusts": {**c.trusts, "RXX": c.trusts["RTF"]}},
            ["trusts.RXX"],
            id="trust-under-another-code",
        ),
        pytest.param(
            lambda c: {
                "features": {**c.features, "other": c.features["talent-pipeline"]}
            },
            ["features.other"],
            id="feature-under-another-id",
        ),
        pytest.param(
            lambda c: {
                "features": {
                    **c.features,
                    "talent-pipeline": attrs.evolve(
                        c.features["talent-pipeline"], title="Something else"
                    ),
                }
            },
            ["checklists[0].features[5]"],
            id="checklist-feature-differs",
        ),
        pytest.param(
            lambda c: {"checklists": (*c.checklists, *c.checklists)},
            ["checklists[1]"],
            id="duplicate-checklist",
        ),
        pytest.param(
            lambda c: {"checklists": (), "assessments": c.assessments[:1]},
            ["assessments[0].checklist"],
            id="assessment-checklist-missing",
        ),
        pytest.param(
            lambda c: {"case_studies": {"RM3": c.case_studies["RTF"]}},
            ["case_studies.RM3"],
            id="case-study-under-another-trust",
        ),
    ],
)
def test_broken_references_are_refused(
    catalogue: Catalogue, change: Any, paths: list[str]
) -> None:
    """
    A catalogue whose references do not resolve, or whose maps are keyed
    wrongly, is refused, and the error names where.
    """
    with pytest.raises(ValidationError) as error:
        attrs.evolve(catalogue, **change(catalogue))

    assert _paths(error.value) == paths


def test_missing_example_trust_is_refused(catalogue: Catalogue) -> None:
    """
    Assessments of a trust the catalogue lacks are refused, each by index.
    """
    (code,) = {assessment.trust for assessment in catalogue.assessments}

    with pytest.raises(ValidationError) as error:
        attrs.evolve(catalogue, trusts=_without(dict(catalogue.trusts), code))

    assert _paths(error.value) == [
        f"assessments[{index}].trust" for index in range(len(catalogue.assessments))
    ]


def _files(folder: str) -> list[Path]:
    return [path for path in FILES if path.parent.name == folder]


def _paths(error: ValidationError) -> list[str]:
    return [problem.path for problem in error.problems]


def _load_generator() -> ModuleType:
    path = ROOT / "tools" / "make_example_surveys.py"
    spec = importlib.util.spec_from_file_location("make_example_surveys", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
