"""
Scoring plugins: real packages installed by the test run and found through
the entry-point group ``medengage.scoring``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from _worked_example import ASSESSMENT, CHECKLIST

import medengage
from medengage import MedEngageError, ScoredAssessment
from medengage.scoring import (
    Mean,
    PluginError,
    PluginWarning,
    UnknownStrategyError,
    _registry,
    available_strategies,
    builtin_strategies,
    get_strategy,
    register_strategy,
    score,
    unregister_strategy,
)


PLUGINS = Path(__file__).parent / "plugins"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """
    The example plugin and the broken one, installed for this module's tests
    into a folder put on sys.path.
    """
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(PLUGINS / "medengage-median"),
            str(PLUGINS / "medengage-broken"),
        ],
        check=True,
    )
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    # The broken plugin's strategy named like a built-in is reported once,
    # when the plugins are first looked at.
    with pytest.warns(PluginWarning, match="medengage-broken.*'mean'.*built-in name"):
        available_strategies()
    yield target
    sys.path.remove(str(target))
    for module in ("medengage_median", "medengage_broken"):
        sys.modules.pop(module, None)
    importlib.invalidate_caches()


@pytest.mark.usefixtures("installed")
class TestInstalledPlugins:
    def test_listed_by_name_without_being_imported(self) -> None:
        """
        Installed plugins are listed by their entry points' names, and none
        is imported to list them.
        """
        names = available_strategies()

        assert {"median", "fails-to-import", "not-a-strategy", "misnamed"} <= set(names)
        assert {"mean", "staff-survey", "percent-positive", "weighted"} <= set(names)
        assert "medengage_median" not in sys.modules

    def test_used_through_score(self) -> None:
        """
        The example plugin is found by name and scores through the front door.
        """
        result = score(ASSESSMENT, CHECKLIST, "median", min_respondents=1)

        assert isinstance(result, ScoredAssessment)
        assert result.strategy == "median"
        # Respondents' leadership scores are 87.5 and 75; learning's are
        # 87.5, 37.5 and 50 (see docs/scoring.md).
        assert result.features["leadership"].value == pytest.approx(81.25)
        assert result.features["learning"].value == pytest.approx(50.0)
        assert result.overall.value == pytest.approx((81.25 + 50.0) / 2)

    def test_unknown_option_names_the_plugins_options(self) -> None:
        """
        The front door refuses options the plugin does not take.
        """
        with pytest.raises(MedEngageError, match="its options are: min_respondents"):
            score(ASSESSMENT, CHECKLIST, "median", banding=medengage.JOURNEY_STAGES)

    @pytest.mark.parametrize(
        ("name", "reason"),
        [
            ("fails-to-import", "failed to load: ModuleNotFoundError"),
            ("not-a-strategy", "gives 42, which is not a scoring strategy"),
            ("misnamed", "gives a strategy named 'something-else'"),
        ],
    )
    def test_broken_plugin_reported_without_hiding_the_working_one(
        self, name: str, reason: str
    ) -> None:
        """
        A broken plugin's failure names its distribution and entry point,
        and the working plugin still loads after it.
        """
        with pytest.raises(PluginError) as caught:
            get_strategy(name)

        message = str(caught.value)
        assert "medengage-broken" in message
        assert repr(name) in message
        assert reason in message
        assert get_strategy("median").name == "median"

    def test_plugin_cannot_take_a_built_in_name(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A plugin named like a built-in strategy is ignored, with a warning
        naming its distribution, given when the plugins are looked at anew.
        """
        monkeypatch.setattr(_registry, "_plugin_table", None)

        with pytest.warns(PluginWarning, match="medengage-broken.*'mean'"):
            available_strategies()

        assert isinstance(get_strategy("mean"), Mean)

    def test_safe_from_several_threads(self) -> None:
        """
        Threads loading the same plugin at once all get the same strategy.
        """
        found = []
        errors = []

        def load() -> None:
            try:
                found.append(get_strategy("median"))
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=load) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert not errors
        assert len(found) == 16
        assert all(strategy is found[0] for strategy in found)

    def test_built_ins_listed_alone_with_a_plugin_installed(self) -> None:
        """
        With plugins installed and a strategy registered, the built-ins'
        listing still holds the built-ins and nothing else.
        """
        register_strategy(_Renamed("notebook-mean"))
        try:
            assert "median" in available_strategies()
            assert "notebook-mean" in available_strategies()
            assert builtin_strategies() == (
                "mean",
                "percent-positive",
                "staff-survey",
                "weighted",
            )
            assert medengage.builtin_strategies() == builtin_strategies()
        finally:
            unregister_strategy("notebook-mean")

    def test_reliability_by_name(self) -> None:
        """
        The example plugin, which gives no standard errors, has them
        bootstrapped when reliability is asked for it by name.
        """
        survey = medengage.catalogue().assessments[-1]
        bootstrap = medengage.Bootstrap(resamples=20, seed=3)

        result = medengage.reliability(survey, "median", bootstrap=bootstrap)

        assert result.strategy == "median"
        assert result.errors_by == "bootstrap"
        scored = score(survey, survey.checklist, "median")
        assert result.overall.value == scored.overall.value
        for feature, found in result.features.items():
            assert found.uncertainty.value == scored.features[feature].value
            assert found.uncertainty.standard_error is not None
            assert found.uncertainty.low is not None
            assert found.uncertainty.value is not None
            assert found.uncertainty.low <= found.uncertainty.value
        assert result == medengage.reliability(survey, "median", bootstrap=bootstrap)

    def test_journey_by_name(self) -> None:
        """
        A journey scored with the example plugin by name has intervals and
        judges changes, as one with a built-in does.
        """
        surveys = medengage.catalogue().assessments
        bootstrap = medengage.Bootstrap(resamples=20, seed=3, workers=2)

        found = medengage.journey(surveys, "median", bootstrap=bootstrap)

        assert found.strategy == "median"
        assert len(found.steps) == 3
        last = found.steps[-1].overall
        assert last.standard_error is not None
        assert last.low is not None
        assert last.high is not None
        assert "scored with 'median'" in found.summary()


