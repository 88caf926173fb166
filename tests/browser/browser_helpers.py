"""Helpers shared by the browser tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# The hand-made engine view used by the unit tests doubles as the screenshots' state.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "playground" / "web"))
from sample_state import C1, sample_view

from playground.web.diagrams import render_diagrams

INPUT = "#term-t1 .term__input"
SCROLL = "#term-t1 .term__scroll"

__all__ = ["C1", "INPUT", "SCROLL", "outcome", "route", "run", "show_sample"]


def run(page: Any, line: str) -> None:
    """Type a line into terminal t1 and press Enter."""
    page.fill(INPUT, line)
    page.press(INPUT, "Enter")


def route(page: Any, message: dict[str, Any]) -> None:
    """Hand a server message to the page's router, as if the websocket had delivered it."""
    page.evaluate("m => window.playground.route(m)", message)


def outcome(frames: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    message = {
        "type": "outcome",
        "seq": 1,
        "tty": "t1",
        "id": None,
        "input": "",
        "frames": frames,
        "exit_code": 0,
        "prompt": "$ ",
        "mode": "shell",
        "clear": False,
        "events": [],
        "narration": [],
    }
    return {**message, **fields}


def show_sample(page: Any, events: list[dict[str, Any]] | None = None, lang: str = "en") -> None:
    html = render_diagrams(sample_view(), events or [], lang)
    route(page, {"type": "diagrams", "seq": 10_000, "html": html})
    page.wait_for_selector(f"#ctr-{C1[:12]}", state="attached")
