"""Every shipped lesson loads; malformed lessons are refused with a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playground.lessons import markdown
from playground.lessons.loader import (
    DEFAULT_DIR,
    LANGUAGES,
    LessonError,
    Library,
    load_directory,
    parse_lesson,
)

SOURCE_DOC = Path("/work/shared/source-docs/images-and-containers.md")

GOOD = """---
title: T
description: D
slug: demo
order: 1
language: en
---

Intro.

## Pull

```bash
docker pull nginx
```

```yaml step
id: pull
check:
  image: {ref: nginx}
hints: [Use docker pull.]
nearly:
  - when: {last: {failed: true}}
    message: That failed.
solution:
  - docker pull nginx
```
"""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_directory(DEFAULT_DIR)


def write(tmp_path: Path, name: str, text: str, language: str = "en") -> Path:
    folder = tmp_path / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_lesson_loads(library: Library) -> None:
    for language in LANGUAGES:
        lessons = library.lessons[language]
        assert len(lessons) >= 8, language
        assert sum(len(lesson.steps) for lesson in lessons) >= 60, language
        for lesson in lessons:
            assert lesson.language == language
            for step in lesson.steps:
                assert step.solution and step.key in step.solution


def test_languages_have_the_same_lessons_steps_and_checks(library: Library) -> None:
    zh = {lesson.slug: lesson for lesson in library.lessons["zh-hans"]}
    en = {lesson.slug: lesson for lesson in library.lessons["en"]}
    assert zh.keys() == en.keys()
    for slug, lesson in zh.items():
        other = en[slug]
        assert [s.id for s in lesson.steps] == [s.id for s in other.steps], slug
        for a, b in zip(lesson.steps, other.steps, strict=True):
            assert (a.check, a.solution, a.setup, a.key) == (b.check, b.solution, b.setup, b.key)
            assert len(a.nearly) == len(b.nearly), (slug, a.id)


def test_every_source_doc_command_is_runnable_in_some_step(library: Library) -> None:
    if not SOURCE_DOC.exists():
        pytest.skip("source doc not on this machine")
    doc = markdown.render(SOURCE_DOC.read_text(encoding="utf-8"))
    for language in LANGUAGES:
        commands = {
            " ".join(c.split())
            for lesson in library.lessons[language]
            for step in lesson.steps
            for c in step.commands
        }
        for block in doc.blocks:
            for command in block.commands:
                # The doc's `container_name` placeholder stands for any container name.
                pattern = re.escape(" ".join(command.split())).replace("container_name", r"[\w-]+")
                assert any(re.fullmatch(pattern, c) for c in commands), (language, command)


def test_step_anchors_exist_in_the_source_doc(library: Library) -> None:
    if not SOURCE_DOC.exists():
        pytest.skip("source doc not on this machine")
    anchors = {h.anchor for h in markdown.render(SOURCE_DOC.read_text(encoding="utf-8")).headings}
    for language in LANGUAGES:
        for lesson in library.lessons[language]:
            if lesson.source == "basics/images-and-containers.md":
                for step in lesson.steps:
                    assert step.anchor in anchors, (language, lesson.slug, step.id)


def test_a_good_lesson_parses(tmp_path: Path) -> None:
    lesson = parse_lesson(GOOD, write(tmp_path, "a.md", GOOD))
    assert lesson.slug == "demo"
    assert lesson.intro_html == "<p>Intro.</p>\n"
    (step,) = lesson.steps
    assert step.title == "Pull"
    assert step.commands == ("docker pull nginx",)
    assert step.key == "docker pull nginx"
    assert step.hints == ("Use docker pull.",)
    assert "yaml" not in step.html and "docker pull nginx" in step.html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("---\ntitle", "---\ntitle: [", 1), "bad front matter"),
        (lambda t: t.replace("order: 1", "order: first"), "integer 'order'"),
        (lambda t: t.replace("language: en", "language: fr"), "language"),
        (
            lambda t: t.replace("image: {ref: nginx}", "images: {ref: nginx}"),
            "unknown check kind 'images'",
        ),
        (lambda t: t.replace("check:\n  image: {ref: nginx}\n", ""), "needs a check"),
        (lambda t: t.replace("solution:\n  - docker pull nginx\n", ""), "solution"),
        (lambda t: t.replace("id: pull", "id: Pull Step"), "step id"),
        (lambda t: t.replace("hints:", "hint:"), "unknown step keys"),
        (lambda t: t.replace("```yaml step", "```yaml"), "exactly one step block"),
        (lambda t: t.replace("message: That failed.", "text: That failed."), "nearly[0]"),
        (lambda t: t.split("## Pull")[0], "no steps"),
        (lambda t: t.replace("title: T\n", "title: T\nauthor: me\n"), "unknown front matter"),
    ],
)
def test_malformed_lessons_fail(tmp_path: Path, change: object, message: str) -> None:
    text = change(GOOD)  # type: ignore[operator]
    with pytest.raises(LessonError, match=re.escape(message)):
        parse_lesson(text, write(tmp_path, "bad.md", text))


def test_duplicate_slugs_fail(tmp_path: Path) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD)
    with pytest.raises(LessonError, match="duplicate slug 'demo'"):
        load_directory(tmp_path)


def test_duplicate_step_ids_fail(tmp_path: Path) -> None:
    section = GOOD[GOOD.index("## Pull") :]
    text = GOOD + "\n" + section
    with pytest.raises(LessonError, match="duplicate step ids"):
        parse_lesson(text, write(tmp_path, "a.md", text))


def test_language_must_match_its_folder(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="folder"):
        parse_lesson(GOOD, write(tmp_path, "a.md", GOOD, language="zh-hans"))
