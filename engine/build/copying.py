"""COPY and ADD: matching sources (globs, directories, heredocs), the checksum, the copy itself."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, replace

from engine.build.context import checksum, glob, has_magic, tree
from engine.build.dockerfile import Instruction, expand, heredocs
from engine.build.model import BuildError
from engine.build.running import uid_of
from engine.build.tarball import unpack
from engine.fs import FsError, Node, UnionFS, file_node, normpath, parent_of

_HEREDOC_NAME = re.compile(r"^<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2$")
MANY_SOURCES = (
    "When using COPY with more than one source file, the destination must be a directory and end "
    "with a /"
)


@dataclass
class CopyPlan:
    fs: UnionFS  # where the sources are read from
    matches: list[str]
    dest: str  # as written (after expansion)
    dest_abs: str
    summary: str  # `file:<sum> in /app/ `: the cache key and the legacy history text


def snapshot_ref(seed: str) -> str:
    """BuildKit names the context snapshot like `moby::4x9...`; stable per session."""
    raw = int(hashlib.sha256(f"ref:{seed}".encode()).hexdigest(), 16)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    chars = []
    for _ in range(25):
        raw, rest = divmod(raw, 36)
        chars.append(alphabet[rest])
    ident = "".join(chars)
    return f"{ident}::{ident[::-1]}"


def plan_copy(
    instr: Instruction,
    fs: UnionFS,
    origin: str,
    scope: dict[str, str],
    workdir: str,
    seed: str,
) -> CopyPlan:
    """Match the sources of a COPY/ADD and checksum them, or fail as Docker does."""
    words = [expand(w, scope) for w in instr.words()]
    sources, dest = words[:-1], words[-1]
    inline = dict(heredocs(instr.args)[1])
    if inline and all(src.startswith("<<") for src in sources):
        # `COPY <<EOF /dest`: the heredoc body is the file.
        fs = UnionFS({f"/{name}": file_node(body) for name, body in inline.items()})
        sources = [_HEREDOC_NAME.sub(r"\3", src) for src in sources]
    matches: list[str] = []
    for src in sources:
        if instr.keyword == "ADD" and src.startswith(("http://", "https://")):
            continue  # downloads are not simulated
        found = glob(fs, src)
        if not found:
            shown = normpath(src, "/")
            missing = (
                f'failed to calculate checksum of ref {snapshot_ref(seed)}: "{shown}": not found'
            )
            legacy = (
                f"COPY failed: stat {shown.lstrip('/')}: file does not exist"
                if origin
                else f"{instr.keyword} failed: file not found in build context or excluded by "
                f".dockerignore: stat {src.lstrip('./') or src}: file does not exist"
            )
            raise BuildError(
                f"failed to compute cache key: {missing}", legacy, instr=instr, vertex_error=missing
            )
        matches.extend(found)
    entries: list[tuple[str, Node]] = []
    for match in matches:
        entries.extend((f"{match}/{rel}", node) for rel, node in tree(fs, match))
    files = [m for m in matches if not fs.is_dir(m)]
    several = len(matches) > 1 or (any(has_magic(s) for s in sources) and len(files) > 1)
    if several and not dest.endswith("/"):
        raise BuildError(MANY_SOURCES, MANY_SOURCES, instr=instr)
    kind = "multi" if len(matches) > 1 else ("dir" if matches and fs.is_dir(matches[0]) else "file")
    dest_abs = normpath(dest, workdir)
    slash = "/" if dest.endswith("/") and dest_abs != "/" else ""
    shown_dest = dest if dest.startswith("/") else dest_abs + slash
    chown = f"--chown={instr.flags['chown']} " if "chown" in instr.flags else ""
    summary = f"{chown}{kind}:{checksum(entries)} in {shown_dest} "
    return CopyPlan(fs, matches, dest, dest_abs, summary)


def _owner(spec: str) -> tuple[int, int] | None:
    if not spec:
        return None
    user, _, group = spec.partition(":")
    uid = uid_of(user)
    return uid, (uid_of(group) if group else uid)


def apply_copy(instr: Instruction, plan: CopyPlan, fs: UnionFS) -> None:
    """Copy the planned sources into ``fs`` (whose writable layer becomes the new layer)."""
    into_dir = plan.dest.endswith("/") or len(plan.matches) > 1 or fs.is_dir(plan.dest_abs)
    owner = _owner(instr.flags.get("chown", ""))
    chmod = instr.flags.get("chmod", "")
    mode = int(chmod, 8) if chmod.isdigit() else None

    def adjust(node: Node) -> Node:
        if owner is not None:
            node = replace(node, uid=owner[0], gid=owner[1])
        if mode is not None and node.kind == "file":
            node = replace(node, mode=mode)
        return node

    def put(path: str, node: Node) -> None:
        parent = parent_of(path)
        if not fs.is_dir(parent):
            fs.mkdir(parent, parents=True)
        if node.kind == "dir":
            if not fs.is_dir(path):
                fs.put_node(path, adjust(replace(node, opaque=False)))
            return
        fs.put_node(path, adjust(node))

    try:
        if into_dir and not fs.is_dir(plan.dest_abs):
            fs.mkdir(plan.dest_abs, parents=True)
        for match in plan.matches:
            node = plan.fs.stat(match)
            if node is None:
                continue
            if node.kind == "dir":  # a directory source copies its contents
                for rel, entry in tree(plan.fs, match):
                    if rel:
                        put(normpath(rel, plan.dest_abs), entry)
                continue
            unpacked = unpack(node.text) if instr.keyword == "ADD" else None
            if unpacked is not None:  # ADD of a local archive extracts it
                if not fs.is_dir(plan.dest_abs):
                    fs.mkdir(plan.dest_abs, parents=True)
                for rel, entry in unpacked:
                    put(normpath(rel, plan.dest_abs), entry)
                continue
            base = posixpath.basename(match)
            put(normpath(base, plan.dest_abs) if into_dir else plan.dest_abs, node)
    except FsError as error:
        raise BuildError(str(error), f"{instr.keyword} failed: {error}", instr=instr) from None
