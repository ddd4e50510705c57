"""
Feature titles: how a board table and a journey's summary name features
and levels.
"""

from __future__ import annotations

from medengage._checklists import Checklist
from medengage.errors import MedEngageError


#: How the overall score is named beside the features' titles.
OVERALL = "Overall"


def feature_titles(
    checklist_id: str, version: int, given: Checklist | None
) -> dict[str, str] | None:
    """
    The title of each feature and level of checklist *checklist_id* at
    *version*, by id (a level's id is never a feature's): from *given*, or
    else from the bundled catalogue's checklist of that id and version;
    None where neither has it.

    Raises:
        MedEngageError: If *given* is another checklist or version.
    """
    if given is not None:
        if not isinstance(given, Checklist):
            raise MedEngageError(
                f"checklist must be a Checklist, not {type(given).__name__}"
            )
        if (given.id, given.version) != (checklist_id, version):
            raise MedEngageError(
                f"the scores are of checklist {checklist_id!r} version {version}, "
                f"not {given.id!r} version {given.version}: give the checklist "
                "the scores were made on"
            )
        return _titles_of(given)
    # Imported here: the package imports this module as it starts up.
    from medengage._catalogue import catalogue

    try:
        bundled = catalogue().checklist(checklist_id, version=version)
    except KeyError:
        return None
    return _titles_of(bundled)


def _titles_of(checklist: Checklist) -> dict[str, str]:
    titles = {feature.id: feature.title for feature in checklist.features}
    titles.update((level.id, level.title) for level in checklist.levels)
    return titles
