"""
Scoring a survey on Spark: each partition's rows made into an assessment
and counted as group tallies on the executors, the counts merged in a tree,
and the scores, breakdowns and their protection made once on the driver.

Run it with pyspark installed (``pip install pyspark``; Spark needs Java):

    python docs/examples/spark_recipe.py

It scores the bundled 2022 survey on a local Spark session with two
executor threads and checks the result against scoring it on one machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import medengage
from medengage import Assessment, Checklist, GroupTallies, merge_group_tallies


def count_partition(
    rows: Iterable[Any],
    checklist: Checklist,
    trust: str,
    date: dt.date,
    attributes: Sequence[str],
) -> Iterator[GroupTallies]:
    """
    The group tallies of one partition's rows (Spark ``Row`` objects with an
    ``id``, the attributes, and a column per item id).
    """
    rows = list(rows)
    if not rows:
        return
    yield GroupTallies.of(
        Assessment.from_columns(
            checklist,
            trust=trust,
            date=date,
            ids=[row["id"] for row in rows],
            answers={item: [row[item] for row in rows] for item in checklist.item_ids},
            attributes={name: [row[name] for row in rows] for name in attributes},
        ),
        attributes,
    )


def score_on_spark(
    frame: Any,
    checklist: Checklist,
    *,
    trust: str,
    date: dt.date,
    attributes: Sequence[str],
) -> GroupTallies:
    """
    The merged group tallies of a Spark DataFrame of answers.
    """
    names = tuple(attributes)
    merged: GroupTallies = frame.rdd.mapPartitions(
        lambda rows: count_partition(rows, checklist, trust, date, names)
    ).treeReduce(lambda a, b: merge_group_tallies([a, b]), depth=2)
    return merged


def frame_of(spark: Any, assessment: Assessment) -> Any:
    """
    *assessment* as a Spark DataFrame: a row a respondent.
    """
    respondents = assessment.respondents
    names = respondents.attribute_names
    items = assessment.checklist.item_ids
    columns = [
        respondents.ids,
        *(respondents.attribute(name) for name in names),
        *(
            [
                None if value is None else float(value)
                for value in assessment.answers_to(item)
            ]
            for item in items
        ),
    ]
    schema = ", ".join(
        ["id string", *(f"`{name}` string" for name in names)]
        + [f"`{item}` double" for item in items]
    )
    return spark.createDataFrame(list(zip(*columns, strict=True)), schema)


def main() -> int:
    import os
    import sys

    from pyspark.sql import SparkSession

    # The executors run this Python, which has medengage installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    survey = medengage.catalogue().assessments[0]
    checklist = survey.checklist
    names = survey.respondents.attribute_names
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("medengage")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        frame = frame_of(spark, survey).repartition(4)
        counted = score_on_spark(
            frame, checklist, trust=survey.trust, date=survey.date, attributes=names
        )
    finally:
        spark.stop()
    same = counted == GroupTallies.of(survey, names) and all(
        counted.breakdown(checklist, name)
        == medengage.breakdown(survey, checklist, name)
        for name in names
    )
    overall = counted.score(checklist).overall
    print(f"overall score on Spark: {overall.value:.2f} from {overall.respondents}")
    print(f"equal to scoring on one machine: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
