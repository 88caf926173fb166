"""The page view and the published-port preview."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from playground.web import views

pytestmark = pytest.mark.django_db


def test_page_renders_terminal_tabs_and_diagrams(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="term__prompt">$ </span>' in html
    assert '<section id="diagrams"' in html
    assert "htmx-2.min.js" in html
    assert 'hx-post="/session/lang"' in html
    assert ">Images &amp; layers</button>" in html
    assert 'id="page-config" type="application/json"' in html
    assert response.cookies.get("sessionid")  # the websocket needs the session cookie


def test_page_speaks_chinese_when_chosen(client: Client) -> None:
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "<title>Docker 练习场</title>" in html
    assert ">镜像与分层</button>" in html
    assert "正在连接…" in html


class FakeEngine:
    def view(self) -> dict[str, Any]:
        return views.EMPTY_VIEW

    def prompt(self, tty: str) -> str:
        return "$ "

    def http_get(self, port: int, path: str) -> tuple[int, dict[str, str], str]:
        assert (port, path) == (8001, "/index.html")
        return (
            200,
            {"Content-Type": "text/html", "Content-Security-Policy": "none"},
            ("<h1>Welcome to nginx!</h1><script>parent.x=1</script>"),
        )


def test_published_port_is_sandboxed(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    async def fake(request: object, port: int, path: str) -> tuple[int, dict[str, str], str]:
        assert (port, path) == (8001, "/index.html")
        headers = {"Content-Type": "text/html", "Content-Security-Policy": "default-src *"}
        return 200, headers, "<h1>Welcome to nginx!</h1><script>window.top.x=1</script>"

    monkeypatch.setattr(views, "published_port_response", fake)
    response = client.get("/port/8001/index.html")
    assert response.status_code == 200
    # The program's own CSP never replaces ours.
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/html"
    assert b"<h1>Welcome to nginx!</h1>" in response.content


def test_nothing_published_answers_like_curl_and_stays_sandboxed(client: Client) -> None:
    response = client.get("/port/8002/")
    assert response.status_code == 502
    assert response["Content-Security-Policy"] == "sandbox"
    assert "curl: (7) Failed to connect to localhost port 8002" in response.content.decode()


def test_page_resumes_the_open_lesson_at_its_step(client: Client) -> None:
    client.get("/lessons/images-and-containers/")
    client.post("/lessons/images-and-containers/pull-nginx/complete")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="lesson-pane"' in page
    assert 'data-lesson="images-and-containers"' in page
    assert 'class="lesson-step is-current" data-step="list-images"' in page.replace(
        'id="step-list-images" ', ""
    )
    # Back to the picker: free play, and the page shows the lesson list next time.
    client.get("/lessons/")
    assert 'class="lessons-index"' in client.get("/").content.decode()
