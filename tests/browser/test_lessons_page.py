"""Lessons in the page: a learner works through steps by clicking "run" and by typing, progress
advances and survives a reload; docs mode renders a sample page whose block runs in the terminal.
Screenshots of the lesson column at desktop and tablet sizes in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_helpers import INPUT, SCROLL, run

pytestmark = pytest.mark.browser

LESSON = "#lessons.lesson[data-lesson=images-and-containers]"
STEP_WAIT = 20_000  # a pull animates for a few seconds before the check runs


def open_first_lesson(page: Any) -> None:
    page.wait_for_selector("#lesson-drawer:not([hidden])")
    page.click("#lesson-card-images-and-containers a")
    page.wait_for_selector(LESSON)


def progress(page: Any) -> str:
    return str(page.get_attribute("#lesson-progress", "value"))


def test_first_lesson_three_steps_then_reload_resumes(page: Any) -> None:
    open_first_lesson(page)
    assert page.get_attribute("#lessons .lesson-step.is-current", "id") == "step-pull-nginx"
    assert progress(page) == "0"

    # Step 1 by clicking "run" on the step's block: it goes to the terminal as typed input.
    page.click("#step-pull-nginx .runnable button[data-action=run]")
    page.wait_for_selector("#step-pull-nginx.is-done", timeout=STEP_WAIT)
    assert "$ docker pull nginx" in page.inner_text(SCROLL)
    assert progress(page) == "1"
    assert page.inner_text("#lesson-moment").startswith("✓ Step 1 done: ")
    assert "Step 1 done" in page.inner_text("#narration")

    # Step 2 by typing; a command that does not fit leaves the step open.
    run(page, "docker ps")
    page.wait_for_selector("text=CONTAINER ID")
    assert page.get_attribute("#lessons .lesson-step.is-current", "id") == "step-list-images"
    run(page, "docker images")
    page.wait_for_selector("#step-list-images.is-done", timeout=STEP_WAIT)
    assert progress(page) == "2"

    # Step 3: "run" again; the container appears in the diagram as well.
    page.click("#step-first-container .runnable button[data-action=run]")
    page.wait_for_selector("#step-first-container.is-done", timeout=STEP_WAIT)
    assert progress(page) == "3"
    assert page.inner_text("#lesson-progress-text") == "3 of 7 steps done"
    page.wait_for_selector("#diagrams [data-refs~=my-nginx]", state="attached")

    page.reload()
    page.wait_for_selector("#conn-state[data-state=open]")
    page.wait_for_selector(LESSON)
    assert progress(page) == "3"
    current = page.get_attribute("#lessons .lesson-step.is-current", "id")
    assert current == "step-list-containers"
    assert page.is_visible(f"#{current} .step-body")
    assert page.errors == []  # type: ignore[attr-defined]


def test_hints_unlock_one_by_one_and_reset_step_runs_setup_out_of_sight(page: Any) -> None:
    open_first_lesson(page)
    page.click("#pull-nginx-hint")
    page.wait_for_selector("#step-pull-nginx .step-hints li")
    assert page.locator("#step-pull-nginx .step-hints li").count() == 1
    # The only hint is out, its button is gone: focus stays in the step, on the next action.
    assert page.evaluate("document.activeElement.id") == "pull-nginx-solution"
    page.click("#pull-nginx-solution")
    page.wait_for_selector("#step-pull-nginx .step-solution")
    # Skipping to step 2 and resetting it pulls nginx in the hidden terminal: no tab, no echo.
    page.click("#pull-nginx-skip")
    page.wait_for_selector("#step-pull-nginx.is-done")
    page.click("#list-images-reset")
    page.wait_for_selector("#diagrams [data-refs~=nginx]", state="attached", timeout=STEP_WAIT)
    assert page.locator(".term-tab").count() == 1
    assert "docker pull" not in page.inner_text(SCROLL)


def test_docs_mode_page_renders_and_its_multiline_block_runs(page: Any) -> None:
    page.wait_for_selector("#lesson-drawer:not([hidden])")
    page.click("#lessons .lessons-index__docs a")
    page.wait_for_selector("#docs.docs-index")
    page.click("#docs .lesson-card a[href$='basics/volumes']")
    page.wait_for_selector("#docs.doc")
    assert page.locator("#docs .admonition-caution").count() == 1
    # Heading anchors (Chinese ones too) scroll the column; the playground stays where it is.
    page.click("#docs .doc-toc a[href='#启动一个数据库mysql']")
    assert page.url.endswith("/") and page.locator("#docs.doc").count() == 1
    page.click("#docs .runnable button[data-action=run] >> nth=0")
    # The `\` block ran as one command: the container exists with everything its flags said.
    page.wait_for_selector("#diagrams [data-refs~=db]", state="attached", timeout=STEP_WAIT)
    text = page.inner_text(SCROLL)
    run_line = "docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v db-data:/var/lib/mysql"
    assert f"$ {run_line} mysql:8.0\ndocker ps\n" in text
    assert "invalid" not in text.lower()


def test_terminal_tabs_can_be_closed(page: Any) -> None:
    assert page.is_hidden("#term-close-t1")
    page.click("#term-add")
    page.wait_for_selector("#term-tab-t2")
    assert page.is_visible("#term-close-t1")
    page.click("#term-close-t2")
    assert page.locator("#term-tab-t2").count() == 0
    assert page.is_hidden("#term-close-t1")
    page.fill(INPUT, "echo still here")
    page.press(INPUT, "Enter")
    page.wait_for_selector(f"{SCROLL} >> text=still here")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("size", [(1280, 800), (820, 1180)], ids=["desktop", "tablet"])
def test_screenshots_of_the_lesson_column(
    browser: Any, live_server_url: str, screenshots: Path, size: tuple[int, int], lang: str
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server_url}])
    page = context.new_page()
    try:
        page.goto(live_server_url + "/")
        page.wait_for_selector("#conn-state[data-state=open]")
        if page.is_hidden("#lesson-drawer"):
            page.click("#lesson-toggle")
        page.screenshot(path=str(screenshots / f"lessons-index-{lang}-{width}x{height}.png"))
        open_first_lesson(page)
        page.click("#pull-nginx-hint")
        page.wait_for_selector("#step-pull-nginx .step-hints li")
        page.click("#step-pull-nginx .runnable button[data-action=run]")
        page.wait_for_selector("#step-pull-nginx.is-done", timeout=STEP_WAIT)
        page.wait_for_timeout(700)  # let the step-complete moment finish animating
        page.screenshot(path=str(screenshots / f"lesson-{lang}-{width}x{height}.png"))
        if lang == "en":
            page.click("#theme-toggle")
            page.screenshot(path=str(screenshots / f"lesson-dark-{width}x{height}.png"))
            page.evaluate("localStorage.removeItem('theme')")
    finally:
        context.close()
