"""Serialising a session's ``State`` to compact, versioned bytes and back.

Format: ``b"DPG2"`` + zlib(JSON). Catalog images are stored as a reference (``catalog_ref``) and
rebuilt from the shared catalog on load; only what the learner created is written in full.
"""

from __future__ import annotations

import functools
import json
import zlib
from dataclasses import MISSING, fields
from typing import Any

from engine.catalog import CATALOG
from engine.fs import Layer, Node, stack_lookup
from engine.model import (
    Container,
    Endpoint,
    HistoryEntry,
    Image,
    LogLine,
    MountSpec,
    Network,
    PortBinding,
    ShellFrame,
    State,
    Terminal,
    Volume,
)

MAGIC = b"DPG2"
OLD_MAGIC = b"DPG1"  # still loaded: the same document with log lines and file texts inline
LONG_TEXT = 128  # file texts at least this long go to the shared text table
MAX_DUMP_BYTES = 2 * 1024 * 1024


class StateFormatError(ValueError):
    """Bytes that are not a dump of this format."""


def _node(n: Node) -> list[Any]:
    # Positional and trimmed: most nodes are [kind, mode] or [kind, mode, size, text].
    out: list[Any] = [n.kind[0], n.mode, n.size, n.text, n.target, n.uid, n.mtime, n.opaque]
    while len(out) > 2 and out[-1] in (None, "", 0, 0.0, False):
        out.pop()
    return out


KINDS = {"f": "file", "d": "dir", "l": "link", "w": "whiteout"}
DEFAULTS = [None, 0, 0, None, "", 0, 0.0, False]


def _unnode(v: list[Any]) -> Node:
    full = v + DEFAULTS[len(v) :]
    kind, mode, size, text, target, uid, mtime, opaque = full
    return Node(KINDS[kind], mode, size, text, target, uid, uid, mtime, opaque)


def _store(store: dict[str, Node]) -> dict[str, list[Any]]:
    return {path: _node(node) for path, node in store.items()}


def _unstore(data: dict[str, list[Any]]) -> dict[str, Node]:
    return {path: _unnode(v) for path, v in data.items()}


_REQUIRED = object()
_SPECS: dict[type, list[tuple[str, Any]]] = {}


def _spec(cls: type) -> list[tuple[str, Any]]:
    """(field, default) pairs of a dataclass, computed once per class."""
    spec = _SPECS.get(cls)
    if spec is None:
        spec = []
        for f in fields(cls):
            if f.default is not MISSING:
                default: Any = f.default
            elif f.default_factory is not MISSING:
                default = f.default_factory()
            else:
                default = _REQUIRED
            spec.append((f.name, default))
        _SPECS[cls] = spec
    return spec


def _plain(obj: Any) -> dict[str, Any]:
    """Dataclass fields that differ from their defaults (keeps dumps small)."""
    out = {}
    for name, default in _spec(type(obj)):
        value = getattr(obj, name)
        if value != default:
            out[name] = value
    return out


def asdict(obj: Any) -> dict[str, Any]:
    """Every field of a flat dataclass (faster than ``dataclasses.asdict``, which deep-copies)."""
    return {name: getattr(obj, name) for name, _ in _spec(type(obj))}


def dump_state(state: State) -> bytes:
    images = {}
    for iid, img in state.images.items():
        if img.catalog_ref:
            images[iid] = {
                "catalog_ref": img.catalog_ref,
                "repo_digests": img.repo_digests,
                "last_tag_time": img.last_tag_time,
            }
        else:
            images[iid] = {**_plain(img), "history": [asdict(h) for h in img.history]}
    # Log lines and long file texts are written once and referred to by index: containers of
    # one image repeat the same banner and the same generated config files.
    texts: dict[str, int] = {}
    containers = []
    for c in state.containers.values():
        data = _plain(c)
        data["upper"] = _upper(state, c, texts)
        data["logs"] = [
            [texts.setdefault(line.text, len(texts)) for line in c.logs],
            [round(line.at, 3) for line in c.logs],
            "".join("e" if line.stream == "stderr" else "o" for line in c.logs),
        ]
        data["ports"] = [asdict(p) for p in c.ports]
        data["mounts"] = [asdict(m) for m in c.mounts]
        data["endpoints"] = [asdict(e) for e in c.endpoints]
        containers.append(data)
    doc = {
        "seed": state.seed,
        "counter": state.counter,
        "time_offset": state.time_offset,
        "images": images,
        "tags": state.tags,
        "layers": {
            lid: {
                "entries": _store(dict(layer.entries)),
                "size": layer.size,
                "download_size": layer.download_size,
                "digest": layer.digest,
            }
            for lid, layer in state.local_layers.items()
        },
        "containers": containers,
        "volumes": [{**_plain(v), "store": _store(v.store)} for v in state.volumes.values()],
        "networks": [asdict(n) for n in state.networks.values()],
        "host": _store(state.host),
        "terminals": [
            {**_plain(t), "stack": [asdict(f) for f in t.stack]} for t in state.terminals.values()
        ],
        "next_pid": state.next_pid,
        "logged_in": state.logged_in,
        "build_cache": state.build_cache,
        "last_build": state.last_build,
        "registries": state.registries,
        "texts": list(texts),
    }
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    return MAGIC + zlib.compress(raw, 1)


