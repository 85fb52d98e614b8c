"""The HTML report (`veridot check --report html`): its size and how long Chromium takes to open.

    python bench/bench_html_report.py --data ../shared/data/processbench/dataset [--runs 5]
    python bench/bench_html_report.py --report report.html          # an existing report

With `--data`, writes the report of every `.json` / `.jsonl` file there first (through the
CLI, with its own cache in a temporary folder unless `--cache PATH` is given: a second run
with the same cache only re-renders). Then opens the file in headless Chromium (Debian's
/usr/bin/chromium through Playwright, every network request refused) `--runs` times and
prints the file size, the time to `DOMContentLoaded` and to `load` (the summary table is
usable then), the time to open one invalid record (its diagram drawn), and the time to hide
every valid record with the filter. Times are wall-clock: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def write_report(data: Path, out: Path, cache: Path) -> float:
    files = sorted(str(p) for p in data.iterdir() if p.suffix in (".json", ".jsonl"))
    env = {**os.environ, "VERIDOT_CACHE": str(cache)}
    started = time.perf_counter()
    code = [sys.executable, "-m", "veridot", "check", *files]
    subprocess.run([*code, "--report", "html", "-o", str(out)], cwd=ROOT, env=env, check=False)
    return time.perf_counter() - started


def open_times(report: Path, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    url = report.resolve().as_uri()
    times: dict[str, list[float]] = {"dom_s": [], "load_s": [], "open_record_s": [], "filter_s": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            started = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded", timeout=600_000)
            times["dom_s"].append(time.perf_counter() - started)
            page.wait_for_load_state("load", timeout=600_000)
            times["load_s"].append(time.perf_counter() - started)
            record = "details.record[data-verdict=invalid]"
            if page.locator(record).count():
                t = time.perf_counter()
                page.click(record + " > summary")
                page.wait_for_selector(record + " svg.diagram g.node")
                times["open_record_s"].append(time.perf_counter() - t)
            t = time.perf_counter()
            page.uncheck("input[data-filter=valid]")
            page.evaluate("() => document.body.offsetHeight")  # force the re-layout
            times["filter_s"].append(time.perf_counter() - t)
            page.close()
        browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="a folder of .json / .jsonl datasets")
    ap.add_argument("--report", type=Path, help="an existing HTML report (else one is written)")
    ap.add_argument("--cache", type=Path, help="result cache for writing the report")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if args.report is None and args.data is None:
        ap.error("give --data or --report")
    with tempfile.TemporaryDirectory() as tmp:
        report = args.report or Path(tmp) / "report.html"
        result: dict[str, object] = {}
        if args.report is None:
            cache = args.cache or Path(tmp) / "cache.sqlite3"
            result["write_s"] = round(write_report(args.data, report, cache), 2)
        result["bytes"] = report.stat().st_size
        result["records"] = report.read_text(encoding="utf-8").count('<details class="record"')
        for name, values in open_times(report, args.runs).items():
            if values:
                result[name] = round(statistics.median(values), 3)
                result[name + "_max"] = round(max(values), 3)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
