"""Package tables, loaded once per process from ``engine/shell/data/*.json``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from engine.fs import FsError, blob_node
from engine.process import Process

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def table(name: str) -> dict[str, Any]:
    with open(DATA / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def place(p: Process, path: str, size: int, *, mode: int = 0o755) -> None:
    """Put a binary of ``size`` bytes at ``path``, creating parent directories."""
    parent = path.rsplit("/", 1)[0] or "/"
    p.fs.mkdir(parent, parents=True)
    p.fs.put_node(path, blob_node(size, mode=mode, mtime=p.machine.now()))


def read_or_empty(p: Process, path: str) -> str:
    try:
        return p.fs.read(path, p.cwd)
    except FsError:
        return ""


def os_id(p: Process) -> str:
    for line in read_or_empty(p, "/etc/os-release").splitlines():
        if line.startswith("ID="):
            return line[3:].strip('"')
    return "debian"
