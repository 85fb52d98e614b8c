"""The service's job as a solver worker runs it (in a child process; never imports FastAPI).

`veridot.provers.supervisor` sends `run_job` with a job's kind and payload to one of its workers;
`veridot.api.service.jobs` does the work and streams events through
`veridot.provers.supervisor_worker.emit`. The pool's fork server imports
`veridot.api.service.worker_preload`, which warms the verifier once so each new worker starts ready.
"""

from __future__ import annotations

from typing import Any

from veridot.api.service import jobs
from veridot.provers.supervisor_worker import JobFailed, emit


def run_job(kind: str, payload: dict[str, Any]) -> Any:
    """Run the job `kind` on `payload`; an error of the job's own (bad input) is `JobFailed`,
    which the pool's caller receives with the job's error dict."""
    try:
        return jobs.run_job(kind, payload, emit)
    except jobs.JobError as exc:
        raise JobFailed(exc.to_dict()) from None
