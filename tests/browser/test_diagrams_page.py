"""Diagrams in the page: tabs that follow commands, pinning, terminal refs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_helpers import C1, SCROLL, route, run, show_sample

pytestmark = pytest.mark.browser


def test_diagrams_swap_bring_the_touched_tab_forward_unless_pinned(page: Any) -> None:
    show_sample(page, [{"kind": "file.copied_up", "container": C1, "name": "web1", "path": "/x"}])
    page.wait_for_function(
        "() => document.querySelector('#tab-inside').getAttribute('aria-selected') === 'true'"
    )
    assert page.is_visible("#panel-inside")
    page.click("#tab-images")
    page.click("#tab-pin")
    show_sample(page, [{"kind": "container.started", "container": C1, "name": "web1"}])
    page.wait_for_timeout(300)
    assert page.get_attribute("#tab-images", "aria-selected") == "true"
    assert "touched" in (page.get_attribute("#tab-containers", "class") or "")


def test_names_in_output_highlight_their_diagram_element(page: Any) -> None:
    show_sample(page)
    route(
        page,
        {
            "type": "outcome",
            "seq": 1,
            "tty": "t1",
            "id": None,
            "input": "",
            "frames": [{"text": f"{C1}\nweb1 is up\n", "stream": "stdout", "at": 0, "key": None}],
            "exit_code": 0,
            "prompt": "$ ",
            "mode": "shell",
            "clear": False,
            "events": [],
            "narration": ["web1 is running"],
        },
    )
    page.wait_for_selector('#term-t1 .ref[data-ref="web1"]')
    assert page.get_attribute("#term-t1 .ref >> nth=0", "data-ref") == C1[:12]
    page.click("#tab-containers")
    page.hover('#term-t1 .ref[data-ref="web1"]')
    assert "hl" in (page.get_attribute(f"#ctr-{C1[:12]}", "class") or "")
    assert page.inner_text("#narration") == "web1 is running"


# The lead removes this mark once `docker run` lands in the engine.
def test_docker_run_appears_in_the_containers_diagram(page: Any) -> None:
    run(page, "docker run -d -p 8001:80 --name web1 nginx")
    page.wait_for_selector(
        "#panel-containers .ctr-card .ctr-card__name:text-is('web1')", timeout=8000
    )
    assert page.get_attribute("#tab-containers", "aria-selected") == "true"
    assert page.inner_text("#panel-containers .port-tag") == "8001→80"
    # The pull animation plays first; the container id is the last line.
    page.wait_for_function(
        "s => /[0-9a-f]{64}\\n$/.test(document.querySelector(s).textContent)",
        arg=SCROLL,
        timeout=15_000,
    )
    assert re.search(
        r"^Status: Downloaded newer image for nginx:latest$", page.text_content(SCROLL), re.M
    )


def test_published_port_opens_in_a_sandboxed_frame(page: Any) -> None:
    run(page, "docker run -d -p 8001:80 --name web1 nginx")
    page.click("#tab-containers")
    page.click("#panel-containers .port-open[data-port='8001']", timeout=8000)
    assert page.is_visible("#port-preview")
    assert page.text_content("#port-preview-title") == "localhost:8001"
    assert page.get_attribute("#port-frame", "sandbox") == ""
    frame = page.frame_locator("#port-frame")
    assert frame.locator("h1").text_content(timeout=5000) == "Welcome to nginx!"
    response = page.request.get(page.url + "port/8001/")
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["x-content-type-options"] == "nosniff"
