"""Imported by the solver pool's fork server (only there): loads the verifier stack once.

Every worker is forked from that server and starts with z3, the grammars and the English
model already in memory; the HTTP server process itself never loads them. Two settings of
the process make a worker's requests cheaper (measured with CPU time per request, 10-node
chains): glibc keeps the memory a Z3 context frees (`keep_freed_memory`), and what the
warm-up loaded is frozen out of the garbage collector's sight.
"""

from __future__ import annotations

import ctypes
import gc
import sys

from veridot.api.service import jobs
from veridot.api.service.worker import run_job

__all__ = ["keep_freed_memory", "run_job"]

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def keep_freed_memory() -> bool:
    """Keep freed memory in the process (glibc only; False elsewhere).

    Each request's fresh Z3 context allocates two 8.5 MB tables and frees them at the end.
    glibc hands such blocks back to the system (mmap, or a heap top over its adaptive trim
    threshold, which they straddle), so the next context faulted 17 MB in afresh: ~4,000
    page faults and some 5 ms of CPU per request, depending on where the blocks fell. Blocks
    up to 32 MB now come from the heap, and up to 64 MB of free heap top is kept.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # another C library (musl): leave it as it is
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 * 2**20) and mallopt(_M_TRIM_THRESHOLD, 64 * 2**20))


keep_freed_memory()
jobs.warm_up()
# Everything loaded so far lives as long as the workers: frozen, a worker's collections
# neither walk it nor write to its pages (which fork shares until written).
gc.collect()
gc.freeze()
