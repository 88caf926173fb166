"""Docs mode: render a folder of Starlight/Docusaurus Markdown pages with runnable shell blocks.

The folder comes from ``settings.PLAYGROUND_DOCS_DIR`` or the ``PLAYGROUND_DOCS_DIR`` environment
variable. Page paths are the file paths without ``.md``/``.mdx`` (``basics/images-and-containers``);
``index.md`` answers for its folder. Paths are resolved inside the folder only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from playground.lessons import markdown

SUFFIXES = (".md", ".mdx")


@dataclass(frozen=True, slots=True)
class DocPage:
    path: str
    title: str
    description: str
    rendered: markdown.Rendered | None = None


def docs_dir() -> Path | None:
    from django.conf import settings

    configured = getattr(settings, "PLAYGROUND_DOCS_DIR", None) or os.environ.get(
        "PLAYGROUND_DOCS_DIR"
    )
    if not configured:
        return None
    root = Path(configured).resolve()
    return root if root.is_dir() else None


def page_path(root: Path, file: Path) -> str:
    relative = file.relative_to(root).with_suffix("")
    if relative.name == "index":
        relative = relative.parent
    return relative.as_posix() if str(relative) != "." else ""


def find_file(root: Path, path: str) -> Path | None:
    """The file for a page path, never outside ``root``."""
    clean = path.strip("/")
    candidates = [root / f"{clean}{suffix}" for suffix in SUFFIXES]
    candidates += [root / clean / f"index{suffix}" for suffix in SUFFIXES]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved
    return None


def read_page(root: Path, file: Path, lang: str, render: bool) -> DocPage:
    text = file.read_text(encoding="utf-8")
    try:
        meta, body = markdown.split_front_matter(text)
    except ValueError:
        meta, body = {}, text
    rendered = markdown.render(body, lang) if render else None
    title = str(
        meta.get("title")
        or (rendered.headings[0].text if rendered and rendered.headings else file.stem)
    )
    return DocPage(page_path(root, file), title, str(meta.get("description") or ""), rendered)


def list_pages(root: Path, lang: str = "en") -> list[DocPage]:
    files = sorted(f for suffix in SUFFIXES for f in root.rglob(f"*{suffix}"))
    return [read_page(root, f, lang, render=False) for f in files]


def render_page(root: Path, path: str, lang: str = "en") -> DocPage | None:
    file = find_file(root, path)
    return None if file is None else read_page(root, file, lang, render=True)
