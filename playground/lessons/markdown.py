"""Markdown to safe HTML for lessons and docs pages.

Understands the Starlight/Docusaurus dialect used by the source docs: front matter, admonitions
(`:::tip[Title]`, `:::caution`, `:::note Title`), tables and fenced code. Shell blocks become
*runnable*: their commands are extracted (``\\`` continuations and heredocs joined into one command)
so the page can offer "run" and "copy" buttons. Raw HTML in the source is never passed through,
and the result is sanitized again with nh3 as a second line of defence.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import nh3
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

ADMONITIONS = ("tip", "note", "caution", "danger", "warning", "info", "important")
SHELL_LANGS = frozenset({"bash", "sh", "shell", "console", "zsh"})

# Titles for admonitions that carry none; ours, so both languages.
DEFAULT_TITLES: dict[str, dict[str, str]] = {
    "en": {
        "tip": "Tip",
        "note": "Note",
        "caution": "Caution",
        "danger": "Danger",
        "warning": "Warning",
        "info": "Info",
        "important": "Important",
    },
    "zh-hans": {
        "tip": "提示",
        "note": "注意",
        "caution": "警告",
        "danger": "危险",
        "warning": "警告",
        "info": "信息",
        "important": "重要",
    },
}

# Labels of the buttons on a runnable block; ours, so both languages.
BUTTON_LABELS: dict[str, dict[str, str]] = {
    "en": {"run": "Run", "copy": "Copy"},
    "zh-hans": {"run": "运行", "copy": "复制"},
}

# First words of lines that are commands a learner would type. Shell-labelled blocks in docs also
# hold sample output and pictures (`REPOSITORY  TAG ...`, `my-app-v1:`); those lines are not run.
COMMAND_WORDS = frozenset(
    [
        "docker",
        "curl",
        "echo",
        "cat",
        "ls",
        "exit",
        "cd",
        "mkdir",
        "printf",
        "rm",
        "cp",
        "mv",
        "touch",
        "grep",
        "head",
        "tail",
        "wc",
        "env",
        "ps",
        "apt-get",
        "apt",
        "apk",
        "npm",
        "npx",
        "node",
        "python",
        "python3",
        "pip",
        "bash",
        "sh",
        "sleep",
        "pwd",
        "whoami",
        "hostname",
        "uname",
        "mysql",
        "redis-cli",
        "export",
        "clear",
        "find",
        "id",
        "date",
        "true",
        "false",
        "which",
        "chmod",
        "tree",
        "sort",
        "uniq",
        "wget",
        "tee",
    ]
)

HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")

SAFE_TAGS = {
    "a",
    "aside",
    "blockquote",
    "br",
    "button",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
SAFE_ATTRIBUTES = {
    "*": {"class", "id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "div": {"data-block", "data-commands"},
    "button": {"type", "data-action"},
    "th": {"style"},
    "td": {"style"},
}


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Block:
    """A runnable shell block: ``code`` as shown (and copied), ``commands`` as run, in order."""

    index: int
    code: str
    commands: tuple[str, ...]

    @property
    def commands_json(self) -> str:
        return json.dumps(list(self.commands), ensure_ascii=False)


@dataclass(slots=True)
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def slugify(text: str) -> str:
    """Heading anchor as Starlight/Docusaurus make it (github-slugger): Chinese kept as is.

    Lower-cased; letters, marks, digits, ``_``, ``-`` and spaces kept; other punctuation
    (including full-width brackets) and symbols dropped; each space becomes ``-``.
    """
    kept = []
    for char in text.strip().lower():
        category = unicodedata.category(char)
        if char in " -_" or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


class Anchors:
    """Unique anchors within one page: a repeated heading gets ``-1``, ``-2`` ..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def make(self, text: str) -> str:
        base = slugify(text)
        count = self.seen.get(base)
        self.seen[base] = 0 if count is None else count + 1
        return base if count is None else f"{base}-{count + 1}"


