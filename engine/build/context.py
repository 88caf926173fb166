"""The build context: files under a host directory, minus what `.dockerignore` excludes.

The context becomes a small filesystem of its own (root = the context directory), so COPY reads
from it exactly as `COPY --from=stage` reads from a stage's filesystem.
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import re
from dataclasses import dataclass

from engine.fs import Node, UnionFS, normpath

TAR_BLOCK = 512


@dataclass
class Context:
    fs: UnionFS  # "/" is the context directory
    files: int
    tar_size: int  # what the legacy client reports sending (tar headers + padded contents)
    content_size: int  # file bytes (what BuildKit reports transferring)
    ignore_size: int  # bytes of .dockerignore (BuildKit prints 2B when there is none)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Go `filepath.Match` plus `**` (any number of directories), as moby's patternmatcher."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("^") else body) + "]")
                i = end
        elif ch == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + "(?:/.*)?$")


def parse_ignore(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.removeprefix("!").strip()
        line = posixpath.normpath(line).lstrip("/") if line not in (".", "/") else "."
        if line == ".":
            line = "**"
        rules.append((negate, _pattern_regex(line)))
    return rules


def ignored(rel: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """The last rule that matches decides (a directory pattern covers everything inside)."""
    result = False
    for negate, regex in rules:
        if regex.match(rel):
            result = not negate
    return result


def read_context(host: UnionFS, directory: str, dockerfile_rel: str = "") -> Context:
    """Snapshot ``directory`` of the host as a context filesystem."""
    ignore_text = ""
    node = host.stat(posixpath.join(directory, ".dockerignore"))
    if node is not None and node.kind == "file":
        ignore_text = host.read(posixpath.join(directory, ".dockerignore"))
    rules = parse_ignore(ignore_text)
    store: dict[str, Node] = {}
    tar = 0
    files = 0
    content = 0
    for path, entry in host.walk(directory):
        rel = path[len(directory) :].lstrip("/") if directory != "/" else path.lstrip("/")
        if ignored(rel, rules) and rel not in (".dockerignore", dockerfile_rel):
            continue
        if entry.kind == "link":
            target = host.stat(path)
            entry = target if target is not None and target.kind == "file" else entry
        store["/" + rel] = entry
        tar += TAR_BLOCK
        if entry.kind == "file":
            files += 1
            content += entry.size
            tar += -(-entry.size // TAR_BLOCK) * TAR_BLOCK
    # Parent directories of kept files must exist even when a pattern excluded the directory.
    for path in list(store):
        for parent in _parents(path):
            store.setdefault(parent, Node("dir", mode=0o755))
    return Context(UnionFS(store), files, tar, content, len(ignore_text.encode()) if node else 2)


def empty_context() -> Context:
    """`docker build -`: the Dockerfile comes from stdin and there are no files to send."""
    return Context(UnionFS({}), 0, 0, 0, 2)


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def has_magic(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def glob(fs: UnionFS, pattern: str) -> list[str]:
    """Absolute paths in ``fs`` matching ``pattern`` (one `filepath.Match` per component)."""
    pattern = normpath(pattern, "/")
    if not has_magic(pattern):
        return [pattern] if fs.lstat(pattern) is not None else []
    found = ["/"]
    for part in [p for p in pattern.split("/") if p]:
        nxt = []
        for base in found:
            if not has_magic(part):
                candidate = normpath(part, base)
                if fs.lstat(candidate) is not None:
                    nxt.append(candidate)
                continue
            if not fs.is_dir(base):
                continue
            for name in fs.listdir(base):
                if fnmatch.fnmatchcase(name, part):
                    nxt.append(normpath(name, base))
        found = nxt
    return sorted(found)


def tree(fs: UnionFS, path: str) -> list[tuple[str, Node]]:
    """``path`` itself and, for a directory, everything below it (paths relative to ``path``)."""
    node = fs.stat(path)
    if node is None:
        return []
    if node.kind != "dir":
        return [("", node)]
    out: list[tuple[str, Node]] = [("", node)]
    for child, entry in fs.walk(path):
        out.append((child[len(path) :].lstrip("/") if path != "/" else child.lstrip("/"), entry))
    return out


def checksum(entries: list[tuple[str, Node]]) -> str:
    """Content checksum of copied files: names, contents, modes and owners; never timestamps."""
    h = hashlib.sha256()
    for rel, node in entries:
        h.update(
            f"{rel}\0{node.kind}\0{node.mode:o}\0{node.uid}\0{node.size}\0{node.target}\0".encode()
        )
        if node.text is not None:
            h.update(node.text.encode())
        h.update(b"\1")
    return h.hexdigest()
