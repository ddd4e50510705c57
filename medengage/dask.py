"""
Scoring a survey too large for one machine on Dask, partition by
partition: each worker reads its partition into an assessment and counts
it as `GroupTallies`; the counts are merged in a tree; scores, breakdowns
and their protection are made once, from the merged counts.

Needs the ``dask`` extra: ``pip install 'medengage[dask]'``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from medengage._assessment_builder import AssessmentBuilder
from medengage._assessments import Assessment
from medengage._checklists import Checklist
from medengage._extras import require
from medengage._group_tallies import GroupTallies, merge_group_tallies
from medengage._respondent_table import IdText
from medengage._text_buffers import plain_ids
from medengage.errors import MedEngageError, ValidationError


__all__ = ["group_tallies"]

#: How many parts' counts are merged at each step of the tree.
SPLIT_EVERY = 8


def group_tallies(
    source: Any,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date,
    id_column: str = "id",
    attributes: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    client: Any = None,
    split_every: int = SPLIT_EVERY,
) -> GroupTallies:
    """
    The `GroupTallies` of a survey held as a Dask DataFrame, or as Parquet
    files (a path, a glob or a list of them), counted partition by
    partition and merged in a tree.

    Each row is a respondent: its id in *id_column*, its answers in a
    column per item (named by item id, or as *columns* maps column names
    to item ids; a missing value is no answer), and the *attributes* to
    break down by. Every partition is checked as `Assessment.from_columns`
    checks columns; ids are checked as unique within a partition only.

    Args:
        source: A ``dask.dataframe.DataFrame``, or what
            ``dask.dataframe.read_parquet`` reads.
        checklist: The checklist answered.
        trust: The ODS code of the trust assessed.
        date: When the survey closed.
        id_column: The column of respondent ids.
        attributes: The columns of attributes, every one the results will
            be broken down by (the disclosure plan covers them all).
        columns: Column name to item id, for columns not named by item id.
        client: A ``dask.distributed.Client`` to compute on; by default,
            Dask's current scheduler.
        split_every: How many parts' counts are merged at each step.

    The result is the merged counts: score them with `GroupTallies.score`
    and break them down with `GroupTallies.breakdown`.

    Raises:
        MissingExtraError: If Dask is not installed.
        MedEngageError: Naming the partition, if one does not hold a
            checklist's answers.
    """
    require("dask.dataframe", "dask", "medengage.dask")
    import dask.dataframe as dataframe
    from dask.delayed import delayed

    if split_every < 2:
        raise MedEngageError(f"split_every must be 2 or more, not {split_every}")
    reading = _Reading(
        checklist,
        trust,
        date,
        id_column,
        tuple(attributes),
        dict(columns or {}),
    )
    files = _parquet_files(source)
    if files is not None:
        parts = [delayed(reading.file)(index, path) for index, path in enumerate(files)]
    else:
        if not hasattr(source, "to_delayed"):
            source = dataframe.read_parquet(
                [str(p) for p in source]
                if not isinstance(source, (str, Path))
                else str(source)
            )
        parts = [
            delayed(reading)(index, part)
            for index, part in enumerate(source.to_delayed())
        ]
    if not parts:
        raise MedEngageError("the survey has no partitions")
    while len(parts) > 1:
        parts = [
            delayed(merge_group_tallies)(parts[start : start + split_every])
            for start in range(0, len(parts), split_every)
        ]
    (merged,) = parts
    if client is not None:
        result: GroupTallies = client.compute(merged).result()
        return result
    computed: GroupTallies = merged.compute()
    return computed


class _Reading:
    """
    What a worker does with its partition: read it into an assessment and
    count it.
    """

    def __init__(
        self,
        checklist: Checklist,
        trust: str,
        date: dt.date,
        id_column: str,
        attributes: tuple[str, ...],
        columns: dict[str, str],
    ) -> None:
        self.checklist = checklist
        self.trust = trust
        self.date = date
        self.id_column = id_column
        self.attributes = attributes
        self.columns = columns

    def __call__(self, index: int, frame: Any) -> GroupTallies:
        return self._counted(f"partition {index}", frame, assessment_of_frame)

    def file(self, index: int, path: str) -> GroupTallies:
        """
        Read the Parquet file *path*, the *index*-th part, with pyarrow,
        only its columns that are read, and count it.
        """
        import pyarrow.parquet

        names = pyarrow.parquet.read_schema(path).names
        wanted = [name for name in names if self._read(name)]
        table = pyarrow.parquet.read_table(path, columns=wanted)
        where = f"partition {index} ({Path(path).name})"
        return self._counted(where, table, _assessment_of_table)

    def _read(self, name: str) -> bool:
        return (
            name in (self.id_column, *self.attributes)
            or self.columns.get(name, name) in self.checklist.answer_layout.index
        )

    def _counted(
        self, where: str, table: Any, read: Callable[..., Assessment]
    ) -> GroupTallies:
        try:
            assessment = read(
                table,
                self.checklist,
                trust=self.trust,
                date=self.date,
                id_column=self.id_column,
                attributes=self.attributes,
                columns=self.columns,
            )
        except ValidationError as error:
            raise MedEngageError(
                f"{where} does not hold answers to checklist "
                f"{self.checklist.id!r}: {error}"
            ) from None
        return GroupTallies.of(assessment, self.attributes)


def _parquet_files(source: Any) -> list[str] | None:
    """
    The Parquet files *source* names, where it names files on this
    machine's file system one by one; None where Dask is to find them (a
    DataFrame, a directory, a glob or a remote path).
    """
    if hasattr(source, "to_delayed"):
        return None
    named = [source] if isinstance(source, (str, Path)) else list(source)
    files = [str(path) for path in named]
    if all(Path(path).is_file() for path in files):
        return files
    return None


def assessment_of_frame(
    frame: Any,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date,
    id_column: str,
    attributes: Sequence[str],
    columns: Mapping[str, str],
) -> Assessment:
    """
    The assessment a pandas DataFrame holds, a respondent a row, read
    column by column.
    """
    names = {str(name): name for name in frame.columns}

    def texts(name: str) -> list[str | None]:
        values = _values(frame[names[name]])
        return [None if value is None else str(value) for value in values]

    return _assessment_of(
        list(names),
        lambda name: _numbers(frame[names[name]]),
        lambda name: [str(id) for id in frame[names[name]].tolist()],
        texts,
        checklist,
        trust=trust,
        date=date,
        id_column=id_column,
        attributes=attributes,
        columns=columns,
    )


def _assessment_of_table(
    table: Any, checklist: Checklist, **options: Any
) -> Assessment:
    """
    The assessment a pyarrow Table holds, read and checked as
    `assessment_of_frame` reads a DataFrame.
    """
    return _assessment_of(
        list(table.column_names),
        lambda name: _arrow_numbers(table.column(name)),
        lambda name: _arrow_ids(table.column(name)),
        lambda name: _arrow_texts(table.column(name)),
        checklist,
        **options,
    )


def _assessment_of(
    names: list[str],
    numbers: Callable[[str], Any],
    ids: Callable[[str], list[str] | IdText],
    texts: Callable[[str], list[str | None]],
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date,
    id_column: str,
    attributes: Sequence[str],
    columns: Mapping[str, str],
) -> Assessment:
    """
    The assessment of a table whose columns are *names*: each item's
    answers as *numbers* reads them, the ids as *ids* and each attribute as
    *texts* read them, from the column of that name.
    """
    missing = [name for name in (id_column, *attributes) if name not in names]
    if missing:
        raise ValidationError.single(
            "columns",
            f"no column {missing[0]!r}: the columns are {', '.join(names)}",
        )
    items = {}
    for name in names:
        item = columns.get(name, name)
        if item in checklist.answer_layout.index:
            items[item] = numbers(name)
    given = {name: texts(name) for name in attributes}
    builder = AssessmentBuilder(checklist, trust=trust, date=date)
    read = ids(id_column)
    if isinstance(read, IdText):
        builder._add_checked_columns(read, items, given)
    else:
        builder.add_columns(read, items, given)
    return builder.build()


def _arrow_ids(column: Any) -> list[str] | IdText:
    """
    A pyarrow column of ids as text, as `assessment_of_frame` takes them:
    as one text where every id is plainly written and none is repeated.
    """
    import pyarrow

    plain = plain_ids(column)
    if isinstance(plain, IdText):
        return plain
    if pyarrow.types.is_string(column.type) and not column.null_count:
        ids: list[str] = column.to_pylist()
        return ids
    return [str(id) for id in column.to_pylist()]


def _arrow_texts(column: Any) -> list[str | None]:
    """
    A pyarrow column of attribute values as text, None where missing: each
    distinct value made text once.
    """
    import numpy
    import pyarrow

    whole = column.combine_chunks()
    if pyarrow.types.is_dictionary(whole.type):
        whole = whole.dictionary_decode()
    encoded = whole.dictionary_encode()
    texts = [
        None if _missing(value) else str(value)
        for value in encoded.dictionary.to_pylist()
    ]
    # Missing values are numbered after the distinct ones.
    places = encoded.indices.fill_null(len(texts)).to_numpy()
    named: list[str | None] = numpy.array([*texts, None], dtype=object)[places].tolist()
    return named


def _arrow_numbers(column: Any) -> Any:
    """
    A pyarrow column of answers as a numpy array of floats, NaN where
    missing, or as a list (None where missing) if it does not hold numbers.
    """
    import pyarrow

    if pyarrow.types.is_integer(column.type) or pyarrow.types.is_floating(column.type):
        return column.to_numpy().astype("float64", copy=False)
    return [None if _missing(value) else value for value in column.to_pylist()]


def _missing(value: object) -> bool:
    """
    Whether a cell holds no value: None, or a float that is not a number.
    """
    return value is None or (isinstance(value, float) and math.isnan(value))


def _numbers(column: Any) -> Any:
    """
    A column of answers as a numpy array of floats, NaN where missing, or
    as it is if it does not hold numbers.
    """
    try:
        return column.to_numpy(dtype="float64", na_value=float("nan"))
    except (TypeError, ValueError):
        return _values(column)


def _values(column: Any) -> list[Any]:
    """
    A column's values, None where missing (None, NaN or NA).
    """
    column = column.astype("object")
    values: list[Any] = column.where(column.notna(), None).tolist()
    return values
