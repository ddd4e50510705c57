"""
The bundled reference content, read from the YAML documents inside the
package through the public loader.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TypeVar

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._case_studies import CaseStudy
from medengage._checklists import Checklist
from medengage._citations import Citation
from medengage._features import EngagementFeature
from medengage._findings import Finding
from medengage._frozen import FrozenMap, freeze_map
from medengage._trusts import Trust
from medengage.errors import Problem


#: The report the bundled features and case studies come from. Its authors
#: and its pages are not recorded: neither could be checked against a copy
#: of the report (see docs/sources.md).
REPORT = Citation(
    title="Medical engagement: a journey not an event",
    publisher="The King's Fund",
    year=2014,
    url="https://www.kingsfund.org.uk/publications/medical-engagement",
)

T = TypeVar("T")


@attrs.frozen
class Catalogue:
    """
    The reference content medengage ships: the exemplar trusts and their
    case studies, the engagement features, a self-assessment checklist, the
    NHS Staff Survey engagement theme, and a fictional trust's yearly
    surveys to try things on.

    Every reference between them resolves: each case study's trust and
    features, each trust's successors, each finding's features, and each
    assessment's trust and checklist are in the catalogue; a checklist
    feature that shares an id with a catalogue feature is that feature.

    Attributes:
        source: The report the features and case studies come from.
        trusts: The trusts, by ODS code.
        features: The engagement features, by id.
        case_studies: The exemplar case studies, by trust ODS code.
        checklists: The checklists, every version of each.
        assessments: The example assessments, oldest first.
        findings: The report's own findings, by id.
    """

    source: Citation = attrs.field(validator=v.instance_of(Citation))
    trusts: FrozenMap[str, Trust] = attrs.field(converter=freeze_map)
    features: FrozenMap[str, EngagementFeature] = attrs.field(converter=freeze_map)
    case_studies: FrozenMap[str, CaseStudy] = attrs.field(converter=freeze_map)
    checklists: tuple[Checklist, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(Checklist)
    )
    assessments: tuple[Assessment, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(Assessment)
    )
    findings: FrozenMap[str, Finding] = attrs.field(
        factory=FrozenMap, converter=freeze_map
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(
            [
                *_keyed_problems("trusts", self.trusts, Trust, "code"),
                *_keyed_problems("features", self.features, EngagementFeature, "id"),
                *_keyed_problems("case_studies", self.case_studies, CaseStudy, "trust"),
                *_keyed_problems("findings", self.findings, Finding, "id"),
            ]
        )
        v.raise_problems(list(_reference_problems(self)))

    def checklist(self, id: str, version: int | None = None) -> Checklist:
        """
        The checklist with *id*, at *version* or else its latest version.

        Raises:
            KeyError: If there is no such checklist.
        """
        versions = [c for c in self.checklists if c.id == id]
        if version is not None:
            versions = [c for c in versions if c.version == version]
        if not versions:
            raise KeyError(id if version is None else (id, version))
        return max(versions, key=lambda checklist: checklist.version)

    def facts(self) -> tuple[tuple[str, Citation | None], ...]:
        """
        Each fact the catalogue states, by where it stands, with the source
        it comes from (None where none is recorded): the trusts' names,
        successions and types, the features' statuses, the case studies with each
        piece of evidence and each later event, the findings, and the
        checklists.
        """
        return tuple(_facts(self))

    @property
    def sources(self) -> tuple[Citation, ...]:
        """
        Every source the catalogue cites, each once, in the order first
        cited.
        """
        return tuple(
            dict.fromkeys(source for _, source in _facts(self) if source is not None)
        )

    def assessments_of(self, trust: str) -> tuple[Assessment, ...]:
        """
        The assessments of the trust with ODS code *trust*, oldest first.
        """
        return tuple(a for a in self.assessments if a.trust == trust)


@functools.cache
def catalogue() -> Catalogue:
    """
    The bundled reference content.

    Loaded once, on first use, from the YAML documents inside the package;
    the same object is returned after that.
    """
    checklists = _bundled("checklists", Checklist)
    trusts = _bundled("trusts", Trust)
    features = _bundled("features", EngagementFeature)
    case_studies = _bundled("case-studies", CaseStudy)
    assessments = _bundled("assessments", Assessment, checklists=checklists)
    findings = _bundled("findings", Finding)
    return Catalogue(
        source=REPORT,
        trusts={trust.code: trust for trust in trusts},
        features={feature.id: feature for feature in features},
        case_studies={study.trust: study for study in case_studies},
        checklists=checklists,
        assessments=sorted(assessments, key=lambda a: (a.date, a.trust)),
        findings={finding.id: finding for finding in findings},
    )


def _bundled(
    folder: str, kind: type[T], checklists: tuple[Checklist, ...] = ()
) -> tuple[T, ...]:
    """
    The objects of *kind* in the bundled *folder*, one a file, in the order
    of their file names.
    """
    # Imported here: the package imports this module as it starts up.
    from medengage import load

    files = resources.files("medengage._catalogue") / "data" / folder
    objects = []
    for file in sorted(files.iterdir(), key=lambda file: file.name):
        if file.name.endswith(".yaml"):
            with file.open("rb") as stream:
                objects.append(load(stream, kind, checklists=checklists))
    return tuple(objects)


def _keyed_problems(
    field: str, members: Mapping[str, object], kind: type, key: str
) -> Iterable[Problem]:
    for name, member in members.items():
        if not isinstance(member, kind):
            yield Problem(
                f"{field}.{name}", f"expected {kind.__name__}, found {member!r}"
            )
        elif getattr(member, key) != name:
            yield Problem(
                f"{field}.{name}",
                f"listed under {name!r}, but its {key} is "
                f"{getattr(member, key)!r}: list it under its {key}",
            )


def _facts(catalogue: Catalogue) -> Iterable[tuple[str, Citation | None]]:
    for code, trust in catalogue.trusts.items():
        for index, held in enumerate(trust.names):
            yield f"trusts.{code}.names[{index}]", held.source
        for index, succession in enumerate(trust.successors):
            yield f"trusts.{code}.successors[{index}]", succession.source
        for index, type_held in enumerate(trust.types):
            yield f"trusts.{code}.types[{index}]", type_held.source
    for feature in catalogue.features.values():
        yield f"features.{feature.id}", feature.source
    for code, study in catalogue.case_studies.items():
        yield f"case_studies.{code}", study.source
        for id, points in study.evidence.items():
            for index, point in enumerate(points):
                yield (
                    f"case_studies.{code}.evidence.{id}[{index}]",
                    point.source or study.source,
                )
        for index, event in enumerate(study.later_events):
            yield f"case_studies.{code}.later_events[{index}]", event.source
    for finding in catalogue.findings.values():
        yield f"findings.{finding.id}", finding.source
    for index, checklist in enumerate(catalogue.checklists):
        yield f"checklists[{index}]", checklist.source


def _reference_problems(catalogue: Catalogue) -> Iterable[Problem]:
    trusts = catalogue.trusts
    for code, trust in trusts.items():
        if trust.successor is not None and trust.successor not in trusts:
            yield _no_trust(
                f"trusts.{code}.successor", trust.successor, "successor's code"
            )
        for index, succession in enumerate(trust.successors):
            if succession.trust not in trusts:
                where = f"trusts.{code}.successors[{index}].trust"
                yield _no_trust(where, succession.trust, "successor's code")
    for code, finding in catalogue.findings.items():
        for index, feature in enumerate(finding.features):
            if feature not in catalogue.features:
                yield _no_feature(
                    f"findings.{code}.features[{index}]", feature, catalogue
                )
    for code, study in catalogue.case_studies.items():
        if code not in trusts:
            yield _no_trust(f"case_studies.{code}.trust", code, "case study's trust")
        for feature in study.evidence:
            if feature not in catalogue.features:
                where = f"case_studies.{code}.evidence.{feature}"
                yield _no_feature(where, feature, catalogue)
        for index, feature in enumerate(study.found_without_evidence):
            if feature not in catalogue.features:
                where = f"case_studies.{code}.found_without_evidence[{index}]"
                yield _no_feature(where, feature, catalogue)
    yield from _checklist_problems(catalogue)
    for index, assessment in enumerate(catalogue.assessments):
        if assessment.trust not in trusts:
            where = f"assessments[{index}].trust"
            yield _no_trust(where, assessment.trust, "assessment's trust")
        if assessment.checklist not in catalogue.checklists:
            yield Problem(
                f"assessments[{index}].checklist",
                f"checklist {assessment.checklist.id!r} version "
                f"{assessment.checklist.version} is not among the catalogue's "
                "checklists: add it",
            )


def _no_trust(where: str, code: str, what: str) -> Problem:
    return Problem(
        where, f"no trust {code!r} in the catalogue: add it, or correct the {what}"
    )


def _no_feature(where: str, feature: str, catalogue: Catalogue) -> Problem:
    return Problem(
        where,
        f"no feature {feature!r} in the catalogue; known features: "
        f"{', '.join(catalogue.features) or 'none'}",
    )


def _checklist_problems(catalogue: Catalogue) -> Iterable[Problem]:
    seen: dict[tuple[str, int], int] = {}
    for index, checklist in enumerate(catalogue.checklists):
        version = (checklist.id, checklist.version)
        if version in seen:
            yield Problem(
                f"checklists[{index}]",
                f"duplicate checklist {checklist.id!r} version {checklist.version}: "
                f"checklists[{seen[version]}] has it already",
            )
        seen.setdefault(version, index)
        for position, feature in enumerate(checklist.features):
            known = catalogue.features.get(feature.id)
            if known is not None and feature != known:
                yield Problem(
                    f"checklists[{index}].features[{position}]",
                    f"differs from the catalogue's feature {feature.id!r}: "
                    "make them the same, or give it an id of its own",
                )
