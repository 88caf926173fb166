"""Parsing a Dockerfile into stages and instructions, with Docker's error wording.

Follows moby/buildkit's `frontend/dockerfile/parser` rules: parser directives at the very top
(`# syntax=`, `# escape=`), whole-line comments (also inside continuations), the escape character
at the end of a line joins it to the next, instruction keywords are case-insensitive, and an
argument that is a JSON array of strings is the exec form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

INSTRUCTIONS = (
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
)
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_FLAG = re.compile(r"^--([a-z][a-z-]*)(?:=(.*))?$")


class DockerfileError(Exception):
    """A parse error; ``line`` is 1-based (0 when it concerns the whole file)."""

    def __init__(self, message: str, line: int = 0, end: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.end = end or line


@dataclass
class Instruction:
    keyword: str  # upper case: "RUN"
    raw: str  # the arguments as written (continuations joined), flags included
    line: int  # first line (1-based)
    end: int  # last line
    flags: dict[str, str] = field(default_factory=dict)
    args: str = ""  # the arguments after the flags
    json: list[str] | None = None  # exec form, when the arguments are a JSON array

    @property
    def original(self) -> str:
        """`RUN npm install`: the instruction as Docker echoes it in step names."""
        return f"{self.keyword} {self.raw.partition(chr(10))[0]}".rstrip()

    def words(self) -> list[str]:
        """Whitespace-split arguments (heredoc bodies excluded) or the exec-form list."""
        return self.json if self.json is not None else self.args.partition("\n")[0].split()


@dataclass
class Stage:
    index: int
    base: str  # as written, before ARG expansion
    name: str  # "" when unnamed (`AS build` gives "build")
    from_line: Instruction
    steps: list[Instruction] = field(default_factory=list)
    platform: str = ""

    @property
    def label(self) -> str:
        return self.name or f"stage-{self.index}"


@dataclass
class Dockerfile:
    stages: list[Stage]
    global_args: list[Instruction]  # ARGs before the first FROM
    lines: list[str]  # the source lines, for error boxes
    escape: str = "\\"

    def stage(self, ref: str) -> Stage | None:
        for stage in self.stages:
            if stage.name and stage.name == ref.lower():
                return stage
        if ref.isdigit() and int(ref) < len(self.stages):
            return self.stages[int(ref)]
        return None

    @property
    def instruction_count(self) -> int:
        return len(self.global_args) + sum(1 + len(s.steps) for s in self.stages)


def _logical_lines(text: str) -> tuple[list[tuple[int, int, str]], str]:
    """(first line, last line, joined text) per instruction, and the escape character."""
    lines = text.replace("\r\n", "\n").split("\n")
    escape = "\\"
    index = 0
    # Parser directives: only at the very top, before any blank line, comment or instruction.
    seen: set[str] = set()
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].strip())
        if not match:
            break
        key, value = match.group(1).lower(), match.group(2)
        if key in seen:
            raise DockerfileError(f"only one {key} parser directive can be used", index + 1)
        seen.add(key)
        if key == "escape":
            if value not in ("\\", "`"):
                raise DockerfileError(f"invalid escape token '{value}' does not match ` or \\")
            escape = value
        index += 1
    continued = re.compile(re.escape(escape) + r"[ \t]*$")
    out: list[tuple[int, int, str]] = []
    start, parts = 0, []
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.strip()
        if parts and (not stripped or stripped.startswith("#")):
            continue  # comments and empty lines inside a continuation are dropped
        if not parts and (not stripped or stripped.startswith("#")):
            continue
        if not parts:
            start = index
        if continued.search(line):
            parts.append(continued.sub("", line))
            if index < len(lines):
                continue
        else:
            parts.append(line)
        joined = "".join(parts).strip()
        parts = []
        keyword = joined.split(None, 1)[0].upper() if joined else ""
        if keyword in ("RUN", "COPY", "ADD"):
            # Heredocs (`RUN <<EOF ... EOF`): the body lines belong to this instruction.
            for match in _HEREDOC.finditer(joined.partition("\n")[0]):
                word, strip_tabs = match.group(3), match.group(1) == "-"
                body = [raw.lstrip("\t") if strip_tabs else raw for raw in lines[index:]]
                if word not in body:
                    break  # no terminator: `<<` was not a heredoc after all
                body = body[: body.index(word)]
                index += len(body) + 1
                joined += "\n" + "\n".join([*body, word])
        out.append((start, index, joined))
    return out, escape


_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


def heredocs(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split an instruction's text into its first line and its heredocs (name, body)."""
    first, _, rest = text.partition("\n")
    docs: list[tuple[str, str]] = []
    lines = rest.split("\n") if rest else []
    for match in _HEREDOC.finditer(first):
        word = match.group(3)
        end = lines.index(word) if word in lines else len(lines)
        docs.append((word, "\n".join(lines[:end]) + "\n"))
        lines = lines[end + 1 :]
    return first, docs


