"""`veridot serve --workers 2`: one `/metrics` for every server process (multiprocess mode).

Also the pieces on their own: the metrics directory `serve` sets up, and the merged view
forgetting the live gauges of a process that died without a shutdown.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from prometheus_client.multiprocess import MultiProcessCollector

from veridot.api.cli.cmd_serve import MULTIPROC_ENV, shared_metrics_dir

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = "veridot_http_requests_total"
HEALTHZ = REQUESTS + '{method="GET",route="/healthz",status="200"}'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(port: int, path: str) -> str:
    # A new connection per request, so that the kernel may hand it to either process.
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        text: str = response.read().decode()
        return text


def healthz_total(text: str) -> float:
    for line in text.splitlines():
        if line.startswith(HEALTHZ + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def served_by_each_process(directory: Path) -> list[float]:
    """GET /healthz answers recorded in each server process's own counter file."""
    counts = []
    for path in sorted(directory.glob("counter_*.db")):
        total = 0.0
        for metric in MultiProcessCollector.merge([str(path)]):
            for sample in metric.samples:
                if sample.name == REQUESTS and sample.labels.get("route") == "/healthz":
                    total += sample.value
        counts.append(total)
    return counts


def wait_for_startups(proc: subprocess.Popen[bytes], log: Path, count: int) -> None:
    deadline = time.monotonic() + 120  # two cold starts of the solver stack on a busy machine
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")
        if log.read_text(errors="replace").count("Application startup complete.") >= count:
            return
        time.sleep(0.2)
    pytest.fail("the server processes did not start within 120 s")


@pytest.mark.slow
def test_metrics_add_up_over_server_processes(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmp_path),  # where `serve` makes its metrics directory
        "VERIDOT_POOL_SIZE": "1",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("VERIDOT_METRICS_DIR", None)
    command = [sys.executable, "-m", "veridot", "serve"]
    command += ["--port", str(port), "--workers", "2"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            start_new_session=True,  # its own process group, killed as one below
        )
    try:
        wait_for_startups(proc, log, 2)
        (directory,) = tmp_path.glob("veridot-metrics-*")
        sent = 0
        with ThreadPoolExecutor(8) as threads:
            # Until both processes have answered some (the kernel picks which one accepts).
            while sent < 400 and sum(n > 0 for n in served_by_each_process(directory)) < 2:
                assert all(threads.map(lambda _: get(port, "/healthz"), range(20)))
                sent += 20
        # A request is counted just after its response is sent: let the last ones land.
        settle = time.monotonic() + 10
        while sum(served := served_by_each_process(directory)) < sent:
            assert time.monotonic() < settle, (served, sent)
            time.sleep(0.05)
        assert sum(served) == sent, served
        assert sum(n > 0 for n in served) == 2, served
        # Whichever process answers a scrape, it reports the requests of both.
        for _ in range(8):
            assert healthz_total(get(port, "/metrics")) == sent, served
        text = get(port, "/metrics")
        assert "veridot_pool_busy_workers 0.0" in text  # summed over live processes
        assert "veridot_http_request_duration_seconds_bucket" in text

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, log.read_text(errors="replace")
        assert not directory.exists()  # the temporary metrics directory is removed on exit
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def in_multiprocess_mode(directory: Path, code: str) -> str:
    """Run `code` in a fresh interpreter whose prometheus_client writes to `directory`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), MULTIPROC_ENV: str(directory)}
    command = [sys.executable, "-c", "import veridot.api.service.metrics as m\n" + code]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=60, check=True)
    return done.stdout.decode()


def test_dead_process_counts_but_its_gauges_do_not(tmp_path: Path) -> None:
    # A server process killed without a shutdown: its counts stay, its pool gauges go.
    in_multiprocess_mode(
        tmp_path, "m.POOL_BUSY.set(3)\nm.REQUESTS.labels('/x', 'GET', '200').inc()"
    )
    text = in_multiprocess_mode(
        tmp_path,
        "m.POOL_BUSY.set(1)\nm.REQUESTS.labels('/x', 'GET', '200').inc()\n"
        "print(m.render()[0].decode())",
    )
    assert "veridot_pool_busy_workers 1.0" in text.splitlines()
    assert REQUESTS + '{method="GET",route="/x",status="200"} 2.0' in text.splitlines()


def test_default_metrics_dir_is_temporary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # re-read TMPDIR
    with shared_metrics_dir(None):
        directory = Path(os.environ[MULTIPROC_ENV])
        assert directory.parent == tmp_path
        (directory / "counter_1.db").write_bytes(b"")
    assert MULTIPROC_ENV not in os.environ
    assert not directory.exists()


def test_configured_metrics_dir_loses_only_old_metric_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MULTIPROC_ENV, "/elsewhere")
    directory = tmp_path / "metrics"
    directory.mkdir()
    for name in ("counter_12.db", "gauge_livesum_12.db", "histogram_7.db", "notes.db", "a.txt"):
        (directory / name).write_text("x")
    with shared_metrics_dir(str(directory)):
        assert os.environ[MULTIPROC_ENV] == str(directory)
        assert sorted(p.name for p in directory.iterdir()) == ["a.txt", "notes.db"]
    assert os.environ[MULTIPROC_ENV] == "/elsewhere"
    assert directory.exists()
    with shared_metrics_dir(str(tmp_path / "new" / "dir")):
        assert (tmp_path / "new" / "dir").is_dir()


def test_unusable_metrics_dir_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(typer.Exit) as exit_info, shared_metrics_dir(str(a_file)):
        pass
    assert exit_info.value.exit_code == 2
    assert "VERIDOT_METRICS_DIR" in capsys.readouterr().err
