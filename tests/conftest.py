"""
Shared test set-up: hypothesis profiles, and running tests over both YAML
back ends.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, settings


# CI: reproducible (derandomised) and with no deadlines, since the machines
# are shared and noisy: a red run always means a real fault.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=50,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Local runs: quick, and still without deadlines.
settings.register_profile(
    "dev", deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


PATHS = ["libyaml", "pure"] if yaml.__with_libyaml__ else ["pure"]


@pytest.fixture(params=PATHS)
def pure(request: pytest.FixtureRequest) -> bool:
    """
    Whether to use PyYAML's pure-Python classes (True) or libyaml (False):
    tests that take this fixture run on each path the machine has.
    """
    return bool(request.param == "pure")


@pytest.fixture(params=[True, False], ids=["collector-enabled", "collector-disabled"])
def collector(request: pytest.FixtureRequest) -> Iterator[bool]:
    """
    The garbage collector switched on (True) or off (False) for the test,
    and put back as it was after.
    """
    was = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    try:
        yield request.param
    finally:
        (gc.enable if was else gc.disable)()