def _split_flags(text: str) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    rest = text
    while rest.startswith("--"):
        word, _, tail = rest.partition(" ")
        match = _FLAG.match(word)
        if not match:
            break
        flags[match.group(1)] = match.group(2) if match.group(2) is not None else "true"
        rest = tail.lstrip()
    return flags, rest


def _exec_form(args: str) -> list[str] | None:
    if not args.startswith("["):
        return None
    try:
        value = json.loads(args)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


ALLOWED_FLAGS = {
    "FROM": {"platform"},
    "COPY": {"from", "chown", "chmod", "link", "parents", "exclude"},
    "ADD": {"chown", "chmod", "link", "checksum", "keep-git-dir", "exclude"},
    "RUN": {"mount", "network", "security"},
    "HEALTHCHECK": {"interval", "timeout", "start-period", "start-interval", "retries"},
}


def _check(instr: Instruction) -> None:
    """Argument-count rules, worded as BuildKit's instruction parser words them."""
    k, words = instr.keyword, instr.words()
    allowed = ALLOWED_FLAGS.get(k, set())
    for name in instr.flags:
        if name not in allowed:
            raise DockerfileError(f"unknown flag: {name}", instr.line, instr.end)
    if k == "FROM" and len(words) not in (1, 3):
        raise DockerfileError("FROM requires either one or three arguments", instr.line, instr.end)
    if k == "FROM" and len(words) == 3 and words[1].lower() != "as":
        raise DockerfileError("FROM requires either one or three arguments", instr.line, instr.end)
    if k in ("COPY", "ADD") and len(words) < 2:
        raise DockerfileError(
            f"{k} requires at least two arguments, but only one was provided. Destination could "
            "not be determined.",
            instr.line,
            instr.end,
        )
    if k == "WORKDIR" and len(words) != 1:
        raise DockerfileError("WORKDIR requires exactly one argument", instr.line, instr.end)
    if k in ("USER", "STOPSIGNAL") and len(words) != 1:
        raise DockerfileError(f"{k} requires exactly one argument", instr.line, instr.end)
    if (
        k in ("ENV", "LABEL", "EXPOSE", "VOLUME", "ARG", "RUN", "ONBUILD", "MAINTAINER")
        and not words
    ):
        raise DockerfileError(f"{k} requires at least one argument", instr.line, instr.end)
    if k == "ENV" and "=" not in words[0] and len(words) < 2:
        raise DockerfileError("ENV must have two arguments", instr.line, instr.end)
    if k == "HEALTHCHECK":
        healthcheck_config(instr)
    if k == "SHELL" and instr.json is None:
        raise DockerfileError(
            "SHELL requires the arguments to be in JSON form", instr.line, instr.end
        )


HEALTHCHECK_DURATIONS = {
    "interval": "Interval",
    "timeout": "Timeout",
    "start-period": "StartPeriod",
    "start-interval": "StartInterval",
}