def dump_world(state: State) -> bytes:
    """Everything a learner can change except the terminals, as uncompressed JSON."""
    terminals, state.terminals = state.terminals, {}
    try:
        return zlib.decompress(dump_state(state)[len(MAGIC) :])
    finally:
        state.terminals = terminals


# A directory copied up unchanged (overlayfs copies every parent of a changed file) is the very
# node of the image layer; it is written as 0 and found again in the image on load.
_COPIED = 0


_Stack = tuple[tuple[str, ...], tuple[Layer, ...]]


def _image_layers(state: State, image_id: str) -> _Stack | None:
    """(layer ids, layers) under a container of ``image_id``."""
    image = state.images.get(image_id)
    if image is None:
        return None
    key = tuple(image.layers)
    if not state.local_layers:
        return _catalog_stack(key)
    try:
        return key, tuple(state.local_layers.get(lid) or CATALOG.layer(lid) for lid in key)
    except KeyError:
        return None


@functools.lru_cache(maxsize=256)
def _catalog_stack(key: tuple[str, ...]) -> _Stack | None:
    # Catalog layers are shared and immutable: a stack of them is looked up once per process.
    try:
        return key, tuple(CATALOG.layer(lid) for lid in key)
    except KeyError:
        return None


def _upper(state: State, c: Container, texts: dict[str, int]) -> dict[str, Any]:
    below = _image_layers(state, c.image_id)
    out: dict[str, Any] = {}
    for path, node in c.upper.items():
        if (
            below is not None
            and node.kind == "dir"
            and stack_lookup(below[1], path, below[0]) is node
        ):
            out[path] = _COPIED
        else:
            value = _node(node)
            if node.text is not None and len(node.text) >= LONG_TEXT:
                value[3] = texts.setdefault(node.text, len(texts))
            out[path] = value
    return out


def _unupper(
    state: State, image_id: str, data: dict[str, Any], texts: list[str]
) -> dict[str, Node]:
    below = _image_layers(state, image_id)
    out: dict[str, Node] = {}
    for path, value in data.items():
        if value == _COPIED:
            node = stack_lookup(below[1], path, below[0]) if below is not None else None
            out[path] = node if node is not None else Node("dir", 0o755)
        else:
            if len(value) > 3 and type(value[3]) is int:
                value = [*value[:3], texts[value[3]], *value[4:]]
            out[path] = _unnode(value)
    return out


def fresh_host() -> dict[str, Node]:
    """A new host: no changes yet over the catalog's host root filesystem."""
    return {}


def load_state(data: bytes) -> State:
    if not data.startswith((MAGIC, OLD_MAGIC)):
        raise StateFormatError("not a playground state (bad magic)")
    try:
        doc = json.loads(zlib.decompress(data[len(MAGIC) :]))
        texts: list[str] = doc.get("texts", [])
    except (zlib.error, ValueError, AttributeError) as error:
        raise StateFormatError(str(error)) from None
    state = State(seed=doc["seed"], counter=doc["counter"], time_offset=doc["time_offset"])
    for lid, layer in doc["layers"].items():
        state.local_layers[lid] = Layer(
            lid, _unstore(layer["entries"]), layer["size"], layer["download_size"], layer["digest"]
        )
    for iid, data_img in doc["images"].items():
        if "catalog_ref" in data_img:
            from engine.daemon.images import image_from_catalog

            repo_tag, _, platform = data_img["catalog_ref"].rpartition("@")
            repo, _, tag = repo_tag.rpartition(":")
            item = CATALOG.lookup(repo, tag, platform)
            if item is None:
                continue
            img = image_from_catalog(item)
            img.repo_digests = data_img["repo_digests"]
            img.last_tag_time = data_img["last_tag_time"]
        else:
            history = [HistoryEntry(**h) for h in data_img.pop("history")]
            img = Image(**{**data_img, "history": history})
        state.images[iid] = img
    state.tags = doc["tags"]
    for c in doc["containers"]:
        c["upper"] = _unupper(state, c["image_id"], c.get("upper", {}), texts)
        lines, ats, streams = c.get("logs") or [[], [], ""]
        if isinstance(lines, str):  # DPG1: the lines joined by newlines
            lines = lines.split("\n") if ats else []
        else:
            lines = [texts[i] for i in lines]
        c["logs"] = [
            LogLine(at, "stderr" if stream == "e" else "stdout", text)
            for at, stream, text in zip(ats, streams, lines, strict=True)
        ]
        c["ports"] = [PortBinding(**p) for p in c.get("ports", [])]
        c["mounts"] = [MountSpec(**m) for m in c.get("mounts", [])]
        c["endpoints"] = [Endpoint(**e) for e in c.get("endpoints", [])]
        container = Container(**c)
        state.containers[container.id] = container
    for v in doc["volumes"]:
        v["store"] = _unstore(v.get("store", {}))
        volume = Volume(**v)
        state.volumes[volume.name] = volume
    for n in doc["networks"]:
        network = Network(**n)
        state.networks[network.name] = network
    state.host = _unstore(doc["host"])
    for t in doc["terminals"]:
        t["stack"] = [ShellFrame(**f) for f in t["stack"]]
        terminal = Terminal(**t)
        state.terminals[terminal.id] = terminal
    state.next_pid = doc["next_pid"]
    state.logged_in = doc["logged_in"]
    state.build_cache = doc.get("build_cache", {})
    state.last_build = doc.get("last_build", {})
    state.registries = doc.get("registries", {})
    return state
