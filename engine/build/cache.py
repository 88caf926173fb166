"""The build cache, kept in the session state as compact key -> result entries.

A key chains the parent step's key with the instruction's definition (reference §6.5), so the first
miss changes every later key. Keys are 20 hex characters; a value is
``[layer id or "", created, image id or ""]`` (the image id only for legacy intermediate images).
The oldest entries go first once the cache holds ``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from engine.daemon.core import Daemon
from engine.model import State

MAX_ENTRIES = 400
KEY_HEX = 20


def chain(parent: str, *parts: str) -> str:
    h = hashlib.sha256(parent.encode())
    for part in parts:
        h.update(b"\0" + part.encode())
    return h.hexdigest()[:KEY_HEX]


def lookup(d: Daemon, key: str) -> list[Any] | None:
    entry = d.state.build_cache.get(key)
    if entry is None:
        return None
    layer_id, _created, image_id = entry
    if layer_id and not layer_known(d, layer_id):
        return None
    if image_id and image_id not in d.state.images:
        return None
    return entry


def layer_known(d: Daemon, layer_id: str) -> bool:
    try:
        d.layer(layer_id)
    except KeyError:
        return False
    return True


def store(d: Daemon, key: str, layer_id: str, created: float, image_id: str = "") -> None:
    cache = d.state.build_cache
    cache.pop(key, None)
    cache[key] = [layer_id, round(created, 3), image_id]
    while len(cache) > MAX_ENTRIES:
        del cache[next(iter(cache))]


def retained_layers(state: State) -> set[str]:
    """Layers to keep in local storage even when no image uses them."""
    from engine.daemon.registry import held_layers

    return {e[0] for k, e in state.build_cache.items() if e[0] and not e[2]} | held_layers(state)


def cache_layers(d: Daemon) -> set[str]:
    """Layers only the build cache holds (no image uses them)."""
    used = {lid for img in d.state.images.values() for lid in img.layers}
    return {
        entry[0]
        for entry in d.state.build_cache.values()
        if entry[0] and entry[0] not in used and entry[0] in d.state.local_layers
    }


def usage(d: Daemon) -> dict[str, int]:
    """The `Build Cache` row of `docker system df`."""
    layers = cache_layers(d)
    size = sum(d.state.local_layers[lid].size for lid in layers)
    total = sum(1 for entry in d.state.build_cache.values() if entry[0])
    return {"total": total, "active": 0, "size": size, "reclaimable": size}


def prune(d: Daemon, *, everything: bool = False) -> tuple[list[tuple[str, int]], int]:
    """`docker builder prune`: drop cache entries and the layers only they held."""
    layers = cache_layers(d)
    reclaimed = sum(d.state.local_layers[lid].size for lid in layers)
    records = []
    for key, entry in list(d.state.build_cache.items()):
        if everything or entry[0] in layers or not entry[0]:
            size = d.state.local_layers[entry[0]].size if entry[0] in layers else 0
            records.append((hashlib.sha256(key.encode()).hexdigest()[:25], size))
            del d.state.build_cache[key]
    registry_held = _registry_layers(d)
    for lid in layers:
        if lid not in registry_held:
            d.state.local_layers.pop(lid, None)
    return records, reclaimed


def _registry_layers(d: Daemon) -> set[str]:
    from engine.daemon.registry import held_layers

    return held_layers(d.state)
