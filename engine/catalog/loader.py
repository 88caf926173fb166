"""The curated image catalog: data files under ``data/`` turned into shared, immutable objects.

``layers.yaml`` describes every layer once (digest, sizes, which filesets it holds);
``images.yaml`` lists the images (tags, ids, config, history, layer names, platforms);
``rootfs/*.yaml`` are the filesets; ``texts/*.yaml`` what the container programs print.
Everything is loaded on first use, once per process, and shared by every session: a ``Layer``
appears as one object wherever images share it.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from engine.catalog.rootfs import Fileset, build_entries
from engine.fs import Layer, Node
from engine.model import HistoryEntry

DATA = Path(__file__).with_name("data")
_HOST_MTIME = 1767603600.0  # 2026-01-05 09:00 UTC: when the learner's machine was installed
DEFAULT_PLATFORM = "linux/amd64"

# BuildKit records these instructions without creating a layer.
_METADATA_WORDS = frozenset(
    [
        "ENV",
        "CMD",
        "LABEL",
        "EXPOSE",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "ARG",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
        "ONBUILD",
        "MAINTAINER",
    ]
)
# Keys every image config has in `docker inspect` (classic API), with their empty values.
_CONFIG_DEFAULTS: dict[str, Any] = {
    "User": "",
    "ExposedPorts": None,
    "Env": [],
    "Cmd": None,
    "Volumes": None,
    "WorkingDir": "",
    "Entrypoint": None,
    "OnBuild": None,
    "Labels": None,
}
_FILE_HASH = re.compile(r"file:([0-9a-f]{64})")
_ARCH_WORDS = (("x86_64", "aarch64"), ("x86-64", "aarch64"), ("amd64", "arm64"))

try:  # libyaml makes loading the catalog several times faster
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader


class LazyEntries(Mapping[str, Node]):
    """A layer's read-only ``path -> Node`` mapping, built from its filesets on first use.

    Building every root filesystem up front would cost most of the catalog's load time, while a
    session only ever opens the few images it runs.
    """

    __slots__ = ("_build", "_data", "_lock")

    def __init__(self, build: Callable[[], dict[str, Node]], lock: threading.RLock) -> None:
        self._build = build
        self._data: dict[str, Node] | None = None
        self._lock = lock  # sessions on several threads may open the same image at once

    def _entries(self) -> dict[str, Node]:
        data = self._data
        if data is None:
            with self._lock:
                if self._data is None:
                    self._data = self._build()
                data = self._data
        return data

    @property
    def built(self) -> bool:
        return self._data is not None

    def __getitem__(self, path: str) -> Node:
        return self._entries()[path]

    def get(self, path: str, default: Any = None) -> Any:  # hot path of every union lookup
        return self._entries().get(path, default)

    def __contains__(self, path: object) -> bool:
        return path in self._entries()

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())

    def __bool__(self) -> bool:
        # Layer.children() asks "any entries?"; an empty layer must answer False.
        return bool(self._entries())

    def __repr__(self) -> str:
        return (
            f"LazyEntries({len(self._data)} entries)"
            if self._data is not None
            else "LazyEntries(unbuilt)"
        )


@dataclass(frozen=True)
class CatalogImage:
    repository: str  # "library/nginx"
    tag: str  # the tag looked up
    platform: str  # "linux/amd64"
    id: str  # "sha256:<64 hex>", the config digest (IMAGE ID)
    index_digest: str  # "sha256:<64 hex>", the RepoDigest
    created: float
    layers: tuple[Layer, ...]  # bottom first
    config: dict[str, Any]
    history: tuple[HistoryEntry, ...]  # oldest first
    docker_version: str
    architecture: str
    os: str
    variant: str
    size: int

    @property
    def ref(self) -> str:
        name = self.repository.removeprefix("library/")
        return f"{name}:{self.tag}"


def full_hex(value: str, salt: str) -> str:
    """A 64-hex digest: ``value`` itself when complete, else its real prefix extended stably."""
    value = value.removeprefix("sha256:")
    if len(value) >= 64:
        return value[:64]
    return value + hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()[: 64 - len(value)]


def parse_time(value: str | datetime | float) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # Go timestamps carry nanoseconds; Python parses at most microseconds.
    if "." in text:
        head, rest = text.split(".", 1)
        frac, _, zone = rest.partition("+")
        text = f"{head}.{frac[:6]}+{zone}" if zone else f"{head}.{frac[:6]}"
    return datetime.fromisoformat(text).timestamp()


def _to_arm64(text: str) -> str:
    for old, new in _ARCH_WORDS:
        text = text.replace(old, new)
    return text


def _history_for(created_by: str, arch: str) -> str:
    """Another platform's history line: its own root tarball and file hashes, same commands."""
    line = created_by.replace("-x86_64.tar.gz", f"-{_to_arm64('x86_64')}.tar.gz")
    line = line.replace("--arch 'amd64'", f"--arch '{arch}'")
    return _FILE_HASH.sub(lambda m: "file:" + full_hex("", f"{arch}:{m.group(1)}"), line)


