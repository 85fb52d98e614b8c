"""Imported by the solver pool's fork server (only there): loads the verifier stack once.

Every worker is forked from that server and starts with z3, the grammars and the English
model already in memory; the HTTP server process itself never loads them.
"""

from __future__ import annotations

from veridot.api.service import jobs
from veridot.api.service.worker import run_job

__all__ = ["run_job"]

jobs.warm_up()
