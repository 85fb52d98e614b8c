"""Session settings for the whole test tree: coverage is a figure of the whole suite.

`addopts` (pyproject.toml) starts pytest-cov in every session, and `[tool.coverage.report]
fail_under` sets the floor. Both mean something only for the whole suite, as the README and
`.ci/run` run it (`python -m pytest`). A session that selects tests (paths, `-k`, `-m`, `--lf`,
`--deselect`) stops measuring at once, so it prints no table, has no floor and runs at full
speed (tracing makes the parser tests about 1.6 times slower), unless it asks for coverage
itself: `--cov-report` (a table, no floor) or `--cov-fail-under` (a floor of its own).
"""

from __future__ import annotations

import pytest


def _whole_suite(config: pytest.Config) -> bool:
    option = config.option
    return (
        config.args_source is pytest.Config.ArgsSource.TESTPATHS
        and not option.keyword
        and not option.markexpr
        and not option.deselect
        and not getattr(option, "lf", False)
    )


def pytest_configure(config: pytest.Config) -> None:
    plugin = config.pluginmanager.getplugin("_cov")  # pytest-cov's plugin, when it measures
    controller = getattr(plugin, "cov_controller", None)  # what its `cov` fixture hands out
    if controller is None or _whole_suite(config):
        return
    asked = [str(arg) for arg in config.invocation_params.args]
    if not any(arg.startswith("--cov-fail-under") for arg in asked):
        plugin.options.cov_fail_under = None  # the floor is the whole suite's
    if any(arg.startswith(("--cov-report", "--cov-fail-under")) for arg in asked):
        return
    controller.pause()  # what pytest-cov does for a `no_cover` test, for the whole session
    plugin.options.no_cov = True  # as `--no-cov`: no report, no floor, no data file