# libyaml's loader when installed: the pure-Python one makes loading every lesson ~10x slower.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=YAML_LOADER)  # both loaders are the safe ones


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body). Raises ValueError on malformed YAML or a non-mapping."""
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", text, re.S)
    if match is None:
        raise ValueError("front matter is not closed by a '---' line")
    data = load_yaml(match.group(1)) or {}
    if not isinstance(data, dict):
        raise ValueError("front matter must be a YAML mapping")
    return data, text[match.end() :]


def is_command_line(line: str) -> bool:
    words = line.split()
    if not words:
        return False
    word = words[0]
    return word in COMMAND_WORDS or word.startswith("./")


def extract_commands(code: str) -> list[str]:
    """The commands of a shell block, one string each, in order.

    Blank and comment lines are skipped, a ``$ `` prompt is dropped, lines ending in ``\\`` are
    joined with the next (as the shell would), a heredoc stays with its command (newlines kept),
    and lines that are not commands (sample output, pictures) are ignored.
    """
    commands: list[str] = []
    parts: list[str] = []
    heredoc: tuple[str, bool] | None = None  # (terminator, strip leading tabs)
    current = ""
    in_output = False  # after a line of sample output, until the next blank line
    for raw in code.split("\n"):
        if heredoc is not None:
            current += "\n" + raw
            end, strip_tabs = heredoc
            if (raw.lstrip("\t") if strip_tabs else raw) == end:
                commands.append(current)
                heredoc = None
            continue
        line = raw.strip()
        if not parts:
            if line.startswith("$ "):
                line = line[2:].strip()
            if not line:
                in_output = False
                continue
            if line.startswith("#"):
                continue
            if in_output or not is_command_line(line):
                in_output = True
                continue
        if line.endswith("\\"):
            parts.append(line[:-1].rstrip())
            continue
        parts.append(line)
        current = " ".join(part for part in parts if part)
        parts = []
        match = HEREDOC.search(current)
        if match:
            heredoc = (match.group(3), match.group(1) == "-")
            continue
        commands.append(current)
    if parts:  # a trailing backslash: run what there is
        commands.append(" ".join(part for part in parts if part))
    if heredoc is not None:  # unterminated heredoc: let the shell report it
        commands.append(current)
    return commands


def admonition_parts(info: str) -> tuple[str, str]:
    """(kind, title) from a container's params: ``tip[Title]`` or ``tip Title``."""
    params = info.strip()
    match = re.match(r"([a-z]+)\s*(?:\[(.*)\])?\s*(.*)$", params, re.S)
    if match is None:
        return "note", ""
    return match.group(1), (match.group(2) or match.group(3) or "").strip()


def build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.use(front_matter_plugin)
    for name in ADMONITIONS:
        md.use(container_plugin, name=name, validate=_validator(name), render=_render_admonition)
    md.core.ruler.push("heading_anchors", _heading_anchors)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("front_matter", lambda *args: "")
    return md


def _validator(name: str) -> Any:
    pattern = re.compile(rf"^{name}(\[|\s|$)")
    return lambda params, *args: bool(pattern.match(params.strip()))


def _render_admonition(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</aside>\n"
    kind, title = admonition_parts(token.info)
    lang = env.get("lang", "en") if isinstance(env, dict) else "en"
    title = title or DEFAULT_TITLES.get(lang, DEFAULT_TITLES["en"]).get(kind, kind)
    return (
        f'<aside class="admonition admonition-{kind}">'
        f'<p class="admonition-title">{html.escape(title)}</p>\n'
    )


def _heading_anchors(state: Any) -> None:
    anchors: Anchors = state.env.setdefault("anchors", Anchors())
    headings: list[Heading] = state.env.setdefault("headings", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = "".join(child.content for child in inline.children or [] if child.content)
        anchor = anchors.make(text)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), text, anchor))


def _render_fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    words = token.info.split()
    lang = words[0] if words else ""
    if "step" in words[1:] or lang == "step":
        return ""  # lesson step data, read by the loader
    code = html.escape(token.content)
    css = f' class="language-{html.escape(lang)}"' if lang else ""
    pre = f"<pre><code{css}>{code}</code></pre>\n"
    if lang not in SHELL_LANGS:
        return pre
    commands = extract_commands(token.content.rstrip("\n"))
    if not commands:
        return pre
    blocks: list[Block] = env.setdefault("blocks", [])
    block = Block(len(blocks), token.content.rstrip("\n"), tuple(commands))
    blocks.append(block)
    lang = env.get("lang", "en")
    labels = BUTTON_LABELS.get(lang, BUTTON_LABELS["en"])
    data = html.escape(block.commands_json, quote=True)
    return (
        f'<div class="runnable" data-block="{block.index}" data-commands="{data}">{pre}'
        f'<div class="runnable-actions">'
        f'<button type="button" data-action="run">{labels["run"]}</button>'
        f'<button type="button" data-action="copy">{labels["copy"]}</button></div></div>\n'
    )


PARSER = build_parser()


def sanitize(fragment: str) -> str:
    return nh3.clean(fragment, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES)


def parse(text: str, lang: str = "en") -> tuple[list[Token], dict[str, Any]]:
    env: dict[str, Any] = {"lang": lang}
    return PARSER.parse(text, env), env


def render_tokens(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    return sanitize(PARSER.renderer.render(tokens, PARSER.options, env))


def render(text: str, lang: str = "en") -> Rendered:
    """A whole page (front matter ignored) as sanitized HTML, its headings and runnable blocks."""
    tokens, env = parse(text, lang)
    body = render_tokens(tokens, env)
    return Rendered(body, list(env.get("headings", [])), list(env.get("blocks", [])))
