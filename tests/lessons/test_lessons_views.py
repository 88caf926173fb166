"""The lesson fragments, the progress endpoints and ``progress.evaluate``."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from engine.io import Frame, Outcome
from playground.lessons.models import StepProgress
from playground.lessons.progress import evaluate

pytestmark = pytest.mark.django_db

SAMPLE_DOCS = "lessons/docs-sample"


@pytest.fixture(autouse=True)
def lesson_urls(settings: Any) -> None:
    # The project's root urls may not include the app yet; these tests mount it themselves.
    settings.ROOT_URLCONF = "tests.lessons.urls"
    settings.PLAYGROUND_DOCS_DIR = SAMPLE_DOCS
    settings.LANGUAGE_CODE = "zh-hans"


def nginx_view() -> dict[str, Any]:
    return {
        "images": [{"id": "sha256:" + "a" * 64, "tags": ["nginx:latest"], "layers": ["l"]}],
        "containers": [],
        "volumes": [],
        "networks": [],
        "ports": [],
        "build": None,
    }


def test_evaluate_advances_one_step_per_command() -> None:
    view = nginx_view()
    first = evaluate("s1", "images-and-containers", view, None)
    assert (first.step, first.passed, first.next_step) == ("pull-nginx", True, "list-images")
    assert (first.completed, first.total) == (1, 7)
    again = evaluate("s1", "images-and-containers", view, {"exit_code": 0, "input": "docker ps"})
    assert (again.step, again.passed, again.next_step) == ("list-images", False, "list-images")
    done = evaluate(
        "s1",
        "images-and-containers",
        view,
        {"exit_code": 0, "input": "docker images", "output": ""},
    )
    assert done.passed and done.next_step == "first-container"
    # The runtime passes the engine's Outcome itself.
    outcome = Outcome(input="docker ps", frames=[Frame("x\n")], exit_code=0, prompt="$ ")
    assert evaluate("s1", "images-and-containers", view, outcome).step == "first-container"
    assert StepProgress.objects.filter(session_key="s1", completed_at__isnull=False).count() == 2


def test_evaluate_reports_nearly_messages() -> None:
    for step in ("pull-nginx", "list-images"):
        StepProgress.objects.create(
            session_key="s2",
            lesson="images-and-containers",
            step=step,
            completed_at="2026-01-01T00:00:00Z",
        )
    view = nginx_view()
    view["containers"] = [
        {
            "id": "c" * 64,
            "name": "my-nginx",
            "image_id": "sha256:" + "a" * 64,
            "image_ref": "nginx",
            "status": "exited",
            "exit_code": 0,
        }
    ]
    result = evaluate("s2", "images-and-containers", view, None, "en")
    assert not result.passed
    assert result.nearly == (
        "my-nginx exists but is not running. Check its status with docker ps -a."
    )
    assert evaluate("s2", "images-and-containers", view, None).nearly == (
        "容器 my-nginx 已经存在，但没有在运行。用 docker ps -a 看看它的状态。"
    )


def test_evaluate_unknown_lesson() -> None:
    with pytest.raises(LookupError):
        evaluate("s3", "no-such-lesson", nginx_view(), None)


def test_index_and_lesson_fragments(client: Client) -> None:
    page = client.get("/lessons/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "镜像与容器：第一次见面" in page
    lesson = client.get("/lessons/images-and-containers/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="step-pull-nginx"' in lesson and "is-current" in lesson
    assert 'data-commands="[&quot;docker pull nginx&quot;]"' in lesson
    assert client.get("/lessons/nope/").status_code == 404


def test_hints_unlock_one_by_one_and_progress_is_recorded(client: Client) -> None:
    url = "/lessons/images-and-containers/three-containers"
    first = client.post(f"{url}/hint").content.decode()
    assert "每个容器一条 docker run 命令。" in first and "端口写法" not in first
    second = client.post(f"{url}/hint").content.decode()
    assert "端口写法是 -p 8001:80" in second
    solution = client.post(f"{url}/solution").content.decode()
    assert "docker run -d -p 8003:80 --name web3 nginx" in solution
    client.post(f"{url}/complete")
    row = StepProgress.objects.get(lesson="images-and-containers", step="three-containers")
    assert row.completed and row.hints_shown == 2 and row.solution_shown
    assert client.get(f"{url}/hint").status_code == 405
    client.post("/lessons/images-and-containers/reset")
    assert not StepProgress.objects.filter(lesson="images-and-containers").exists()


def test_english_lesson(client: Client) -> None:
    with translation.override("en"):
        page = client.get(
            "/lessons/images-and-containers/", HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true"
        )
    assert "Show the solution" in page.content.decode()


def test_docs_mode_pages(client: Client) -> None:
    page = client.get("/lessons/docs/basics/volumes").content.decode()
    assert '<h2 id="启动一个数据库mysql">' in page
    assert 'class="admonition admonition-caution"' in page
    assert client.get("/lessons/docs/").status_code == 200
    assert client.get("/lessons/docs/../settings").status_code == 404


def test_ui_strings_are_translated_in_both_languages() -> None:
    from pathlib import Path

    locale = Path(__file__).resolve().parents[2] / "playground" / "lessons" / "locale"
    for language in ("zh_Hans", "en"):
        text = (locale / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        entries = text.split("\n\n")[1:]
        assert len(entries) >= 15, language
        for entry in entries:
            assert 'msgstr ""' not in entry, (language, entry)
    zh = (locale / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert 'msgid "Show the solution"\nmsgstr "查看答案"' in zh


def test_check_after_a_command_completes_the_step_with_a_moment(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playground.lessons import views

    async def fake_view(request: Any) -> dict[str, Any]:
        return nginx_view()

    monkeypatch.setattr(views, "session_view", fake_view)
    url = "/lessons/images-and-containers/check"
    done = client.post(url, {"input": "docker pull nginx", "exit_code": "0", "output": ""})
    page = done.content.decode()
    assert 'data-moment="第 1 步完成：把一个镜像拿到本地。"' in page
    assert 'class="lesson-step is-done is-just-done"' in page
    assert '<progress id="lesson-progress" max="7" value="1"' in page
    # The next command checks the next step; it does not fit, so nothing is completed.
    again = client.post(url, {"input": "docker ps", "exit_code": "0", "output": ""})
    assert "data-moment" not in again.content.decode()
    assert 'value="1"' in again.content.decode()
    typed = client.post(url, {"input": "docker images", "exit_code": "0", "output": "x"})
    assert 'data-moment="第 2 步完成：看看本地有哪些镜像。"' in typed.content.decode()
    assert client.get(url).status_code == 405


def test_check_without_a_runtime_answers_503(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playground.lessons import views

    async def no_view(request: Any) -> None:
        return None

    monkeypatch.setattr(views, "session_view", no_view)
    assert client.post("/lessons/images-and-containers/check").status_code == 503


def test_opening_a_lesson_asks_for_its_setup_and_the_picker_leaves_it(client: Client) -> None:
    from playground.lessons.views import SESSION_LESSON

    started = client.get("/lessons/image-layers/?start=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-start="1"' in started
    assert client.session[SESSION_LESSON] == "image-layers"
    again = client.get("/lessons/image-layers/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-start="1"' not in again
    client.get("/lessons/")
    assert SESSION_LESSON not in client.session


def test_plain_visits_get_whole_pages(client: Client) -> None:
    from playground.lessons.views import SESSION_LESSON

    visit = client.get("/lessons/images-and-containers/")
    assert (visit.status_code, visit["Location"]) == (302, "/")
    assert client.session[SESSION_LESSON] == "images-and-containers"
    page = client.get("/lessons/docs/basics/volumes").content.decode()
    assert page.startswith("<!doctype html>") and 'class="doc-page"' in page
    fragment = client.get("/lessons/docs/basics/volumes", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<article id="docs" class="doc" data-page="basics/volumes"')
    assert 'data-base="/lessons/docs/basics/volumes/"' in fragment