def test_two_plugins_with_one_name_warn_naming_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """
    Two distributions declaring one name produce a warning naming both;
    the first by distribution name is used.
    """
    first = _entry_point("twin", "first-distribution")
    second = _entry_point("twin", "second-distribution")
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group: [second, first]
    )
    monkeypatch.setattr(_registry, "_plugin_table", None)

    with pytest.warns(
        PluginWarning, match="first-distribution and second-distribution"
    ):
        plugins = _registry._plugins()

    assert plugins["twin"] is first


def test_unknown_name_lists_the_available_ones() -> None:
    """
    Asking for a strategy that does not exist lists those that do.
    """
    with pytest.raises(UnknownStrategyError, match="the strategies are: ") as caught:
        get_strategy("no-such-strategy")

    listed = str(caught.value).partition("the strategies are: ")[2].split(", ")
    assert {"mean", "percent-positive", "staff-survey", "weighted"} <= set(listed)


class TestRegistration:
    def test_register_and_unregister(self) -> None:
        """
        A strategy registered at run time is found by name until it is
        unregistered.
        """
        strategy = _Renamed("notebook-mean")
        register_strategy(strategy)
        try:
            assert get_strategy("notebook-mean") is strategy
            assert "notebook-mean" in available_strategies()
            assert (
                score(ASSESSMENT, CHECKLIST, "notebook-mean").strategy
                == "notebook-mean"
            )
        finally:
            unregister_strategy("notebook-mean")

        with pytest.raises(UnknownStrategyError):
            get_strategy("notebook-mean")

    def test_built_in_name_needs_replace(self) -> None:
        """
        A built-in name cannot be taken over silently; replace=True takes it
        over, and unregistering brings the built-in back.
        """
        strategy = _Renamed("mean")
        with pytest.raises(MedEngageError, match="replace=True"):
            register_strategy(strategy)

        register_strategy(strategy, replace=True)
        try:
            assert get_strategy("mean") is strategy
        finally:
            unregister_strategy("mean")

        assert isinstance(get_strategy("mean"), Mean)

    def test_only_strategies_register(self) -> None:
        """
        Registering something that is not a strategy is an error.
        """
        with pytest.raises(MedEngageError, match="is not a scoring strategy"):
            register_strategy(42)  # type: ignore[arg-type]


class _Renamed(Mean):
    def __init__(self, name: str) -> None:
        self.name = name


def _entry_point(name: str, distribution: str) -> importlib.metadata.EntryPoint:
    class _Distribution:
        metadata: ClassVar[dict[str, str]] = {"Name": distribution}

    entry_point = importlib.metadata.EntryPoint(
        name, "medengage:score", "medengage.scoring"
    )
    # EntryPoint is immutable; its distribution is set the way importlib does.
    vars(entry_point).update(dist=_Distribution())
    return entry_point


def test_the_guide_shows_the_package_as_it_is() -> None:
    """
    docs/plugins.md shows the example plugin's files exactly as they are.
    """
    guide = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text("utf-8")
    package = PLUGINS / "medengage-median"
    for shown in ("pyproject.toml", "src/medengage_median/__init__.py"):
        assert (package / shown).read_text("utf-8").rstrip() in guide, shown


def test_tally_strategy_is_private_with_a_warning() -> None:
    """
    TallyStrategy is no longer public: it is out of __all__ and the API
    reference, and the old name still works, with a DeprecationWarning
    saying what to do instead.
    """
    assert "TallyStrategy" not in medengage.scoring.__all__
    with pytest.warns(DeprecationWarning, match="TallyStrategy is private now"):
        old = medengage.scoring.TallyStrategy
    assert issubclass(Mean, old)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        medengage.scoring.NoSuchThing  # noqa: B018
