"""The diagram page in headless Chromium: paste an example, verify, see coloured nodes.

Starts uvicorn on a free loopback port and drives Debian's Chromium through Playwright (no
browser download). Every request the page makes must go to that server (no CDN, no network).
Skips cleanly when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from app_fixtures import serve_in_thread, settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

# The page's palette (api/static/app.js), as Chromium reports computed fills.
FILLS = {
    "entailed": "rgb(200, 230, 201)",
    "contradicted": "rgb(255, 205, 210)",
    "unsupported": "rgb(255, 224, 178)",
    "inconsistent": "rgb(225, 190, 231)",
    "unknown": "rgb(255, 249, 196)",
    "untranslated": "rgb(224, 224, 224)",
    "no_claim": "rgb(245, 245, 245)",
    "premise": "rgb(187, 222, 251)",
    "problem": "rgb(187, 222, 251)",
    "critic": "rgb(215, 204, 200)",
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from veridot.api.service.app import create_app

    yield from serve_in_thread(create_app(settings(pool_size=1)))


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no chromium executable")
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a browser that cannot start here is an environment issue
            pytest.skip(f"chromium cannot start: {exc}")
        pg = browser.new_page()
        outside: list[str] = []

        def only_loopback(route: Any) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        pg.route("**/*", only_loopback)
        pg.goto(server + "/")
        yield pg
        browser.close()
        assert outside == [], f"the page tried to reach the network: {outside}"


def _drawn(page: Any) -> list[dict[str, str]]:
    nodes: list[dict[str, str]] = page.eval_on_selector_all(
        "#diagram g.node",
        """gs => gs.map(g => ({
            id: g.dataset.id, status: g.dataset.status,
            fill: getComputedStyle(g.querySelector('rect')).fill,
            message: g.querySelector('text.msg').textContent}))""",
    )
    return nodes


def _verify_example(page: Any, name: str) -> list[dict[str, str]]:
    page.evaluate("document.getElementById('verdict').replaceChildren()")
    page.click(f"[data-example={name}]")
    page.click("#verify")
    page.wait_for_selector("#verdict strong", timeout=20_000)
    return _drawn(page)


def test_chain_nodes_are_drawn_with_verdict_colours(page: Any) -> None:
    nodes = _verify_example(page, "chain")
    assert [n["id"] for n in nodes] == ["p0", "p1", "p2", "s0", "s1", "s2", "s3"]
    assert page.locator("#diagram path.use").count() >= 2
    for node in nodes:
        assert node["fill"] == FILLS[node["status"]], node
    status = {n["id"]: n["status"] for n in nodes}
    assert status["s0"] == "entailed"
    assert status["s1"] == "unsupported"
    assert status["s2"] == "contradicted"
    # The critic's message is drawn beside the invalid steps.
    by_id = {n["id"]: n for n in nodes}
    assert by_id["s1"]["message"].strip()
    assert by_id["s2"]["message"].strip()
    assert page.text_content("#verdict strong") == "invalid"
    # s3 follows from the unsupported s1: a red dashed arc joins them.
    assert status["s3"] == "entailed"
    assert page.locator('#diagram path.invalid[data-src="s1"][data-dst="s3"]').count() == 1


def test_dot_transcript_is_drawn_with_annotated_transcript(page: Any) -> None:
    nodes = _verify_example(page, "dot")
    status = {n["id"]: n["status"] for n in nodes}
    assert len(nodes) >= 3
    assert "entailed" in status.values()
    assert "contradicted" in status.values()
    for node in nodes:
        assert node["fill"] == FILLS[node["status"]], node
    assert "@status" in (page.text_content("#transcript") or "")


def test_syntax_error_is_shown_with_position(page: Any) -> None:
    page.fill("#source", "<problem>\n@node id=1 role=problem\nTom is a cat.\n</proposer>")
    page.click("#verify")
    page.wait_for_selector("#status.error", timeout=20_000)
    shown = page.text_content("#status") or ""
    assert "syntax_error" in shown
    assert "line 4" in shown
