"""Service settings, read once from the environment (prefix `VERIDOT_`) by one cached provider.

Every knob of the REST service lives here: request limits (body bytes, formula characters,
node count), the per-request deadline and the solver timeout, the solver pool's size and
queue, the API key, the LLM spec, the verification cache and the directory of metric files
for several server processes. `get_settings()` is the only provider; `create_app(settings)`
keeps the app's in its state and routes receive that one (`veridot.api.service.auth.app_settings`),
so tests pass a `Settings` to `create_app(settings)`.

The variables the CLI and the library read too mean the same here: `VERIDOT_CACHE` (read by
`veridot.verifier.cache.location`, the one reading of it; only the default differs: the CLI caches
in `~/.cache/veridot`, the service caches nothing unless told) and `VERIDOT_LLM`. The CLI does not
build a `Settings`: pydantic-settings and the model would add 0.1-0.2 s to every `veridot
check` (pydantic itself comes with typer). `VERIDOT_CACHE_PATH`, the service's old name for the
cache, still works and says so (`deprecations`). README's "Configuration" table documents every
variable once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from veridot.provers.supervisor import cpu_count


def _default_pool_size() -> int:
    # One worker per core keeps the solver busy. No spare worker for a job heading for its
    # timeout: the supervisor demotes it and starts a stand-in (see veridot.api.service.pool). A
    # third worker on 2 cores cost CPU per request (cache and switches) without adding isolation:
    # bench_api on 2 cores, 15.1 -> 13.5 ms of pool CPU per /v1/verify, isolation 0.94x.
    return max(2, cpu_count())


class Settings(BaseSettings):
    """The service configuration; every field can be set as `VERIDOT_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="VERIDOT_", extra="ignore", frozen=True)

    # Limits: exceeding one is a 413 with a code naming the limit.
    max_body_bytes: int = Field(1_000_000, ge=1, description="Largest request body accepted.")
    max_formula_chars: int = Field(
        10_000, ge=1, description="Longest single formula, step text or parse input."
    )
    max_nodes: int = Field(2_000, ge=1, description="Most nodes (premises + steps) per record.")
    max_premises: int = Field(1_000, ge=1, description="Most premises in one /v1/prove call.")
    max_json_depth: int = Field(
        32, ge=1, description="Deepest nesting of arrays and objects in a request body."
    )
    max_number_digits: int = Field(
        1_000, ge=1, le=4_000, description="Longest run of digits (one number) in any text."
    )

    # Time: `solver_timeout_s` bounds each solver call; `deadline_s` bounds a whole request and
    # is enforced by killing the worker, so a solver that ignores its own timeout still stops.
    solver_timeout_s: float = Field(2.0, gt=0, description="Default per-check solver timeout.")
    max_timeout_ms: int = Field(30_000, ge=1, description="Largest timeout_ms a client may ask.")
    deadline_s: float = Field(30.0, gt=0, description="Hard wall-time limit per request.")
    # A check may run past its timeout by the prover's own grace (5 %, in which it kills a
    # solver deaf to its interrupt) plus this slack for the answer to reach the server; then
    # its worker is killed and the verdict is unknown. So the overrun of a check, and of a
    # /v1/prove request, stays within 10 % of its timeout (issue 11 item 10), however busy
    # the machine or low the worker's priority (a demoted job, see veridot.api.service.pool).
    deadline_grace_s: float = Field(
        0.05,
        ge=0,
        description="Slack past a solver check's timeout (and the prover's 5 % grace) "
        "before its worker is killed.",
    )
    long_job_s: float = Field(
        5.0, gt=0, description="A request asking for a longer solver timeout is a long job."
    )
    max_long_jobs: int | None = Field(
        None, ge=1, description="Long jobs running at once (default: pool size - 1, at least 1)."
    )

    # The solver pool.
    pool_size: int = Field(default_factory=_default_pool_size, ge=1)
    queue_wait_s: float = Field(
        10.0, ge=0, description="How long a request may wait for a free worker before a 503."
    )
    max_queue: int = Field(64, ge=0, description="Requests allowed to wait; beyond: 503.")
    retry_after_s: int = Field(1, ge=1, description="Retry-After sent with a 503.")
    # 0.3 s: 30 times a 10-node chain's job; a job past it is heading for its timeout. At 1 s
    # a timeout job took half a worker's CPU for a second, and the other clients' p99 rose
    # 2.9x (bench_api isolation phase); at 0.3 s, 1.7-2.0x (BENCHMARKS, issue 13).
    demote_after_s: float | None = Field(
        0.3, gt=0, description="A job running longer gets a lower CPU priority (None: never)."
    )
    worker_max_jobs: int = Field(
        500, ge=1, description="Jobs a worker runs before it is recycled (bounds memory)."
    )

    # Auth, LLM, cache.
    api_key: SecretStr | None = Field(None, description="When set, /v1 needs this key.")
    llm: str | None = Field(None, description="LLM spec for the llm parser, e.g. ollama:llama3.")
    cache: str | None = Field(
        None,
        description="SQLite cache of reports and LLM translations (a path, or `off`);"
        " unset: no cache in the service.",
    )
    cache_path: str | None = Field(
        None, description="Deprecated: the old name of VERIDOT_CACHE, read when that is unset."
    )
    default_parser: str = Field("auto", description="Parser used when a request names none.")
    log_json: bool = Field(True, description="Write one JSON object per log line.")
    metrics_dir: str | None = Field(
        None,
        description="Where `serve --workers N` (N > 1) keeps each process's metric files (its"
        " old ones are cleared at start); unset: a temporary directory removed on exit.",
    )

    @field_validator("api_key", "llm", "cache", "cache_path", "metrics_dir", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `VERIDOT_API_KEY=` in a shell or compose file means "no key", not "the empty key".
        if value == "":
            return None
        return value

    @field_validator("api_key", mode="before")
    @classmethod
    def _key_is_a_key(cls, value: object) -> object:
        # A key of spaces (or with spaces around it, as a quoting slip leaves it) would
        # either turn auth off or lock every client out: refuse to start instead.
        if isinstance(value, str) and value != value.strip():
            what = "only whitespace" if not value.strip() else "leading or trailing whitespace"
            raise ValueError(f"VERIDOT_API_KEY has {what}; unset it or give a real key")
        return value

    @field_validator("llm", "cache", "cache_path", "metrics_dir", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="before")
    @classmethod
    def _old_cache_name(cls, data: Any) -> Any:
        # A deployment configured with the old name keeps its cache (VERIDOT_CACHE wins when
        # both are set); `deprecations()` tells its operator to rename it.
        if isinstance(data, dict):
            old, new = data.get("cache_path"), data.get("cache")
            if isinstance(old, str) and old.strip() and not (isinstance(new, str) and new.strip()):
                data = {**data, "cache": old}
        return data

    def cache_file(self) -> Path | None:
        """The service's SQLite cache file, or None (unset or `off`: no cache)."""
        from veridot.verifier.cache import location

        return location(self.cache, default=None)

    def deprecations(self) -> list[str]:
        """One line per deprecated variable that is set, saying what to use instead."""
        if self.cache_path is None:
            return []
        if self.cache is not None and self.cache != self.cache_path:
            return [
                "VERIDOT_CACHE_PATH is deprecated and ignored: VERIDOT_CACHE is set;"
                " unset VERIDOT_CACHE_PATH"
            ]
        return ["VERIDOT_CACHE_PATH is deprecated: rename it VERIDOT_CACHE (same meaning)"]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    # pydantic-settings fills every field from the environment or its default; mypy cannot see it.
    return Settings()  # type: ignore[call-arg]
