"""`veridot check --report html`: one self-contained file, opened in headless Chromium.

The report is written by the CLI from a small dataset (a valid chain, an invalid one whose
text tries to inject markup, an undecided one and an unreadable line), then opened from
disk with every network request refused: the records are listed collapsed, opening one
draws its diagram with the page's colours, arcs and critic messages, and the verdict
filter hides and shows records. Skips cleanly when Chromium or Playwright is absent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from veridot.api.cli.main import app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
INJECTED = "</script><script>window.pwned=1</script><img src=x onerror='window.pwned=2'>"
RECORDS = [
    {"id": "good", "premises": [{"fol": "∀x (Cat(x) → Animal(x))"}, {"fol": "Cat(tom)"}],
     "steps": [{"fol": "Animal(tom)", "text": "Tom is an animal."}]},
    {"id": "bad " + INJECTED, "premises": [{"fol": "P(a)", "text": INJECTED}],
     "steps": [{"fol": "Q(a)", "text": "So " + INJECTED}, {"fol": "Q(a) ∨ R(a)"}]},
    {"id": "open", "premises": [{"fol": "P(a)"}], "steps": [{"fol": "P(a"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    data = folder / "d.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    data.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    out = folder / "report.html"
    env = {"VERIDOT_CACHE": str(folder / "cache.sqlite3")}
    result = CliRunner().invoke(
        app, ["check", str(data), "--report", "html", "--output", str(out)], env=env
    )
    assert result.exit_code == 1, result.output  # an invalid record
    return out


def test_the_file_is_self_contained_and_escapes_record_text(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert "<script src" not in text
    assert "<link" not in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text
    # The record's markup appears only escaped: in HTML text or as \u003c inside JSON.
    assert "<img" not in text
    assert text.count("</script>") == text.count("<script")
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1" in text  # the summary line's id


@pytest.fixture(scope="module")
def page(report: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no chromium executable")
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a browser that cannot start here is an environment issue
            pytest.skip(f"chromium cannot start: {exc}")
        pg = browser.new_page()
        url = report.as_uri()
        outside: list[str] = []

        def only_the_file(route: Any) -> None:
            if route.request.url == url:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        pg.route("**/*", only_the_file)
        pg.goto(url)
        yield pg
        browser.close()
        assert outside == [], f"the report tried to reach the network: {outside}"


def _shown(page: Any) -> list[str]:
    verdicts: list[str] = page.eval_on_selector_all(
        "details.record",
        "ds => ds.filter(d => d.offsetParent !== null).map(d => d.dataset.verdict)",
    )
    return verdicts


@pytest.mark.browser
def test_records_are_listed_collapsed_with_a_summary(page: Any) -> None:
    assert _shown(page) == ["valid", "invalid", "incomplete", "error"]
    assert page.eval_on_selector_all("details.record[open]", "ds => ds.length") == 0
    assert page.locator("svg.diagram").count() == 0  # nothing drawn until opened
    summary = page.text_content("#summary") or ""
    assert "4 records" in summary
    assert page.evaluate("window.pwned") is None


@pytest.mark.browser
def test_opening_a_record_draws_its_diagram(page: Any) -> None:
    page.click("details.record[data-verdict=invalid] > summary")
    svg = "details.record[data-verdict=invalid] svg.diagram"
    page.wait_for_selector(svg + " g.node")
    nodes = page.eval_on_selector_all(
        svg + " g.node",
        """gs => gs.map(g => ({id: g.dataset.id, status: g.dataset.status,
            label: g.querySelector('text').textContent,
            fill: getComputedStyle(g.querySelector('rect')).fill,
            message: g.querySelector('text.msg').textContent}))""",
    )
    by_id = {n["id"]: n for n in nodes}
    assert [n["id"] for n in nodes] == ["p0", "s0", "s1"]
    assert by_id["s0"]["status"] == "unsupported"
    assert by_id["s0"]["fill"] == "rgb(255, 224, 178)"  # the page's unsupported colour
    # The critic's message is drawn beside the node, as the JSON report has it.
    data = page.text_content("details.record[data-verdict=invalid] script.data")
    s0 = next(n for n in json.loads(data)["nodes"] if n["id"] == "s0")
    assert s0["message"].startswith("Step s0 does not follow")
    assert by_id["s0"]["message"].replace(" ", "") == s0["message"].replace(" ", "")
    assert by_id["p0"]["label"] == "p0 · premise"  # the status is not repeated
    assert by_id["s0"]["label"] == "s0 · proposer · unsupported"
    # s1 follows from the unsupported s0: a red dashed arc joins them.
    assert page.locator(svg + ' path.invalid[data-src="s0"][data-dst="s1"]').count() == 1
    assert page.evaluate("window.pwned") is None


@pytest.mark.browser
def test_the_verdict_filter_hides_and_shows_records(page: Any) -> None:
    page.uncheck("input[data-filter=valid]")
    page.uncheck("input[data-filter=error]")
    assert _shown(page) == ["invalid", "incomplete"]
    page.check("input[data-filter=valid]")
    assert _shown(page) == ["valid", "invalid", "incomplete"]
    page.check("input[data-filter=error]")
