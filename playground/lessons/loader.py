"""Lessons as data: Markdown files with YAML front matter, one ``## `` section per step.

See ``lessons/README.md`` for the format. :func:`load_directory` reads every lesson of every
language and raises :class:`LessonError` on the first malformed one, so a broken lesson never
reaches a learner.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from playground.lessons import markdown
from playground.lessons.checks import Check, CheckError, compile_check
from playground.lessons.markdown import load_yaml

LANGUAGES = ("zh-hans", "en")
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO_ROOT / "lessons"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRONT_MATTER_KEYS = {"title", "description", "slug", "order", "language", "source", "track"}
STEP_KEYS = {"id", "anchor", "setup", "check", "hints", "nearly", "solution", "key"}


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Nearly:
    """A state that is close to the goal, with a message that says what is still missing."""

    check: Check
    message: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    anchor: str | None
    html: str
    blocks: tuple[markdown.Block, ...]
    setup: tuple[str, ...]
    check: Check
    hints: tuple[str, ...]
    nearly: tuple[Nearly, ...]
    solution: tuple[str, ...]
    key: str  # the solution command without which the check must fail

    @property
    def solution_json(self) -> str:
        return json.dumps(list(self.solution), ensure_ascii=False)

    @property
    def setup_json(self) -> str:
        return json.dumps(list(self.setup), ensure_ascii=False)

    @property
    def commands(self) -> tuple[str, ...]:
        return tuple(command for block in self.blocks for command in block.commands)


@dataclass(frozen=True, slots=True)
class Lesson:
    slug: str
    title: str
    description: str
    order: int
    language: str
    source: str | None
    track: str
    intro_html: str
    steps: tuple[Step, ...]
    path: Path

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)


@dataclass(frozen=True, slots=True)
class Library:
    """Every lesson, per language, ordered by ``order``."""

    lessons: dict[str, tuple[Lesson, ...]]

    def for_language(self, language: str) -> tuple[Lesson, ...]:
        return self.lessons.get(language) or self.lessons.get(LANGUAGES[0], ())

    def get(self, slug: str, language: str) -> Lesson | None:
        for lesson in self.for_language(language):
            if lesson.slug == slug:
                return lesson
        return next(
            (ls for lang in LANGUAGES for ls in self.lessons.get(lang, ()) if ls.slug == slug), None
        )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LessonError(f"{where}: expects a list of non-empty strings")
    return tuple(value)


def _step(data: Any, title: str, html: str, blocks: tuple[markdown.Block, ...], where: str) -> Step:
    if not isinstance(data, dict):
        raise LessonError(f"{where}: the step block must be a YAML mapping")
    unknown = set(data) - STEP_KEYS
    if unknown:
        raise LessonError(f"{where}: unknown step keys {sorted(unknown)}")
    step_id = data.get("id")
    if not isinstance(step_id, str) or not SLUG.match(step_id):
        raise LessonError(f"{where}: step id must be a lower-case slug, got {step_id!r}")
    where = f"{where} (step {step_id})"
    if "check" not in data:
        raise LessonError(f"{where}: a step needs a check")
    try:
        check = compile_check(data["check"], "check")
        nearly = []
        for i, item in enumerate(data.get("nearly") or []):
            if not isinstance(item, dict) or set(item) != {"when", "message"}:
                raise LessonError(f"{where}: nearly[{i}] needs exactly 'when' and 'message'")
            if not isinstance(item["message"], str):
                raise LessonError(f"{where}: nearly[{i}].message must be text")
            nearly.append(Nearly(compile_check(item["when"], f"nearly[{i}].when"), item["message"]))
    except CheckError as error:
        raise LessonError(f"{where}: {error}") from error
    solution = _strings(data.get("solution"), f"{where}: solution")
    if not solution:
        raise LessonError(f"{where}: a step needs solution commands")
    key = data.get("key", solution[-1])
    if key not in solution:
        raise LessonError(f"{where}: key {key!r} is not one of the solution commands")
    anchor = data.get("anchor")
    if anchor is not None and not isinstance(anchor, str):
        raise LessonError(f"{where}: anchor must be text")
    return Step(
        step_id,
        title,
        anchor,
        html,
        blocks,
        _strings(data.get("setup"), where),
        check,
        _strings(data.get("hints"), f"{where}: hints"),
        tuple(nearly),
        solution,
        key,
    )


def _is_step_fence(token: Any) -> bool:
    words = token.info.split()
    return token.type == "fence" and bool(words) and (words[0] == "step" or "step" in words[1:])


def parse_lesson(text: str, path: Path) -> Lesson:
    """One lesson file; ``path`` is used in error messages and for the language folder check."""
    where = str(path)
    try:
        meta, body = markdown.split_front_matter(text)
    except (ValueError, yaml.YAMLError) as error:
        raise LessonError(f"{where}: bad front matter: {error}") from error
    if not meta:
        raise LessonError(f"{where}: missing front matter")
    unknown = set(meta) - FRONT_MATTER_KEYS
    if unknown:
        raise LessonError(f"{where}: unknown front matter keys {sorted(unknown)}")
    for key in ("title", "description", "slug", "language"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise LessonError(f"{where}: front matter needs a text '{key}'")
    if not isinstance(meta.get("order"), int) or isinstance(meta.get("order"), bool):
        raise LessonError(f"{where}: front matter needs an integer 'order'")
    if not SLUG.match(meta["slug"]):
        raise LessonError(f"{where}: slug must be a lower-case slug, got {meta['slug']!r}")
    language = meta["language"]
    if language not in LANGUAGES:
        raise LessonError(f"{where}: language must be one of {LANGUAGES}")
    if path.parent.name in LANGUAGES and path.parent.name != language:
        raise LessonError(f"{where}: language {language!r} in the {path.parent.name}/ folder")

    tokens, env = markdown.parse(body, language)
    starts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    if not starts:
        raise LessonError(f"{where}: no steps (each step is a '## ' section)")
    intro = markdown.render_tokens(tokens[: starts[0]], env)
    steps: list[Step] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(tokens)
        section = tokens[start:end]
        title = section[1].content
        fences = [t for t in section if _is_step_fence(t)]
        if len(fences) != 1:
            raise LessonError(f"{where}: section {title!r} needs exactly one step block")
        try:
            data = load_yaml(fences[0].content)
        except yaml.YAMLError as error:
            raise LessonError(f"{where}: section {title!r}: bad step YAML: {error}") from error
        before = len(env.get("blocks", []))
        html = markdown.render_tokens(section[3:], env)  # the heading itself is the step title
        blocks = tuple(env.get("blocks", [])[before:])
        steps.append(_step(data, title, html, blocks, f"{where}: section {title!r}"))
    ids = [step.id for step in steps]
    if len(set(ids)) != len(ids):
        raise LessonError(f"{where}: duplicate step ids")
    source = meta.get("source")
    return Lesson(
        meta["slug"],
        meta["title"],
        meta["description"],
        meta["order"],
        language,
        source if isinstance(source, str) else None,
        str(meta.get("track", "")),
        intro,
        tuple(steps),
        path,
    )


def load_directory(root: Path = DEFAULT_DIR) -> Library:
    """Every ``<root>/<language>/*.md``; raises :class:`LessonError` on any malformed lesson."""
    lessons: dict[str, tuple[Lesson, ...]] = {}
    for language in LANGUAGES:
        found: dict[str, Lesson] = {}
        for path in sorted((root / language).glob("*.md")):
            lesson = parse_lesson(path.read_text(encoding="utf-8"), path)
            if lesson.slug in found:
                raise LessonError(
                    f"{path}: duplicate slug {lesson.slug!r} "
                    f"(also in {found[lesson.slug].path.name})"
                )
            found[lesson.slug] = lesson
        lessons[language] = tuple(sorted(found.values(), key=lambda ls: (ls.order, ls.slug)))
    return Library(lessons)


@lru_cache(maxsize=4)
def _cached(root: str) -> Library:
    return load_directory(Path(root))


def library() -> Library:
    """The lessons of ``settings.PLAYGROUND_LESSONS_DIR`` (default ``lessons/``), loaded once."""
    from django.conf import settings

    return _cached(str(getattr(settings, "PLAYGROUND_LESSONS_DIR", DEFAULT_DIR)))
