"""The page from 1280 px down to 768 px with a lesson open: the terminal stays visible, unobstructed
and usable; nothing scrolls sideways; touch targets are at least 40 px on tablets.

Screenshots: test-output/screenshots/tablet-lesson-<width>x<height>.png (and -diagrams- for the
portrait switcher)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import INPUT, SCROLL, run

pytestmark = pytest.mark.browser

LESSON = "#lessons.lesson[data-lesson=images-and-containers]"
SIZES = [(1280, 800), (1024, 768), (768, 1024)]
SIZE_IDS = ["1280x800", "1024x768", "768x1024"]
MIN_TARGET = 40


@pytest.fixture
def sized_page(browser: Any, live_server_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The page at request.param = (width, height) or (width, height, "touch")."""
    width, height, *pointer = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=pointer == ["touch"]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server_url + "/")
    page.wait_for_selector("#conn-state[data-state=open]", timeout=10_000)
    page.errors = errors
    try:
        yield page
    finally:
        context.close()


def open_lesson(page: Any) -> None:
    if page.is_hidden("#lesson-drawer"):
        page.click("#lesson-toggle")
    page.click("#lesson-card-images-and-containers a")
    page.wait_for_selector(LESSON)
    page.wait_for_timeout(350)  # the drawer and the step animations settle


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def assert_terminal_in_view_and_unobstructed(page: Any) -> None:
    viewport = page.viewport_size
    line = box(page, "#term-t1 .term__line")
    assert line["x"] >= 0 and line["y"] >= 0
    assert line["x"] + line["width"] <= viewport["width"]
    assert line["y"] + line["height"] <= viewport["height"]
    assert line["width"] >= 300, "the command line is too narrow to type into"
    terminal = box(page, "#terminals")
    assert terminal["height"] >= 160, "too few terminal lines visible"
    # Whatever sits on top at the command line's corners and centre is the terminal itself.
    covered = page.evaluate(
        """() => {
            const line = document.querySelector('#term-t1 .term__line').getBoundingClientRect();
            const points = [[line.left + 4, line.top + 4], [line.right - 4, line.top + 4],
                            [line.left + line.width / 2, line.top + line.height / 2]];
            return points.map(([x, y]) => document.elementFromPoint(x, y))
                         .filter((el) => !el || !el.closest('#term-t1'))
                         .map((el) => el ? (el.id || el.className || el.tagName) : 'nothing');
        }"""
    )
    assert covered == []


def assert_no_sideways_scroll(page: Any) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]


def assert_diagram_tabs_on_one_row(page: Any) -> None:
    rows = page.evaluate(
        "() => [...document.querySelectorAll('.diagram-tabs > *')].map((el) => {"
        " const r = el.getBoundingClientRect(); return [r.top, r.bottom]; })"
    )
    # On one row every tab starts above the point where the first one to end ends.
    assert max(top for top, _ in rows) < min(bottom for _, bottom in rows), rows


def small_targets(page: Any) -> list[str]:
    """Visible controls smaller than MIN_TARGET in either direction."""
    return page.evaluate(
        """(min) => [...document.querySelectorAll(
                'button, select, summary, a[href], [role=tab], .lesson-step summary')]
            .filter((el) => el.checkVisibility() && !el.closest('.visually-hidden, .skip-link'))
            .filter((el) => { const r = el.getBoundingClientRect();
                              return r.width > 0 && (r.width < min || r.height < min); })
            .filter((el) => !el.closest('.step-body p, .step-body li, .lesson-intro p, .doc-body p'))
            .map((el) => `${el.id || el.className || el.tagName}: ${
                Math.round(el.getBoundingClientRect().width)}x${
                Math.round(el.getBoundingClientRect().height)}`)""",
        MIN_TARGET,
    )


@pytest.mark.parametrize("sized_page", SIZES, ids=SIZE_IDS, indirect=True)
def test_an_open_lesson_leaves_the_terminal_visible_and_usable(
    sized_page: Any, screenshots: Path
) -> None:
    page = sized_page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    open_lesson(page)
    assert page.is_visible("#lessons .lesson-step.is-current")
    lesson = box(page, "#lesson-drawer")
    assert not overlap(lesson, box(page, "#terminals"))
    assert_terminal_in_view_and_unobstructed(page)
    assert_no_sideways_scroll(page)
    # Usable: typing goes to the terminal and its answer shows while the lesson stays open.
    page.click(INPUT)
    run(page, "echo typed beside the lesson")
    page.wait_for_selector(f"{SCROLL} >> text=typed beside the lesson")
    assert page.is_visible("#lessons .lesson-step.is-current")
    assert_terminal_in_view_and_unobstructed(page)
    page.screenshot(path=str(screenshots / f"tablet-lesson-{width}x{height}.png"))
    if width < 1280:
        assert small_targets(page) == []
    assert page.errors == []


