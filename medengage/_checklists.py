"""
Instruments that assess medical engagement: checklists and their items.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from medengage import _validation as v
from medengage._answers import Layout, layout
from medengage._citations import Citation
from medengage._column_wording import normalised, texts_read_alike
from medengage._display import Displayed, Table, checklist_table
from medengage._features import EngagementFeature
from medengage._frozen import FrozenMap, freeze_map
from medengage._levels import Hierarchy, Level, hierarchy
from medengage._scales import ResponseScale
from medengage.errors import Problem


class Audience(enum.Enum):
    """
    Who answers a checklist item.
    """

    #: Answered on behalf of the organisation, by its leaders.
    ORGANISATION = "organisation"
    #: Answered by each doctor for themselves.
    INDIVIDUAL = "individual"


@attrs.frozen
class ChecklistItem:
    """
    One question of a checklist.

    Attributes:
        id: Stable identifier, unique within its checklist.
        prompt: The question or statement the respondent answers.
        feature: Id of the engagement feature this item informs.
        scale: Id of the response scale the item is answered on.
        audience: Who answers the item.
        reverse: Whether agreeing is unfavourable, so that scores count the
            scale from its other end.
        weight: The item's weight within its feature, for weighted scoring.
        numbers: The item's question number in each year of a survey that
            numbers its questions afresh each year (such as ``q2a``), by
            the year (an int). Empty for an instrument whose numbers do not
            move.
        wordings: Other prompts the item has been asked with, such as an
            earlier year's question, so that an export headed with any of
            them is read as the item.
    """

    id: str = attrs.field(validator=v.identifier)
    prompt: str = attrs.field(validator=v.nonempty_text)
    feature: str = attrs.field(validator=v.identifier)
    scale: str = attrs.field(validator=v.identifier)
    audience: Audience = attrs.field(
        default=Audience.INDIVIDUAL,
        validator=v.instance_of(Audience),
    )
    reverse: bool = attrs.field(default=False, validator=v.instance_of(bool))
    weight: float = attrs.field(default=1.0, converter=v.to_float, validator=v.positive)
    numbers: FrozenMap[int, str] = attrs.field(
        factory=FrozenMap, converter=freeze_map, validator=v.question_numbers
    )
    wordings: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_texts, validator=v.nonempty_texts
    )

    def __attrs_post_init__(self) -> None:
        v.raise_problems(
            texts_read_alike(
                "wordings",
                self.wordings,
                normalised,
                {normalised(self.prompt): "the prompt"},
                "give each wording once",
            )
        )


@attrs.frozen(cache_hash=True)
class Checklist(Displayed):
    """
    A versioned instrument: the features it measures, the scales its items
    are answered on, and the items.

    Every item's feature and scale is one of the checklist's own, so a
    checklist that exists can be scored.

    Attributes:
        id: Stable identifier of the instrument, shared by all its versions.
        version: The version, counting up from 1 as the items change.
        title: The instrument's name.
        features: The engagement features the items inform.
        scales: The response scales the items are answered on.
        items: The questions, in the order respondents see them.
        source: The publication the instrument is based on, if any.
        notes: What a user should know about the instrument that its items
            do not say, such as where its weights come from.
        levels: Scales made of the features and of other levels, to any
            depth; the overall score is the top of the hierarchy, made of
            the levels that are part of no other and the features that are
            part of no level.
    """

    id: str = attrs.field(validator=v.identifier)
    version: int = attrs.field(validator=v.positive_int)
    title: str = attrs.field(validator=v.label)
    features: tuple[EngagementFeature, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(EngagementFeature)
    )
    scales: tuple[ResponseScale, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(ResponseScale)
    )
    items: tuple[ChecklistItem, ...] = attrs.field(
        converter=v.to_tuple, validator=v.instances_of(ChecklistItem)
    )
    source: Citation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of(Citation)),
    )
    notes: str = attrs.field(default="", validator=v.text)
    levels: tuple[Level, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.instances_of(Level)
    )
    _features_by_id: Mapping[str, EngagementFeature] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _scales_by_id: Mapping[str, ResponseScale] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _items_by_id: Mapping[str, ChecklistItem] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _layout: Layout = attrs.field(init=False, eq=False, repr=False, hash=False)
    _hierarchy: Hierarchy = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = [
            *v.unique_ids("features", self.features, "feature id"),
            *v.unique_ids("scales", self.scales, "scale id"),
            *v.unique_ids("items", self.items, "item id"),
        ]
        features = {feature.id: feature for feature in self.features}
        scales = {scale.id: scale for scale in self.scales}
        if not self.items:
            problems.append(Problem("items", "a checklist needs at least one item"))
        for index, item in enumerate(self.items):
            if item.feature not in features:
                problems.append(
                    _unknown(
                        f"items[{index}].feature", "feature", item.feature, features
                    )
                )
            if item.scale not in scales:
                problems.append(
                    _unknown(f"items[{index}].scale", "scale", item.scale, scales)
                )
        problems.extend(_repeated_numbers(self.items))
        nesting, level_problems = hierarchy(self.levels, self.features)
        problems.extend(level_problems)
        v.raise_problems(problems)
        object.__setattr__(self, "_hierarchy", nesting)
        object.__setattr__(self, "_features_by_id", features)
        object.__setattr__(self, "_scales_by_id", scales)
        object.__setattr__(self, "_items_by_id", {item.id: item for item in self.items})
        object.__setattr__(
            self, "_layout", layout(tuple(item.id for item in self.items))
        )

    @property
    def item_ids(self) -> tuple[str, ...]:
        """
        The ids of the items, in order.
        """
        return self._layout.items

    @property
    def answer_layout(self) -> Layout:
        """
        The layout of answers to this checklist: a slot for each item, in
        order.
        """
        return self._layout

    def item(self, id: str) -> ChecklistItem:
        """
        The item with *id*.

        Raises:
            KeyError: If the checklist has no such item.
        """
        return self._items_by_id[id]

    def feature(self, id: str) -> EngagementFeature:
        """
        The feature with *id*.

        Raises:
            KeyError: If the checklist has no such feature.
        """
        return self._features_by_id[id]

    def scale(self, id: str) -> ResponseScale:
        """
        The scale with *id*.

        Raises:
            KeyError: If the checklist has no such scale.
        """
        return self._scales_by_id[id]

    def scale_of(self, item: ChecklistItem | str) -> ResponseScale:
        """
        The scale *item* (an item or its id) is answered on.
        """
        if isinstance(item, str):
            item = self._items_by_id[item]
        return self._scales_by_id[item.scale]

    def items_for(self, feature: str) -> tuple[ChecklistItem, ...]:
        """
        The items that inform the feature with id *feature*, in order.
        """
        return tuple(item for item in self.items if item.feature == feature)

    def level(self, id: str) -> Level:
        """
        The level with *id*.

        Raises:
            KeyError: If the checklist has no such level.
        """
        return self._hierarchy.levels[id]

    def features_under(self, level: str) -> tuple[EngagementFeature, ...]:
        """
        The features under the level with id *level*, at any depth, in the
        checklist's order.

        Raises:
            KeyError: If the checklist has no such level.
        """
        return tuple(self._features_by_id[f] for f in self._hierarchy.features[level])

    def items_under(self, level: str) -> tuple[ChecklistItem, ...]:
        """
        The items of the features under the level with id *level*, in order.

        Raises:
            KeyError: If the checklist has no such level.
        """
        under = set(self._hierarchy.features[level])
        return tuple(item for item in self.items if item.feature in under)

    def parts_of(self, level: str | None) -> tuple[str, ...]:
        """
        The ids of the parts of the level with id *level*, or of the overall
        score if *level* is None: the levels in no other level, then the
        features in no level.

        Raises:
            KeyError: If the checklist has no such level.
        """
        return self._hierarchy.parts(level)

    def parent_of(self, id: str) -> str | None:
        """
        The id of the level the feature or level *id* is part of, or None if
        it is part of none (and so of the overall score).
        """
        return self._hierarchy.parents.get(id)

    def position(self, item: str) -> int:
        """
        Where the item with id *item* stands among the items, from 0.

        Raises:
            KeyError: If the checklist has no such item.
        """
        return self._layout.index[item]

    @property
    def survey_years(self) -> tuple[int, ...]:
        """
        The survey years any item has a question number for, oldest first.
        """
        return tuple(sorted({year for item in self.items for year in item.numbers}))

    def columns_for(self, year: int) -> FrozenMap[str, str]:
        """
        The item each of *year*'s question numbers stands for: the mapping
        `medengage.csv.read_csv` takes as ``columns=`` to read a file whose
        headers are that year's question numbers.

        Raises:
            KeyError: If no item has a question number for *year*.
        """
        columns = {
            item.numbers[year]: item.id for item in self.items if year in item.numbers
        }
        if not columns:
            years = ", ".join(map(str, self.survey_years)) or "none"
            raise KeyError(
                f"no question numbers for {year!r} in checklist {self.id!r}; "
                f"years held: {years}"
            )
        return FrozenMap(columns)

    def __str__(self) -> str:
        return f"{self.title} ({self.id}, version {self.version})"

    def table(self) -> Table:
        """
        This checklist as a table, as it shows in a terminal or a notebook.
        """
        return checklist_table(self)


def _repeated_numbers(items: tuple[ChecklistItem, ...]) -> list[Problem]:
    """
    A problem for each question number that an earlier item already has in
    the same year, since a year's file could not tell the two apart.
    """
    problems = []
    seen: dict[tuple[int, str], int] = {}
    for index, item in enumerate(items):
        for year, number in item.numbers.items():
            first = seen.setdefault((year, number), index)
            if first != index:
                problems.append(
                    Problem(
                        f"items[{index}].numbers.{year}",
                        f"question number {number!r} in {year} is already "
                        f"items[{first}]'s: give each item its own number",
                    )
                )
    return problems


def _unknown(path: str, what: str, value: str, known: Mapping[str, object]) -> Problem:
    listed = ", ".join(known) or "none"
    return Problem(
        path, f"no {what} {value!r} in this checklist; known {what}s: {listed}"
    )
