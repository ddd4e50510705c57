"""
The bundled reference content, read from the YAML documents inside the
package through the public loader.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import attrs

from medengage import _validation as v
from medengage._assessments import Assessment
from medengage._case_studies import CaseStudy
from medengage._checklists import Checklist
from medengage._citations import Citation
from medengage._features import EngagementFeature
from medengage._frozen import FrozenMap
from medengage._trusts import Trust
from medengage.errors import Problem


#: The report the bundled features and case studies come from.
REPORT = Citation(
    title="Medical engagement: a journey not an event",
    publisher="The King's Fund",
    year=2014,
)


@attrs.frozen
class Catalogue:
    """
    The reference content medengage ships: the exemplar trusts and their
    case studies, the engagement features, a self-assessment checklist, and
    a fictional trust's yearly surveys to try things on.

    Every reference between them resolves: each case study's trust and
    features, and each assessment's trust, are in the catalogue.

    Attributes:
        source: The report the features and case studies come from.
        trusts: The trusts, by ODS code.
        features: The engagement features, by id.
        case_studies: The exemplar case studies, by trust ODS code.
        checklists: The checklists, in the order they were added.
        assessments: The example assessments, oldest first.
    """

    source: Citation
    trusts: FrozenMap[str, Trust]
    features: FrozenMap[str, EngagementFeature]
    case_studies: FrozenMap[str, CaseStudy]
    checklists: tuple[Checklist, ...]
    assessments: tuple[Assessment, ...]

    def __attrs_post_init__(self) -> None:
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
    from medengage._documents import load

    data = resources.files("medengage._catalogue") / "data"

    def documents(folder: str, kind: type[object]) -> Iterable[object]:
        for entry in sorted((data / folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                with entry.open("rb") as stream:
                    yield load(stream, kind, checklists=checklists)

    checklists: tuple[Checklist, ...] = ()
    checklists = tuple(documents("checklists", Checklist))  # type: ignore[arg-type]
    trusts = [t for t in documents("trusts", Trust) if isinstance(t, Trust)]
    features = [
        f
        for f in documents("features", EngagementFeature)
        if isinstance(f, EngagementFeature)
    ]
    studies = [
        c for c in documents("case-studies", CaseStudy) if isinstance(c, CaseStudy)
    ]
    assessments = [
        a for a in documents("assessments", Assessment) if isinstance(a, Assessment)
    ]
    return Catalogue(
        source=REPORT,
        trusts=FrozenMap({trust.code: trust for trust in trusts}),
        features=FrozenMap({feature.id: feature for feature in features}),
        case_studies=FrozenMap({study.trust: study for study in studies}),
        checklists=checklists,
        assessments=tuple(sorted(assessments, key=lambda a: (a.date, a.trust))),
    )


def _reference_problems(catalogue: Catalogue) -> Iterable[Problem]:
    for code, study in catalogue.case_studies.items():
        if code not in catalogue.trusts:
            yield Problem(f"case_studies.{code}.trust", f"no trust {code!r}")
        for feature in study.evidence:
            if feature not in catalogue.features:
                yield Problem(
                    f"case_studies.{code}.evidence.{feature}", f"no feature {feature!r}"
                )
    for index, assessment in enumerate(catalogue.assessments):
        if assessment.trust not in catalogue.trusts:
            yield Problem(
                f"assessments[{index}].trust", f"no trust {assessment.trust!r}"
            )
