"""Dependencies shared by the routers: the settings and the app's solver pool."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.pool import SolverPool
from api.settings import Settings, get_settings


def get_pool(request: Request) -> SolverPool:
    """The solver pool the app started (started lazily if the lifespan did not run)."""
    pool: SolverPool = request.app.state.pool
    pool.start()
    return pool


SettingsDep = Annotated[Settings, Depends(get_settings)]
PoolDep = Annotated[SolverPool, Depends(get_pool)]
