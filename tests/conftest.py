"""Session settings for the whole test tree: coverage is a figure of the whole suite.

`addopts` (pyproject.toml) starts pytest-cov in every session, and `[tool.coverage.report]
fail_under` sets the floor. Both mean something only for the whole suite, as the README and
`.ci/run` run it (`python -m pytest`). A session that selects tests (paths, `-k`, `-m`, `--lf`,
`--deselect`) stops measuring at once, so it prints no table, has no floor and runs at full
speed (tracing makes the parser tests about 1.6 times slower), unless it asks for coverage
itself: `--cov-report` (a table, no floor) or `--cov-fail-under` (a floor of its own).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

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


class SlowHead:
    """Tasks for an ordered map whose first one blocks until `release_after` were read.

    The tasks are paths for `Path.read_text` (a standard-library function, so workers of any
    kind need nothing of veridot's): first a FIFO, whose read waits for a writer, then plain
    files. A thread writes the FIFO once the map has taken `release_after` tasks from the
    input, or gives up after `give_up_s` (only so that a failing test ends). A map whose
    look-ahead window is smaller stops reading behind the blocked head: `read_at_release`
    then stays at its window. Events and counts, no wall times.
    """

    def __init__(self, folder: Path, release_after: int, total: int, give_up_s: float = 60.0):
        self.fifo = folder / "head.fifo"
        os.mkfifo(self.fifo)
        self.file = folder / "tail.txt"
        self.file.write_text("tail", encoding="utf-8")
        self.release_after = release_after
        self.total = total
        self.read = 0
        self.read_at_release = -1
        self._reached = threading.Event()
        self._opener = threading.Thread(target=self._open, args=(give_up_s,), daemon=True)

    def tasks(self) -> Iterator[Path]:
        self._opener.start()
        for index in range(self.total):
            self.read += 1
            if self.read >= self.release_after:
                self._reached.set()
            yield self.fifo if index == 0 else self.file

    def _open(self, give_up_s: float) -> None:
        self._reached.wait(give_up_s)
        self.read_at_release = self.read
        with self.fifo.open("w", encoding="utf-8") as writer:  # the head's read goes on
            writer.write("head")

    def join(self) -> None:
        self._opener.join()


@pytest.fixture
def slow_head(tmp_path: Path) -> Callable[[int, int], SlowHead]:
    """`slow_head(release_after, total)`: see `SlowHead`."""
    return lambda release_after, total: SlowHead(tmp_path, release_after, total)
