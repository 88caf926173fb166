"""Diagrams in the page: tabs that follow commands, pinning, terminal refs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_helpers import C1, SCROLL, route, run, show_sample
from sample_state import C2, sample_view

from playground.web.diagrams import render_diagrams

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


def _send_view(page: Any, view: dict[str, Any], seq: int) -> None:
    route(page, {"type": "diagrams", "seq": seq, "html": render_diagrams(view, [], "en")})


def test_updates_morph_in_place_so_identity_focus_and_scroll_survive(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 500})
    show_sample(page)
    page.click("#tab-containers")
    card = f"#ctr-{C1[:12]}"
    page.focus(card)
    scrolled = page.evaluate(
        """(sel) => {
            document.querySelector(sel).__marker = 1;
            const host = document.getElementById('diagrams-host');
            host.scrollTop = 30;
            return host.scrollTop;
        }""",
        card,
    )
    assert scrolled > 0
    view = sample_view()
    view["containers"][0]["status"] = "exited"
    view["containers"][0]["status_text"] = "Exited (0) 1 second ago"
    _send_view(page, view, 20_001)
    page.wait_for_selector(f"{card}.ctr--exited", state="attached")
    same = page.evaluate(
        """(sel) => ({
            marker: document.querySelector(sel).__marker,
            focused: document.activeElement === document.querySelector(sel),
            scroll: document.getElementById('diagrams-host').scrollTop,
        })""",
        card,
    )
    assert same == {"marker": 1, "focused": True, "scroll": scrolled}
    assert "Exited (0) 1 second ago" in page.inner_text(card)
    # Removed, then back: the new element grows in.
    view["containers"] = [c for c in view["containers"] if c["id"] != C2]
    _send_view(page, view, 20_002)
    page.wait_for_selector(f"#ctr-{C2[:12]}", state="detached")
    view["containers"].append(sample_view()["containers"][1])
    _send_view(page, view, 20_003)
    page.wait_for_selector(f"#ctr-{C2[:12]}.is-new", state="attached")


def test_inside_view_has_a_container_picker_that_survives_updates(page: Any) -> None:
    show_sample(page)
    page.click("#tab-inside")
    page.select_option("#inside-picker", label="web1")
    visible = page.locator("#panel-inside .inside:visible")
    assert visible.count() == 1
    assert "web1" in visible.inner_text()
    show_sample(page)
    page.wait_for_timeout(100)
    assert page.locator("#panel-inside .inside:visible").count() == 1
    assert page.input_value("#inside-picker") != ""
    page.select_option("#inside-picker", index=0)
    assert page.locator("#panel-inside .inside:visible").count() >= 3
