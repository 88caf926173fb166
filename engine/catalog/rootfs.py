"""Root filesystems from compact data: a *fileset* YAML turns into ``path -> Node`` entries.

A fileset is plain data (``data/rootfs/*.yaml``) with these optional keys:

``include``  other filesets merged first (a distro base reused by several images)
``dirs``     directories, a list of paths or a ``path: "mode"`` mapping (octal string)
``files``    text files ``path: text`` (mode 644); ``exec`` the same with mode 755
``bins``     executables ``dir: {name: size}`` or ``dir: [name, ...]`` (sizes then estimated)
``data``     opaque non-executable files, same shapes as ``bins`` (mode 644)
``links``    symlinks ``path: target``
``applets``  many symlinks to one binary: ``{target: /bin/busybox, dirs: {/bin: [ls, ...]}}``
``fill``     library blobs ``dir: [name, ...]`` that share what is left of the layer's size;
             ``fill_exec`` the same for executables (a layer that is one big binary)
``extend``   ``path: {from: fileset, add: text}``: a file an earlier layer has, with lines added
``modes``    ``path: "mode"`` overrides; ``owners`` ``path: uid``
``remove``   paths (and what lies below them) dropped from the included filesets

Every parent directory is added, so each layer is a complete tar-like set of entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from engine.fs import Node, ancestors, blob_node, dir_node, file_node, link_node

Fileset = dict[str, Any]
Entries = dict[str, Node]

# Special directories keep their real permission bits.
_DIR_MODES = {"/tmp": 0o1777, "/var/tmp": 0o1777, "/root": 0o700, "/run/lock": 0o1777}


def _estimated_size(path: str) -> int:
    """A stable, plausible size for a binary whose real size is not recorded."""
    digest = hashlib.sha256(path.encode()).digest()
    return 18_000 + int.from_bytes(digest[:3], "big") % 130_000


def _sized(spec: Mapping[str, Any] | None) -> list[tuple[str, int]]:
    """``{dir: {name: size}}`` or ``{dir: [name]}`` -> ``[(path, size)]``."""
    out: list[tuple[str, int]] = []
    for directory, names in (spec or {}).items():
        base = directory.rstrip("/")
        for name in names:
            if not isinstance(name, str):  # YAML 1.1 reads a bare `yes` or `on` as a boolean
                raise ValueError(f"{base}/{name!r}: quote this name in the fileset")
        if isinstance(names, Mapping):
            out.extend((f"{base}/{name}", int(size)) for name, size in names.items())
        else:
            out.extend((f"{base}/{name}", _estimated_size(f"{base}/{name}")) for name in names)
    return out


def build_entries(
    names: list[str],
    load: Callable[[str], Fileset],
    *,
    size: int = 0,
    mtime: float = 0.0,
    rewrite: Callable[[str], str] = lambda s: s,
) -> Entries:
    """Merge the named filesets into one layer's entries.

    ``size`` is the layer's declared size: fill blobs share ``size`` minus every other file's
    bytes, so ``docker images`` and ``du`` tell the same story. ``rewrite`` maps paths and texts
    for another architecture (x86_64 -> aarch64).
    """
    entries: Entries = {}
    fill: dict[str, int] = {}  # path -> mode
    for name in names:
        _apply(load(name), load, entries, fill, mtime, rewrite)
    if fill:
        used = sum(n.size for p, n in entries.items() if n.kind == "file" and p not in fill)
        left = max(size - used, 0)
        share, extra = divmod(left, len(fill))
        for i, (path, mode) in enumerate(fill.items()):
            entries[path] = blob_node(share + (1 if i < extra else 0), mode=mode, mtime=mtime)
    _add_parents(entries, mtime)
    return entries


def _apply(
    fs: Fileset,
    load: Callable[[str], Fileset],
    entries: Entries,
    fill: dict[str, int],
    mtime: float,
    rw: Callable[[str], str],
) -> None:
    for inner in fs.get("include", []):
        _apply(load(inner), load, entries, fill, mtime, rw)
    # ``remove`` edits what the includes brought; this fileset's own entries come after.
    for path in fs.get("remove") or []:
        for key in [k for k in entries if k == path or k.startswith(path.rstrip("/") + "/")]:
            del entries[key]
        fill.pop(path, None)
    dirs = fs.get("dirs") or []
    dir_items = dirs.items() if isinstance(dirs, Mapping) else ((d, None) for d in dirs)
    for path, mode in dir_items:
        default = _DIR_MODES.get(path, 0o755)
        entries[rw(path)] = dir_node(mode=int(mode, 8) if mode else default, mtime=mtime)
    for path, text in (fs.get("files") or {}).items():
        entries[rw(path)] = file_node(rw(text), mtime=mtime)
    for path, text in (fs.get("exec") or {}).items():
        entries[rw(path)] = file_node(rw(text), mode=0o755, mtime=mtime)
    for path, how in (fs.get("extend") or {}).items():
        # A file changed by a later layer: the earlier fileset's text plus new lines.
        base = _find_text(load, how["from"], path)
        entries[rw(path)] = file_node(rw(base + how["add"]), mtime=mtime)
    for path, size in _sized(fs.get("bins")):
        entries[rw(path)] = blob_node(size, mode=0o755, mtime=mtime)
    for path, size in _sized(fs.get("data")):
        entries[rw(path)] = blob_node(size, mode=0o644, mtime=mtime)
    for path, target in (fs.get("links") or {}).items():
        entries[rw(path)] = link_node(rw(target), mtime=mtime)
    for group in fs.get("applets") or []:
        target = group["target"]
        for path, _ in _sized(group["dirs"]):
            if rw(path) != rw(target):
                entries[rw(path)] = link_node(target, mtime=mtime)
    for path, _ in _sized(fs.get("fill")):
        fill[rw(path)] = 0o644
    for path, _ in _sized(fs.get("fill_exec")):
        fill[rw(path)] = 0o755
    for path, mode in (fs.get("modes") or {}).items():
        node = entries[rw(path)]
        entries[rw(path)] = _with(node, mode=int(mode, 8))
    for path, uid in (fs.get("owners") or {}).items():
        node = entries[rw(path)]
        entries[rw(path)] = _with(node, uid=int(uid), gid=int(uid))


def _find_text(load: Callable[[str], Fileset], name: str, path: str) -> str:
    fs = load(name)
    if path in (fs.get("files") or {}):
        return str(fs["files"][path])
    if path in (fs.get("exec") or {}):
        return str(fs["exec"][path])
    for inner in reversed(fs.get("include", [])):
        try:
            return _find_text(load, inner, path)
        except KeyError:
            continue
    raise KeyError(f"{path} not in fileset {name}")


def _with(node: Node, **changes: int) -> Node:
    return replace(node, **changes)


def _add_parents(entries: Entries, mtime: float) -> None:
    for path in list(entries):
        for parent in ancestors(path):
            if parent not in entries:
                entries[parent] = dir_node(mode=_DIR_MODES.get(parent, 0o755), mtime=mtime)
