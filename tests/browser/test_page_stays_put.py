"""The page itself never scrolls: every pane scrolls inside its own box.

A page taller than the window slid the top bar out of sight whenever a lesson step or a diagram
item was revealed (the lesson pane's visually hidden live region overflowed the document).
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (768, 1024)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_with_a_long_lesson_open_the_page_is_one_window_tall(
    page: Any, live_server_url: str, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server_url}/lessons/compose-basics/")
    page.wait_for_selector("#lessons.lesson[data-lesson=compose-basics]", state="attached")
    assert page.evaluate("document.scrollingElement.scrollHeight") == height
    page.evaluate("window.scrollTo(0, 500)")
    assert page.evaluate("window.scrollY") == 0
