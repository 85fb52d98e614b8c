"""An on-disk SQLite cache: verification reports, and any other key/value (LLM translations).

One table, `kv(namespace, key, value)`. `veridot check` stores each record's report under
namespace `report`, keyed by `report_key(...)`: the record's content, the parser, prover,
timeout and options, the veridot version and a fingerprint of veridot's own source (so a
changed checker never serves stale verdicts, nor stale wording: the entry holds the report's
JSON text with its `message` keys, see `veridot.verifier.codec`). Other components reuse the
same file through `Cache.get(namespace, key)` / `Cache.put(namespace, key, value)`; the LLM
parser keys its translations by (model, prompt, text).

Only decided reports are stored (`is_decided`): a step the prover left `unknown` (a deadline
hit on a busy machine, a give-up, provers that disagree) may be decided by the next run, so
caching it would hide an invalid record behind a load-dependent `incomplete` for ever.

Location: `$VERIDOT_CACHE` if set (`off` disables caching), else
`$XDG_CACHE_HOME/veridot/cache.sqlite3`, else `~/.cache/veridot/cache.sqlite3`. The REST service
reads the same variable through its settings (`veridot.api.settings`), with no cache when it is
unset. The cache is an optimisation only: any SQLite error (locked, read-only, corrupt file)
disables it for the process with one warning, and checking goes on. WAL mode lets parallel processes
share it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import time
import warnings
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

ENV_VAR = "VERIDOT_CACHE"
REPORT_NAMESPACE = "report"
_DISABLED = frozenset({"off", "none", "0", "false", "no"})
_PACKAGES = ("parser", "provers", "verifier", "grammars")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS kv ("
    " namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, created REAL NOT NULL,"
    " PRIMARY KEY (namespace, key)) WITHOUT ROWID"
)


# An `unknown` node carrying one of these findings is unknown for a reason that does not
# depend on time or load (a node it rests on is untranslated, or already inconsistent, or
# what it states as given contradicts earlier steps).
_SETTLED_UNKNOWN = frozenset(
    {"rests_on_untranslated", "rests_on_inconsistent", "definitions_inconsistent"}
)


class CacheWarning(UserWarning):
    """The cache could not be used; checking continues without it."""


def location(value: str | None, *, default: Path | None) -> Path | None:
    """The cache file a `VERIDOT_CACHE` value names: a path, `off` (None), or unset: `default`.

    The one reading of the variable: the CLI (`default_path`) and the service's settings
    (`veridot.api.settings.Settings.cache_file`) differ only in the `default` they pass.
    """
    if value is None or not value.strip():
        return default
    if value.strip().lower() in _DISABLED:
        return None
    return Path(value).expanduser()


def user_path() -> Path:
    """The per-user cache file: `$XDG_CACHE_HOME/veridot/cache.sqlite3` or under `~/.cache`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "veridot" / "cache.sqlite3"


def default_path() -> Path | None:
    """Where the CLI's cache lives (see the module docstring); None when it is `off`."""
    return location(os.environ.get(ENV_VAR), default=user_path())


class Cache:
    """A SQLite key/value store; a no-op when `path` is None or SQLite fails.

    Safe to use from one thread at a time per instance (a lock guards the connection);
    several processes may share one file.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, enabled: bool = True):
        self.path: Path | None = Path(path) if path is not None and enabled else None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._failed = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls, *, enabled: bool = True) -> Cache:
        """The cache at `default_path()` (disabled when `enabled` is False or the env says off)."""
        return cls(default_path(), enabled=enabled)

    @property
    def enabled(self) -> bool:
        return self.path is not None and not self._failed

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or not self.enabled:
            return self._conn
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.commit()
        except (sqlite3.Error, OSError) as err:
            self._fail(err)
            return None
        self._conn = conn
        return conn

    def _fail(self, err: Exception) -> None:
        self._failed = True
        warnings.warn(f"veridot cache at {self.path} disabled: {err}", CacheWarning, stacklevel=3)
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def get(self, namespace: str, key: str) -> str | None:
        """The value stored under (namespace, key), or None."""
        with self._lock:
            conn = self._connect()
            if conn is None:
                return None
            try:
                row = conn.execute(
                    "SELECT value FROM kv WHERE namespace = ? AND key = ?", (namespace, key)
                ).fetchone()
            except sqlite3.Error as err:
                self._fail(err)
                return None
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return str(row[0])

    def put(self, namespace: str, key: str, value: str) -> None:
        """Store `value` (text; callers serialize) under (namespace, key), replacing any."""
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                conn.execute(
                    "INSERT OR REPLACE INTO kv (namespace, key, value, created) VALUES (?,?,?,?)",
                    (namespace, key, value, time.time()),
                )
                conn.commit()
            except sqlite3.Error as err:
                self._fail(err)
            except BaseException:  # Ctrl-C between insert and commit: leave nothing half-done
                with contextlib.suppress(sqlite3.Error):
                    conn.rollback()
                raise

    def clear(self, namespace: str | None = None) -> None:
        """Delete one namespace, or everything."""
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                if namespace is None:
                    conn.execute("DELETE FROM kv")
                else:
                    conn.execute("DELETE FROM kv WHERE namespace = ?", (namespace,))
                conn.commit()
            except sqlite3.Error as err:
                self._fail(err)

    def __len__(self) -> int:
        with self._lock:
            conn = self._connect()
            if conn is None:
                return 0
            try:
                return int(conn.execute("SELECT COUNT(*) FROM kv").fetchone()[0])
            except sqlite3.Error as err:
                self._fail(err)
                return 0

    def close(self) -> None:
        """Close the connection (the cache reconnects on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def digest(*parts: str) -> str:
    """A SHA-256 over `parts` (length-prefixed so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """veridot's version plus a hash of its parser, prover and verifier sources and grammars."""
    try:
        from importlib.metadata import version

        ver = version("veridot")
    except Exception:  # not installed (a source checkout): the source hash still guards
        ver = "dev"
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(ver.encode())
    for package in _PACKAGES:
        base = root / package
        for file in sorted(base.rglob("*")):
            if file.suffix in (".py", ".lark") and file.is_file():
                h.update(str(file.relative_to(root)).encode())
                h.update(file.read_bytes())
    return f"{ver}+{h.hexdigest()[:16]}"


def canonical_json(obj: object) -> str:
    """A record as canonical JSON text (sorted keys, no spaces): its cache identity."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def report_key(
    content: str,
    *,
    parser: str,
    prover: str,
    timeout: float,
    allow_unsupported: bool,
    llm: str | None = None,
) -> str:
    """The cache key of one record's report under these options."""
    options = canonical_json(
        {
            "parser": parser,
            "prover": prover,
            "timeout": timeout,
            "allow_unsupported": allow_unsupported,
            "llm": llm,
        }
    )
    return digest(code_fingerprint(), options, content)


def is_decided(report: Mapping[str, Any]) -> bool:
    """True when a report (its JSON dict) may be cached: no node or claim is `unknown` for a
    reason that another run could resolve (a deadline, a solver give-up, prover disagreement).

    An `unknown` that follows from the record itself (it rests on an untranslated or an
    already inconsistent node) is settled and cacheable; any other `unknown` is re-checked.
    """
    items = [*(report.get("nodes") or ()), *(report.get("claims") or ())]
    for item in items:
        if not isinstance(item, Mapping) or item.get("status") != "unknown":
            continue
        codes = {f.get("code") for f in item.get("findings") or () if isinstance(f, Mapping)}
        if not codes & _SETTLED_UNKNOWN:
            return False
    return True
