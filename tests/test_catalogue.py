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
FOLDERS = (
    "trusts",
    "features",
    "findings",
    "case-studies",
    "checklists",
    "assessments",
)
FILES = sorted(path for folder in FOLDERS for path in (DATA / folder).iterdir())

REPORT = Citation(
    title="Medical engagement: a journey not an event",
    publisher="The King's Fund",
    year=2014,
    url="https://www.kingsfund.org.uk/publications/medical-engagement",
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
    assert loaded["findings"] == list(catalogue.findings.values())
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
        # Before each became a foundation trust, back to 2000.
        ("RTF", dt.date(2000, 1, 1), "Northumbria Health Care NHS Trust"),
        ("RTF", dt.date(2006, 7, 31), "Northumbria Health Care NHS Trust"),
        ("RTF", dt.date(2006, 8, 31), "Northumbria Healthcare NHS Foundation Trust"),
        ("RTF", dt.date(1998, 3, 31), None),
        ("RM3", dt.date(2000, 1, 1), "Salford Royal Hospitals NHS Trust"),
        ("RM3", dt.date(2006, 7, 31), "Salford Royal Hospitals NHS Trust"),
        ("RM3", dt.date(2006, 8, 1), "Salford Royal NHS Foundation Trust"),
        (
            "RRV",
            dt.date(2000, 1, 1),
            "University College London Hospitals NHS Trust",
        ),
        (
            "RRV",
            dt.date(2003, 12, 31),
            "University College London Hospitals NHS Trust",
        ),
        (
            "RRV",
            dt.date(2004, 12, 31),
            "University College London Hospitals NHS Foundation Trust",
        ),
        ("RW1", dt.date(2008, 1, 1), "Hampshire Partnership NHS Trust"),
        ("RW1", dt.date(2009, 3, 31), "Hampshire Partnership NHS Trust"),
        ("RW1", dt.date(2009, 4, 30), "Hampshire Partnership NHS Foundation Trust"),
        ("RW1", dt.date(2011, 3, 31), "Hampshire Partnership NHS Foundation Trust"),
        ("RW1", dt.date(2011, 4, 1), "Southern Health NHS Foundation Trust"),
        # Within the month or year a source gives for a change, but not the
        # day, no name is recorded.
        ("RTF", dt.date(2006, 8, 15), None),
        ("RRV", dt.date(2004, 7, 1), None),
        ("RW1", dt.date(2009, 4, 15), None),
    ],
)
def test_exemplar_trust_names_over_time(
    catalogue: Catalogue, code: str, day: dt.date, name: str | None
) -> None:
    """
    The exemplar trusts carry the names they held on either side of their
    renames, and of their becoming foundation trusts, back to 2000; on a
    day the sources do not settle, none.
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


def test_pennine_acute_passed_to_two_trusts(catalogue: Catalogue) -> None:
    """
    Pennine Acute's North Manchester hospital went to Manchester University
    NHS Foundation Trust on 1 April 2021; the rest, and the trust itself, to
    Salford Royal on 1 October 2021, which a journey follows by default.
    """
    pennine = catalogue.trusts["RW6"]

    assert [(s.trust, s.date) for s in pennine.successors] == [
        ("R0A", dt.date(2021, 4, 1)),
        ("RM3", dt.date(2021, 10, 1)),
    ]
    assert "North Manchester General Hospital" in pennine.successors[0].what
    assert pennine.succeeded_by == pennine.successors
    assert pennine.successor == "RM3"
    manchester = catalogue.trusts["R0A"]
    assert manchester.name_on(dt.date(2021, 4, 1)) == (
        "Manchester University NHS Foundation Trust"
    )


def test_every_fact_carries_a_dated_source(catalogue: Catalogue) -> None:
    """
    Every fact the catalogue states (each trust's names, each succession,
    each feature's status, each case study, each piece of evidence, each
    later event, each finding, each checklist) has a source with a
    publisher, a title and a date (at least its year). Only the fictional
    trust's name and type, which state nothing, have none.
    """
    facts = dict(catalogue.facts())
    unsourced = [path for path, source in facts.items() if source is None]

    assert unsourced == ["trusts.ZNW.names[0]", "trusts.ZNW.types[0]"]
    assert len(facts) > 50
    for path, source in facts.items():
        if source is None:
            continue
        assert source.title.strip(), path
        assert source.publisher.strip(), path
        assert 1990 <= source.year <= 2026, path
        assert source.date is None or source.date.year == source.year, path
        assert source.published, path
    assert REPORT in catalogue.sources
    assert len(set(catalogue.sources)) == len(catalogue.sources)


def test_the_sources_page_lists_every_source(catalogue: Catalogue) -> None:
    """
    docs/sources.md names every source the catalogue cites, by its title
    and publisher, with its link where it has one.
    """
    page = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")

    assert len(catalogue.sources) >= 20
    for source in catalogue.sources:
        assert source.title in page, source
        assert source.publisher in page, source
        if source.url:
            assert source.url in page, source


def test_later_events_are_recorded(catalogue: Catalogue) -> None:
    """
    Each case study records what happened at its trust since, dated and
    sourced: the review of deaths at Southern Health in December 2015 and
    its chief executive's leaving in 2016, and each other trust's chief
    executive's later moves.
    """
    events = {code: s.later_events for code, s in catalogue.case_studies.items()}

    southern = events["RW1"]
    assert any(e.date == dt.date(2015, 12, 17) and "Mazars" in e.text for e in southern)
    assert any(e.date.year == 2016 and "left the trust" in e.text for e in southern)
    assert any("Mackey" in e.text for e in events["RTF"])
    assert any("Dalton" in e.text for e in events["RM3"])
    assert any("Naylor" in e.text for e in events["RRV"])
    for listed in events.values():
        assert [e.date for e in listed] == sorted(e.date for e in listed)
        assert all(e.date.year > 2014 and e.source.year > 2014 for e in listed)


def test_the_reports_findings(catalogue: Catalogue) -> None:
    """
    The report's own findings are held as citable findings, each on the
    features it bears on.
    """
    assert set(catalogue.findings) == {
        "planned-and-resourced",
        "part-of-the-culture",
        "long-serving-chief-executives",
        "not-there-yet",
        "doctors-leading-divisions",
        "takes-years",
    }
    for finding in catalogue.findings.values():
        assert finding.source.publisher == "The King's Fund"
        assert set(finding.features) <= set(catalogue.features)


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


#: What the report says of each feature: five shared by the four trusts,
#: two the trusts themselves said were still to do, two the report advises
#: others to look at when gauging their own culture, one about engaging
#: everyone beyond doctors, and one challenge ahead.
STATUSES = {
    "quality-strategy": FeatureStatus.ESTABLISHED,
    "stable-leadership": FeatureStatus.ESTABLISHED,
    "supportive-governance": FeatureStatus.ESTABLISHED,
    "leadership-development": FeatureStatus.ESTABLISHED,
    "values-based-recruitment": FeatureStatus.ESTABLISHED,
    "talent-pipeline": FeatureStatus.STILL_TO_DO,
    "diverse-leadership": FeatureStatus.STILL_TO_DO,
    "learning-from-incidents": FeatureStatus.GAUGING_CULTURE,
    "quality-improvement": FeatureStatus.GAUGING_CULTURE,
    "collective-leadership": FeatureStatus.BEYOND_DOCTORS,
    "financial-engagement": FeatureStatus.FUTURE_CHALLENGE,
}


def test_feature_statuses_are_the_reports(catalogue: Catalogue) -> None:
    """
    Each feature has the status the report gives it: only the talent
    pipeline and the diversity of medical leaders are still to do. Every id
    is short kebab-case.
    """
    assert {id: f.status for id, f in catalogue.features.items()} == STATUSES
    for id, feature in catalogue.features.items():
        assert KEBAB_CASE.fullmatch(id)
        assert len(id) <= 32
        assert feature.summary.strip()


def test_case_studies_cite_the_report(catalogue: Catalogue) -> None:
    """
    Every case study cites the report, finds each of the five features the
    report found in all four trusts (with evidence specific to the trust, or
    without), and names only features in the catalogue.
    """
    established = {
        id
        for id, feature in catalogue.features.items()
        if feature.status is FeatureStatus.ESTABLISHED
    }
    for study in catalogue.case_studies.values():
        assert study.source == REPORT
        assert study.summary.strip()
        assert set(study.found) <= set(catalogue.features)
        assert established == set(study.found)
    assert catalogue.source == REPORT


#: What the placeholder evidence of earlier versions said.
PLACEHOLDER = re.compile(
    r"no evidence specific|found this in all four|recorded here", re.IGNORECASE
)


def test_no_placeholder_evidence(catalogue: Catalogue) -> None:
    """
    Every piece of evidence says something of its own trust: none is a
    placeholder saying the report found the feature everywhere, and no two
    case studies give the same text.
    """
    texts = [
        point.text
        for study in catalogue.case_studies.values()
        for points in study.evidence.values()
        for point in points
    ]

    assert texts
    assert [text for text in texts if PLACEHOLDER.search(text)] == []
    assert len(set(texts)) == len(texts)


def test_southern_health_is_the_exception_on_tenure(catalogue: Catalogue) -> None:
    """
    Three of the four chief executives had led their trusts for over a
    decade; Southern Health, formed in 2011, is the exception, and says so.
    """
    (point,) = catalogue.case_studies["RW1"].evidence["stable-leadership"]

    assert "2011" in point.text
    assert "not one of the three" in point.text
    long_serving = catalogue.findings["long-serving-chief-executives"]
    assert "three of the four" in long_serving.statement.lower()


def test_checklist_versions(catalogue: Catalogue) -> None:
    """
    The checklist is found by id, at its latest version (2) or at the one
    asked for; version 1, which the example surveys answered, is still
    there.
    """
    checklist = catalogue.checklist(CHECKLIST)

    assert (checklist.id, checklist.version) == (CHECKLIST, 2)
    assert catalogue.checklist(CHECKLIST, 2) is checklist
    assert catalogue.checklist(CHECKLIST, 1).version == 1
    with pytest.raises(KeyError):
        catalogue.checklist(CHECKLIST, 3)
    with pytest.raises(KeyError):
        catalogue.checklist("no-such-checklist")


@pytest.mark.parametrize("version", [1, 2])
def test_checklist_covers_every_feature(catalogue: Catalogue, version: int) -> None:
    """
    In each version, every feature has at least two items for individual
    doctors and one for the organisation, and the checklist cites the
    report.
    """
    checklist = catalogue.checklist(CHECKLIST, version)

    assert checklist.source == REPORT
    assert 30 <= len(checklist.items) <= 50
    for feature in catalogue.features:
        audiences = Counter(item.audience for item in checklist.items_for(feature))
        assert audiences[Audience.INDIVIDUAL] >= 2, feature
        assert audiences[Audience.ORGANISATION] >= 1, feature
    assert any(item.reverse for item in checklist.items)


#: For each theme of the report version 1 left out, an item of version 2
#: that asks about it, and the feature it informs.
THEMES = {
    "planned and resourced": ("org-engagement-plan", "quality-strategy"),
    "resourced, for doctors": ("dr-engagement-resourced", "quality-strategy"),
    "beyond doctors": ("org-all-staff-engaged", "collective-leadership"),
    "beyond doctors, for doctors": ("dr-all-staff-involved", "collective-leadership"),
    "revalidation for the individual": (
        "dr-revalidation-useful",
        "leadership-development",
    ),
    "the time leadership takes": ("org-leadership-time", "diverse-leadership"),
    "the time, for doctors": ("dr-leadership-time-known", "diverse-leadership"),
}


def test_version_2_covers_the_missing_themes(catalogue: Catalogue) -> None:
    """
    Version 2 keeps every item of version 1, as it was but for its weight,
    and adds items on the themes version 1 left out.
    """
    first = catalogue.checklist(CHECKLIST, 1)
    second = catalogue.checklist(CHECKLIST, 2)
    kept = {item.id: item for item in second.items}

    for item in first.items:
        assert kept[item.id] == attrs.evolve(item, weight=1.0)
    assert first.features == second.features
    for added, feature in THEMES.values():
        assert added not in {i.id for i in first.items}
        assert second.item(added).feature == feature
    assert len(second.items) == len(first.items) + len(THEMES)


def test_weights_are_said_to_be_the_projects_own(catalogue: Catalogue) -> None:
    """
    Version 1's item weights have no source, and its notes say so; version
    2 has no weights.
    """
    first = catalogue.checklist(CHECKLIST, 1)
    second = catalogue.checklist(CHECKLIST, 2)

    assert any(item.weight != 1 for item in first.items)
    assert "project's own choice" in first.notes
    assert all(item.weight == 1 for item in second.items)
    assert "unweighted" in second.notes


def test_checklist_features_are_the_catalogues(catalogue: Catalogue) -> None:
    """
    The self-assessment checklist's features are the catalogue's feature
    documents, equal and in the same order.
    """
    for checklist in catalogue.checklists:
        if checklist.id != CHECKLIST:
            continue
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
    checklist = catalogue.checklist(CHECKLIST, 1)
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
    checklist = catalogue.checklist(CHECKLIST, 1)
    organisation = {
        item.id for item in checklist.items if item.audience is Audience.ORGANISATION
    }
    for assessment in catalogue.assessments:
        (board,) = [
            r for r in assessment.respondents if r.attributes.get("role") == "board"
        ]
        others = [r for r in assessment.respondents if r.id != board.id]

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
        catalogue.checklist(CHECKLIST, 1)
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
            [
                "trusts.RW6.successor",
                "trusts.RW6.successors[1].trust",
                "case_studies.RM3.trust",
            ],
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
            ["checklists[0].features[5]", "checklists[1].features[5]"],
            id="checklist-feature-differs",
        ),
        pytest.param(
            lambda c: {"checklists": (*c.checklists, *c.checklists[:2])},
            ["checklists[3]", "checklists[4]"],
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