@pytest.mark.parametrize("sized_page", SIZES, ids=SIZE_IDS, indirect=True)
def test_the_diagrams_stay_reachable_with_the_lesson_open(
    sized_page: Any, screenshots: Path
) -> None:
    page = sized_page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    open_lesson(page)
    page.click("#step-pull-nginx .runnable button[data-action=run]")
    page.wait_for_selector("#step-pull-nginx.is-done", timeout=20_000)
    if page.is_visible("#lower-switch"):
        # Portrait: lesson and diagrams share the space under the terminal; a switch flips them.
        assert page.get_attribute("#lower-switch-diagrams", "aria-selected") == "false"
        assert "touched" in (page.get_attribute("#lower-switch-diagrams", "class") or "")
        page.click("#lower-switch-diagrams")
        assert page.is_hidden("#lesson-drawer")
    page.wait_for_selector("#diagrams [data-refs~=nginx]")
    page.wait_for_timeout(900)  # the pulled layers finish dropping in
    assert page.is_visible("#panel-images")
    assert_diagram_tabs_on_one_row(page)
    diagrams = box(page, ".diagram-pane")
    assert diagrams["y"] < height, "the diagrams are below the fold"
    assert not overlap(diagrams, box(page, "#terminals"))
    assert_terminal_in_view_and_unobstructed(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(screenshots / f"tablet-diagrams-{width}x{height}.png"))
    if page.is_visible("#lower-switch"):
        page.click("#lower-switch-lesson")
        assert page.is_visible("#lessons .lesson-step.is-current")
        assert page.is_hidden(".diagram-pane")
    assert page.errors == []


@pytest.mark.parametrize("sized_page", SIZES[1:], ids=SIZE_IDS[1:], indirect=True)
def test_without_a_lesson_the_page_has_big_enough_targets(
    sized_page: Any, screenshots: Path
) -> None:
    page = sized_page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    if page.is_visible("#lesson-drawer"):
        page.click("#lesson-close")
    assert page.is_hidden("#lower-switch")
    assert_terminal_in_view_and_unobstructed(page)
    assert_no_sideways_scroll(page)
    assert small_targets(page) == []
    page.screenshot(path=str(screenshots / f"tablet-no-lesson-{width}x{height}.png"))


@pytest.mark.parametrize("sized_page", [(768, 1024)], ids=["768x1024"], indirect=True)
def test_a_name_clicked_in_the_terminal_brings_the_diagrams_over_the_lesson(
    sized_page: Any,
) -> None:
    page = sized_page
    open_lesson(page)
    page.click("#step-pull-nginx .runnable button[data-action=run]")
    page.wait_for_selector("#step-pull-nginx.is-done", timeout=20_000)
    assert page.is_hidden(".diagram-pane")
    page.click(f"{SCROLL} .ref >> nth=0")
    assert page.get_attribute("#lower-switch-diagrams", "aria-selected") == "true"
    assert page.is_hidden("#lesson-drawer")
    assert page.is_visible("#panel-images")
    assert_terminal_in_view_and_unobstructed(page)
    # Closing the lesson from the switch gives the whole space under the terminal to the diagrams.
    page.click("#lower-switch .lower-switch__close")
    assert page.is_hidden("#lower-switch")
    assert page.is_visible(".diagram-pane")
    assert page.get_attribute("#lesson-toggle", "aria-expanded") == "false"


@pytest.mark.parametrize(
    "sized_page", [(1280, 800, "touch")], ids=["1280x800-touch"], indirect=True
)
def test_a_wide_touch_screen_gets_touch_sized_targets_too(
    sized_page: Any, screenshots: Path
) -> None:
    page = sized_page
    open_lesson(page)
    assert_terminal_in_view_and_unobstructed(page)
    assert_no_sideways_scroll(page)
    assert small_targets(page) == []
    assert_diagram_tabs_on_one_row(page)
    page.screenshot(path=str(screenshots / "tablet-lesson-1280x800-touch.png"))
