"""
Scoring on Dask: a survey in Parquet files, counted on a two-worker
`LocalCluster`, gives exactly the scores and protected breakdowns of the
same survey scored on one machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import medengage
from medengage.errors import MedEngageError


pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")
pandas = pytest.importorskip("pandas")

from dask.distributed import Client, LocalCluster  # noqa: E402

import medengage.dask  # noqa: E402


STRATEGIES = ("mean", "staff-survey", "percent-positive", "weighted")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _frame(assessment: medengage.Assessment) -> Any:
    respondents = assessment.respondents
    data: dict[str, Any] = {"id": list(respondents.ids)}
    for name in respondents.attribute_names:
        data[name] = list(respondents.attribute(name))
    for item in assessment.checklist.item_ids:
        data[item] = pandas.array(assessment.answers_to(item), dtype="Float64")
    return pandas.DataFrame(data)


@pytest.fixture(scope="module")
def survey(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[medengage.Assessment, list[Path]]:
    """
    The bundled 2022 survey, in five Parquet files.
    """
    assessment = medengage.catalogue().assessments[0]
    frame = _frame(assessment)
    folder = tmp_path_factory.mktemp("parquet")
    files = []
    size = -(-len(frame) // 5)
    for number in range(5):
        path = folder / f"part-{number}.parquet"
        frame.iloc[number * size : (number + 1) * size].to_parquet(path)
        files.append(path)
    return assessment, files


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_cluster_scores_as_one_machine_does(
    client: Any, survey: tuple[medengage.Assessment, list[Path]], strategy: str
) -> None:
    assessment, files = survey
    names = assessment.respondents.attribute_names
    counted = medengage.dask.group_tallies(
        files,
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=names,
        client=client,
        split_every=2,
    )
    checklist = assessment.checklist

    assert counted == medengage.GroupTallies.of(assessment, names)
    assert counted.score(checklist, strategy) == medengage.score(
        assessment, checklist, strategy
    )
    for name in names:
        assert counted.breakdown(checklist, name, strategy) == medengage.breakdown(
            assessment, checklist, name, strategy
        )


def test_a_partition_that_is_not_answers_is_named(
    client: Any, survey: tuple[medengage.Assessment, list[Path]], tmp_path: Path
) -> None:
    assessment, files = survey
    frame = pandas.read_parquet(files[0])
    item = assessment.checklist.item_ids[0]
    frame.loc[frame.index[0], item] = 42
    bad = tmp_path / "bad.parquet"
    frame.to_parquet(bad)

    with pytest.raises(MedEngageError, match=rf"partition 1 .*answers\.{item}"):
        medengage.dask.group_tallies(
            [files[1], bad],
            assessment.checklist,
            trust=assessment.trust,
            date=assessment.date,
            client=client,
        )


def test_files_dask_finds_are_counted_as_files_named(
    client: Any, survey: tuple[medengage.Assessment, list[Path]]
) -> None:
    """
    Files named one by one are read by each worker with pyarrow; a glob is
    read through Dask's own reader: the counts are the same.
    """
    assessment, files = survey
    names = assessment.respondents.attribute_names
    options: dict[str, Any] = {
        "trust": assessment.trust,
        "date": assessment.date,
        "attributes": names,
        "client": client,
    }

    globbed = medengage.dask.group_tallies(
        str(files[0].parent / "part-*.parquet"), assessment.checklist, **options
    )
    one = medengage.dask.group_tallies(files[0], assessment.checklist, **options)

    assert globbed == medengage.dask.group_tallies(
        files, assessment.checklist, **options
    )
    assert one == medengage.GroupTallies.of(
        medengage.dask.assessment_of_frame(
            pandas.read_parquet(files[0]),
            assessment.checklist,
            trust=assessment.trust,
            date=assessment.date,
            id_column="id",
            attributes=names,
            columns={},
        ),
        names,
    )


def test_whole_numbers_with_gaps_are_answers(
    client: Any, survey: tuple[medengage.Assessment, list[Path]], tmp_path: Path
) -> None:
    """
    Answers saved as integers with missing values, and columns the
    checklist does not ask, read from a file as from a DataFrame.
    """
    assessment, files = survey
    frame = pandas.read_parquet(files[0])
    for item in assessment.checklist.item_ids:
        frame[item] = frame[item].astype("Int64")
    frame["comment"] = "free text"
    path = tmp_path / "whole.parquet"
    frame.to_parquet(path)
    names = assessment.respondents.attribute_names

    counted = medengage.dask.group_tallies(
        [path],
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=names,
        client=client,
    )

    assert counted == medengage.dask.group_tallies(
        [files[0]],
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=names,
        client=client,
    )


def test_without_a_client_dask_computes_where_it_would() -> None:
    assessment = medengage.catalogue().assessments[1]
    import dask.dataframe

    frame = dask.dataframe.from_pandas(  # type: ignore[no-untyped-call]
        _frame(assessment), npartitions=3
    )
    counted = medengage.dask.group_tallies(
        frame,
        assessment.checklist,
        trust=assessment.trust,
        date=assessment.date,
        attributes=["grade"],
    )
    assert counted.score(assessment.checklist) == medengage.score(
        assessment, assessment.checklist
    )


def test_a_column_that_is_not_there_is_named(
    client: Any, survey: tuple[medengage.Assessment, list[Path]]
) -> None:
    assessment, files = survey

    with pytest.raises(MedEngageError, match=r"partition 0 .*no column 'site'"):
        medengage.dask.group_tallies(
            files[:1],
            assessment.checklist,
            trust=assessment.trust,
            date=assessment.date,
            attributes=["site"],
            client=client,
        )
