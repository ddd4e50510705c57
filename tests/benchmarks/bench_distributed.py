"""
D1: a national-scale survey in Parquet files, scored and broken down by
grade on a two-worker Dask `LocalCluster`, beside polars scanning the same
files lazily on the same machine; with each worker's peak memory, and the
scores checked against counting the same files on one machine.

    .venv/bin/python tests/benchmarks/bench_distributed.py   # 10M in 20 files
    .venv/bin/python tests/benchmarks/bench_distributed.py --respondents 1000000
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import GRADES, MISSING, SYNTHETIC, polars_means

import medengage
import medengage.dask
from medengage import GroupTallies, merge_group_tallies


DATE = medengage.catalogue().assessments[0].date


def write_files(
    folder: Path, respondents: int, files: int, seed: int = 2014
) -> list[Path]:
    """
    *respondents* synthetic respondents (as the other figures' survey, with
    a grade) in *files* Parquet files.
    """
    import numpy
    import pyarrow
    import pyarrow.parquet

    rng = numpy.random.default_rng(seed)
    choices = numpy.array([1, 2, 3, 3, 4, 4, 4, 5, 5], dtype="float64")
    paths = []
    size = math.ceil(respondents / files)
    for number in range(files):
        first = number * size
        count = min(size, respondents - first)
        columns: dict[str, Any] = {
            "id": pyarrow.array([f"r{n:08d}" for n in range(first, first + count)]),
            "grade": pyarrow.array(rng.choice(numpy.array(GRADES), count)),
        }
        for item in SYNTHETIC.item_ids:
            answers = choices[rng.integers(0, len(choices), count)]
            answers[rng.random(count) < MISSING] = numpy.nan
            columns[item] = pyarrow.array(answers, from_pandas=True)
        path = folder / f"part-{number:02d}.parquet"
        pyarrow.parquet.write_table(pyarrow.table(columns), path)
        paths.append(path)
    return paths


def polars_side(paths: list[Path]) -> dict[str, Any]:
    """
    The mean strategy's feature scores, overall and by grade, by polars
    scanning the files lazily.
    """
    import polars as pl

    features = polars_means(SYNTHETIC)
    scan = pl.scan_parquet([str(p) for p in paths])
    whole = scan.select(features).collect()
    grades = scan.group_by("grade").agg(features).collect()
    return {"whole": whole, "grades": grades}


def worker_peak() -> int:
    """
    This process's peak resident memory, in bytes.
    """
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def main(argv: list[str] | None = None) -> int:
    from dask.distributed import Client, LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=20)
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    paths = write_files(folder, options.respondents, options.files)
    print(
        f"wrote {options.respondents:,} respondents in {len(paths)} files "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    started = time.perf_counter()
    theirs = polars_side(paths)
    polars_time = time.perf_counter() - started
    print(f"polars, lazily: {polars_time:.2f} s", flush=True)

    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        started = time.perf_counter()
        counted = medengage.dask.group_tallies(
            paths,
            SYNTHETIC,
            trust="ZNW",
            date=DATE,
            attributes=["grade"],
            client=client,
        )
        whole = counted.score(SYNTHETIC, min_respondents=1)
        by_grade = counted.breakdown(SYNTHETIC, "grade", min_respondents=1)
        ours = time.perf_counter() - started
        peaks = client.run(worker_peak)
    print(
        f"medengage on 2 workers: {ours:.2f} s, {ours / polars_time:.2f} times polars",
        flush=True,
    )
    print(
        "peak per worker: "
        + ", ".join(f"{peak / 2**20:.0f} MiB" for peak in peaks.values()),
        flush=True,
    )

    row = theirs["whole"].row(0, named=True)
    agree = all(
        math.isclose(whole.features[f].value or 0, row[f], rel_tol=1e-9) for f in row
    )
    for grade in theirs["grades"].iter_rows(named=True):
        group = by_grade.groups[grade["grade"]]
        agree &= all(
            math.isclose(group.features[f].value or 0, grade[f], rel_tol=1e-9)
            for f in row
        )
    print(f"agrees with polars to 1e-9: {agree}", flush=True)

    started = time.perf_counter()
    alone = merge_group_tallies(
        GroupTallies.of(
            medengage.dask.assessment_of_frame(
                __import__("pandas").read_parquet(path),
                SYNTHETIC,
                trust="ZNW",
                date=DATE,
                id_column="id",
                attributes=["grade"],
                columns={},
            ),
            ["grade"],
        )
        for path in paths
    )
    print(
        f"one machine, file by file: {time.perf_counter() - started:.2f} s; "
        f"equal to the cluster's: {alone == counted}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
