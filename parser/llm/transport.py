"""Which model-call failures are transport hiccups, and the bounded retry around the model.

A chat model reached over a network fails now and then for reasons that have nothing to do
with the text: a refused or dropped connection, a read timeout, a rate limit, a 5xx from an
overloaded server. Those are retried with LangChain's `Runnable.with_retry` (exponential
backoff with jitter, a bounded number of attempts); when they persist, the parser reports
the text as `llm_unavailable` (a finding of its own: retrying later may well succeed), not
as `untranslated` (the model answered, and nothing it said was a formula). Any other error
(a bad API key, an unknown model, a bug) is not retried: it would fail the same way again.

The error classes come from the standard library and from the HTTP clients provider packages
use (httpx, and openai / anthropic when they are installed), imported only if present: no
provider is a dependency of veridot.
"""

from __future__ import annotations

import importlib
from typing import Any

from langchain_core.runnables import Runnable

DEFAULT_RETRIES = 3  # attempts after the first; the wait doubles from RETRY_WAIT_S each time
RETRY_WAIT_S = 0.5
RETRY_MAX_WAIT_S = 8.0
UNAVAILABLE_PREFIX = "model unavailable"  # the reason's start; the parser keys on it

# (module, class names): network-level failures and the server saying "try again later".
_OPTIONAL = (
    ("httpx", ("TransportError",)),  # ConnectError, ReadTimeout, RemoteProtocolError, ...
    ("openai", ("APIConnectionError", "RateLimitError", "InternalServerError")),
    ("anthropic", ("APIConnectionError", "RateLimitError", "InternalServerError")),
)


def transport_errors() -> tuple[type[BaseException], ...]:
    """The exception classes treated as transport failures (see the module docstring)."""
    found: list[type[BaseException]] = [ConnectionError, TimeoutError]
    for module_name, names in _OPTIONAL:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            cls = getattr(module, name, None)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                found.append(cls)
    return tuple(found)


def is_transport_error(err: BaseException) -> bool:
    """True when `err` is a transport failure (retrying later may succeed)."""
    return isinstance(err, transport_errors())


def with_transport_retry(
    model: Runnable[Any, Any], *, retries: int = DEFAULT_RETRIES, wait_s: float = RETRY_WAIT_S
) -> Runnable[Any, Any]:
    """`model` retried up to `retries` more times on transport errors only (0: no retry)."""
    if retries <= 0:
        return model
    return model.with_retry(
        retry_if_exception_type=transport_errors(),
        stop_after_attempt=retries + 1,
        wait_exponential_jitter=wait_s > 0,
        exponential_jitter_params={"initial": wait_s, "max": RETRY_MAX_WAIT_S, "jitter": wait_s},
    )
