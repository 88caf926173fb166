"""Serialising a session's ``State`` to compact, versioned bytes and back.

Format: ``b"DPG3"`` + zstd(JSON). Catalog images are stored as a reference (``catalog_ref``) and
rebuilt from the shared catalog on load; only what the learner created is written in full.
Older dumps (``DPG2``, ``DPG1``: zlib instead of zstd) still load.
"""

from __future__ import annotations

import functools
import threading
import zlib
from dataclasses import MISSING, fields
from typing import Any

import orjson
import zstandard

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

MAGIC = b"DPG3"
ZLIB_MAGICS = (b"DPG2", b"DPG1")  # DPG1 also had log lines and file texts inline
LONG_TEXT = 128  # file texts at least this long go to the shared text table
MAX_DUMP_BYTES = 2 * 1024 * 1024


class StateFormatError(ValueError):
    """Bytes that are not a dump of this format."""


_STREAM_CODES = {"stdout": "o", "stderr": "e"}
_STREAM_NAMES = {"o": "stdout", "e": "stderr"}


def _node(n: Node) -> list[Any]:
    # Positional and trimmed: most nodes are [kind, mode] or [kind, mode, size, text].
    out: list[Any] = [n.kind[0], n.mode, n.size, n.text, n.target, n.uid, n.mtime, n.opaque]
    while len(out) > 2 and out[-1] in (None, "", 0, 0.0, False):
        out.pop()
    return out


KINDS = {"f": "file", "d": "dir", "l": "link", "w": "whiteout"}
DEFAULTS = [None, 0, 0, None, "", 0, 0.0, False]


# Nodes are frozen, so equal encoded nodes can share one object across loads and sessions:
# building a frozen dataclass costs several times a dict lookup.
_NODES: dict[tuple[Any, ...], Node] = {}
_NODES_MAX = 50_000


def _unnode(v: list[Any]) -> Node:
    key = tuple(v)
    node = _NODES.get(key)
    if node is None:
        kind, mode, size, text, target, uid, mtime, opaque = v + DEFAULTS[len(v) :]
        node = Node(KINDS[kind], mode, size, text, target, uid, uid, mtime, opaque)
        if len(_NODES) >= _NODES_MAX:
            _NODES.clear()
        _NODES[key] = node
    return node


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
        ats, streams, lines = zip(*c.logs, strict=True) if c.logs else ((), (), ())
        data["logs"] = [
            [texts.setdefault(line, len(texts)) for line in lines],
            ats,
            "".join(map(_STREAM_CODES.__getitem__, streams)),
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
            {**_plain(t), "stack": [_plain(f) for f in t.stack]} for t in state.terminals.values()
        ],
        "next_pid": state.next_pid,
        "logged_in": state.logged_in,
        "build_cache": state.build_cache,
        "last_build": state.last_build,
        "registries": state.registries,
        "texts": list(texts),
    }
    return MAGIC + _zstd.compressor.compress(orjson.dumps(doc))


def dump_world(state: State) -> bytes:
    """Everything a learner can change except the terminals, as uncompressed JSON."""
    terminals, state.terminals = state.terminals, {}
    try:
        return decompress(dump_state(state))
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


class _Zstd(threading.local):
    """zstd contexts, one set per thread (they are not thread-safe; reusing them saves ~25 µs)."""

    def __init__(self) -> None:
        # Level 1: as small as zlib's level 6 here and several times faster both ways.
        self.compressor = zstandard.ZstdCompressor(level=1)
        self.decompressor = zstandard.ZstdDecompressor()


_zstd = _Zstd()


def decompress(data: bytes) -> bytes:
    """The JSON document inside a dump of any version."""
    body = data[len(MAGIC) :]
    if data.startswith(MAGIC):
        return _zstd.decompressor.decompress(body, max_output_size=8 * MAX_DUMP_BYTES)
    if data.startswith(ZLIB_MAGICS):
        return zlib.decompress(body)
    raise StateFormatError("not a playground state (bad magic)")


def fresh_host() -> dict[str, Node]:
    """A new host: no changes yet over the catalog's host root filesystem."""
    return {}


def load_state(data: bytes) -> State:
    try:
        doc = orjson.loads(decompress(data))
        texts: list[str] = doc.get("texts", [])
    except (zlib.error, zstandard.ZstdError, orjson.JSONDecodeError, AttributeError) as error:
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
        if not len(ats) == len(streams) == len(lines):
            raise StateFormatError("a container's log lines do not match their times")
        c["logs"] = list(map(LogLine, ats, map(_STREAM_NAMES.__getitem__, streams), lines))
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
