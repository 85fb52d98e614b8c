"""Where a dataset run's records are checked: locally (the runner's own pool) or on Ray.

`veridot check --executor local` (the default) checks records in-process or in `--workers`
worker processes of a `veridot.provers.supervisor.Supervisor` (`veridot.verifier.runner`), whose
`map` is the interface an executor offers: results in input order, failures as `worker_died`.
`--executor ray` hands them to a Ray cluster through `RayExecutor`: a local Ray started for
the run (`--workers` CPUs, no dashboard) and shut down after it, or an existing cluster
given by `--ray-address` (`auto`, `ray://host:10001`, ...) that is left running.

Records travel in chunks (`chunk_size` per Ray task, so per-task overhead of about a
millisecond is paid once per chunk, not per record) with a bounded number of records in
flight, `LOOK_AHEAD_PER_WORKER` per CPU as in the local pool (back-pressure: a million-record
file never sits in the object store at once). Results are
yielded strictly in input order: the driver waits on the oldest chunk while later ones run.
A chunk whose task fails (a worker died, the node was lost) yields `worker_died` failures for
its records; the run goes on, as with the local pool.

Ray workers are long-lived processes, so each keeps its parsers and solver contexts warm
across chunks, like the local pool's workers. Exit codes and reports are those of a local
run: the executor only changes where `veridot.verifier.runner`'s per-record function runs.

Cache: workers return results and the *driver* reads and writes its local SQLite report
cache (`veridot.verifier.cache`), exactly as in a local run: hits are never sent to the cluster and
every result is stored when it comes back, so re-running a dataset on a cluster or locally
reuses the same cache. (With `--llm`, the LLM translation cache is opened by each worker at
the driver's cache path: shared on a local Ray, one file per node on a cluster.) Cluster
nodes need veridot installed (same version) in the Python environment Ray runs.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Any, Protocol, TypeVar

from veridot.provers.supervisor import LOOK_AHEAD_PER_WORKER

T = TypeVar("T")

EXECUTORS = ("local", "ray")
DEFAULT_CHUNK = 8


class ExecutorError(Exception):
    """The executor cannot run (Ray missing, cluster unreachable)."""


class Executor(Protocol):
    """Runs `fn` over `tasks`, yielding results in input order (a context manager)."""

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def map(
        self, fn: Callable[[T], dict[str, Any]], tasks: Iterable[T]
    ) -> Iterator[dict[str, Any]]: ...


def _run_chunk(fn: Callable[[Any], dict[str, Any]], chunk: list[Any]) -> list[dict[str, Any]]:
    """The Ray task: `fn` over one chunk of records (fn never raises; see the runner)."""
    return [fn(task) for task in chunk]


class RayExecutor:
    """Check records on Ray: a local cluster of `num_cpus` CPUs, or the one at `address`."""

    def __init__(
        self,
        *,
        address: str | None = None,
        num_cpus: int | None = None,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> None:
        self.address = address
        self.num_cpus = num_cpus
        self.chunk_size = max(1, chunk_size)
        self.started_ray = False
        self.startup_s = 0.0
        self._remote: Any = None

    def __enter__(self) -> RayExecutor:
        import time

        try:
            import ray
        except ImportError as exc:
            raise ExecutorError("--executor ray needs Ray: pip install 'veridot[ray]'") from exc
        started = time.perf_counter()
        if not ray.is_initialized():
            try:
                if self.address:
                    ray.init(address=self.address, logging_level=logging.ERROR, log_to_driver=False)
                else:
                    ray.init(
                        num_cpus=self.num_cpus,
                        include_dashboard=False,
                        logging_level=logging.ERROR,
                        log_to_driver=False,
                    )
            except Exception as exc:  # unreachable cluster, bad address, ...
                where = self.address or "a local Ray"
                raise ExecutorError(f"cannot start or reach {where}: {exc}") from exc
            self.started_ray = True
        self._remote = ray.remote(_run_chunk)
        self.startup_s = time.perf_counter() - started
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.started_ray:
            import ray

            ray.shutdown()
            self.started_ray = False

    def cpus(self) -> int:
        """CPUs the cluster offers (for sizing the in-flight window)."""
        import ray

        resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        return max(1, int(resources.get("CPU", 1)))

    def map(
        self, fn: Callable[[T], dict[str, Any]], tasks: Iterable[T]
    ) -> Iterator[dict[str, Any]]:
        """`fn(task)` for every task on the cluster, yielded in input order."""
        if self._remote is None:
            raise ExecutorError("RayExecutor.map outside `with RayExecutor(...)`")
        import ray

        remaining = iter(tasks)
        window = chunks_in_flight(self.cpus(), self.chunk_size)
        fn_ref = ray.put(fn)
        pending: deque[tuple[Any, int]] = deque()

        def submit() -> bool:
            chunk = list(islice(remaining, self.chunk_size))
            if not chunk:
                return False
            pending.append((self._remote.remote(fn_ref, chunk), len(chunk)))
            return True

        while len(pending) < window and submit():
            pass
        while pending:
            ref, size = pending.popleft()
            try:
                results: list[dict[str, Any]] = ray.get(ref)
            except Exception as exc:  # the task or its worker failed: the run goes on
                message = f"a Ray worker failed: {type(exc).__name__}: {exc}".splitlines()[0]
                results = [{"failure": {"code": "worker_died", "message": message}}] * size
            submit()
            yield from results


def chunks_in_flight(cpus: int, chunk_size: int) -> int:
    """Chunks submitted ahead of the one awaited: `LOOK_AHEAD_PER_WORKER` records per CPU, as
    in the local pool, because results leave in input order and one slow record must not
    leave the other CPUs idle (at 4 chunks per CPU, 32 records, they ran dry behind it)."""
    return max(1, -(-cpus * LOOK_AHEAD_PER_WORKER // chunk_size))


def make_executor(
    name: str, *, workers: int = 1, address: str | None = None, chunk_size: int = DEFAULT_CHUNK
) -> RayExecutor | None:
    """The executor called `name`: None for `local` (the runner's own pool), else Ray."""
    if name == "local":
        if address:
            raise ExecutorError("--ray-address needs --executor ray")
        return None
    if name == "ray":
        return RayExecutor(
            address=address, num_cpus=None if address else max(1, workers), chunk_size=chunk_size
        )
    raise ExecutorError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
