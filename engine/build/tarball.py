"""The simulated tar archives `docker save`/`export` write and `load`/`import`/ADD read.

An archive is a host file whose text is a magic line plus JSON; its ``size`` is what the real
archive would weigh (the layers' bytes plus tar overhead), so `ls -l` looks plausible.
"""

from __future__ import annotations

import json
from typing import Any

from engine.fs import Node

MAGIC = "PLAYGROUND-TAR/1\n"
KINDS = {"f": "file", "d": "dir", "l": "link", "w": "whiteout"}


def node_data(n: Node) -> list[Any]:
    out: list[Any] = [n.kind[0], n.mode, n.size, n.text, n.target, n.uid]
    while len(out) > 2 and out[-1] in (None, "", 0):
        out.pop()
    return out


def node_from(v: list[Any]) -> Node:
    kind, mode, size, text, target, uid = v + [0, None, "", 0][len(v) - 2 :]
    return Node(KINDS[kind], mode, size, text, target, uid, uid)


def pack(kind: str, body: dict[str, Any]) -> str:
    return MAGIC + json.dumps({"kind": kind, **body}, separators=(",", ":"))


def read(text: str | None) -> dict[str, Any] | None:
    if not text or not text.startswith(MAGIC):
        return None
    try:
        data = json.loads(text[len(MAGIC) :])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def pack_files(entries: list[tuple[str, Node]]) -> str:
    return pack("files", {"files": [[path, node_data(node)] for path, node in entries]})


def unpack(text: str | None) -> list[tuple[str, Node]] | None:
    """Entries of a plain file archive (what ADD extracts), or None when it is not one."""
    data = read(text)
    if data is None or data.get("kind") != "files":
        return None
    return [(path, node_from(v)) for path, v in data["files"]]
