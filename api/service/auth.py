"""API-key check for /v1 and /metrics: a FastAPI dependency, open when no key is configured.

When `VERIDOT_API_KEY` is set, a request must carry `Authorization: Bearer <key>` or
`X-API-Key: <key>`; keys are compared in constant time. Health checks stay open so that
orchestrators can probe the service without the secret.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from veridot.api.service.errors import ApiError
from veridot.api.settings import Settings


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    return request.headers.get("x-api-key")


async def app_settings(request: Request) -> Settings:
    """The settings the app was built with (`create_app(settings)`), for every route.

    Read from the app's state, not through `app.dependency_overrides`: any override makes
    FastAPI re-inspect every dependency's signature on every request. `async` (as the
    dependencies below) because it never blocks: a plain `def` costs a thread hop.
    """
    settings: Settings = request.app.state.settings
    return settings


async def require_api_key(
    request: Request, settings: Annotated[Settings, Depends(app_settings)]
) -> None:
    """Raise a 401 unless the request carries the configured key (no-op without one)."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value().encode()
    presented = _presented_key(request)
    if presented is None or not hmac.compare_digest(presented.encode(), expected):
        raise ApiError(
            "unauthorized",
            "missing or wrong API key: send Authorization: Bearer <key> or X-API-Key",
            headers={"WWW-Authenticate": "Bearer"},
        )