def healthcheck_config(instr: Instruction) -> dict[str, Any]:
    """`HEALTHCHECK [--flags] CMD ...` / `HEALTHCHECK NONE` as the image config stores it,
    checked as BuildKit's parseHealthcheck checks it."""
    from engine.cli.parser import parse_duration

    kind, _, rest = instr.args.partition(" ")
    kind, rest = kind.upper(), rest.strip()
    if not kind:
        raise DockerfileError("HEALTHCHECK requires at least one argument", instr.line, instr.end)
    if kind == "NONE":
        if rest:
            raise DockerfileError("HEALTHCHECK NONE takes no arguments", instr.line, instr.end)
        return {"Test": ["NONE"]}
    if kind != "CMD":
        raise DockerfileError(
            f'Unknown type "{kind}" in HEALTHCHECK (try CMD)', instr.line, instr.end
        )
    if not rest:
        raise DockerfileError("Missing command after HEALTHCHECK CMD", instr.line, instr.end)
    exec_form = _exec_form(rest)
    check: dict[str, Any] = {
        "Test": ["CMD", *exec_form] if exec_form is not None else ["CMD-SHELL", rest]
    }
    for flag, key in HEALTHCHECK_DURATIONS.items():
        value = instr.flags.get(flag, "")
        try:
            seconds = parse_duration(value) if value else 0.0
        except ValueError as error:
            raise DockerfileError(str(error), instr.line, instr.end) from None
        if 0 < seconds < 0.001:
            raise DockerfileError(
                f'Interval "{flag}" cannot be less than 1ms', instr.line, instr.end
            )
        if seconds:
            check[key] = round(seconds * 1_000_000_000)
    retries = instr.flags.get("retries", "")
    if retries:
        if not re.fullmatch(r"[+-]?\d+", retries):
            raise DockerfileError(
                f'strconv.ParseInt: parsing "{retries}": invalid syntax', instr.line, instr.end
            )
        if int(retries) < 0:
            raise DockerfileError(
                f"--retries cannot be negative ({int(retries)})", instr.line, instr.end
            )
        if int(retries):
            check["Retries"] = int(retries)
    return check


def parse(text: str) -> Dockerfile:
    """Parse a Dockerfile, raising ``DockerfileError`` with Docker's message and line."""
    logical, escape = _logical_lines(text)
    source_lines = text.replace("\r\n", "\n").split("\n")
    if not logical:
        raise DockerfileError("file with no instructions")
    stages: list[Stage] = []
    global_args: list[Instruction] = []
    for start, end, joined in logical:
        keyword, _, rest = joined.partition(" ")
        if "\t" in keyword:
            keyword, _, tail = keyword.partition("\t")
            rest = tail + " " + rest
        upper = keyword.upper()
        if upper not in INSTRUCTIONS:
            raise DockerfileError(f"unknown instruction: {upper}", start, end)
        rest = rest.strip()
        flags, args = _split_flags(rest)
        instr = Instruction(upper, rest, start, end, flags, args, _exec_form(args))
        _check(instr)
        if upper == "FROM":
            words = instr.words()
            name = words[2].lower() if len(words) == 3 else ""
            stages.append(
                Stage(len(stages), words[0], name, instr, platform=flags.get("platform", ""))
            )
        elif not stages:
            if upper != "ARG":
                raise DockerfileError("no build stage in current context", start, end)
            global_args.append(instr)
        else:
            stages[-1].steps.append(instr)
    if not stages:
        raise DockerfileError("no build stage in current context")
    return Dockerfile(stages, global_args, source_lines, escape)


# -- variable expansion (ENV/ARG values in later instructions) -------------------------------

_VAR = re.compile(
    r"\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)"
)


def expand(text: str, scope: dict[str, str]) -> str:
    """`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`; `\\$` stays a literal dollar."""

    def sub(match: re.Match[str]) -> str:
        if match.group(0) == "\\$":
            return "$"
        name = match.group(1) or match.group(4)
        value = scope.get(name)
        op = match.group(2)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return expand(match.group(3), scope)
            return value
        if op in (":+", "+"):
            return expand(match.group(3), scope) if value else ""
        return value or ""

    return _VAR.sub(sub, text)


def split_pairs(text: str) -> list[tuple[str, str]]:
    """`K=V K2="a b"` (or the legacy `K V w o r d s`) into pairs, quotes removed."""
    words = _shell_words(text)
    if words and "=" not in words[0]:
        key, _, value = text.strip().partition(" ")
        return [(key, _unquote(value.strip()))]
    pairs = []
    for word in words:
        key, _, value = word.partition("=")
        pairs.append((key, value))
    return pairs


def _shell_words(text: str) -> list[str]:
    """Split on unquoted blanks, removing quotes and backslash escapes."""
    words: list[str] = []
    current: list[str] = []
    quote = ""
    i = 0
    started = False
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == "\\" and quote == '"' and i + 1 < len(text) and text[i + 1] in '"\\$':
                i += 1
                current.append(text[i])
            else:
                current.append(ch)
        elif ch in "\"'":
            quote, started = ch, True
        elif ch == "\\" and i + 1 < len(text):
            i += 1
            current.append(text[i])
            started = True
        elif ch in " \t":
            if current or started:
                words.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if current or started:
        words.append("".join(current))
    return words


def _unquote(value: str) -> str:
    words = _shell_words(value)
    return " ".join(words) if words else ""
