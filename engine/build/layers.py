"""Content-addressed layers made by builds (and reusable by commit/import).

A built layer's id depends on its content *and* on the layer below it (like Docker's chain id),
so a change low in the stack gives every layer above it a new id, while the same inputs always
give the same ids. Timestamps are never part of the identity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from engine.fs import Layer, Node

EMPTY_LAYER_SIZE = 32  # BuildKit stores an empty diff as the 32-byte empty tar layer


def content_digest(entries: Mapping[str, Node]) -> str:
    h = hashlib.sha256()
    for path in sorted(entries):
        n = entries[path]
        h.update(
            f"{path}\0{n.kind}\0{n.mode:o}\0{n.uid}\0{n.gid}\0{n.size}\0{n.target}\0{n.opaque}\0".encode()
        )
        if n.text is not None:
            h.update(n.text.encode())
        h.update(b"\1")
    return h.hexdigest()


def store_bytes(entries: Mapping[str, Node]) -> int:
    return sum(n.size for n in entries.values() if n.kind == "file")


def make_layer(entries: Mapping[str, Node], parent: str = "") -> Layer:
    """A layer holding ``entries`` (a writable layer's store) on top of layer ``parent``."""
    content = content_digest(entries)
    layer_id = hashlib.sha256(f"{parent}:{content}".encode()).hexdigest()
    size = store_bytes(entries)
    return Layer(
        layer_id,
        dict(entries),
        size=size,
        download_size=size // 3 + EMPTY_LAYER_SIZE,
        digest=hashlib.sha256(f"blob:{layer_id}".encode()).hexdigest(),
    )