def _is_empty_step(created_by: str) -> bool:
    if created_by.startswith("/bin/sh -c #(nop)  "):  # legacy metadata: two spaces
        return True
    return created_by.split(" ", 1)[0] in _METADATA_WORDS


class Catalog:
    """The loaded catalog. Use the module-level ``CATALOG``; it loads itself on first use."""

    def __init__(self, data_dir: Path = DATA) -> None:
        self._dir = data_dir
        self._lock = threading.Lock()
        self._build_lock = threading.RLock()  # fileset cache and layer building
        self._loaded = False
        self._filesets: dict[str, Fileset] = {}
        self._layer_specs: dict[str, dict[str, Any]] = {}
        self._layers_by_name: dict[str, Layer] = {}
        self._layers: dict[str, Layer] = {}  # by diff id
        self._images: dict[tuple[str, str, str], CatalogImage] = {}
        self._by_id: dict[str, CatalogImage] = {}
        self._tags: dict[str, list[str]] = {}
        self._host: dict[str, Node] = {}
        self._texts: dict[str, dict[str, Any]] = {}
        self._hub: list[dict[str, Any]] = []
        self.load_seconds = 0.0

    # -- public API -------------------------------------------------------------------------

    def lookup(self, repository: str, tag: str, platform: str | None = None) -> CatalogImage | None:
        self._ensure()
        return self._images.get((repository, tag, platform or DEFAULT_PLATFORM))

    def has_repository(self, repository: str) -> bool:
        self._ensure()
        return repository in self._tags

    def hub_entries(self) -> list[dict[str, Any]]:
        """Docker Hub's search data for the catalog's repositories (name, description, stars,
        official), most starred first."""
        self._ensure()
        return sorted(self._hub, key=lambda entry: -entry["stars"])

    def preload(self) -> None:
        """Load now (a server at start-up) rather than during the first learner's command."""
        self._ensure()

    def repositories(self) -> list[str]:
        """Every repository, as a learner would type it (`nginx`, not `library/nginx`)."""
        self._ensure()
        return sorted(name.removeprefix("library/") for name in self._tags)

    def tags(self, repository: str) -> list[str]:
        self._ensure()
        return list(self._tags.get(repository, []))

    def layer(self, layer_id: str) -> Layer:
        self._ensure()
        return self._layers[layer_id.removeprefix("sha256:")]

    def image(self, image_id: str) -> CatalogImage | None:
        self._ensure()
        return self._by_id.get(image_id if image_id.startswith("sha256:") else f"sha256:{image_id}")

    def host_rootfs(self) -> dict[str, Node]:
        self._ensure()
        with self._build_lock:
            if not self._host:
                size = int(self._fileset("host").get("size", 0))
                self._host = build_entries(["host"], self._fileset, size=size, mtime=_HOST_MTIME)
        return dict(self._host)  # nodes are immutable, so a shallow copy is a fresh filesystem

    def materialise(self) -> None:
        """Build every layer's entries now (they are otherwise built on first use)."""
        for layer in self._layers.values():
            len(layer.entries)
        self.host_rootfs()

    def texts(self, program: str) -> dict[str, Any]:
        self._ensure()
        return self._texts[program]

    def images(self) -> list[CatalogImage]:
        """Every (tag, platform) entry, in data order."""
        self._ensure()
        return list(self._images.values())

    def platforms(self, repository: str, tag: str) -> list[str]:
        self._ensure()
        return [p for (r, t, p) in self._images if r == repository and t == tag]

    # -- loading ----------------------------------------------------------------------------

    def _ensure(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                start = time.perf_counter()
                self._load()
                self.load_seconds = time.perf_counter() - start
                self._loaded = True

    def _yaml(self, relative: str) -> Any:
        with (self._dir / relative).open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)

    def _fileset(self, name: str) -> Fileset:
        if name not in self._filesets:
            self._filesets[name] = self._yaml(f"rootfs/{name}.yaml") or {}
        return self._filesets[name]

    def _load(self) -> None:
        self._layer_specs = self._yaml("layers.yaml")
        for spec in self._yaml("images.yaml"):
            self._add_image(spec)
        for path in sorted((self._dir / "texts").glob("*.yaml")):
            self._texts[path.stem] = self._yaml(f"texts/{path.name}")
        self._hub = self._yaml("hub.yaml")

    def _build_layer(self, name: str, arch: str, mtime: float) -> Layer:
        spec = self._layer_specs[name]
        key = name if arch == "amd64" or spec.get("any_arch") else f"{name}@{arch}"
        if key in self._layers_by_name:
            return self._layers_by_name[key]
        digest = full_hex(spec.get("digest") or "", f"blob:{name}")
        diff_id = full_hex(spec.get("diff_id") or "", f"diff:{digest}")
        rewrite = (lambda s: s) if arch == "amd64" else _to_arm64
        if arch != "amd64" and not spec.get("any_arch"):
            # Another platform's layer: other bytes, so other digests (marked estimate in data).
            digest = full_hex(spec.get(f"digest_{arch}") or "", f"blob-{arch}:{digest}")
            diff_id = full_hex("", f"diff-{arch}:{diff_id}")
        content = list(spec.get("content", []))

        def build() -> dict[str, Node]:
            return build_entries(
                content, self._fileset, size=int(spec["size"]), mtime=mtime, rewrite=rewrite
            )

        layer = Layer(
            id=diff_id,
            entries=LazyEntries(build, self._build_lock),
            size=int(spec["size"]),
            download_size=int(spec.get("download", spec["size"])),
            digest=digest,
        )
        self._layers_by_name[key] = layer
        self._layers[diff_id] = layer
        return layer

    def _add_image(self, spec: dict[str, Any]) -> None:
        repository: str = spec["repository"]
        created = parse_time(spec["created"])
        buildkit = not spec.get("docker_version")
        default_comment = "buildkit.dockerfile.v0" if buildkit else ""
        steps: list[dict[str, Any]] = spec["history"]
        layer_names: list[str] = spec["layers"]
        filled = [s for s in steps if not s.get("empty", _is_empty_step(s["by"]))]
        if len(filled) != len(layer_names):
            raise ValueError(f"{repository}: {len(filled)} layer steps, {len(layer_names)} layers")
        # Other platforms: {arm64: {id: <real id if known>}}; layers derive from the amd64 ones.
        base_id = spec.get("id") or full_hex("", f"image:{repository}:{spec['tags'][0]}")
        platforms: dict[str, dict[str, Any]] = {"amd64": {"id": base_id}}
        for arch, extra in (spec.get("platforms") or {}).items():
            platforms[arch] = extra or {}
        for arch, pspec in platforms.items():
            layers: list[Layer] = []
            history: list[HistoryEntry] = []
            names = iter(layer_names)
            for step in steps:
                at = parse_time(step["at"]) if "at" in step else created
                empty = step.get("empty", _is_empty_step(step["by"]))
                size = 0
                if not empty:
                    layer = self._build_layer(next(names), arch, at)
                    layers.append(layer)
                    size = layer.size
                by = step["by"] if arch == "amd64" else _history_for(step["by"], arch)
                comment = step.get("comment", default_comment)
                history.append(HistoryEntry(at, by, empty, comment, size))
            image_id = "sha256:" + full_hex(pspec.get("id") or "", f"image-{arch}:{base_id}")
            config = {**_CONFIG_DEFAULTS, **spec["config"]}
            index_digest = "sha256:" + full_hex(
                spec.get("index_digest") or "", f"index:{repository}:{spec['tags'][0]}"
            )
            for tag in spec["tags"]:
                image = CatalogImage(
                    repository=repository,
                    tag=str(tag),
                    platform=f"linux/{arch}",
                    id=image_id,
                    index_digest=index_digest,
                    created=created,
                    layers=tuple(layers),
                    config=config,
                    history=tuple(history),
                    docker_version=spec.get("docker_version", ""),
                    architecture=arch,
                    os="linux",
                    variant="v8" if arch == "arm64" else "",
                    size=sum(layer.size for layer in layers),
                )
                self._images[(repository, str(tag), image.platform)] = image
                self._by_id.setdefault(image_id, image)
                if arch == "amd64":
                    self._tags.setdefault(repository, []).append(str(tag))


CATALOG = Catalog()
