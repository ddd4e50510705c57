"""
The Spark recipe in docs/examples runs, where pyspark is installed, and
scores the bundled survey on a local Spark session exactly as on one
machine. Marked ``spark``; skipped where pyspark is not installed (it is
no part of the test extra): ``pip install pyspark`` and a Java runtime run
it, and ``-m spark`` runs it alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


pytest.importorskip("pyspark")
pytestmark = pytest.mark.spark


RECIPE = Path(__file__).parent.parent / "docs" / "examples" / "spark_recipe.py"


def test_the_spark_recipe_scores_as_one_machine_does() -> None:
    run = subprocess.run(
        [sys.executable, str(RECIPE)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert "equal to scoring on one machine: True" in run.stdout
