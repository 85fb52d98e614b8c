"""How a solver pool job can end other than with its result: one exception per outcome.

`api.pool` raises them, `api.service` maps each to its HTTP answer (503, 422/413, 504, 500,
499); they live apart so that the worker handle can raise them too without importing the pool.
"""

from __future__ import annotations

from typing import Any


class PoolSaturated(Exception):
    """No worker became free in time, or too many requests are already waiting."""


class DeadlineExceeded(Exception):
    """The job ran past its deadline; its worker was killed and replaced."""


class JobCancelled(Exception):
    """The request's cancel event was set (its client left); its worker was replaced."""


class WorkerCrashed(Exception):
    """The worker died while running the job (a crash in native code, out of memory)."""


class JobFailed(Exception):
    """The job itself reported an error (bad input); `error` is the worker's error dict."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message", "job failed"))
        self.error = error
