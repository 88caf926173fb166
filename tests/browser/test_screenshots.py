"""Screenshots of every diagram view at desktop and tablet sizes, for a person to look at.

State: two images sharing layers, three nginx containers (one with a copied-up file and a
whiteout), a volume and a host bind mount, a build with cache hits. Saved under
test-output/screenshots/<view>-<width>x<height>.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_helpers import C1, outcome, route, show_sample

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ("images", "containers", "inside", "volumes", "build", "disk")


def _frame(text: str, stream: str = "stdout", key: str | None = None) -> dict[str, Any]:
    return {"text": text, "stream": stream, "at": 0, "key": key}


def _history(page: Any) -> None:
    route(
        page,
        outcome(
            [
                _frame("Using default tag: latest\n"),
                _frame("latest: Pulling from library/nginx\n"),
                _frame("648e0aadf75a: Pull complete\n", key="a"),
                _frame("b0f2c5e1d3a4: Pull complete\n", key="b"),
                _frame("c9d8e7f6a5b4: Pull complete\n", key="c"),
                _frame(
                    "Digest: sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n"
                ),
                _frame("Status: Downloaded newer image for nginx:latest\n"),
                _frame("docker.io/library/nginx:latest\n"),
            ],
            id="a",
            input="docker pull nginx",
        ),
    )
    route(
        page,
        outcome(
            [_frame(C1 + "\n")],
            id="b",
            input="docker run -d -p 8001:80 -v site-data:/data --name web1 nginx",
        ),
    )
    route(
        page,
        outcome(
            [],
            id="c",
            input="docker exec web1 sh -c 'echo hi > /usr/share/nginx/html/index.html'",
            narration=["copied /usr/share/nginx/html/index.html up into web1's writable layer"],
        ),
    )
    route(
        page,
        outcome(
            [
                _frame(
                    "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                                   NAMES\n"
                ),
                _frame(
                    f'{C1[:12]}   nginx     "/docker-entrypoint.…"   3 minutes ago   Up 3 minutes   0.0.0.0:8001->80/tcp, [::]:8001->80/tcp   web1\n'
                ),
            ],
            id="d",
            input="docker ps",
        ),
    )


@pytest.mark.parametrize("size", [(1280, 800), (820, 1180)], ids=["desktop", "tablet"])
def test_screenshots_of_every_view(page: Any, screenshots: Path, size: tuple[int, int]) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    show_sample(page)
    _history(page)
    page.wait_for_selector(f"#term-t1 .ref[data-ref='{C1[:12]}']")
    page.wait_for_function(
        "() => document.querySelector('#term-t1 .term__scroll').textContent.includes('docker ps')"
    )
    for tab in TABS:
        page.click(f"#tab-{tab}")
        page.wait_for_timeout(450)  # let the enter animations finish
        page.screenshot(path=str(screenshots / f"{tab}-{width}x{height}.png"))
    page.click("#theme-toggle")
    page.click("#tab-inside")
    page.wait_for_timeout(200)
    page.screenshot(path=str(screenshots / f"inside-dark-{width}x{height}.png"))
    page.evaluate("localStorage.removeItem('theme')")
    assert page.errors == []
