"""Dependencies shared by the routers: the settings, the app's solver pool, the cancel event."""

from __future__ import annotations

import threading
from typing import Annotated

import anyio.to_thread
from fastapi import Depends, Request

from veridot.api.service.auth import app_settings
from veridot.api.service.pool import SolverPool
from veridot.api.settings import Settings


async def get_pool(request: Request) -> SolverPool:
    """The solver pool the app started (started lazily if the lifespan did not run)."""
    pool: SolverPool = request.app.state.pool
    if not pool.started:  # starting waits for the workers: in a thread, not on the loop
        await anyio.to_thread.run_sync(pool.start)
    return pool


async def get_cancel(request: Request) -> threading.Event:
    """Set when this request's client has gone (see `veridot.api.service.middleware`); never set
    otherwise."""
    cancel = getattr(request.state, "cancel", None)
    return cancel if isinstance(cancel, threading.Event) else threading.Event()


SettingsDep = Annotated[Settings, Depends(app_settings)]
PoolDep = Annotated[SolverPool, Depends(get_pool)]
CancelDep = Annotated[threading.Event, Depends(get_cancel)]
