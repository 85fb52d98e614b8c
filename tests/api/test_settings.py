"""One cache variable for the CLI and the service (issue 13 item 5): `VERIDOT_CACHE` means the
same in both, with the service's old name `VERIDOT_CACHE_PATH` kept as a deprecated alias."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veridot.api.settings import Settings, get_settings
from veridot.verifier.cache import default_path

_CACHE_VARS = ("VERIDOT_CACHE", "VERIDOT_CACHE_PATH", "XDG_CACHE_HOME")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CACHE_VARS:
        monkeypatch.delenv(name, raising=False)


def test_the_service_and_the_cli_read_one_cache_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "c.sqlite3"))
    assert Settings().cache_file() == default_path() == tmp_path / "c.sqlite3"
    assert Settings().deprecations() == []
    for off in ("off", "OFF", " none "):
        monkeypatch.setenv("VERIDOT_CACHE", off)
        assert Settings().cache_file() is None
        assert default_path() is None


def test_unset_the_cli_caches_per_user_and_the_service_not_at_all(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "veridot" / "cache.sqlite3"
    assert Settings().cache_file() is None
    monkeypatch.setenv("VERIDOT_CACHE", "  ")
    assert Settings().cache_file() is None


def test_the_old_service_name_still_works_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VERIDOT_CACHE_PATH", str(tmp_path / "old.sqlite3"))
    settings = Settings()
    assert settings.cache_file() == tmp_path / "old.sqlite3"
    (message,) = settings.deprecations()
    assert "VERIDOT_CACHE_PATH is deprecated" in message
    assert "VERIDOT_CACHE " in message

    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "new.sqlite3"))
    settings = Settings()
    assert settings.cache_file() == tmp_path / "new.sqlite3"  # the new name wins
    (message,) = settings.deprecations()
    assert "ignored" in message


def test_a_verify_job_uses_the_cache_the_variable_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app_fixtures import FakePool
    from fastapi.testclient import TestClient

    from veridot.api.service.app import create_app
    from veridot.api.service.routes.deps import get_pool

    def cache_path_of_a_job() -> object:
        pool = FakePool(result={"verdict": "valid"})
        app = create_app(Settings())
        app.dependency_overrides[get_pool] = lambda: pool
        with TestClient(app) as client:
            client.post("/v1/verify", json={"steps": ["P(a)"]})
        ((kind, payload),) = pool.jobs
        assert kind == "verify"
        return payload["cache_path"]

    monkeypatch.setenv("VERIDOT_CACHE", str(tmp_path / "c.sqlite3"))
    assert cache_path_of_a_job() == str(tmp_path / "c.sqlite3")
    monkeypatch.setenv("VERIDOT_CACHE", "off")
    assert cache_path_of_a_job() is None


def test_serve_warns_about_the_old_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    from veridot.api.cli.main import app

    ran: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: ran.append(args))
    monkeypatch.setenv("VERIDOT_CACHE_PATH", str(tmp_path / "old.sqlite3"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert ran
    assert "warning: VERIDOT_CACHE_PATH is deprecated" in result.output
