"""``Daemon``: the state plus what every operation needs (clock, ids, lookups, events)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

import yaml

from engine.catalog import CATALOG
from engine.daemon.etc_files import etc_mounts
from engine.fs import Layer, Mount, UnionFS
from engine.io import Event
from engine.model import Container, Image, State, Volume

MAX_CONTAINERS = 100
MAX_IMAGES = 100
MAX_VOLUMES = 50
MAX_NETWORKS = 20


class DaemonError(Exception):
    """An error the daemon answers with; printed as ``Error response from daemon: <message>``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class NotInCatalog(DaemonError):
    """An image the playground's catalog lacks: Docker's own error, then a playground hint
    naming what it has (the repository's tags, or every repository when ``repository`` is "")."""

    def __init__(self, message: str, repository: str = "") -> None:
        super().__init__(message)
        self.repository = repository


class LimitError(DaemonError):
    """A sandbox limit (not Docker's own error); worded by ``engine.messages``."""


@cache
def _words() -> tuple[list[str], list[str]]:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "names.yaml").read_text())
    return data["adjectives"], data["surnames"]


class Daemon:
    def __init__(self, state: State, clock: Callable[[], float], lang: str = "en") -> None:
        self.state = state
        self.clock = clock
        self.lang = lang
        self.events: list[Event] = []
        self._host_fs: UnionFS | None = None

    # -- time, ids, events ----------------------------------------------------------------

    def now(self) -> float:
        return self.clock() + self.state.time_offset

    def new_hex(self) -> str:
        self.state.counter += 1
        return hashlib.sha256(f"{self.state.seed}:{self.state.counter}".encode()).hexdigest()

    def random_int(self, upper: int) -> int:
        return int(self.new_hex()[:8], 16) % upper

    def new_pid(self) -> int:
        self.state.next_pid += 1 + self.random_int(40)
        return self.state.next_pid

    def generate_name(self) -> str:
        adjectives, surnames = _words()
        taken = {c.name for c in self.state.containers.values()}
        while True:
            name = f"{adjectives[self.random_int(len(adjectives))]}_{surnames[self.random_int(len(surnames))]}"
            if name == "boring_wozniak":
                continue
            if name in taken:
                name = f"{name}{self.random_int(10)}"
            if name not in taken:
                return name

    def emit(self, kind: str, **data: object) -> None:
        self.events.append(Event(kind, data))

    # -- layers and images ----------------------------------------------------------------

    def layer(self, layer_id: str) -> Layer:
        local = self.state.local_layers.get(layer_id)
        return local if local is not None else CATALOG.layer(layer_id)

    def image_layers(self, image: Image) -> list[Layer]:
        if not self.state.local_layers:
            return list(_catalog_layers(tuple(image.layers)))
        return [self.layer(lid) for lid in image.layers]

    def image_size(self, image: Image) -> int:
        if not self.state.local_layers:
            return _catalog_size(tuple(image.layers))
        return sum(layer.size for layer in self.image_layers(image))

    def layer_in_use(self, layer_id: str, *, besides: str = "") -> bool:
        return any(
            layer_id in img.layers for iid, img in self.state.images.items() if iid != besides
        ) or any(
            layer_id in self.state.images[c.image_id].layers
            for c in self.state.containers.values()
            if c.image_id in self.state.images and c.image_id != besides
        )

    def tags_of(self, image_id: str) -> list[str]:
        return [ref for ref, iid in self.state.tags.items() if iid == image_id]

    def find_image(self, ref: str) -> Image | None:
        """By tag ("nginx", "nginx:1.25"), full or prefixed id, or "sha256:" id."""
        from engine.reference import ReferenceError as RefError
        from engine.reference import parse_reference

        images = self.state.images
        raw = ref.removeprefix("sha256:")
        if ref.startswith("sha256:") or (
            len(raw) >= 4 and all(ch in "0123456789abcdef" for ch in raw)
        ):
            matches = [
                img
                for iid, img in images.items()
                if not img.removed and iid.removeprefix("sha256:").startswith(raw)
            ]
            if len(matches) == 1 and (
                ref.startswith("sha256:") or len(raw) == 64 or not self._is_tag(ref)
            ):
                return matches[0]
        try:
            parsed = parse_reference(ref)
        except RefError:
            return None
        if parsed.digest:
            for img in images.values():
                if img.removed:
                    continue
                if any(d.endswith(parsed.digest) for d in img.repo_digests) and img.repo_digests:
                    repo = img.repo_digests[0].split("@")[0]
                    if repo == parsed.name:
                        return img
            return None
        image_id = self.state.tags.get(parsed.familiar)
        found = images.get(image_id) if image_id else None
        return found if found is not None and not found.removed else None

    def _is_tag(self, ref: str) -> bool:
        from engine.reference import ReferenceError as RefError
        from engine.reference import parse_reference

        try:
            return parse_reference(ref).familiar in self.state.tags
        except RefError:
            return False

    # -- containers -----------------------------------------------------------------------

    def find_container(self, ref: str) -> Container | None:
        """By name (with or without "/"), full id, or unique id prefix (Docker's order)."""
        containers = self.state.containers
        if ref in containers:
            return containers[ref]
        name = ref.removeprefix("/")
        for c in containers.values():
            if c.name == name:
                return c
        if ref and all(ch in "0123456789abcdef" for ch in ref):
            matches = [c for cid, c in containers.items() if cid.startswith(ref)]
            if len(matches) == 1:
                return matches[0]
        return None

    def get_container(self, ref: str) -> Container:
        container = self.find_container(ref)
        if container is None:
            raise DaemonError(f"No such container: {ref}")
        return container

    def volume(self, name: str) -> Volume:
        volume = self.state.volumes.get(name)
        if volume is None:
            raise DaemonError(f"get {name}: no such volume")
        return volume

    def container_fs(self, container: Container, *, events: bool = True) -> UnionFS:
        """The container's view: writable layer over its image layers, plus its mounts."""
        image = self.state.images.get(container.image_id)
        lower = self.image_layers(image) if image else []
        mounts = []
        for spec in container.mounts:
            if spec.type == "volume" and spec.source in self.state.volumes:
                store = self.state.volumes[spec.source].store
                mounts.append(
                    Mount(spec.destination, UnionFS(store, clock=self.now), "/", spec.read_only)
                )
            elif spec.type == "bind":
                mounts.append(Mount(spec.destination, self.host_fs(), spec.source, spec.read_only))
            elif spec.type == "tmpfs":
                mounts.append(Mount(spec.destination, UnionFS({}, clock=self.now), "/", False))
        mounts.extend(etc_mounts(self, container))  # after the learner's: `-v x:/etc/hosts` wins

        def copied_up(path: str, layer_id: str) -> None:
            self.emit(
                "file.copied_up",
                container=container.id,
                name=container.name,
                path=path,
                layer=layer_id,
            )

        def whiteout(path: str) -> None:
            self.emit(
                "file.whiteout", container=container.id, name=container.name, path=path, layer=""
            )

        return UnionFS(
            container.upper,
            lower,
            mounts,
            on_copy_up=copied_up if events else None,
            on_whiteout=whiteout if events else None,
            clock=self.now,
        )

    def host_fs(self) -> UnionFS:
        """The learner's machine: the catalog's host root filesystem plus the learner's changes."""
        # UnionFS keeps no state of its own: one per host store can be handed out again.
        fs = self._host_fs
        if fs is None or fs.upper is not self.state.host:
            fs = self._host_fs = UnionFS(self.state.host, [host_layer()], clock=self.now)
        return fs


@lru_cache(maxsize=1024)
def _catalog_layers(layer_ids: tuple[str, ...]) -> tuple[Layer, ...]:
    return tuple(CATALOG.layer(lid) for lid in layer_ids)


@lru_cache(maxsize=1024)
def _catalog_size(layer_ids: tuple[str, ...]) -> int:
    # Catalog layers never change, so neither does the size of a stack of them.
    return sum(CATALOG.layer(lid).size for lid in layer_ids)


@cache
def host_layer() -> Layer:
    return Layer("host-base", CATALOG.host_rootfs())
